package i18n

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/overlay"
)

// printed is each diagnostic as the CLI prints it, with its rule.
func printed(l diag.List) []string {
	var out []string
	for _, d := range l {
		s := d.Error()
		if d.Rule != "" {
			s = "[" + d.Rule + "] " + s
		}
		out = append(out, s)
	}
	return out
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got:\n\t%s\nwant:\n\t%s", what, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestUndefined(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml": "title = \"Acme\"\n[nav]\nfooter = \"Legal\"\nhome = \"Home\"\n",
		"de.toml": "[nav]\nfooter = \"Rechtliches\"\nextra = \"Nur deutsch\"\n",
	})
	at := func(line, col int) diag.Pos {
		return diag.Pos{File: "layouts/partials/footer.html", Line: line, Col: col}
	}
	uses := []Use{
		{"nav.footer", at(3, 24)},
		{"nav.fooder", at(3, 40)},
		{"nav.extra", at(4, 1)},
		{"titel", at(5, 1)},
		{"nav.home", at(6, 1)},
	}
	tests := []struct {
		langs []string
		want  []string
	}{
		{[]string{"en", "de", "fr"}, []string{
			`layouts/partials/footer.html:3:40: UI string "nav.fooder" is not defined in any locale (did you mean "nav.footer"? To add it, write fooder = "..." under [nav] in locales/en.toml)`,
			`layouts/partials/footer.html:4:1: UI string "nav.extra" is not defined for en and fr: no locale in their fallback chains has it (write extra = "..." under [nav] in locales/en.toml, which every language falls back to)`,
			`layouts/partials/footer.html:5:1: UI string "titel" is not defined in any locale (did you mean "title"? To add it, write titel = "..." in locales/en.toml)`,
		}},
		{[]string{"de-AT", "de"}, []string{
			`layouts/partials/footer.html:3:40: UI string "nav.fooder" is not defined in any locale (did you mean "nav.footer"? To add it, write fooder = "..." under [nav] in locales/en.toml)`,
			`layouts/partials/footer.html:5:1: UI string "titel" is not defined in any locale (did you mean "title"? To add it, write titel = "..." in locales/en.toml)`,
		}},
		{[]string{"fr"}, []string{
			`layouts/partials/footer.html:3:40: UI string "nav.fooder" is not defined in any locale (did you mean "nav.footer"? To add it, write fooder = "..." under [nav] in locales/en.toml)`,
			`layouts/partials/footer.html:4:1: UI string "nav.extra" is not defined for fr: no locale in its fallback chain has it (write extra = "..." under [nav] in locales/en.toml, which every language falls back to)`,
			`layouts/partials/footer.html:5:1: UI string "titel" is not defined in any locale (did you mean "title"? To add it, write titel = "..." in locales/en.toml)`,
		}},
	}
	for _, tt := range tests {
		sameLines(t, strings.Join(tt.langs, ","), printed(c.Undefined(tt.langs, uses)), tt.want)
	}
	for _, d := range c.Undefined([]string{"fr"}, uses) {
		if d.Severity != diag.Error {
			t.Errorf("%s: want an error", d.Error())
		}
	}
}

func TestPlaceholderErrors(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml": "plain = \"No placeholders\"\n[page]\neffective = \"Effective {date}\"\nfallback = \"Not in {language}; this is {original}.\"\n" +
			"[sections]\none = \"{count} section\"\nother = \"{count} sections\"\n",
		"de.toml": "plain = \"Keine {x} und {y}\"\n[page]\neffective = \"Gültig ab {datum}\"\nfallback = \"{original} statt {language}\"\n" +
			"[sections]\none = \"ein Abschnitt\"\nother = \"{count} Abschnitte\"\n",
		"pl.toml": "[page]\neffective = \"Obowiązuje od {date}\"\n\n[sections]\none = \"{count} sekcja\"\nfew = \"{count} sekcje {n}\"\nmany = \"{count} sekcji\"\nother = \"{count} sekcji\"\n",
		"ja.toml": "[page]\neffective = \"{hizuke} から有効\"\n",   // no region serves ja
		"pt.toml": "[page]\neffective = \"Em vigor {data}\"\n", // pt-BR falls back to it
	})
	c.SetDefault("en")
	want := []string{
		`[locale-placeholder] locales/de.toml:1:1: "plain" uses {x} and {y}, which the en string does not have (it has none) (nothing fills {x} and {y} in, so the page shows it as written; use the en string's placeholders, spelled as there)`,
		`[locale-placeholder] locales/de.toml:3:1: "page.effective" uses {datum}, which the en string does not have (it has {date}) (nothing fills {datum} in, so the page shows it as written; use the en string's placeholders, spelled as there)`,
		`[locale-placeholder] locales/pl.toml:6:1: "sections" uses {n}, which the en string does not have (it has {count}) (nothing fills {n} in, so the page shows it as written; use the en string's placeholders, spelled as there)`,
		`[locale-placeholder] locales/pt.toml:2:1: "page.effective" uses {data}, which the en string does not have (it has {date}) (nothing fills {data} in, so the page shows it as written; use the en string's placeholders, spelled as there)`,
	}
	sameLines(t, "Placeholders", printed(c.Placeholders([]string{"en", "de", "pl", "pt-BR"})), want)
	if got := c.Placeholders([]string{"en"}); len(got) != 0 {
		t.Errorf("only the default language served: %v", got)
	}
}

// The example's locales are charter's embedded defaults: they must hold
// every placeholder the en strings have, no other, and every plural form
// their languages use.
func TestRepoLocalesAreComplete(t *testing.T) {
	c, diags := Load(os.DirFS("../.."), "locales")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	langs := c.Languages()
	for _, d := range c.Placeholders(langs) {
		t.Error(d.Error())
	}
	for _, d := range c.Completeness("en", langs, map[string]bool{"*": true}) {
		t.Error(d.Error())
	}
}

func TestCompleteness(t *testing.T) {
	embedded := mapFS(map[string]string{
		"en.toml": "[nav]\nhome = \"Home\"\nskip = \"Skip to the main content of this page, past the header and navigation\"\nback = \"Back\"\n" +
			"[page]\neffective = \"Effective {date}\"\n[sections]\none = \"{count} section\"\nother = \"{count} sections\"\n",
		"de.toml": "[nav]\nhome = \"Start\"\nskip = \"Zum Inhalt\"\nback = \"Zurück\"\n" +
			"[page]\neffective = \"Gültig ab {date}\"\n[sections]\none = \"{count} Abschnitt\"\nother = \"{count} Abschnitte\"\n",
	})
	site := mapFS(map[string]string{
		"en.toml": "[nav]\nhome = \"Start page\"\nspare = \"Spare\"\n",
		"pl.toml": "[nav]\nhome = \"Strona główna\"\nback = \"Wstecz\"\n\n[page]\neffective = \"Obowiązuje\"\n\n" +
			"[sections]\none = \"{count} sekcja\"\nother = \"{count} sekcji\"\n\n[extra]\nspare = \"x\"\n",
		"ru.toml": "sections = \"{count} разделов\"\n",
		"ja.toml": "[nav]\nhome = \"ホーム\"\n", // no region serves ja
	})
	c, diags := Load(&overlay.FS{Base: embedded, Top: site}, "locales")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	used := map[string]bool{"nav.home": true, "nav.skip": true, "page.effective": true, "sections": true, "form.*": true}
	want := []string{
		`[locale-unused-key] locales/en.toml:3:1: warning: "nav.spare" is not used by any layout or by charter (remove it, or show it in a layout with {{ .T "nav.spare" }})`,
		`[locale-missing-key] locales/pl.toml:1:2: warning: "nav.skip" is missing in pl; its pages show the en string "Skip to the main content of this page, past the header and …" (write skip = "..." under [nav] in locales/pl.toml)`,
		`[locale-unused-key] locales/pl.toml:3:1: warning: "nav.back" is not used by any layout or by charter (remove it, or show it in a layout with {{ .T "nav.back" }})`,
		`[locale-placeholder] locales/pl.toml:6:1: warning: "page.effective" in pl leaves out {date}, which the en string has (the page fills {date} in; write it where it belongs in the sentence)`,
		`[locale-plural] locales/pl.toml:8:2: warning: plural "sections" has no "few" and "many" forms, which Polish uses: few for counts such as 2, 3, 4; many for counts such as 0, 5, 6 (add few = "..." and many = "..."; until then those counts show the "other" form)`,
		`[locale-unused-key] locales/pl.toml:13:1: warning: "extra.spare" is not used by any layout or by charter (remove it, or show it in a layout with {{ .T "extra.spare" }})`,
		`[locale-missing-key] locales/ru.toml: warning: "nav.home" is missing in ru; its pages show the en string "Start page" (write home = "..." under [nav] in locales/ru.toml)`,
		`[locale-missing-key] locales/ru.toml: warning: "nav.skip" is missing in ru; its pages show the en string "Skip to the main content of this page, past the header and …" (write skip = "..." under [nav] in locales/ru.toml)`,
		`[locale-missing-key] locales/ru.toml: warning: "page.effective" is missing in ru; its pages show the en string "Effective {date}" (write effective = "..." under [page] in locales/ru.toml)`,
		`[locale-plural] locales/ru.toml:1:1: warning: "sections" is a plain string, but the en entry is a table of plural forms; Russian uses "one", "few", "many" and "other" (write it as a table: [sections] with one = "...", few = "...", many = "..." and other = "...")`,
	}
	sameLines(t, "Completeness", printed(c.Completeness("en", []string{"en", "de", "pl", "ru", "pt-BR"}, used)), want)
}

// A language the site has no file for is reported at the path its file
// would have; a language and its regional variant once.
func TestCompletenessOfEmbeddedLanguages(t *testing.T) {
	embedded := mapFS(map[string]string{
		"en.toml": "[nav]\nhome = \"Home\"\n",
		"de.toml": "[nav]\nhome = \"Start\"\n",
	})
	site := mapFS(map[string]string{"en.toml": "[nav]\ncustom = \"Custom\"\n[consent.category.ads]\ntitle = \"Ads\"\ndescription = \"For ads\"\n"})
	c, diags := Load(&overlay.FS{Base: embedded, Top: site}, "locales")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	used := map[string]bool{"nav.home": true, "nav.custom": true, "consent.category.*.title": true}
	want := []string{
		`[locale-missing-key] locales/de.toml: warning: "consent.category.ads.title" is missing in de; its pages show the en string "Ads" (create locales/de.toml with title = "..." under [consent.category.ads]; it merges over charter's embedded de strings)`,
		`[locale-missing-key] locales/de.toml: warning: "nav.custom" is missing in de; its pages show the en string "Custom" (create locales/de.toml with custom = "..." under [nav]; it merges over charter's embedded de strings)`,
		`[locale-unused-key] locales/en.toml:5:1: warning: "consent.category.ads.description" is not used by any layout or by charter (remove it, or show it in a layout with {{ .T "consent.category.ads.description" }})`,
	}
	sameLines(t, "Completeness", printed(c.Completeness("", []string{"de-AT", "en", "de"}, used)), want)
}

func TestMatch(t *testing.T) {
	for _, tt := range []struct {
		pattern, key string
		want         bool
	}{
		{"nav.home", "nav.home", true},
		{"nav.home", "nav.homes", false},
		{"form.*", "form.x.label", true},
		{"form.*", "form", false},
		{"consent.category.*.title", "consent.category.analytics.title", true},
		{"consent.category.*.title", "consent.category.analytics.description", false},
		{"consent.category.*.title", "consent.category.title", false},
		{"*.*", "a.b", true},
		{"*a*a", "aa", true},
		{"*a*a", "a", false},
		{"*", "", true},
	} {
		if got := match(tt.pattern, tt.key); got != tt.want {
			t.Errorf("match(%q, %q) = %v, want %v", tt.pattern, tt.key, got, tt.want)
		}
	}
}
