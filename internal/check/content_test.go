package check

import (
	"context"
	"maps"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/site"
)

// contentSiteTOML has two regions: x (en, fr) and d (de, fr).
const contentSiteTOML = `title = "T"
[regions.x]
domain = "x.test"
baseURL = "https://x.test/"
languages = ["en", "fr"]
consent = "none"
[regions.d]
domain = "d.test"
baseURL = "https://d.test/"
languages = ["de", "fr"]
country = "DE"
consent = "none"
`

// contentSite loads files (site.toml defaults to contentSiteTOML; the
// fr and de locales are added) into a model in memory, as charter check
// does, and returns its snapshot's diagnostics and every check's
// findings.
func contentSite(t *testing.T, files map[string]string) diag.List {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":       {Data: []byte(contentSiteTOML)},
		"locales/fr.toml": {Data: []byte("[meta]\nlanguage = \"Français\"\n")},
		"locales/de.toml": {Data: []byte("[meta]\nlanguage = \"Deutsch\"\n")},
	}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	m := site.New(site.Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	defer m.Close()
	snap := m.Update(context.Background(), nil)
	findings := snap.Diags
	if !snap.Failed() {
		findings = append(findings, Run(snap)...)
	}
	findings.Sort()
	return findings
}

// contentFinding is what a test asserts of one: "file:line:col severity rule:
// message (hint)".
func contentFinding(d *diag.Diagnostic) string {
	s := d.Pos.String() + " " + d.Severity.String() + " " + d.Rule + ": " + d.Message
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// onlyRules keeps the findings of the given rules.
func onlyRules(l diag.List, rules ...string) []string {
	var out []string
	for _, d := range l {
		for _, r := range rules {
			if d.Rule == r {
				out = append(out, contentFinding(d))
			}
		}
	}
	return out
}

func TestFrontMatterFindings(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"own keys under params: are not flagged",
			map[string]string{"content/a.md": "---\ntitle: A\nparams:\n  owner: Legal\n  reviewDate: 2026-11-02\n---\n\nA.\n"},
			nil},
		{"unknown key",
			map[string]string{"content/a.md": "---\ntitle: A\nowner: Legal\n---\n\nA.\n"},
			[]string{`content/a.md:3:1 warning front-matter-key: unknown front matter key "owner": charter does not read it (a value of your own for layouts goes under params: (params: {owner: ...}); else remove it)`}},
		{"unknown key in toml",
			map[string]string{"content/a.md": "+++\ntitle = 'A'\n  owner = 'Legal'\n+++\n\nA.\n"},
			[]string{`content/a.md:3:3 warning front-matter-key: unknown front matter key "owner": charter does not read it (a value of your own for layouts goes under params: (params: {owner: ...}); else remove it)`}},
		{"misspelled known key: the build's error",
			map[string]string{"content/a.md": "---\ntitle: A\ndescripton: x\n---\n\nA.\n"},
			[]string{`content/a.md:3:1 error front-matter-key: unknown front matter key "descripton" (did you mean "description"?)`}},
		{"impossible date in a date key",
			map[string]string{"content/a.md": "---\ntitle: A\nparams:\n  lastReviewed: 2026-02-30\n---\n\nA.\n"},
			[]string{`content/a.md:4:17 error front-matter-date: lastReviewed must be a date, not "2026-02-30": February 2026 has 28 days (write a real date as YYYY-MM-DD, e.g. 2026-11-01)`}},
		{"text in a date key",
			map[string]string{"content/a.md": "---\ntitle: A\nparams:\n  reviewDate: soon\n---\n\nA.\n"},
			[]string{`content/a.md:4:15 error front-matter-date: reviewDate must be a date, not "soon" (write a real date as YYYY-MM-DD, e.g. 2026-11-01)`}},
		{"a number in a date key, toml",
			map[string]string{"content/a.md": "+++\ntitle = 'A'\n[params]\npublished = 20261102\n+++\n\nA.\n"},
			[]string{`content/a.md:4:13 error front-matter-date: published must be a date, not 20261102 (write a real date as YYYY-MM-DD, e.g. 2026-11-01)`}},
		{"a value written as a date in any key",
			map[string]string{"content/a.md": "---\ntitle: A\nparams:\n  notes: [\"ok\", \"2026-04-31\"]\n---\n\nA.\n"},
			[]string{`content/a.md:4:10 error front-matter-date: "2026-04-31" in notes is not a date: April 2026 has 30 days (write a real date as YYYY-MM-DD, e.g. 2026-11-01)`}},
		{"an unknown key with a bad date: both",
			map[string]string{"content/a.fr.md": "---\ntitle: A\nrevised: \"2026-13-01\"\n---\n\nA.\n", "content/a.md": "---\ntitle: A\n---\n\nA.\n"},
			[]string{
				`content/a.fr.md:3:1 warning front-matter-key: unknown front matter key "revised": charter does not read it (a value of your own for layouts goes under params: (params: {revised: ...}); else remove it)`,
				`content/a.fr.md:3:10 error front-matter-date: "2026-13-01" in revised is not a date: there is no month 13 (write a real date as YYYY-MM-DD, e.g. 2026-11-01)`,
			}},
		{"effective: the build's error",
			map[string]string{"content/a.md": "---\ntitle: A\neffective: 2026-02-29\n---\n\nA.\n"},
			[]string{`content/a.md:3:12 error front-matter-date: effective must be a date, not "2026-02-29": February 2026 has 28 days (write it as YYYY-MM-DD, e.g. effective: 2026-11-01)`}},
		{"impossible date in toml: the build's syntax error",
			map[string]string{"content/a.md": "+++\ntitle = 'A'\neffective = 2026-02-30\n+++\n\nA.\n"},
			[]string{`content/a.md:3:21 error front-matter-date: invalid TOML front matter: impossible date (write a real date as YYYY-MM-DD)`}},
		{"valid dates of every kind",
			map[string]string{"content/a.md": "---\ntitle: A\neffective: 2026-11-01\nparams:\n  reviewDate: 2028-02-29\n  updated: 2026-11-01T09:30:00+01:00\n  since: \"2026-01-31\"\n---\n\nA.\n"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := onlyRules(contentSite(t, tt.files), "front-matter-key", "front-matter-date")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestFallbackFindings(t *testing.T) {
	page := func(title string) string { return "---\ntitle: " + title + "\n---\n\nText.\n" }
	tests := []struct {
		name  string
		toml  string // appended to contentSiteTOML's region d, or "" for none
		files map[string]string
		want  []string
	}{
		{"every language translated", "",
			map[string]string{"content/a.md": page("A"), "content/a.fr.md": page("A fr"), "content/a.de.md": page("A de")},
			nil},
		{"a missing translation, in two regions: one finding at the title of the default source", "",
			map[string]string{"content/a.md": page("A"), "content/a.de.md": page("A de")},
			[]string{`content/a.md:2:1 warning missing-translation: page a has no French (fr) translation: visitors read it in English (write content/a.fr.md, or, if the fallback is intended, add "a" to the region's fallbackOK in site.toml) [x d]`}},
		{"a page with no default-language source: at the source shown", `fallback = "de"`,
			map[string]string{"content/b.de.md": "---\ndescription: x\ntitle: B\n---\n", "content/a.md": page("A"), "content/a.fr.md": page("A"), "content/a.de.md": page("A")},
			[]string{`content/b.de.md:3:1 warning missing-translation: page b has no French (fr) translation: visitors read it in German (write content/b.fr.md, or, if the fallback is intended, add "b" to the region's fallbackOK in site.toml) [d]`}},
		{"fallbackOK lists the page", `fallbackOK = ["a"]`,
			map[string]string{"content/a.md": page("A"), "content/a.de.md": page("A de")},
			[]string{`content/a.md:2:1 warning missing-translation: page a has no French (fr) translation: visitors read it in English (write content/a.fr.md, or, if the fallback is intended, add "a" to the region's fallbackOK in site.toml) [x]`}},
		{"fallbackOK every page", `fallbackOK = ["*"]`,
			map[string]string{"content/a.md": page("A"), "content/a.fr.md": page("A fr")},
			nil},
		{"fallbackOK names no page", `fallbackOK = ["cokies", "legal/terms"]`,
			map[string]string{"content/cookies.md": page("C"), "content/cookies.fr.md": page("C"), "content/cookies.de.md": page("C")},
			[]string{
				`site.toml:13:15 warning fallback-ok: fallbackOK of region d lists "cokies", which is no page (did you mean "cookies"?)`,
				`site.toml:13:25 warning fallback-ok: fallbackOK of region d lists "legal/terms", which is no page (a page id is the path under content/ without the language and .md)`,
			}},
		{"fallbackOK of a page now translated", `fallbackOK = ["cookies"]`,
			map[string]string{"content/cookies.md": page("C"), "content/cookies.fr.md": page("C"), "content/cookies.de.md": page("C")},
			[]string{`site.toml:13:15 warning fallback-ok: fallbackOK of region d lists "cookies", which the region shows translated in all its languages (remove it, so that check warns if a translation goes missing again)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(tt.files)
			if tt.toml != "" {
				files["site.toml"] = contentSiteTOML + tt.toml + "\n"
			}
			var got []string
			for _, d := range contentSite(t, files) {
				if d.Rule == RuleMissingTranslation || d.Rule == RuleFallbackOK {
					got = append(got, contentFinding(d)+contentRegions(d))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func contentRegions(d *diag.Diagnostic) string {
	if len(d.Regions) == 0 {
		return ""
	}
	return " [" + strings.Join(d.Regions, " ") + "]"
}
