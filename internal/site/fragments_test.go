package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// rangedLayouts are the default layouts as a site would write them
// without the shared partials: ranging over .Alternates, .Nav, the
// languages, the region groups and .TOC for every page, and scanning .Nav
// for the cookie policy.
func rangedLayouts(t *testing.T) map[string]string {
	t.Helper()
	edits := map[string][][2]string{
		"layouts/base.html": {{`{{- .Alternates.Each "alternate-link" }}`, `{{- range .Alternates.Links }}
<link rel="alternate" hreflang="{{ .Hreflang }}" href="{{ .URL }}">
{{- end }}`}},
		"layouts/partials/footer.html": {{`{{- .Nav.Each "footer-nav-item" }}`, `{{- range .Nav.Links }}
<li><a href="{{ .URL }}" lang="{{ .Lang }}"{{ if .Current }} aria-current="page"{{ end }}>{{ .Text }}</a></li>
{{- end }}`}},
		"layouts/partials/header.html": {{`{{- .Nav.Each "main-nav-item" }}`, `{{- range .Nav.Links }}
<li><a href="{{ .URL }}" lang="{{ .Lang }}"{{ if .Current }} aria-current="page"{{ end }}>{{ .Text }}</a></li>
{{- end }}`}},
		"layouts/partials/language-switcher.html": {{`{{- .Languages.Each "language-switcher-item" }}`, `{{- range .Languages.Links }}
<li><a href="{{ .URL }}" lang="{{ .Lang }}" hreflang="{{ .Hreflang }}"{{ if .Current }} aria-current="page"{{ end }}>{{ .Text }}</a></li>
{{- end }}`}},
		"layouts/partials/region-switcher.html": {{`{{- $group.Regions.Each "region-switcher-item" }}`, `{{- range $group.Regions.Links }}
<li><a href="{{ .URL }}" lang="{{ .Lang }}" hreflang="{{ .Hreflang }}"{{ if .Current }} aria-current="page"{{ end }}>{{ .Text }}</a></li>
{{- end }}`}},
		"layouts/policy.html": {{`{{ .Render "toc-list" }}`, `{{ template "toc-list" .Entries }}`}},
		"layouts/partials/consent.html": {
			{`{{- $c := .Site.Consent }}{{ $mode := .Region.Consent }}`, `{{- $c := .Site.Consent }}{{ $mode := .Region.Consent }}
{{- $policy := printf "%scookies/" .HomeURL }}`},
			{`{{- with .PolicyURL }}<a href="{{ . }}">{{ $.T "consent.policy_link" }}</a>{{ end }}`,
				`{{- range .Nav.Links }}{{ if eq .URL $policy }}<a href="{{ .URL }}">{{ $.T "consent.policy_link" }}</a>{{ end }}{{ end }}`},
		},
	}
	// How often a text is in its file, when not once: the policy layout
	// renders the contents twice (beside the text, and folded above it).
	times := map[string]int{`{{ .Render "toc-list" }}`: 2}
	files := map[string]string{}
	for name, reps := range edits {
		b, err := fs.ReadFile(charter.Defaults, name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, r := range reps {
			n := times[r[0]]
			if n == 0 {
				n = 1
			}
			if got := strings.Count(text, r[0]); got != n {
				t.Fatalf("%s: want %q %d times, found it %d times", name, r[0], n, got)
			}
			text = strings.Replace(text, r[0], r[1], n)
		}
		files[name] = text
	}
	return files
}

// copySite copies the fixture site to a temporary directory, with a
// cookie policy page, and writes extra files into it.
func copySite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"content/cookies.md": "---\ntitle: Cookie Policy\nweight: 20\n---\n\n## Cookies we set\n\nOnly the ones we need.\n",
	}
	err := filepath.WalkDir("testdata/site", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel("testdata/site", p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range extra {
		files[name] = text
	}
	return sitetest.Write(t, dir, files)
}

// The shared partials (hreflang links, footer navigation, language and
// region switcher items, table of contents) and the cookie policy link
// give the same pages as layouts that range over the lists for every
// page.
func TestFragmentsMatchRangedLayouts(t *testing.T) {
	build := func(site string) string {
		out := filepath.Join(t.TempDir(), "public")
		if _, diags := Build(BuildOptions{Options: Options{Dir: site, Defaults: charter.Defaults}, OutDir: out}); diags.HasErrors() {
			t.Fatal(diags)
		}
		return out
	}
	withFragments := build(copySite(t, nil))
	ranged := build(copySite(t, rangedLayouts(t)))

	var pages int
	err := filepath.WalkDir(ranged, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(ranged, p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(withFragments, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs:\n--- with fragments ---\n%s\n--- ranged ---\n%s", rel, got, want)
		}
		pages++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 8 {
		t.Fatalf("compared %d pages, want at least 8", pages)
	}
	// The comparison covers every fragment: each shows in the pages.
	page, err := os.ReadFile(filepath.Join(withFragments, "fixture.eu/privacy/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<link rel="alternate" hreflang="x-default" href="https://fixture.com/privacy/">`,
		`<li><a href="/privacy/" lang="de" aria-current="page">`,
		`<li><a href="/cookies/" lang="en">Cookie`, // shown in English there
		`<li><a href="https://fixture.eu/privacy/" lang="de" hreflang="de" aria-current="page">Europe</a></li>`,
		`<li><a href="#wer-wir-sind">Wer wir sind</a></li>`,
		`<a href="/cookies/">`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("fixture.eu/privacy/index.html lacks %s", want)
		}
	}
	// The policy layout renders the contents twice: the side nav and the folded one.
	if n := bytes.Count(page, []byte(`<li><a href="#wer-wir-sind">Wer wir sind</a></li>`)); n != 2 {
		t.Errorf("fixture.eu/privacy/index.html has the contents %d times, want 2", n)
	}
}
