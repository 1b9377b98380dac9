package i18n

import (
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/charter-ssg/charter/internal/diag"
)

// load builds catalogs from locale files given as name → TOML source.
func load(t testing.TB, files map[string]string) *Catalogs {
	t.Helper()
	c, diags := Load(mapFS(files), "locales")
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	return c
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys["locales/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestFlattenAndPluralDetection(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   map[string]string // key → T("en", key)
		plural []string          // keys that must be plural messages
	}{
		{
			name: "top-level string",
			src:  `title = "Hello"`,
			want: map[string]string{"title": "Hello"},
		},
		{
			name: "table header is a namespace",
			src:  "[form.error]\nrequired = \"Required\"\n",
			want: map[string]string{"form.error.required": "Required"},
		},
		{
			name: "dotted keys and inline tables flatten too",
			src:  "a.b = \"x\"\nc = { d = \"y\", e = { f = \"z\" } }\n",
			want: map[string]string{"a.b": "x", "c.d": "y", "c.e.f": "z"},
		},
		{
			name:   "plural table",
			src:    "[items]\none = \"{count} item\"\nother = \"{count} items\"\n",
			want:   map[string]string{"items": "{count} items"},
			plural: []string{"items"},
		},
		{
			name:   "plural table with every form",
			src:    "n = { zero = \"0\", one = \"1\", two = \"2\", few = \"f\", many = \"m\", other = \"o\" }\n",
			want:   map[string]string{"n": "o"},
			plural: []string{"n"},
		},
		{
			name: "a table with a non-plural key is a namespace",
			src:  "[box]\none = \"first\"\nother = \"second\"\ntitle = \"Box\"\n",
			want: map[string]string{"box.one": "first", "box.other": "second", "box.title": "Box"},
		},
		{
			name:   "plural table nested in a namespace",
			src:    "[consent.count]\none = \"a\"\nother = \"b\"\n",
			want:   map[string]string{"consent.count": "b"},
			plural: []string{"consent.count"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t, map[string]string{"en.toml": tt.src})
			var keys []string
			for k := range c.byLang["en"].messages {
				keys = append(keys, k)
			}
			var wantKeys []string
			for k, want := range tt.want {
				wantKeys = append(wantKeys, k)
				if got := c.T("en", k); got != want {
					t.Errorf("T(%q) = %q, want %q", k, got, want)
				}
			}
			slices.Sort(keys)
			slices.Sort(wantKeys)
			if !slices.Equal(keys, wantKeys) {
				t.Errorf("keys = %q, want %q", keys, wantKeys)
			}
			for k, m := range c.byLang["en"].messages {
				isPlural := false
				for form, tmpl := range m.forms {
					if form != 0 && tmpl != nil {
						isPlural = true
					}
				}
				if isPlural != slices.Contains(tt.plural, k) {
					t.Errorf("%q: plural = %v, want %v", k, isPlural, !isPlural)
				}
			}
		})
	}
}

func TestLoadBadEntries(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // the diagnostic, as printed
	}{
		{
			name: "number",
			src:  "[nav]\nhome = \"Home\"\ncount = 3\n",
			want: `locales/en.toml:3:1: "nav.count" is a number; a locale entry must be a string`,
		},
		{
			name: "boolean in inline table",
			src:  "nav = { home = \"Home\", shown = true }\n",
			want: `locales/en.toml:1:24: "nav.shown" is a boolean`,
		},
		{
			name: "array",
			src:  "list = [\"a\", \"b\"]\n",
			want: `locales/en.toml:1:1: "list" is an array`,
		},
		{
			name: "array of tables",
			src:  "[[items]]\nname = \"a\"\n",
			want: `locales/en.toml:1:3: "items" is an array`,
		},
		{
			name: "plural table without other",
			src:  "\n[sections]\none = \"{count} section\"\nfew = \"{count} sections\"\n",
			want: `locales/en.toml:2:2: plural table "sections" has no "other" form`,
		},
		{
			name: "plural form that is not a string",
			src:  "[n]\none = \"x\"\nother = 2\n",
			want: `locales/en.toml:3:1: plural form "other" of "n" is a number, not a string`,
		},
		{
			name: "quoted key with dots collides with a namespace",
			src:  "\"a.b\" = \"x\"\n[a]\nb = \"y\"\n",
			want: `is defined twice`,
		},
		{
			name: "column counts runes",
			src:  "[nav]\n\"ü\" = 1\n",
			want: `locales/en.toml:2:1: "nav.ü" is a number`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(mapFS(map[string]string{"en.toml": tt.src}), "locales")
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%v", len(diags), diags)
			}
			if got := diags[0].Error(); !strings.Contains(got, tt.want) {
				t.Errorf("diagnostic = %q, want it to contain %q", got, tt.want)
			}
			if diags[0].Hint == "" {
				t.Errorf("diagnostic %q has no hint", diags[0].Error())
			}
		})
	}
}

func TestLoadKeepsValidEntriesOfABadFile(t *testing.T) {
	c, diags := Load(mapFS(map[string]string{"en.toml": "a = 1\nb = \"B\"\n"}), "locales")
	if !diags.HasErrors() {
		t.Fatal("want an error for a = 1")
	}
	if got := c.T("en", "b"); got != "B" {
		t.Errorf(`T("b") = %q, want "B"`, got)
	}
}

func TestLoadSyntaxErrorPosition(t *testing.T) {
	src := "[nav]\nhome = \"Home\"\nprivacy = \"Privacy\n"
	_, diags := Load(mapFS(map[string]string{"de.toml": src}), "locales")
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1:\n%v", len(diags), diags)
	}
	d := diags[0]
	if d.File != "locales/de.toml" || d.Line != 3 || d.Col < 11 {
		t.Errorf("position = %s, want locales/de.toml:3:11 or later on line 3 (%s)", d.Pos, d.Error())
	}
	if d.Severity != diag.Error {
		t.Errorf("severity = %v, want error", d.Severity)
	}
}

// Locale errors quote their line, with the key underlined; columns count
// characters, in go-toml's syntax errors too.
func TestLoadExcerpts(t *testing.T) {
	tests := []struct {
		name, src, pos string
		want           diag.Excerpt
	}{
		{"syntax error after Ü", "[nav]\ntitle = \"Übersicht\" x\n", "locales/de.toml:2:21",
			diag.Excerpt{Line: `title = "Übersicht" x`, Col: 21, Width: 1}},
		{"not a string", "[nav]\n\"名前\" = 1\n", "locales/de.toml:2:1",
			diag.Excerpt{Line: `"名前" = 1`, Col: 1, Width: 4}},
		{"plural form", "items = { one = \"1 Dïng\", other = 2 }\n", "locales/de.toml:1:27",
			diag.Excerpt{Line: `items = { one = "1 Dïng", other = 2 }`, Col: 27, Width: 5}},
		{"invalid utf-8", "[nav]\nhome = \"St\xE4rt\"\n", "locales/de.toml:2:11",
			diag.Excerpt{Line: "home = \"St\uFFFDrt\"", Col: 11, Width: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(mapFS(map[string]string{"de.toml": tt.src}), "locales")
			if len(diags) != 1 || diags[0].Pos.String() != tt.pos {
				t.Fatalf("want one diagnostic at %s, got:\n%v", tt.pos, diags)
			}
			if x := diags[0].Excerpt; x == nil || *x != tt.want {
				t.Errorf("excerpt = %+v, want %+v", x, tt.want)
			}
		})
	}
}

// A BOM is accepted and takes no column; invalid UTF-8 is an error at
// its first bad byte.
func TestLoadEncoding(t *testing.T) {
	c, diags := Load(mapFS(map[string]string{"de.toml": "\xEF\xBB\xBF[nav]\nhome = \"Start\"\n"}), "locales")
	if len(diags) > 0 || c.T("de", "nav.home") != "Start" {
		t.Errorf("BOM file: %q, %v", c.T("de", "nav.home"), diags)
	}
	for src, want := range map[string]string{
		"home = \n":                     "locales/de.toml:1:",
		"\xEF\xBB\xBFhome = \n":         "locales/de.toml:1:",
		"[nav]\nhome = \"St\xE4rt\"\n":  "locales/de.toml:2:11: invalid UTF-8 (byte 0xE4) (save the file as UTF-8)",
		"\xEF\xBB\xBFhome = \"\xFF\"\n": "locales/de.toml:1:9: invalid UTF-8 (byte 0xFF)",
	} {
		_, diags := Load(mapFS(map[string]string{"de.toml": src}), "locales")
		if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), want) {
			t.Errorf("%q: want one diagnostic starting with %q, got:\n%v", src, want, diags)
		}
	}
	// The column on line 1 is the same with and without a BOM.
	_, plain := Load(mapFS(map[string]string{"de.toml": "home = \n"}), "locales")
	_, bom := Load(mapFS(map[string]string{"de.toml": "\xEF\xBB\xBFhome = \n"}), "locales")
	if len(plain) != 1 || len(bom) != 1 || plain[0].Pos != bom[0].Pos {
		t.Errorf("positions differ: %v / %v", plain, bom)
	}
}

func TestLoadDuplicateKeyIsAnError(t *testing.T) {
	_, diags := Load(mapFS(map[string]string{"en.toml": "a = \"x\"\n\na = \"y\"\n"}), "locales")
	if len(diags) != 1 || diags[0].Line != 3 {
		t.Fatalf("want one diagnostic on line 3, got:\n%v", diags)
	}
}

func TestLoadFileNames(t *testing.T) {
	c, diags := Load(mapFS(map[string]string{
		"en.toml":              `a = "A"`,
		"pt-br.toml":           `a = "A"`,
		"english.toml":         `a = "A"`,
		"de-u-co-phonebk.toml": `a = "A"`,
		"README.md":            "not a locale",
	}), "locales")
	if got, want := c.Languages(), []string{"en", "pt-BR"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
	var errs, warnings []string
	for _, d := range diags {
		if d.Severity == diag.Warning {
			warnings = append(warnings, d.Error())
		} else {
			errs = append(errs, d.Error())
		}
	}
	if len(errs) != 2 || !strings.HasPrefix(errs[0], "locales/de-u-co-phonebk.toml: ") ||
		!strings.HasPrefix(errs[1], "locales/english.toml: ") || !strings.Contains(errs[1], "BCP 47") {
		t.Errorf("errors = %q, want one about de-u-co-phonebk.toml's extension and one about english.toml not being a BCP 47 tag", errs)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "pt-BR.toml") {
		t.Errorf("warnings = %q, want one suggesting the name pt-BR.toml", warnings)
	}
}

func TestLoadMissingFolder(t *testing.T) {
	c, diags := Load(fstest.MapFS{}, "locales")
	if !diags.HasErrors() {
		t.Error("want an error for a missing locales folder")
	}
	if got := c.T("en", "nav.home"); got != "nav.home" {
		t.Errorf("T on empty catalogs = %q, want the key", got)
	}
}

func TestRepoLocales(t *testing.T) {
	c, diags := Load(os.DirFS("../.."), "locales")
	for _, d := range diags {
		t.Error(d.Error())
	}
	if !slices.Contains(c.Languages(), "en") {
		t.Fatalf("Languages() = %q, want en among them", c.Languages())
	}
	if got := c.T("en", "nav.home"); got == "nav.home" || got == "" {
		t.Errorf(`T("en", "nav.home") = %q, want a translation`, got)
	}
	if m := c.Missing("en"); len(m) != 0 {
		t.Errorf("Missing(en) = %q, want none", m)
	}
}

func TestChain(t *testing.T) {
	tests := []struct {
		lang, def string
		want      []string
	}{
		{"pt-BR", "en", []string{"pt-BR", "pt", "en"}},
		{"pt-br", "en", []string{"pt-BR", "pt", "en"}},
		{"zh-Hant-TW", "en", []string{"zh-Hant-TW", "zh-Hant", "en"}}, // zh is Simplified
		{"zh-TW", "en", []string{"zh-TW", "zh-Hant", "en"}},
		{"zh-HK", "en", []string{"zh-HK", "zh-Hant", "en"}},
		{"zh-CN", "en", []string{"zh-CN", "zh-Hans", "zh", "en"}},
		{"zh-Hans", "en", []string{"zh-Hans", "zh", "en"}},
		{"no", "en", []string{"no", "nb", "en"}},
		{"en", "en", []string{"en"}},
		{"en-GB", "en", []string{"en-GB", "en"}},
		{"de", "en", []string{"de", "en"}},
		{"de-CH", "fr", []string{"de-CH", "de", "fr"}},
		{"sr-Latn-RS", "en", []string{"sr-Latn-RS", "sr-Latn", "en"}}, // sr is Cyrillic
		{"sr-RS", "en", []string{"sr-RS", "sr-Cyrl", "sr", "en"}},
		{"de-DE-u-co-phonebk", "en", []string{"de-DE", "de", "en"}},
		{"iw", "en", []string{"he", "en"}},
		{"de", "", []string{"de"}},
		{"", "en", []string{"en"}},
		{"de", "pt-BR", []string{"de", "pt-BR", "pt"}},
	}
	for _, tt := range tests {
		if got := Chain(tt.lang, tt.def); !slices.Equal(got, tt.want) {
			t.Errorf("Chain(%q, %q) = %q, want %q", tt.lang, tt.def, got, tt.want)
		}
	}
}

func TestDir(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"en", "ltr"},
		{"ar", "rtl"},
		{"he", "rtl"},
		{"fa", "rtl"},
		{"ur", "rtl"},
		{"dv", "rtl"},
		{"zh-Hans", "ltr"},
		{"ja", "ltr"},
		{"ru", "ltr"},
		{"az-Arab", "rtl"},
		{"az", "ltr"},
		{"not a tag", "ltr"},
	}
	for _, tt := range tests {
		if got := Dir(tt.lang); got != tt.want {
			t.Errorf("Dir(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
}

func TestN(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml": "[files]\none = \"{count} file\"\nother = \"{count} files\"\n",
		"pl.toml": "[files]\none = \"{count} plik\"\nfew = \"{count} pliki\"\nmany = \"{count} plików\"\nother = \"{count} pliku\"\n",
		"ja.toml": "[files]\nother = \"{count} ファイル\"\n",
		"fr.toml": "[files]\none = \"{count} fichier\"\nother = \"{count} fichiers\"\n",
	})
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "1 file"},
		{"en", 2, "2 files"},
		{"en", 0, "0 files"},
		{"pl", 1, "1 plik"},
		{"pl", 3, "3 pliki"},
		{"pl", 5, "5 plików"},
		{"pl", 22, "22 pliki"},
		{"pl", 12, "12 plików"},
		{"ja", 1, "1 ファイル"},
		{"ja", 2, "2 ファイル"},
		{"fr", 0, "0 fichier"},
		{"fr", 2, "2 fichiers"},
		{"pl-PL", 3, "3 pliki"}, // falls back to pl along the chain
		{"cs", 1, "1 file"},     // falls back to en, with English rules
	}
	for _, tt := range tests {
		if got := c.N(tt.lang, "files", tt.count); got != tt.want {
			t.Errorf("N(%q, files, %d) = %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
	if got := c.N("en", "files", 2, "count", "two"); got != "two files" {
		t.Errorf("an explicit count arg should win: got %q", got)
	}
	if got := c.N("en", "nope", 2); got != "nope" {
		t.Errorf("N on a missing key = %q, want the key", got)
	}
}

func TestNFallsBackToOtherAndPlainStrings(t *testing.T) {
	c := load(t, map[string]string{
		// Polish 3 is "few", which this table lacks.
		"pl.toml": "plain = \"{count} rzeczy\"\n[files]\none = \"{count} plik\"\nother = \"{count} X\"\n",
	})
	if got := c.N("pl", "files", 3); got != "3 X" {
		t.Errorf("N(pl, files, 3) = %q, want the other form", got)
	}
	if got := c.N("pl", "plain", 3); got != "3 rzeczy" {
		t.Errorf("N on a plain string = %q, want it with {count} filled", got)
	}
}

func TestFallbackAlongChain(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml":    "a = \"en a\"\nb = \"en b\"\nc = \"en c\"\n",
		"pt.toml":    "a = \"pt a\"\nb = \"pt b\"\n",
		"pt-BR.toml": "a = \"pt-BR a\"\n",
	})
	tests := []struct{ lang, key, want string }{
		{"pt-BR", "a", "pt-BR a"},
		{"pt-BR", "b", "pt b"},
		{"pt-BR", "c", "en c"},
		{"pt-PT", "a", "pt a"}, // no own file: chain pt-PT, pt, en
		{"pt-PT", "c", "en c"},
		{"de", "a", "en a"},
		{"pt-BR", "d", "d"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key); got != tt.want {
			t.Errorf("T(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
	if got, want := c.Missing("pt-BR"), []string{"b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Missing(pt-BR) = %q, want %q", got, want)
	}
	if got, want := c.Missing("de"), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Missing(de) = %q, want %q", got, want)
	}
	for lang, want := range map[string]bool{"pt-BR": true, "pt-PT": true, "pt": true, "en-US": true, "de": false} {
		if got := c.Has(lang); got != want {
			t.Errorf("Has(%q) = %v, want %v", lang, got, want)
		}
	}

	c.SetDefault("pt")
	if got := c.T("de", "b"); got != "pt b" {
		t.Errorf("after SetDefault(pt), T(de, b) = %q, want %q", got, "pt b")
	}
	if got := c.T("de", "c"); got != "c" {
		t.Errorf("after SetDefault(pt), T(de, c) = %q, want the key", got)
	}
	if got, want := c.Missing("pt-BR"), []string{"b"}; !slices.Equal(got, want) {
		t.Errorf("after SetDefault(pt), Missing(pt-BR) = %q, want %q", got, want)
	}
}

func TestPlaceholders(t *testing.T) {
	c := load(t, map[string]string{"en.toml": `
effective = "Effective {date}"
two = "{a} and {b}, {a} again"
none = "No placeholders"
braces = "{not a name} {} { x} {open"
dotted = "{user.name}"
`})
	tests := []struct {
		key  string
		args []any
		want string
	}{
		{"effective", []any{"date", "1 May 2026"}, "Effective 1 May 2026"},
		{"effective", nil, "Effective {date}"},
		{"effective", []any{"other", "x"}, "Effective {date}"},
		{"effective", []any{"date"}, "Effective {date}"}, // odd args: last name has no value
		{"two", []any{"a", "A", "b", 2}, "A and 2, A again"},
		{"two", []any{"b", "B"}, "{a} and B, {a} again"},
		{"none", []any{"a", "b"}, "No placeholders"},
		{"braces", []any{"x", "X"}, "{not a name} {} { x} {open"},
		{"dotted", []any{"user.name", "Ann"}, "Ann"},
		{"effective", []any{42, "x", "date", int64(7)}, "Effective 7"},
	}
	for _, tt := range tests {
		if got := c.T("en", tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
		}
	}
}

func TestHostileStringsAreVerbatim(t *testing.T) {
	c := load(t, map[string]string{"en.toml": `
x = "<script>alert(1)</script> &amp; &lt;b&gt; \" ' {name} <!-- -->"
`})
	got := c.T("en", "x", "name", `<img src=x onerror="alert(2)">`)
	want := `<script>alert(1)</script> &amp; &lt;b&gt; " ' <img src=x onerror="alert(2)"> <!-- -->`
	if got != want {
		t.Errorf("T = %q, want it verbatim: %q", got, want)
	}
}

func TestSelfName(t *testing.T) {
	tests := []struct{ lang, want string }{
		{"de", "Deutsch"},
		{"fr", "Français"},
		{"pt-BR", "Português (Brasil)"},
		{"ru", "Русский"},
		{"ja", "日本語"},
		{"ar", "العربية"},
		{"en-GB", "British English"},
		{"zzz-not-a-tag", "zzz-not-a-tag"},
	}
	for _, tt := range tests {
		if got := SelfName(tt.lang); got != tt.want {
			t.Errorf("SelfName(%q) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	c := load(t, map[string]string{
		"de.toml": "[meta]\nlanguage = \"Deutsch (Sie)\"\n",
		"fr.toml": "[nav]\nhome = \"Accueil\"\n",
	})
	if got := c.SelfName("de"); got != "Deutsch (Sie)" {
		t.Errorf("Catalogs.SelfName(de) = %q, want the meta.language entry", got)
	}
	if got := c.SelfName("fr"); got != "Français" {
		t.Errorf("Catalogs.SelfName(fr) = %q, want the CLDR name", got)
	}
	if got := c.SelfName("de-AT"); got != SelfName("de-AT") {
		t.Errorf("Catalogs.SelfName(de-AT) = %q, want the CLDR name %q (meta.language of de is not de-AT's)", got, SelfName("de-AT"))
	}
}

// A language's name inside a sentence keeps CLDR's own case: the
// fallback notice reads "disponible en français", not "en Français".
func TestNameInText(t *testing.T) {
	for _, tt := range []struct{ lang, want, menu string }{
		{"fr", "français", "Français"},
		{"pl", "polski", "Polski"},
		{"ru", "русский", "Русский"},
		{"de", "Deutsch", "Deutsch"},
		{"th", "ไทย", "ไทย"},
		{"pt-BR", "português (Brasil)", "Português (Brasil)"},
		{"sr", "српски", "Српски"},
		{"sr-Latn", "srpski (latinica)", "Srpski (latinica)"}, // not x/text's "srpskohrvatski"
		{"vi", "tiếng Việt", "Tiếng Việt"},                    // small in a sentence, capital in a menu
	} {
		if got := NameInText(tt.lang); got != tt.want {
			t.Errorf("NameInText(%s) = %q, want %q", tt.lang, got, tt.want)
		}
		if got := SelfName(tt.lang); got != tt.menu {
			t.Errorf("SelfName(%s) = %q, want %q", tt.lang, got, tt.menu)
		}
	}
}

func TestAreaName(t *testing.T) {
	for _, tt := range []struct{ group, lang, want string }{
		{"150", "de", "Europa"},
		{"019", "en", "Americas"},
		{"142", "ja", "アジア"},
		{"142", "ar", "آسيا"},
		{"Europe", "de", "Europe"}, // not a code: as written
		{"999", "de", "999"},       // not an M.49 area CLDR knows
		{"15", "de", "15"},
	} {
		if got := AreaName(tt.group, tt.lang); got != tt.want {
			t.Errorf("AreaName(%q, %s) = %q, want %q", tt.group, tt.lang, got, tt.want)
		}
	}
}

func TestRegionName(t *testing.T) {
	tests := []struct{ country, in, want string }{
		{"DE", "de", "Deutschland"},
		{"DE", "en", "Germany"},
		{"US", "fr", "États-Unis"},
		{"de", "de", "Deutschland"},
		{"??", "de", "??"},
	}
	for _, tt := range tests {
		if got := RegionName(tt.country, tt.in); got != tt.want {
			t.Errorf("RegionName(%q, %q) = %q, want %q", tt.country, tt.in, got, tt.want)
		}
	}
}

func TestCountries(t *testing.T) {
	list := Countries("de")
	if len(list) != 249 {
		t.Errorf("got %d countries, want the 249 of ISO 3166-1", len(list))
	}
	index := map[string]int{}
	for i, c := range list {
		index[c.Code] = i
	}
	if i, ok := index["DE"]; !ok || list[i].Name != "Deutschland" {
		t.Errorf("want {DE Deutschland} in the list")
	}
	for _, code := range []string{"EU", "EZ", "UN", "QO", "ZZ", "XK", "DD", "SU", "YU", "AN", "AC", "IC", "001", "150"} {
		if _, ok := index[code]; ok {
			t.Errorf("%s is not an ISO 3166-1 country but is listed", code)
		}
	}
	// Compared without accents and case, the list must be in order.
	fold := func(s string) string {
		s, _, _ = transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold()), s)
		return s
	}
	for i := 1; i < len(list); i++ {
		if a, b := fold(list[i-1].Name), fold(list[i].Name); a > b {
			t.Errorf("not sorted: %q before %q (%q > %q)", list[i-1].Name, list[i].Name, a, b)
		}
	}
	// German collation puts Österreich among the O names, not after Z.
	at := index["AT"]
	if list[at].Name != "Österreich" {
		t.Fatalf("AT is %q, want Österreich", list[at].Name)
	}
	if before := list[at-1].Name; !strings.HasPrefix(before, "O") && !strings.HasPrefix(before, "Ö") {
		t.Errorf("Österreich follows %q, want an O name", before)
	}
	if after := list[at+1].Name; !strings.HasPrefix(after, "O") && !strings.HasPrefix(after, "P") {
		t.Errorf("Österreich precedes %q, want an O or P name", after)
	}
	// The result is the caller's to modify.
	list[0].Name = "changed"
	if Countries("de")[0].Name == "changed" {
		t.Error("Countries returned a shared slice")
	}
	if en := Countries("en"); en[index["DE"]].Name == "Deutschland" || RegionName("DE", "en") != "Germany" {
		t.Error("Countries(en) should have English names")
	}
}

func TestConcurrentLookups(t *testing.T) {
	c := load(t, map[string]string{
		"en.toml": "a = \"A {x}\"\n[n]\none = \"{count} one\"\nother = \"{count} many\"\n",
		"de.toml": "a = \"DE {x}\"\n",
	})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if got := c.T("de", "a", "x", g); got != "DE "+string(rune('0'+g)) {
					t.Errorf("T = %q", got)
					return
				}
				if got := c.N("de-AT", "n", i); got == "" {
					t.Error("N returned empty")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkT(b *testing.B) {
	c, diags := Load(os.DirFS("../.."), "locales")
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			c.T("en", "nav.home")
		}
	})
	b.Run("args", func(b *testing.B) {
		for b.Loop() {
			c.T("en", "page.effective", "date", "1 May 2026")
		}
	})
	b.Run("unloaded-language", func(b *testing.B) {
		for b.Loop() {
			c.T("xx-YY", "nav.home")
		}
	})
	b.Run("plural", func(b *testing.B) {
		for b.Loop() {
			c.N("en", "sections", 3)
		}
	})
}

func FuzzLoad(f *testing.F) {
	seeds := []string{
		"",
		"a = \"b\"",
		"[nav]\nhome = \"Home\"\n",
		"[n]\none = \"{count} x\"\nother = \"{count} xs\"\n",
		"[n]\none = \"x\"\n",
		"a = 1\nb = [1, 2]\nc = { d = true }\n[[e]]\nf = 1979-05-27\n",
		"\"a.b\" = \"x\"\n[a]\nb = \"y\"\n",
		"a = \"unterminated\n",
		"a = \"{x} {count} {\"",
		"[a]\n[a]\n",
		"x = { y = { z = { other = \"o\", one = 1 } } }",
	}
	if src, err := os.ReadFile("../../locales/en.toml"); err == nil {
		seeds = append(seeds, string(src))
	}
	for _, s := range seeds {
		f.Add(s)
	}
	en := "[n]\none = \"{count} x\"\nother = \"{count} xs\"\n[nav]\nhome = \"Home {x}\"\n"
	f.Fuzz(func(t *testing.T, src string) {
		c, diags := Load(fstest.MapFS{
			"locales/pl.toml": &fstest.MapFile{Data: []byte(src)},
			"locales/en.toml": &fstest.MapFile{Data: []byte(en)},
		}, "locales")
		for _, d := range diags {
			if d.File != "locales/pl.toml" || d.Message == "" {
				t.Errorf("bad diagnostic %+v", d)
			}
		}
		if c.Has("pl") != slices.Contains(c.Languages(), "pl") {
			t.Error("Has and Languages disagree")
		}
		if cat := c.byLang["pl"]; cat != nil {
			for key := range cat.messages {
				c.T("pl", key, "x", "y", "count", 1)
				c.N("pl", key, 3)
				c.N("pl-PL", key, -1)
			}
		}
		c.SelfName("pl")
		c.Missing("pl")
		// The checks of a broken or odd file report, never panic.
		langs := []string{"pl", "pl-PL", "en"}
		c.Placeholders(langs)
		c.Completeness("en", langs, map[string]bool{"nav.*": true, "n": true})
		c.Undefined(langs, []Use{{Key: "nav.home"}, {Key: "n.x"}})
	})
}

func TestDisplayName(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"en", "pl", "angielski"},
		{"en", "vi", "tiếng Anh"},
		{"sr-Latn", "en", "Serbian (Latin)"},
		{"sr-Latn", "de", "Serbisch (Lateinisch)"},
		{"sr-Latn", "sr", "српски (латиница)"}, // in Cyrillic text, in Cyrillic
		{"en", "de", "Englisch"},
		{"de", "en", "German"},
		{"en", "ja", "英語"},
	}
	for _, tt := range tests {
		if got := DisplayName(tt.lang, tt.in); got != tt.want {
			t.Errorf("DisplayName(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}
