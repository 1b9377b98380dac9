package check

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/site"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// fixture is a small site: us (en) and eu (de, en), a privacy policy in
// both languages, cookies everywhere, and terms on the US domain only.
var fixture = map[string]string{
	"site.toml": `title = "Fixture"
defaultLanguage = "en"

[regions.us]
domain = "fixture.com"
baseURL = "https://fixture.com/"
languages = ["en"]
country = "US"
consent = "opt-out"

[regions.eu]
domain = "fixture.eu"
baseURL = "https://fixture.eu/"
languages = ["de", "en"]
consent = "opt-in"
`,
	"content/index.md":      "---\ntitle: Fixture\ndescription: Home.\n---\n\nHello.\n",
	"content/index.de.md":   "---\ntitle: Fixture\ndescription: Start.\n---\n\nHallo.\n",
	"content/privacy.md":    "---\ntitle: Privacy\ndescription: How we handle data.\n---\n\n## Who we are\n\nWe are Fixture.\n",
	"content/privacy.de.md": "---\ntitle: Datenschutz\ndescription: Wie wir Daten verarbeiten.\n---\n\n## Wer wir sind\n\nWir sind Fixture.\n",
	"content/cookies.md":    "---\ntitle: Cookies\ndescription: Our cookies.\n---\n\n## Cookies we set\n\n| Cookie | Purpose |\n|---|---|\n| `charter_consent` | Your choice. |\n",
	"content/cookies.de.md": "---\ntitle: Cookies\ndescription: Unsere Cookies.\n---\n\n## Cookies, die wir setzen\n\n| Cookie | Zweck |\n|---|---|\n| `charter_consent` | Ihre Wahl. |\n",
	"content/terms.md":      "---\ntitle: Terms\ndescription: The terms.\nregions: [us]\n---\n\n## Scope\n\nUS only.\n",
}

// writeSite writes fixture with edits (a file "" is removed) to a new
// folder.
func writeSite(t *testing.T, edits map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for k, v := range fixture {
		files[k] = v
	}
	for k, v := range edits {
		if v == "" {
			delete(files, k)
		} else {
			files[k] = v
		}
	}
	return sitetest.Write(t, dir, files)
}

// runCheck checks a site folder; the build must succeed.
func runCheck(t *testing.T, dir string) diag.List {
	t.Helper()
	m := site.New(site.Options{Dir: dir, Defaults: charter.Defaults})
	defer m.Close()
	snap := m.Update(context.Background(), nil)
	if snap.Failed() {
		t.Fatalf("build failed: %v", snap.Diags)
	}
	return Run(snap)
}

// finding is a diagnostic as the tests compare it.
func finding(d *diag.Diagnostic) string {
	s := fmt.Sprintf("%s %s %s", d.Pos, d.Severity, d.Rule)
	if len(d.Regions) > 0 {
		s += " [" + strings.Join(d.Regions, " ") + "]"
	}
	return s
}

func findings(l diag.List, rules ...string) []string {
	var out []string
	for _, d := range l {
		if len(rules) == 0 || slices.Contains(rules, d.Rule) {
			out = append(out, finding(d))
		}
	}
	return out
}

func TestFixturePasses(t *testing.T) {
	if got := runCheck(t, writeSite(t, nil)); len(got) > 0 {
		t.Fatalf("the fixture has findings:\n%v", got)
	}
}

func TestLinksAndAnchors(t *testing.T) {
	privacy := fixture["content/privacy.md"]
	privacyDE := fixture["content/privacy.de.md"]
	// German under /de/ on fixture.eu, English at its root.
	germanUnderDE := strings.Replace(fixture["site.toml"], `languages = ["de", "en"]`, `languages = ["en", "de"]`, 1)
	tests := []struct {
		name  string
		edits map[string]string
		want  []string
		msg   string // in the first finding's message
		hint  string // in the first finding's hint
	}{
		{"missing page", map[string]string{"content/privacy.md": privacy + "\nRead the [terms](/term/).\n"},
			[]string{"content/privacy.md:10:18 error link [us eu]"}, "link /term/ goes to no page", "did you mean /terms/?"},
		{"page in one region only", map[string]string{"content/privacy.md": privacy + "\nRead the [terms](/terms/).\n"},
			// eu shows privacy.md in English; its German page is another source
			[]string{"content/privacy.md:10:18 error link [eu]"}, "link /terms/ goes to no page", ""},
		{"renamed heading", map[string]string{"content/privacy.md": privacy + "\nSee [cookies](/cookies/#cookies-we-use).\n"},
			[]string{"content/privacy.md:10:15 error anchor [us eu]"}, `the page has no element with id "cookies-we-use"`, "did you mean #cookies-we-set?"},
		{"anchor on this page", map[string]string{"content/privacy.md": privacy + "\nSee [above](#who-we-were) and [here](#who-we-are).\n"},
			[]string{"content/privacy.md:10:13 error anchor [us eu]"}, `link #who-we-were`, "did you mean #who-we-are?"},
		{"second of two links", map[string]string{"content/privacy.md": privacy + "\n[a](/cookies/) [b](/cookies/#nope)\n[c](/cookies/#nope)\n"},
			[]string{"content/privacy.md:10:20 error anchor [us eu]", "content/privacy.md:11:5 error anchor [us eu]"}, "", ""},
		{"full URL of another region", map[string]string{"content/privacy.md": privacy + "\nOur [EU terms](https://fixture.eu/terms/).\n"},
			[]string{"content/privacy.md:10:16 error link [us eu]"}, "link https://fixture.eu/terms/ goes to no page", ""},
		{"a layout's link, written from data", map[string]string{"content/index.md": "", "content/index.de.md": ""},
			// the home link, the region switcher's link to fixture.eu, and /en/
			[]string{" error link [us eu]", " error link [us]", " error link [eu]"}, "a layout links to /, which is no page", ""},
		{"the k-th link its region shows", map[string]string{"content/privacy.md": privacy + "\n:::region{only=\"us\"}\nUS only [a](/nope/) text.\n:::\n\nEveryone [b](/nope/) text.\n\n```\n:::region{only=\"eu\"}\n```\n"},
			[]string{"content/privacy.md:11:13 error link [us]", "content/privacy.md:14:14 error link [us eu]"}, "link /nope/ goes to no page", ""},
		{"the consent settings anchor opens the widget", map[string]string{"content/privacy.md": privacy + "\n[Cookie settings](/cookies/#cookie-settings)\n"},
			nil, "", ""},
		// The build sends the German page's /cookies/ to /de/cookies/,
		// which has no such id; the finding is where the link is written.
		{"localised link", map[string]string{"site.toml": germanUnderDE, "content/privacy.de.md": privacyDE + "\nSiehe [Cookies](/cookies/#cookies-we-set).\n"},
			[]string{"content/privacy.de.md:10:17 error anchor [eu]"}, `link /cookies/#cookies-we-set: the page has no element with id "cookies-we-set"`, ""},
		{"localised link, second of two", map[string]string{"site.toml": germanUnderDE, "content/privacy.de.md": privacyDE + "\n[a](/cookies/#cookies-die-wir-setzen)\n[b](/cookies/#cookies-we-set) [c](/de/cookies/#nope)\n"},
			[]string{"content/privacy.de.md:11:5 error anchor [eu]", "content/privacy.de.md:11:35 error anchor [eu]"}, "link /cookies/#cookies-we-set:", ""},
		// The English page's link to the German version is kept: on
		// fixture.com, which has no German, it goes to no page.
		{"link with a language prefix", map[string]string{"site.toml": germanUnderDE, "content/privacy.md": privacy + "\nAuf [Deutsch](/de/cookies/#cookies-we-set).\n"},
			[]string{"content/privacy.md:10:15 error link [us]", "content/privacy.md:10:15 error anchor [eu]"}, "link /de/cookies/#cookies-we-set goes to no page", "did you mean /cookies/?"},
		{"outside links and mail are not checked", map[string]string{"content/privacy.md": privacy + "\n[a](https://example.org/x/) [b](mailto:a@b.example) [c](https://fixture.com/terms/#scope)\n"},
			nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCheck(t, writeSite(t, tt.edits))
			if f := findings(got); !slices.Equal(f, tt.want) {
				t.Fatalf("got\n%s\nwant\n%s\n(%v)", strings.Join(f, "\n"), strings.Join(tt.want, "\n"), got)
			}
			if len(got) > 0 && (!strings.Contains(got[0].Message, tt.msg) || !strings.Contains(got[0].Hint, tt.hint)) {
				t.Errorf("got %q, want message with %q and hint with %q", got[0].Error(), tt.msg, tt.hint)
			}
		})
	}
}

func TestPageFindings(t *testing.T) {
	tests := []struct {
		name  string
		edits map[string]string
		want  []string
	}{
		{"no description", map[string]string{"content/terms.md": "---\ntitle: Terms\nregions: [us]\n---\n\nUS only.\n"},
			[]string{"content/terms.md:1:1 warning description [us]"}},
		{"image without alt", map[string]string{"content/terms.md": "---\ntitle: Terms\ndescription: T.\nregions: [us]\n---\n\n![](/favicon.svg) ![Seal](/favicon.svg)\n"},
			[]string{"content/terms.md:7:5 warning image-alt [us]"}},
		{"a layout's image", map[string]string{"layouts/partials/footer.html": "{{ define \"footer\" }}<footer><img src=\"/logo.png\" alt=\"Logo\"></footer>{{ end }}"},
			[]string{"layouts/partials/footer.html:1:40 error resource [us eu]"}},
		{"an image that is no file", map[string]string{"content/terms.md": "---\ntitle: Terms\ndescription: T.\nregions: [us]\n---\n\n![Seal](/seal.png) ![Icon](/favicon.svg)\n"},
			[]string{"content/terms.md:7:9 error resource [us]"}},
		{"an id the layout has", map[string]string{"content/terms.md": "---\ntitle: Terms\ndescription: T.\nregions: [us]\n---\n\n## Main {#main}\n"},
			[]string{"content/terms.md:7:9 error duplicate-id [us]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCheck(t, writeSite(t, tt.edits))
			if f := findings(got); !slices.Equal(f, tt.want) {
				t.Fatalf("got\n%s\nwant\n%s\n(%v)", strings.Join(f, "\n"), strings.Join(tt.want, "\n"), got)
			}
		})
	}
}

// A layout that leaves the German versions out of the alternates of the
// others: each German page lists pages that do not list it back.
func TestHreflangNotReciprocal(t *testing.T) {
	b, err := os.ReadFile("../../layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	base := strings.Replace(string(b), `{{- .Alternates.Each "alternate-link" }}`,
		`{{- $lang := .Lang }}{{ range .Alternates.Links }}{{ if or (eq $lang "de") (ne .Lang "de") }}
<link rel="alternate" hreflang="{{ .Hreflang }}" href="{{ .URL }}">{{ end }}{{ end }}`, 1)
	got := runCheck(t, writeSite(t, map[string]string{"layouts/base.html": base}))
	want := []string{
		"content/cookies.de.md error hreflang [eu]", // fixture.com and fixture.eu/en/ do not list it
		"content/cookies.de.md error hreflang [eu]",
		"content/index.de.md error hreflang [eu]",
		"content/index.de.md error hreflang [eu]",
		"content/privacy.de.md error hreflang [eu]",
		"content/privacy.de.md error hreflang [eu]",
	}
	if f := findings(got); !slices.Equal(f, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(f, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(got[0].Message, "https://fixture.eu/cookies/ lists https://fixture.com/cookies/ as an alternate, but that page does not list it back") {
		t.Errorf("message: %s", got[0].Message)
	}
}

func TestLocaleFindings(t *testing.T) {
	footer, err := os.ReadFile("../../layouts/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	const brand = `<p class="footer-brand">`
	if !strings.Contains(string(footer), brand) {
		t.Fatalf("the footer has no %s to put the imprint before", brand)
	}
	withImprint := strings.Replace(string(footer), brand, `<p>{{ .T "footer.imprint" }}</p>`+brand, 1)
	tests := []struct {
		name  string
		edits map[string]string
		want  []string
	}{
		{"a new string only in English", map[string]string{
			"layouts/partials/footer.html": withImprint,
			"locales/en.toml":              "[footer]\nimprint = \"Imprint\"\n",
			"locales/de.toml":              "[nav]\nskip = \"Zum Inhalt\"\n",
		}, []string{"locales/de.toml warning locale-missing-key"}},
		{"a string nothing uses", map[string]string{
			"locales/en.toml": "[footer]\nimprint = \"Imprint\"\n",
		}, []string{"locales/en.toml:2:1 warning locale-unused-key"}},
		{"an embedded string the site overrides is not unused", map[string]string{
			"locales/en.toml": "[nav]\nhome = \"Start\"\n",
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCheck(t, writeSite(t, tt.edits))
			if f := findings(got); !slices.Equal(f, tt.want) {
				t.Fatalf("got\n%s\nwant\n%s\n(%v)", strings.Join(f, "\n"), strings.Join(tt.want, "\n"), got)
			}
		})
	}
}

// A page whose name is not ASCII has its URL percent-encoded in hrefs;
// its hreflang set is still reciprocal.
func TestHreflangEncodedURLs(t *testing.T) {
	page := "---\ntitle: Prüfung\ndescription: P.\n---\n\nText.\n"
	got := runCheck(t, writeSite(t, map[string]string{
		"content/prüfung.md": page, "content/prüfung.de.md": page,
		"content/a'b(c).md": page, "content/a'b(c).de.md": page,
	}))
	if f := findings(got); len(f) > 0 {
		t.Fatalf("got\n%s\n%v", strings.Join(f, "\n"), got)
	}
}

func TestTranslationAliases(t *testing.T) {
	edits := map[string]string{
		"content/privacy.md":    "---\ntitle: Privacy\ndescription: D.\naliases: [\"/privacy-policy/\", \"/legal/privacy/\"]\n---\n\n## Who we are\n\nWe are Fixture.\n",
		"content/privacy.de.md": "---\ntitle: Datenschutz\ndescription: D.\naliases: [\"/datenschutz/\"]\n---\n\n## Wer wir sind\n\nWir sind Fixture.\n",
	}
	got := runCheck(t, writeSite(t, edits))
	want := []string{"content/privacy.de.md:4:11 warning translation-aliases"}
	if f := findings(got, "translation-aliases"); !slices.Equal(f, want) {
		t.Fatalf("got\n%s\nwant\n%s\n(%v)", strings.Join(f, "\n"), strings.Join(want, "\n"), got)
	}
	if !strings.Contains(got[0].Message, "/privacy-policy/, /legal/privacy/") {
		t.Errorf("message: %s", got[0].Message)
	}
	// aliases: [] drops them on purpose; no key takes them.
	for _, de := range []string{"aliases: []\n", ""} {
		edits["content/privacy.de.md"] = "---\ntitle: Datenschutz\ndescription: D.\n" + de + "---\n\nText.\n"
		if f := findings(runCheck(t, writeSite(t, edits)), "translation-aliases"); len(f) > 0 {
			t.Errorf("%q: %v", de, f)
		}
	}
}
