package site

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
)

// aliasSite has a page in en (the default) with aliases, a French
// translation without any, and a German one with aliases: [] (none on
// purpose), on a region serving en and fr and one serving de.
func aliasSite() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.toml": file(`title = "T"
[regions.x]
domain = "x.test"
baseURL = "https://x.test/"
languages = ["en", "fr"]
consent = "none"
[regions.d]
domain = "d.test"
baseURL = "https://d.test/"
country = "DE"
languages = ["de", "fr"]
consent = "none"
`),
		"content/terms.md":    file("---\ntitle: Terms\naliases: [\"/tos/\", \"/legal/terms.html\"]\n---\n\nTerms.\n"),
		"content/terms.fr.md": file("---\ntitle: Conditions\n---\n\nConditions.\n"),
		"content/terms.de.md": file("---\ntitle: AGB\naliases: []\n---\n\nAGB.\n"),
		"locales/fr.toml":     file("[meta]\nlanguage = \"Français\"\n"),
		"locales/de.toml":     file("[meta]\nlanguage = \"Deutsch\"\n"),
	}
}

// A translation without aliases takes those of the default language's
// source, under its own language prefix; one that declares aliases
// (aliases: [] included) keeps its own.
func TestTranslationsInheritAliases(t *testing.T) {
	fsys := aliasSite()
	s := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults}).Update(context.Background(), nil)
	if s.Failed() {
		t.Fatal(s.Diags)
	}
	redirects := map[string]string{
		"x.test": "/tos/ /terms/ 301\n/legal/terms.html /terms/ 301\n/fr/tos/ /fr/terms/ 301\n/fr/legal/terms.html /fr/terms/ 301\n",
		"d.test": "/fr/tos/ /fr/terms/ 301\n/fr/legal/terms.html /fr/terms/ 301\n",
	}
	for domain, want := range redirects {
		if got := string(s.Files[domain+"/_redirects"].Data); got != want {
			t.Errorf("%s/_redirects =\n%s\nwant\n%s", domain, got, want)
		}
	}
	for _, name := range []string{"x.test/fr/tos/index.html", "x.test/fr/legal/terms.html", "d.test/fr/tos/index.html"} {
		f, ok := s.Files[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if f.Owner != "content/terms.md:3:11" && f.Owner != "content/terms.md:3:20" {
			t.Errorf("%s is owned by %s, want the alias in content/terms.md", name, f.Owner)
		}
		if !strings.Contains(string(f.Data), "/fr/terms/") {
			t.Errorf("%s does not redirect to the French page:\n%s", name, f.Data)
		}
	}
	for _, name := range []string{"d.test/tos/index.html", "d.test/legal/terms.html"} {
		if _, ok := s.Files[name]; ok {
			t.Errorf("%s written, but terms.de.md has aliases: []", name)
		}
	}
}

// Editing the default source's aliases updates the alias files of the
// regions that show its translations, as a cold build has them.
func TestUpdateDefaultAliasesReachTranslations(t *testing.T) {
	fsys := aliasSite()
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	edit(t, fsys, "content/terms.md", `"/tos/", `, `"/agb-alt/", "/tos/", `)
	compareCold(t, m, fsys, []string{"content/terms.md"})
	s := m.Update(context.Background(), []string{})
	if _, ok := s.Files["d.test/fr/agb-alt/index.html"]; !ok {
		t.Errorf("the new alias is not on the French page of d.test")
	}
	// The translation declares its own: the default's no longer apply.
	edit(t, fsys, "content/terms.fr.md", "title: Conditions", "title: Conditions\naliases: [\"/cgu/\"]")
	compareCold(t, m, fsys, []string{"content/terms.fr.md"})
	s = m.Update(context.Background(), []string{})
	if _, ok := s.Files["x.test/fr/tos/index.html"]; ok {
		t.Errorf("x.test/fr/tos/ kept, but terms.fr.md now has aliases of its own")
	}
	if _, ok := s.Files["x.test/fr/cgu/index.html"]; !ok {
		t.Errorf("x.test/fr/cgu/ missing")
	}
	// And drops them again.
	edit(t, fsys, "content/terms.fr.md", "aliases: [\"/cgu/\"]\n", "")
	compareCold(t, m, fsys, []string{"content/terms.fr.md"})
}

// An alias the default language declares and a translation inherits
// collides, in the translation's region, with another page's alias: the
// error is at the alias in the file that declares it.
func TestInheritedAliasDuplicate(t *testing.T) {
	fsys := aliasSite()
	fsys["content/cgu.fr.md"] = &fstest.MapFile{Data: []byte("---\ntitle: CGU\naliases: [\"/tos/\"]\n---\n\nCGU.\n")}
	s := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults}).Update(context.Background(), nil)
	if !s.Failed() {
		t.Fatal("want an error")
	}
	var got []string
	for _, d := range s.Diags {
		got = append(got, d.Pos.String()+" "+d.Severity.String()+" "+d.Rule+": "+d.Message)
	}
	want := "content/terms.md:3:11 error duplicate-alias: alias /fr/tos/ is also an alias of cgu (content/cgu.fr.md)"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
