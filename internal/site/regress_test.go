package site

// Regressions found in review: each compares an incremental update with a
// cold load of the same files, byte for byte.

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/sitetest"
)

func mini(def string) fstest.MapFS {
	return fstest.MapFS{
		"site.toml": &fstest.MapFile{Data: []byte(`title = "T"
defaultLanguage = "` + def + `"
[regions.x]
domain = "x.test"
baseURL = "https://x.test/"
languages = ["en", "fr"]
consent = "none"
`)},
		"content/index.md":    &fstest.MapFile{Data: []byte("---\ntitle: Home\n---\n\nHi.\n")},
		"content/about.md":    &fstest.MapFile{Data: []byte("---\ntitle: About\n---\n\nAbout.\n")},
		"content/index.fr.md": &fstest.MapFile{Data: []byte("---\ntitle: Accueil\n---\n\nSalut.\n")},
		// fr sets one key: the others come from the embedded fr.toml.
		"locales/fr.toml": &fstest.MapFile{Data: []byte("[meta]\nlanguage = \"Français\"\n")},
	}
}

func compareCold(t *testing.T, m *Model, fsys fstest.MapFS, changed []string) *Snapshot {
	t.Helper()
	inc := m.Update(context.Background(), changed)
	if inc.Failed() {
		t.Fatalf("incremental failed: %v", inc.Diags)
	}
	cold := New(Options{Dir: ".", FS: fsys, Defaults: m.opts.Defaults}).Update(context.Background(), nil)
	if cold.Failed() {
		t.Fatalf("cold failed: %v", cold.Diags)
	}
	bad := 0
	for name, f := range cold.Files {
		if !bytes.Equal(inc.Files[name].Data, f.Data) {
			bad++
			t.Errorf("%s differs from a cold build", name)
		}
	}
	for name := range inc.Files {
		if _, ok := cold.Files[name]; !ok {
			t.Errorf("%s only in the incremental build", name)
		}
	}
	t.Logf("rendered %d of %d, %d files differ", inc.Rendered, inc.Pages, bad)
	return inc
}

// site.toml's defaultLanguage changes; locales/ does not.
func TestUpdateDefaultLanguageChange(t *testing.T) {
	fsys := mini("en")
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	fsys["site.toml"].Data = bytes.Replace(fsys["site.toml"].Data, []byte(`defaultLanguage = "en"`), []byte(`defaultLanguage = "de"`), 1)
	compareCold(t, m, fsys, []string{"site.toml"})
}

// A locale file named in non-canonical form (a warning) is edited.
func TestUpdateLocaleFileNotCanonical(t *testing.T) {
	fsys := mini("en")
	fsys["site.toml"].Data = bytes.Replace(fsys["site.toml"].Data, []byte(`"fr"]`), []byte(`"nl"]`), 1)
	fsys["locales/NL.toml"] = &fstest.MapFile{Data: []byte("[meta]\nlanguage = \"Nederlands\"\n[nav]\nskip = \"Naar inhoud\"\n")}
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	} else {
		t.Logf("diags: %v", s.Diags)
	}
	fsys["locales/NL.toml"] = &fstest.MapFile{Data: []byte("[meta]\nlanguage = \"Nederlands\"\n[nav]\nskip = \"NAAR-INHOUD-EDITED\"\n")}
	compareCold(t, m, fsys, []string{"locales/NL.toml"})
}

// A site's locale file merges over the embedded one: an edit to either
// layer renders that language's pages again, and only those.
func TestUpdateLocaleLayers(t *testing.T) {
	fsys := mini("en")
	defaults := fstest.MapFS{}
	fs.WalkDir(charter.Defaults, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(charter.Defaults, p)
			defaults[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
		return err
	})
	m := New(Options{Dir: ".", FS: fsys, Defaults: defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	shows := func(s *Snapshot, file, text string, want bool) {
		t.Helper()
		if got := strings.Contains(string(s.Files[file].Data), text); got != want {
			t.Errorf("%s shows %q: %v, want %v", file, text, got, want)
		}
	}
	onlyFrench := func(s *Snapshot) {
		t.Helper()
		if len(changedPages(s)) == 0 {
			t.Error("no page changed")
		}
		for _, p := range changedPages(s) {
			if !strings.HasPrefix(p, "x.test/fr/") {
				t.Errorf("a French string changed %s", p)
			}
		}
	}
	const fr, en = "x.test/fr/index.html", "x.test/index.html"
	s := m.Update(context.Background(), []string{})
	shows(s, fr, "Aller au contenu principal", true) // the embedded fr.toml fills what the site's lacks

	edit(t, fsys, "locales/fr.toml", "[meta]", "[nav]\nskip = \"SITE-SKIP\"\n[meta]")
	s = compareCold(t, m, fsys, []string{"locales/fr.toml"})
	shows(s, fr, "SITE-SKIP", true)
	shows(s, fr, "Informations légales", true)
	onlyFrench(s)

	edit(t, defaults, "locales/fr.toml", `footer = "Informations légales"`, `footer = "EMBEDDED-FOOTER"`)
	s = compareCold(t, m, fsys, []string{"locales/fr.toml"})
	shows(s, fr, "EMBEDDED-FOOTER", true)
	shows(s, fr, "SITE-SKIP", true)
	shows(s, en, "EMBEDDED-FOOTER", false)
	onlyFrench(s)

	// An embedded string the site overrides changes nothing.
	edit(t, defaults, "locales/fr.toml", `skip = "Aller au contenu principal"`, `skip = "EMBEDDED-SKIP"`)
	if s = compareCold(t, m, fsys, []string{"locales/fr.toml"}); len(s.Changed) != 0 {
		t.Errorf("an overridden embedded string changed %q", s.Changed)
	}
	delete(fsys, "locales/fr.toml")
	s = compareCold(t, m, fsys, []string{"locales/fr.toml"})
	shows(s, fr, "EMBEDDED-SKIP", true)
	onlyFrench(s)
}

func TestUpdateSequencesMatchCold(t *testing.T) {
	fsys := sitetest.MapFS(t)
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	step := func(name string, changed ...string) {
		t.Run(name, func(t *testing.T) { compareCold(t, m, fsys, changed) })
	}
	edit(t, fsys, "content/privacy.md", `aliases: ["/privacy-policy/", "/legal/privacy/"]`, `aliases: ["/privacy-policy/", "/legal/privacy/", "/old-privacy/"]`)
	step("alias added", "content/privacy.md")
	delete(fsys, "content/cookies.fr.md")
	step("translation deleted: fallback", "content/cookies.fr.md")
	edit(t, fsys, "content/cookies.md", "---\n", "---\ndraft: true\n")
	step("page made a draft", "content/cookies.md")
	edit(t, fsys, "content/privacy/versions/2026-05-01.md", "180 days", "120 days")
	step("earlier version edited: its comparison", "content/privacy/versions/2026-05-01.md")
	edit(t, fsys, "content/privacy.de.md", "90 Tage", "60 Tage")
	step("current version edited: its comparison", "content/privacy.de.md")
	edit(t, fsys, "locales/de.toml", `language = "Deutsch"`, `language = "Deutsch!"`)
	step("meta.language of de edited", "locales/de.toml")
	// A failed update, an edit during it, then the fix.
	good := fsys["content/privacy.md"]
	fsys["content/privacy.md"] = &fstest.MapFile{Data: []byte("---\ntitle: [\n---\n")}
	if s := m.Update(context.Background(), []string{"content/privacy.md"}); !s.Failed() {
		t.Fatal("want failure")
	}
	edit(t, fsys, "content/privacy.de.md", "## Einleitung", "## Einleitung neu")
	if s := m.Update(context.Background(), []string{"content/privacy.de.md"}); !s.Failed() {
		t.Fatal("want failure")
	}
	fsys["content/privacy.md"] = good
	step("fixed", "content/privacy.md")
	// Page renamed in one burst.
	fsys["content/request.md"] = fsys["content/implementation-request.md"]
	delete(fsys, "content/implementation-request.md")
	step("renamed", "content/implementation-request.md", "content/request.md")
	edit(t, fsys, "site.toml", "[params]", "[params]\nextra = 1")
	step("site.toml param added", "site.toml")
	edit(t, fsys, "site.toml", `languages = ["en", "de", "fr"]`, `languages = ["en", "fr", "de"]`)
	step("region languages reordered", "site.toml")
}

func TestUpdateStylesheetInlinedOrNot(t *testing.T) {
	fsys := sitetest.MapFS(t)
	edit(t, fsys, "assets/site.css", `@import "form.css";`, ``)
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	fsys["assets/print.css"] = &fstest.MapFile{Data: []byte("@import \"form.css\";\n@media print { body { color: #000 } }\n")}
	compareCold(t, m, fsys, []string{"assets/print.css"})
}

// A UI string no locale defines, or a placeholder the default language
// lacks, fails the update at its position; the fix renders as a cold
// load does.
func TestUpdateUIStringErrors(t *testing.T) {
	fsys := mini("en")
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	steps := []struct {
		file, old, new string
		want           []string
	}{
		{"layouts/partials/footer.html", `.T "nav.footer"`, `.T "nav.fooder"`, []string{
			`layouts/partials/footer.html:22:24: UI string "nav.fooder" is not defined in any locale (did you mean "nav.footer"? To add it, write fooder = "..." under [nav] in locales/en.toml)`,
		}},
		{"layouts/partials/footer.html", `.T "nav.fooder"`, `.T "nav.footer"`, nil},
		{"locales/fr.toml", `[meta]`, "[page]\nversion = \"Version {versoin}\"\n[meta]", []string{
			`locales/fr.toml:2:1: "page.version" uses {versoin}, which the en string does not have (it has {version}) (nothing fills {versoin} in, so the page shows it as written; use the en string's placeholders, spelled as there)`,
		}},
		{"locales/fr.toml", `{versoin}`, `{version}`, nil},
		{"layouts/policy.html", `.T "page.effective" "date"`, `.T "page.effective" "datum"`, []string{
			`layouts/policy.html:22:92: "page.effective" needs {date}, which this call does not pass (it passes {datum}) (rename "datum" to "date": {{ .T "page.effective" "date" VALUE }})`,
			`layouts/policy.html:22:109: {datum} is not in "page.effective" (it has {date}) (did you mean "date"? The value passed as "datum" is not shown anywhere)`,
		}},
		{"layouts/policy.html", `"datum"`, `"date"`, nil},
		{"layouts/policy.html", `$.T "page.version" "version" .`, `$.T "page.version" "version"`, []string{
			`layouts/policy.html:24:65: "version" has no value after it: T takes a value after each name, and ignores a name without one (write the value after it: {{ .T "page.version" "version" VALUE }})`,
		}},
		{"layouts/policy.html", `$.T "page.version" "version"`, `$.T "page.version" "version" .`, nil},
		// The en string misspelt: the layout's correct call fails at the
		// call, and the hints point at the en string.
		{"locales/en.toml", `effective = "Effective {date}"`, `effective = "Effective {dat}"`, []string{
			fmt.Sprintf(`(embedded)/locales/fr.toml:%d:1: "page.effective" uses {date}, which the en string does not have (it has {dat}) (nothing fills {date} in, so the page shows it as written; but all 42 translations use {date}: is the en string at locales/en.toml:28:1 misspelt?)`,
				embeddedLine(t, "locales/fr.toml", "[page]", "effective = ")),
			`layouts/policy.html:22:92: "page.effective" needs {dat}, which this call does not pass (it passes {date}) (all 42 translations use {date}, as this call does; is the en string at locales/en.toml:28:1 misspelt?)`,
			`layouts/policy.html:22:109: {date} is not in "page.effective" (it has {dat}) (all 42 translations use {date}, as this call does; is the en string at locales/en.toml:28:1 misspelt?)`,
		}},
		{"locales/en.toml", `{dat}`, `{date}`, nil},
	}
	for _, st := range steps {
		edit(t, fsys, st.file, st.old, st.new)
		if st.want == nil {
			compareCold(t, m, fsys, []string{st.file})
			continue
		}
		s := m.Update(context.Background(), []string{st.file})
		var got []string
		for _, d := range s.Diags {
			got = append(got, d.Error())
			if d.Excerpt == nil {
				t.Errorf("%s: no excerpt", d.Error())
			}
		}
		if !s.Failed() || !slices.Equal(got, st.want) {
			t.Errorf("after editing %s: failed %v,\n%q\nwant\n%q", st.file, s.Failed(), got, st.want)
		}
	}
}

// A form field no locale labels fails the build at the form in
// site.toml.
func TestUpdateFormKeyErrors(t *testing.T) {
	fsys := mini("en")
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n[forms.contact]\nendpoint = \"https://api.example/\"\nfields = [{ name = \"company\", type = \"text\", required = true }]\n"...)
	s := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults}).Update(context.Background(), nil)
	var got []string
	for _, d := range s.Diags {
		got = append(got, d.FormatLong())
	}
	want := []string{"site.toml:9:8: UI string \"form.contact.company.label\" is not defined in any locale (write label = \"...\" under [form.contact.company] in locales/en.toml, which every language falls back to)\n" +
		"    [forms.contact]\n" +
		"           ^~~~~~~"}
	if !s.Failed() || !slices.Equal(got, want) {
		t.Errorf("failed %v,\n%s\nwant\n%s", s.Failed(), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The example's locales leave nothing the layouts and code use
// untranslated, incomplete or with other placeholders.
func TestExampleLocaleCompleteness(t *testing.T) {
	s := New(Options{Dir: ".", FS: sitetest.MapFS(t, sitetest.All...), Defaults: charter.Defaults}).Update(context.Background(), nil)
	if s.Failed() {
		t.Fatal(s.Diags)
	}
	var langs []string
	for _, r := range s.Site.Regions {
		langs = append(langs, r.Languages...)
	}
	used := s.UsedUIKeys()
	for _, k := range []string{"nav.skip", "consent.category.*.title", "form.implementation-request.product.option.cloud", "notfound.title", "meta.language"} {
		if !used[k] {
			t.Errorf("UsedUIKeys lacks %q", k)
		}
	}
	// Strings no layout uses yet (nav.back_to_top) are the embedded
	// defaults', there for a site's own layouts: not reported.
	for _, d := range s.Locales.Completeness(s.Site.DefaultLanguage, langs, used) {
		t.Error(d.Error())
	}
}

// A link in content goes to the page in the language it is served in
// where the region has that page: adding or removing a translation that
// makes a page appear in a language, or go, changes the links of other
// pages in that language, as a cold load has them. The home page is not
// in the navigation, so its coming and going is a case of its own.
func TestUpdateTranslationChangesLinks(t *testing.T) {
	fsys := mini("en")
	fsys["content/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\n\nSee the [imprint](/imprint/#who), [home](/) and [this](/about/?v=1).\n")}
	m := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	if s := m.Update(context.Background(), nil); s.Failed() {
		t.Fatal(s.Diags)
	}
	const en, fr = "x.test/about/index.html", "x.test/fr/about/index.html" // fr shows about.md: a fallback
	content := regexp.MustCompile(`(?s)<div class=content>(.*?)</div>`)
	href := regexp.MustCompile(`href="?([^ >"]*)`)
	links := func(s *Snapshot, file string, want string) {
		t.Helper()
		var got []string
		if c := content.FindSubmatch(s.Files[file].Data); c != nil {
			for _, h := range href.FindAllSubmatch(c[1], -1) {
				got = append(got, string(h[1]))
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s links to %q, want %q", file, got, want)
		}
	}
	steps := []struct {
		name     string
		file     string
		add      string // "" removes the file
		fr, en   string // the links of the French and the English page
		rendered int    // pages rendered
	}{
		// Only French has an imprint: the French pages link to it.
		{"French-only page added", "content/imprint.fr.md", "---\ntitle: Mentions\n---\n\n## Qui {#who}\n",
			"/fr/imprint/#who /fr/ /fr/about/?v=1", "/imprint/#who / /about/?v=1", 3},
		{"French-only page removed", "content/imprint.fr.md", "",
			"/imprint/#who /fr/ /fr/about/?v=1", "/imprint/#who / /about/?v=1", 2},
		// fr keeps its home page, index.fr.md; en has none (its about
		// page renders again, and the French home for its alternates).
		{"English home removed", "content/index.md", "",
			"/imprint/#who /fr/ /fr/about/?v=1", "/imprint/#who / /about/?v=1", 2},
		// Now fr has no home page either: "/" is kept as written.
		{"French home removed", "content/index.fr.md", "",
			"/imprint/#who / /fr/about/?v=1", "/imprint/#who / /about/?v=1", 1},
		{"French home added", "content/index.fr.md", "---\ntitle: Accueil\n---\n\nSalut.\n",
			"/imprint/#who /fr/ /fr/about/?v=1", "/imprint/#who / /about/?v=1", 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if st.add == "" {
				delete(fsys, st.file)
			} else {
				fsys[st.file] = &fstest.MapFile{Data: []byte(st.add)}
			}
			s := compareCold(t, m, fsys, []string{st.file})
			links(s, fr, st.fr)
			links(s, en, st.en)
			if s.Rendered != st.rendered {
				t.Errorf("%d pages rendered, want %d", s.Rendered, st.rendered)
			}
		})
	}
}
