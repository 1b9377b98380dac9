package site

import (
	"context"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// The example's privacy policy has an earlier version (3.1, in every
// language the policy is translated into): it is published with a notice and a link to the current
// one, listed on the current page, left out of the navigation and the
// sitemap, and compared word by word with 3.2.
func TestEarlierVersions(t *testing.T) {
	m := New(Options{Dir: ".", FS: sitetest.MapFS(t), Defaults: charter.Defaults})
	s := m.Update(context.Background(), nil)
	if s.Failed() {
		t.Fatal(s.Diags)
	}
	file := func(name string) string {
		t.Helper()
		f, ok := s.Files[name]
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(f.Data)
	}
	has := func(name string, want ...string) {
		t.Helper()
		text := file(name)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
	has("acme24.de/privacy/versions/2026-05-01/index.html",
		`class="notice archived"`, "Sie galt vom 1. Mai 2026 bis zum 1. November 2026", `<a href=/privacy/>Aktuelle Fassung lesen</a>`,
		`<time datetime=2026-05-01>`, "Version 3.1", "180 Tage")
	has("acme24.de/privacy/index.html",
		`<a href=/privacy/changes/>Änderungen in Version 3.2</a>`,
		`<a href=/privacy/versions/2026-05-01/>Version 3.1, gültig ab 1. Mai 2026</a>`)
	has("acme24.de/privacy/changes/index.html",
		"<h1>Änderungen in Version 3.2</h1>",
		`<del><span class=visually-hidden>entfernt: </span>180</del><ins><span class=visually-hidden>hinzugefügt: </span>90</ins>`,
		`<h3 class=added><ins>`, "<h3>Technische Daten</h3>")
	// Thailand shows the English policy, and so its English history,
	// compared under Thai headings.
	has("acme24.co.th/privacy/changes/index.html", "เวอร์ชัน 3.1", `<article class="page changes" lang=en dir=ltr>`, "for up to <del>")
	has("acme24.fr/privacy/index.html", `<a href=/privacy/versions/2026-05-01/>`)
	if strings.Contains(file("acme24.de/sitemap.xml"), "/versions/") {
		t.Error("the sitemap lists an earlier version")
	}
	if strings.Contains(file("acme24.de/cookies/index.html"), `href="/privacy/versions/`) {
		t.Error("the navigation lists an earlier version")
	}
}

// A region whose language has no text of an earlier version shows none:
// no archived page in another language, no list, no comparison (check
// warns, rule missing-version-translation).
func TestEarlierVersionMissingInLanguage(t *testing.T) {
	fsys := sitetest.MapFS(t)
	delete(fsys, "content/privacy/versions/2026-05-01.fr.md")
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	s := m.Update(context.Background(), nil)
	if s.Failed() {
		t.Fatal(s.Diags)
	}
	if _, ok := s.Files["acme24.fr/privacy/versions/2026-05-01/index.html"]; ok {
		t.Error("acme24.fr shows an earlier version it never published in French")
	}
	if _, ok := s.Files["acme24.fr/privacy/changes/index.html"]; ok {
		t.Error("acme24.fr compares with a version it never published in French")
	}
	if strings.Contains(string(s.Files["acme24.fr/privacy/index.html"].Data), "/versions/") {
		t.Error("acme24.fr's policy lists an earlier version")
	}
}
