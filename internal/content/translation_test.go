package content

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
)

const outlineBody = `Intro text
over two lines.

## Your rights

You have rights.

:::region{only="eu"}
### Contact {#dpo}

Write to the DPO.
:::

:::region{only="us"}
### Contact {#dpo}

Write to us.
:::

## Cookies

| Name | Purpose |
|---|---|
| ` + "`_ga`, `_ga_*`" + ` | analytics |
| plain | ` + "`not-first`" + ` |
`

// The outline splits at every heading, puts the :::region line above a
// heading into its section, and lists the code spans of the first column.
func TestOutline(t *testing.T) {
	s := mustParse(t, outlineBody)
	o, err := s.Outline(testSite())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, sec := range o.Sections {
		got = append(got, fmt.Sprintf("%s|%s|%d|%s|%s", sec.ID, sec.Title, sec.Level, sec.Pos, sec.text))
	}
	want := []string{
		"your-rights|Your rights|2|content/x.md:7:1|## Your rights You have rights.",
		`dpo|Contact|3|content/x.md:12:1|:::region{only="eu"} ### Contact {#dpo} Write to the DPO. :::`,
		`dpo|Contact|3|content/x.md:18:1|:::region{only="us"} ### Contact {#dpo} Write to us. :::`,
		"cookies|Cookies|2|content/x.md:23:1|## Cookies | Name | Purpose | |---|---| | `_ga`, `_ga_*` | analytics | | plain | `not-first` |",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sections:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if o.intro != "Intro text over two lines." {
		t.Errorf("intro = %q", o.intro)
	}
	wantCodes := []Code{
		{"_ga", diag.Pos{File: "content/x.md", Line: 27, Col: 3, EndLine: 27, EndCol: 8}},
		{"_ga_*", diag.Pos{File: "content/x.md", Line: 27, Col: 10, EndLine: 27, EndCol: 17}},
	}
	if !reflect.DeepEqual(o.Codes, wantCodes) {
		t.Errorf("codes = %+v, want %+v", o.Codes, wantCodes)
	}

	tr := o.TranslationOf()
	if !reflect.DeepEqual(tr.IDs, []string{"your-rights", "dpo", "cookies"}) || len(tr.Sections) != 3 || tr.Intro == "" {
		t.Errorf("translationOf = %+v", tr)
	}
	if tr.Meta != hash8("T\n") || tr.Version != "" || !tr.Effective.IsZero() {
		t.Errorf("translationOf of the front matter: %+v", tr)
	}
	fm, _ := parseString(t, "---\ntitle: \" T \"\ndescription: D\nversion: 3.10\neffective: 2026-11-01\n---\n"+outlineBody)
	o4, _ := fm.Outline(testSite())
	if tr := o4.TranslationOf(); tr.Meta != hash8("T\nD") || tr.Version != "3.10" || FormatDate(tr.Effective) != "2026-11-01" {
		t.Errorf("translationOf of the front matter: %+v", tr)
	}

	// Rewrapping a paragraph changes no hash; a word does, in its section only.
	s2 := mustParse(t, strings.Replace(outlineBody, "Intro text\nover", "Intro text over\n ", 1))
	o2, _ := s2.Outline(testSite())
	if o2.TranslationOf().Intro != tr.Intro {
		t.Error("rewrapping the intro changed its hash")
	}
	s3 := mustParse(t, strings.Replace(outlineBody, "Write to us.", "Write to us now.", 1))
	o3, _ := s3.Outline(testSite())
	for id, h := range o3.TranslationOf().Sections {
		if changed := h != tr.Sections[id]; changed != (id == "dpo") {
			t.Errorf("section %s: changed = %v", id, changed)
		}
	}
}

func TestTranslationOfFrontMatter(t *testing.T) {
	const hint = " (charter check --stamp content/x.md writes it; run it again when the translation follows its source)"
	nov1 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, src string
		want      *TranslationOf
		diag      string
	}{
		{"yaml, as --stamp writes it",
			"---\ntitle: T\ntranslationOf: # charter check --stamp writes this\n  version: \"3.2\"\n  effective: 2026-11-01\n  meta: \"a1b2c3d4\" # title and description\n" +
				"  intro: \"0123abcd\"\n  sections:\n    your-rights: \"89abcdef\"\n    \"2024\": \"00000000\"\n---\nText\n",
			&TranslationOf{Version: "3.2", Effective: nov1, Meta: "a1b2c3d4", Intro: "0123abcd",
				Sections: map[string]string{"your-rights": "89abcdef", "2024": "00000000"}, IDs: []string{"your-rights", "2024"},
				Pos: diag.Pos{File: "content/x.md", Line: 3, Col: 1, EndLine: 3, EndCol: 14}}, ""},
		{"yaml, from before version and meta", "---\ntitle: T\ntranslationOf:\n  sections: {b: \"89abcdef\", a: \"00000000\"}\n---\n",
			&TranslationOf{Sections: map[string]string{"a": "00000000", "b": "89abcdef"}, IDs: []string{"b", "a"},
				Pos: diag.Pos{File: "content/x.md", Line: 3, Col: 1, EndLine: 3, EndCol: 14}}, ""},
		{"yaml, a version as a number", "---\ntitle: T\ntranslationOf:\n  version: 3.10\n---\n",
			&TranslationOf{Version: "3.10", Sections: map[string]string{},
				Pos: diag.Pos{File: "content/x.md", Line: 3, Col: 1, EndLine: 3, EndCol: 14}}, ""},
		{"toml, as --stamp writes it", "+++\ntitle = \"T\"\n[translationOf]\nversion = \"3.2\"\neffective = 2026-11-01\nmeta = \"a1b2c3d4\"\n[translationOf.sections]\nb = \"89abcdef\"\n\"個人情報\" = \"00000000\"\n+++\nText\n",
			&TranslationOf{Version: "3.2", Effective: nov1, Meta: "a1b2c3d4", Sections: map[string]string{"b": "89abcdef", "個人情報": "00000000"}, IDs: []string{"b", "個人情報"},
				Pos: diag.Pos{File: "content/x.md", Line: 3, Col: 2, EndLine: 3, EndCol: 15}}, ""},
		{"toml, dotted keys", "+++\ntitle = \"T\"\ntranslationOf.sections.b = \"89abcdef\"\ntranslationOf.sections.a = \"00000000\"\n+++\n",
			&TranslationOf{Sections: map[string]string{"a": "00000000", "b": "89abcdef"}, IDs: []string{"b", "a"},
				Pos: diag.Pos{File: "content/x.md", Line: 3, Col: 1, EndLine: 3, EndCol: 14}}, ""},
		{"a string", "---\ntitle: T\ntranslationOf: abc\n---\n", nil,
			`content/x.md:3:16: warning: translationOf must be a table of the source's version, effective date and hashes, not "abc"` + hint},
		{"a bad hash", "---\ntitle: T\ntranslationOf:\n  sections:\n    a: \"00000000\"\n    b: 12345678\n---\n", nil,
			`content/x.md:6:8: warning: translationOf section "b" must have a hash of 8 hex digits, not 12345678` + hint},
		{"a bad hash in toml", "+++\ntitle = \"T\"\n[translationOf]\nintro = \"0123abcd\"\n[translationOf.sections]\na = \"00000000\"\nb = \"1234567\"\n+++\n", nil,
			`content/x.md:7:5: warning: translationOf section "b" must have a hash of 8 hex digits, not "1234567"` + hint},
		{"a bad hash in an inline table", "+++\ntitle = \"T\"\ntranslationOf = {sections = {a = \"00000000\", b = 1}}\n+++\n", nil,
			`content/x.md:3:50: warning: translationOf section "b" must have a hash of 8 hex digits, not 1` + hint},
		{"a bad intro", "---\ntitle: T\ntranslationOf: {intro: x}\n---\n", nil,
			`content/x.md:3:24: warning: translationOf intro must be a hash of 8 hex digits, not "x"` + hint},
		{"a bad meta", "---\ntitle: T\ntranslationOf:\n  meta: \"ABCDEF01\"\n---\n", nil,
			`content/x.md:4:9: warning: translationOf meta must be a hash of 8 hex digits, not "ABCDEF01"` + hint},
		{"a bad version", "---\ntitle: T\ntranslationOf:\n  version: [3]\n---\n", nil,
			`content/x.md:4:12: warning: translationOf version must be text, not a list` + hint},
		{"a bad date", "---\ntitle: T\ntranslationOf:\n  effective: 2026-02-30\n---\n", nil,
			`content/x.md:4:14: warning: translationOf effective must be a date, not "2026-02-30"` + hint},
		{"sections not a table", "---\ntitle: T\ntranslationOf:\n  sections: [a]\n---\n", nil,
			`content/x.md:4:13: warning: translationOf sections must be a table of heading id = hash, not a list` + hint},
		{"an unknown key", "---\ntitle: T\ntranslationOf:\n  hash: \"12345678\"\n---\n", nil,
			`content/x.md:4:3: warning: translationOf has an unknown key "hash"` + hint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := parseString(t, tt.src)
			if got := diagsString(diags); got != tt.diag {
				t.Errorf("diagnostics:\n%s\nwant\n%s", got, tt.diag)
			}
			if s == nil {
				t.Fatal("no source")
			}
			if !reflect.DeepEqual(s.Meta.TranslationOf, tt.want) {
				t.Errorf("translationOf = %+v, want %+v", s.Meta.TranslationOf, tt.want)
			}
			if s.Meta.Params != nil {
				t.Errorf("params = %v", s.Meta.Params)
			}
		})
	}
}

func diagsString(l diag.List) string {
	var out []string
	for _, d := range l {
		out = append(out, d.Error())
	}
	return strings.Join(out, "\n")
}

// SetTranslationOf changes the key and nothing else, in either syntax.
func TestSetTranslationOf(t *testing.T) {
	stamp := TranslationOf{Version: "3.2", Effective: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Meta: "a1b2c3d4", Intro: "0123abcd",
		Sections: map[string]string{"b-second": "22222222", "a-first": "11111111"}, IDs: []string{"b-second", "a-first"}}
	yamlBlock := "translationOf: # charter check --stamp writes this\n  version: \"3.2\"\n  effective: 2026-11-01\n  meta: \"a1b2c3d4\" # title and description\n" +
		"  intro: \"0123abcd\"\n  sections:\n    b-second: \"22222222\"\n    a-first: \"11111111\"\n"
	tomlBlock := "[translationOf] # charter check --stamp writes this\nversion = \"3.2\"\neffective = 2026-11-01\nmeta = \"a1b2c3d4\" # title and description\n" +
		"intro = \"0123abcd\"\n[translationOf.sections]\nb-second = \"22222222\"\na-first = \"11111111\"\n"
	tests := []struct{ name, src, want string }{
		{"yaml, added at the end",
			"---\ntitle: T # a comment\naliases: [/x/]\n\n---\nBody\n",
			"---\ntitle: T # a comment\naliases: [/x/]\n\n" + yamlBlock + "---\nBody\n"},
		{"yaml, replaced where it is",
			"---\ntitle: T\ntranslationOf:\n  intro: \"ffffffff\"\n\n# about the version\nversion: \"3\"\n---\nBody\n",
			"---\ntitle: T\n" + yamlBlock + "\n# about the version\nversion: \"3\"\n---\nBody\n"},
		{"yaml, CRLF and a byte order mark",
			"\xEF\xBB\xBF---\r\ntitle: T\r\ntranslationOf: {intro: \"ffffffff\"}\r\n---\r\nBody\r\n",
			"\xEF\xBB\xBF---\r\ntitle: T\r\n" + strings.ReplaceAll(yamlBlock, "\n", "\r\n") + "---\r\nBody\r\n"},
		{"toml, added",
			"+++\ntitle = \"T\"\n[params]\nx = 1\n+++\nBody\n",
			"+++\ntitle = \"T\"\n[params]\nx = 1\n" + tomlBlock + "+++\nBody\n"},
		{"toml, replaced",
			"+++\ntitle = \"T\"\ntranslationOf.intro = \"ffffffff\"\n[translationOf.sections]\nold = \"ffffffff\"\n[params]\nx = 1\n+++\nBody\n",
			"+++\ntitle = \"T\"\n[params]\nx = 1\n" + tomlBlock + "+++\nBody\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetTranslationOf("content/x.de.md", []byte(tt.src), stamp, testSite())
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}

	// An effective date with a time keeps it, in either syntax.
	withTime := stamp
	withTime.Effective = time.Date(2026, 11, 1, 9, 30, 0, 0, time.FixedZone("", 3600))
	for _, src := range []string{"---\ntitle: T\n---\nBody\n", "+++\ntitle = \"T\"\n+++\nBody\n"} {
		got, err := SetTranslationOf("content/x.de.md", []byte(src), withTime, testSite())
		if err != nil || !strings.Contains(string(got), "effective: 2026-11-01T09:30:00+01:00\n") && !strings.Contains(string(got), "effective = 2026-11-01T09:30:00+01:00\n") {
			t.Errorf("a time: %v\n%s", err, got)
		}
	}

	// Front matter indented as a whole cannot take the key at column 1:
	// the result would not read, so nothing is returned.
	_, err := SetTranslationOf("content/x.de.md", []byte("---\n  title: T\n  version: \"1\"\n---\nBody\n"), stamp, testSite())
	if err == nil || !strings.Contains(err.Error(), "set it by hand") {
		t.Errorf("indented front matter: err = %v", err)
	}
}
