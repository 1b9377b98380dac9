package site

import (
	"bytes"
	"context"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/sitetest"
)

func edit(t testing.TB, m fstest.MapFS, name, old, new string) {
	t.Helper()
	f := m[name]
	if f == nil {
		b, err := fs.ReadFile(charter.Defaults, name) // a default the site now overrides
		if err != nil {
			t.Fatal(err)
		}
		f = &fstest.MapFile{Data: b, Mode: 0o644}
		m[name] = f
	}
	if !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s has no %q", name, old)
	}
	m[name] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1), Mode: 0o644}
}

func mustUpdate(t testing.TB, m *Model, changed ...string) *Snapshot {
	t.Helper()
	if changed == nil {
		changed = []string{}
	}
	s := m.Update(context.Background(), changed)
	if s.Failed() {
		t.Fatalf("update %q failed:\n%v", changed, s.Diags)
	}
	return s
}

// changedPages are the HTML files among a snapshot's changed paths.
func changedPages(s *Snapshot) []string {
	return slices.DeleteFunc(slices.Clone(s.Changed), func(p string) bool { return !strings.HasSuffix(p, ".html") })
}

// A model updated through a sequence of edits holds the same files, byte
// for byte, as a cold load of the final state; each update renders only
// what depends on the edit.
func TestUpdatesMatchColdBuild(t *testing.T) {
	site := sitetest.MapFS(t)
	m := New(Options{Dir: ".", FS: site, Defaults: charter.Defaults})
	first := m.Update(context.Background(), nil)
	if first.Failed() {
		t.Fatal(first.Diags)
	}
	if first.Rendered != first.Pages || first.Pages < 50 {
		t.Fatalf("cold: %d of %d pages rendered", first.Rendered, first.Pages)
	}

	// Nothing changed: nothing renders, nothing is reported changed.
	if s := mustUpdate(t, m, "content/privacy.md"); s.Rendered != 0 || len(s.Changed) != 0 {
		t.Errorf("saved unchanged: %d rendered, changed %q", s.Rendered, s.Changed)
	}
	if s := m.Update(context.Background(), nil); s.Rendered != 0 || len(s.Changed) != 0 {
		t.Errorf("everything read again: %d rendered, changed %q", s.Rendered, s.Changed)
	}

	// A body edit renders the pages that show that source, nothing else.
	edit(t, site, "content/privacy.de.md", "## ", "## Frisch ")
	s := mustUpdate(t, m, "content/privacy.de.md")
	shown := 0
	for _, in := range m.plan.Instances {
		if in.Src.File == "content/privacy.de.md" {
			shown++
		}
	}
	if s.Rendered != shown || shown == 0 {
		t.Errorf("body edit: %d pages rendered, %d show the file", s.Rendered, shown)
	}
	for _, p := range changedPages(s) {
		if !strings.Contains(string(s.Files[p].Data), "Frisch") {
			t.Errorf("body edit changed %s, which does not show it", p)
		}
	}

	// A title edit changes the navigation of every page in that language.
	edit(t, site, "content/cookies.md", "title:", "title: New")
	s = mustUpdate(t, m, "content/cookies.md")
	if s.Rendered <= 1 {
		t.Errorf("title edit: %d pages rendered, want every page whose navigation lists it", s.Rendered)
	}

	// A locale edit renders pages in that language only.
	edit(t, site, "locales/fr.toml", "=", "= ")
	s = mustUpdate(t, m, "locales/fr.toml")
	for _, p := range changedPages(s) {
		if !strings.Contains(string(s.Files[p].Data), `lang="fr`) {
			t.Errorf("fr locale edit changed %s", p)
		}
	}

	// A new page, then a stylesheet and a layout edit, then a page removed.
	site["content/imprint.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Imprint\n---\n\nAcme24 GmbH.\n"), Mode: 0o644}
	s = mustUpdate(t, m, "content/imprint.md")
	if !strings.Contains(string(s.Files["acme24.com/sitemap.xml"].Data), "/imprint/") {
		t.Errorf("new page: not in the sitemap")
	}
	if !strings.Contains(string(s.Files["acme24.com/privacy/index.html"].Data), `href=/imprint/`) {
		t.Errorf("new page: not in the navigation of the others")
	}
	edit(t, site, "assets/site.css", "{", "{outline:0;")
	mustUpdate(t, m, "assets/site.css")
	edit(t, site, "layouts/partials/footer.html", "<footer", "<footer data-edited")
	s = mustUpdate(t, m, "layouts/partials/footer.html")
	if s.Rendered != s.Pages {
		t.Errorf("layout edit: %d of %d pages rendered", s.Rendered, s.Pages)
	}
	delete(site, "content/terms.md")
	s = mustUpdate(t, m, "content/terms.md")
	if _, ok := s.Files["acme24.com/terms/index.html"]; ok {
		t.Errorf("deleted page still there")
	}
	edit(t, site, "site.toml", "label", "label")
	mustUpdate(t, m, "site.toml")

	cold := New(Options{Dir: ".", FS: site, Defaults: charter.Defaults}).Update(context.Background(), nil)
	if cold.Failed() {
		t.Fatal(cold.Diags)
	}
	final := m.Update(context.Background(), []string{})
	if len(final.Files) != len(cold.Files) {
		t.Errorf("%d files after the edits, %d in a cold build", len(final.Files), len(cold.Files))
	}
	for name, f := range cold.Files {
		if !bytes.Equal(final.Files[name].Data, f.Data) {
			t.Errorf("%s differs from a cold build of the same files", name)
		}
	}
}

// A failed update keeps the last good snapshot the base of the next one,
// and the fix reports what changed since that snapshot.
func TestFailedUpdateAndFix(t *testing.T) {
	site := sitetest.MapFS(t)
	m := New(Options{Dir: ".", FS: site, Defaults: charter.Defaults})
	m.Update(context.Background(), nil)
	good := site["content/privacy.md"]
	site["content/privacy.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n")}
	s := m.Update(context.Background(), []string{"content/privacy.md"})
	if !s.Failed() || !strings.Contains(s.Diags.Error(), "content/privacy.md:2") {
		t.Fatalf("broken front matter: failed %v, %v", s.Failed(), s.Diags)
	}
	site["content/privacy.md"] = good
	if s := mustUpdate(t, m, "content/privacy.md"); len(s.Changed) != 0 {
		t.Errorf("fixed as it was: changed %q", s.Changed)
	}
}

// Drafts are pages with Options.Drafts (serve, build --drafts), and not
// without.
func TestDrafts(t *testing.T) {
	site := sitetest.MapFS(t)
	site["content/upcoming.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Upcoming\ndraft: true\n---\n\nSoon.\n")}
	for _, drafts := range []bool{false, true} {
		s := New(Options{Dir: ".", FS: site, Defaults: charter.Defaults, Drafts: drafts}).Update(context.Background(), nil)
		if s.Failed() {
			t.Fatal(s.Diags)
		}
		_, ok := s.Files["acme24.com/upcoming/index.html"]
		if ok != drafts {
			t.Errorf("drafts %v: draft page built %v", drafts, ok)
		}
	}
}
