package i18n

import (
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
)

// Arguments checks the names a call passes against the default
// language's string: what it leaves out at the key, what it passes that
// the string does not have at the name.
func TestArguments(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml": "[page]\neffective = \"Effective {date}\"\nfallback = \"Not in {language}; this is {original}.\"\nplain = \"Plain\"\n" +
			"[sections]\none = \"{count} section\"\nother = \"{count} sections\"\n" +
			"[form.error]\nrequired = \"Enter {lable}\"\ntoo_long = \"{label} must be {max} characters or fewer\"\n",
		"de.toml": "[page]\neffective = \"Gültig ab {date}\"\n",
	})
	at := func(line, col int) diag.Pos { return diag.Pos{File: "layouts/page.html", Line: line, Col: col} }
	arg := func(name string, line, col int) Arg { return Arg{Name: name, Pos: at(line, col)} }
	tests := []struct {
		name string
		call Call
		want []string
	}{
		{"every placeholder passed", Call{Key: "page.fallback", Pos: at(2, 7), Args: []Arg{arg("original", 2, 24), arg("language", 2, 40)}}, nil},
		{"no placeholders, no names", Call{Key: "page.plain", Pos: at(2, 7)}, nil},
		{"a key the default language lacks is Undefined's", Call{Key: "page.nosuch", Pos: at(2, 7), Args: []Arg{arg("x", 2, 21)}}, nil},
		{"a misspelt name", Call{Key: "page.effective", Pos: at(5, 40), Args: []Arg{arg("datum", 5, 57)}}, []string{
			`[locale-placeholder] layouts/page.html:5:40: "page.effective" needs {date}, which this call does not pass (it passes {datum}) (rename "datum" to "date": {{ .T "page.effective" "date" VALUE }})`,
			`[locale-placeholder] layouts/page.html:5:57: {datum} is not in "page.effective" (it has {date}) (did you mean "date"? The value passed as "datum" is not shown anywhere)`,
		}},
		{"a name left out", Call{Key: "page.fallback", Pos: at(3, 9), Args: []Arg{arg("language", 3, 25)}}, []string{
			`[locale-placeholder] layouts/page.html:3:9: "page.fallback" needs {original}, which this call does not pass (it passes {language}) (pass "original", followed by its value: {{ .T "page.fallback" "language" ... "original" VALUE }}; the string is the en string at locales/en.toml:3:1)`,
		}},
		{"no names at all; T fills {count} in only if passed", Call{Key: "sections", Pos: at(4, 1)}, []string{
			`[locale-placeholder] layouts/page.html:4:1: "sections" needs {count}, which this call does not pass (it passes none) (pass "count", followed by its value: {{ .T "sections" "count" VALUE }}; the string is the en string at locales/en.toml:5:2)`,
		}},
		{"a name the string has no placeholder for", Call{Key: "page.plain", Pos: at(6, 7), Args: []Arg{arg("x", 6, 20)}}, []string{
			`[locale-placeholder] layouts/page.html:6:20: {x} is not in "page.plain" (it has none) (remove "x" and its value, or write {x} in the en string at locales/en.toml:4:1)`,
		}},
		{"a name without a value", Call{Key: "page.effective", Pos: at(7, 7), Args: []Arg{{Name: "date", Pos: at(7, 24), NoValue: true}}}, []string{
			`[locale-placeholder] layouts/page.html:7:24: "date" has no value after it: T takes a value after each name, and ignores a name without one (write the value after it: {{ .T "page.effective" "date" VALUE }})`,
		}},
		{"an open call: only its literal names are checked", Call{Key: "page.fallback", Pos: at(8, 7), Open: true, Args: []Arg{arg("langauge", 8, 30)}}, []string{
			`[locale-placeholder] layouts/page.html:8:30: {langauge} is not in "page.fallback" (it has {language} and {original}) (did you mean "language"? The value passed as "langauge" is not shown anywhere)`,
		}},
		{"charter's code fills in fewer than the string has: at the string", Call{Key: "form.error.required", Code: true, Args: []Arg{{Name: "label"}, {Name: "max"}}}, []string{
			`[locale-placeholder] locales/en.toml:9:1: "form.error.required" uses {lable}, which charter does not fill in (it fills {label} and {max}) (nothing fills {lable} in, so the page shows it as written; use {label} and {max}, spelled so)`,
		}},
		{"charter's code may fill in more than the string has", Call{Key: "form.error.too_long", Code: true, Args: []Arg{{Name: "label"}, {Name: "max"}, {Name: "extra"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Arguments([]Call{tt.call})
			sameLines(t, "Arguments", printed(got), tt.want)
			for _, d := range got {
				if d.Severity != diag.Error {
					t.Errorf("%s: want an error", d.Error())
				}
			}
		})
	}
	// A key charter's code formats is checked once, however many forms
	// use it.
	code := Call{Key: "form.error.required", Code: true, Args: []Arg{{Name: "label"}}}
	if got := c.Arguments([]Call{code, code}); len(got) != 1 {
		t.Errorf("the code's key twice: %d errors, want 1", len(got))
	}
}

// When the default language's string is the misspelt one, every
// translation disagrees with it in the same way: the hints of the
// layout's call, of each translation's error and of each translation's
// warning say so, with the string's position.
func TestArgumentsMisspeltDefaultString(t *testing.T) {
	files := map[string]string{
		"en.toml": "[page]\neffective = \"Effective {dat}\"\n",
		"de.toml": "[page]\neffective = \"Gültig ab {date}\"\n",
		"fr.toml": "[page]\neffective = \"En vigueur le {date}\"\n",
		"pl.toml": "[page]\neffective = \"Obowiązuje od {date}\"\n",
	}
	c := load(t, files)
	langs := []string{"en", "de", "fr", "pl"}
	call := Call{Key: "page.effective", Pos: diag.Pos{File: "layouts/page.html", Line: 6, Col: 92},
		Args: []Arg{{Name: "date", Pos: diag.Pos{File: "layouts/page.html", Line: 6, Col: 109}}}}
	sameLines(t, "Arguments", printed(c.Arguments([]Call{call})), []string{
		`[locale-placeholder] layouts/page.html:6:92: "page.effective" needs {dat}, which this call does not pass (it passes {date}) (all 3 translations use {date}, as this call does; is the en string at locales/en.toml:2:1 misspelt?)`,
		`[locale-placeholder] layouts/page.html:6:109: {date} is not in "page.effective" (it has {dat}) (all 3 translations use {date}, as this call does; is the en string at locales/en.toml:2:1 misspelt?)`,
	})
	var errs, warnings []string
	for _, lang := range []string{"de", "fr", "pl"} {
		errs = append(errs, `[locale-placeholder] locales/`+lang+`.toml:2:1: "page.effective" uses {date}, which the en string does not have (it has {dat}) (nothing fills {date} in, so the page shows it as written; but all 3 translations use {date}: is the en string at locales/en.toml:2:1 misspelt?)`)
		warnings = append(warnings, `[locale-placeholder] locales/`+lang+`.toml:2:1: warning: "page.effective" in `+lang+` leaves out {dat}, which the en string has (all 3 translations use {date} instead: is the en string at locales/en.toml:2:1 misspelt? If not, write {dat} where it belongs in the sentence)`)
	}
	sameLines(t, "Placeholders", printed(c.Placeholders(langs)), errs)
	sameLines(t, "Completeness", printed(c.Completeness("en", langs, map[string]bool{"*": true})), warnings)
	// A build of one region counts the translations it does not serve too.
	sameLines(t, "Placeholders of en and de", printed(c.Placeholders([]string{"en", "de"})), errs[:1])

	// One translation that differs is not enough to blame the default
	// language's string, nor are two that differ from each other.
	for _, tt := range []struct {
		name  string
		langs []string
		edit  func(map[string]string)
	}{
		{"one translation", []string{"en", "de"}, func(f map[string]string) { delete(f, "fr.toml"); delete(f, "pl.toml") }},
		{"translations that differ", langs, func(f map[string]string) { f["pl.toml"] = "[page]\neffective = \"Obowiązuje od {data}\"\n" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := map[string]string{}
			for k, v := range files {
				f[k] = v
			}
			tt.edit(f)
			c := load(t, f)
			for _, d := range append(c.Arguments([]Call{call}), c.Placeholders(tt.langs)...) {
				if strings.Contains(d.Hint, "misspelt") {
					t.Errorf("%s", d.Error())
				}
			}
		})
	}
}
