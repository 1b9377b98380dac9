package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// checkReport is the part of charter check --format json a test reads.
type checkReport struct {
	Errors, Warnings int
	Findings         []struct {
		Severity, File, Rule, Message string
		Line, Col                     int
		Regions                       []string
	}
}

// contentRules are the rules TestCheckContentFindings is about.
var contentRules = map[string]bool{"unserved-language": true, "unshown-source": true, "front-matter-key": true, "front-matter-date": true,
	"duplicate-alias": true, "alias-collision": true, "alias-own-url": true, "missing-translation": true, "fallback-ok": true}

// checkSiteTOML is a small site: region x serves en and fr.
const checkSiteTOML = `title = "T"
[regions.x]
domain = "x.test"
baseURL = "https://x.test/"
languages = ["en", "fr"]
consent = "none"
`

// Each finding of the content checks, through the command line: its
// rule, file:line:col and severity in the json report, and the exit
// code with and without --strict.
func TestCheckContentFindings(t *testing.T) {
	page := func(fm string) string { return "---\n" + fm + "\ndescription: D\n---\n\nText.\n" }
	translated := map[string]string{"content/a.md": page("title: A"), "content/a.fr.md": page("title: A fr")}
	tests := []struct {
		name   string
		toml   string // appended to checkSiteTOML
		files  map[string]string
		want   string // "severity rule file:line:col"
		code   int    // exit code without --strict
		strict int    // with --strict
	}{
		{"unserved-language", "", map[string]string{"content/a.fr-FR.md": page("title: A")},
			"warning unserved-language content/a.fr-FR.md", 0, 1},
		{"unshown-source", "\n[regions.d]\ndomain = \"d.test\"\nbaseURL = \"https://d.test/\"\nlanguages = [\"de\"]\nconsent = \"none\"\nfallbackOK = [\"*\"]",
			map[string]string{"content/b.de.md": page("title: B\nregions: [x]")},
			"warning unshown-source content/b.de.md", 0, 1},
		{"front-matter-key unknown", "", map[string]string{"content/a.md": page("title: A\nowner: Legal"), "content/a.fr.md": page("title: A fr")},
			"warning front-matter-key content/a.md:3:1", 0, 1},
		{"front-matter-key misspelled", "", map[string]string{"content/a.md": page("title: A\ndarft: true"), "content/a.fr.md": page("title: A fr")},
			"error front-matter-key content/a.md:3:1", 1, 1},
		{"front-matter-date", "", map[string]string{"content/a.md": page("title: A\nparams:\n  lastReviewed: 2026-02-30"), "content/a.fr.md": page("title: A fr")},
			"error front-matter-date content/a.md:4:17", 1, 1},
		{"duplicate-alias", "", map[string]string{"content/a.md": page("title: A\naliases: [/old/]"), "content/a.fr.md": page("title: A fr"),
			"content/b.md": page("title: B\naliases: [/old/]"), "content/b.fr.md": page("title: B fr\naliases: []")},
			"error duplicate-alias content/b.md:3:11", 1, 1},
		{"alias-collision", "", map[string]string{"content/a.md": page("title: A\naliases: [/b/]"), "content/a.fr.md": page("title: A fr\naliases: []"),
			"content/b.md": page("title: B"), "content/b.fr.md": page("title: B fr")},
			"error alias-collision content/a.md:3:11", 1, 1},
		{"alias-own-url", "", map[string]string{"content/a.md": page("title: A\naliases: [/a/]"), "content/a.fr.md": page("title: A fr\naliases: []")},
			"warning alias-own-url content/a.md:3:11", 0, 1},
		{"missing-translation", "", map[string]string{"content/a.md": page("title: A")},
			"warning missing-translation content/a.md:2:1", 0, 1},
		{"missing-translation intended", `fallbackOK = ["a"]`, map[string]string{"content/a.md": page("title: A")},
			"", 0, 0},
		{"fallback-ok", `fallbackOK = ["b"]`, translated,
			"warning fallback-ok site.toml:7:15", 0, 1},
		{"a clean site", "", translated, "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "site.toml"), checkSiteTOML+tt.toml+"\n")
			// A home page in both languages, which the layouts link to.
			writeFile(t, filepath.Join(dir, "content/index.md"), page("title: Home"))
			writeFile(t, filepath.Join(dir, "content/index.fr.md"), page("title: Accueil"))
			for name, text := range tt.files {
				writeFile(t, filepath.Join(dir, name), text)
			}
			for _, strict := range []bool{false, true} {
				args := []string{"check", "--site", dir, "--format", "json"}
				want := tt.code
				if strict {
					args, want = append(args, "--strict"), tt.strict
				}
				code, out, errs := run(t, args...)
				if code != want {
					t.Errorf("%s: exit %d, want %d\n%s%s", strings.Join(args[4:], " "), code, want, out, errs)
				}
				var r checkReport
				if err := json.Unmarshal([]byte(out), &r); err != nil {
					t.Fatalf("not json: %v\n%s", err, out)
				}
				var got []string
				for _, f := range r.Findings {
					if !contentRules[f.Rule] {
						continue // another check's, which this site should not have
					}
					file, ok := strings.CutPrefix(f.File, filepath.ToSlash(dir)+"/")
					if !ok {
						t.Errorf("%s is not in the site folder", f.File)
					}
					pos := file
					if f.Line > 0 {
						pos = fmt.Sprintf("%s:%d:%d", file, f.Line, f.Col)
					}
					got = append(got, f.Severity+" "+f.Rule+" "+pos)
				}
				if !strict && strings.Join(got, "\n") != tt.want {
					t.Errorf("findings\n%s\nwant\n%s\n%s", strings.Join(got, "\n"), tt.want, out)
				}
				if strict && r.Warnings != 0 {
					t.Errorf("--strict: %d warnings", r.Warnings)
				}
			}
		})
	}
}
