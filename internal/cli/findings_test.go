package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
)

// everyFinding is one of each thing check finds, made by breaking a copy
// of the example site, with where it is reported ("file:line:col" in the
// site, or the file alone), its severity and the exit code of check
// without --strict. A position written as "file@text" is the first text in
// that file of the broken copy, for files the example's authors keep
// editing above the spot.
var everyFinding = []struct {
	rule, pos, severity string
	code                int
	edit                func(t *testing.T, dir string)
}{
	{"link", "content/privacy.md:10:13", "error", ExitSite, insertAt("content/privacy.md", "\n## ", "\nSee [terms](/terms/).\n\n## ")},
	{"anchor", "content/privacy.md:10:15", "error", ExitSite, insertAt("content/privacy.md", "\n## ", "\nSee [cookies](/cookies/#no-such-anchor).\n\n## ")},
	{"duplicate-id", "content/implementation-request.md@{#main}", "error", ExitSite, insertAt("content/implementation-request.md", "\n## ", "\n## Main {#main}\n\n## ")},
	{"description", "content/notes.md:1:1", "warning", ExitOK, write("content/notes.md", "---\ntitle: Notes\nregions: [us]\n---\n\nNo description.\n")},
	{"image-alt", "content/notes.md:7:5", "warning", ExitOK, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us]\n---\n\n![](/favicon.svg)\n")},
	{"missing-translation", "content/notes.md:2:1", "warning", ExitOK, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us, de]\n---\n\nOnly in English.\n")},
	{"translation-stale", "content/privacy.de.md:7:1", "warning", ExitOK, insertAt("content/privacy.md", "\n## ", "\nA new paragraph.\n\n## ")},
	{"locale-unused-key", "locales/en.toml:2:1", "warning", ExitOK, write("locales/en.toml", "[footer]\nimprint = \"Imprint\"\n")},
	{"locale-placeholder", "locales/de.toml:2:1", "error", ExitSite, write("locales/de.toml", "[page]\neffective = \"Gültig ab {datum}\"\n")},
	{"locale-plural", "locales/pl.toml:1:2", "warning", ExitOK, write("locales/pl.toml", "[sections]\none = \"{count} sekcja\"\nother = \"{count} sekcji\"\n")},
	{"front-matter-key", "content/notes.md:4:1", "warning", ExitOK, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nowner: legal\nregions: [us]\n---\n\nN.\n")},
	{"front-matter-date", "content/notes.md:6:13", "error", ExitSite, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us]\nparams:\n  reviewed: 2026-02-30\n---\n\nN.\n")},
	{"unserved-language", "content/privacy.de-DE.md", "warning", ExitOK, copyTo("content/privacy.de.md", "content/privacy.de-DE.md")},
	{"duplicate-alias", "content/privacy.md:7:11", "error", ExitSite, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us]\naliases: [\"/privacy-policy/\"]\n---\n\nN.\n")},
	{"required-content", `site.toml@"privacy#data-protection-officer"]`, "error", ExitSite, replace("content/privacy.de.md", "### Datenschutzbeauftragter {#data-protection-officer}", "### Datenschutzbeauftragter")},
	{"cookie-undisclosed", `site.toml@"_new"`, "error", ExitSite, insertAt("site.toml", "\n\n[[consent.categories.cookie]]\nid = \"demo_analytics\"", "\ncookies = [\"_new\"]\n\n[[consent.categories.cookie]]\nid = \"demo_analytics\"")},
	{"cookie-undeclared", "content/cookies.md@`_new`", "error", ExitSite, insertAt("content/cookies.md", "\n::cookies\n", "\n::cookies\n\n| Name | Provider | Category | Purpose | Duration |\n|---|---|---|---|---|\n| `_new` | Acme24 | Analytics | New | 1 day |\n")},
	{"fallback-ok", `site.toml@"nosuch"`, "warning", ExitOK, replace("site.toml", `fallbackOK = ["privacy", "cookies"]`, `fallbackOK = ["privacy", "cookies", "nosuch"]`)},
	{"locale-missing-key", "locales/de.toml:1:2", "warning", ExitOK, all(
		layout("layouts/partials/footer.html", `<p class="footer-brand">`, `<p>{{ .T "footer.imprint" }}</p><p class="footer-brand">`),
		write("locales/en.toml", "[footer]\nimprint = \"Imprint\"\n"),
		write("locales/de.toml", "[footer]\nnote = \"Hinweis\"\n"))},
	{"hreflang", "content/privacy.de.md", "error", ExitSite, layout("layouts/base.html", `{{- .Alternates.Each "alternate-link" }}`,
		`{{- $lang := .Lang }}{{ range .Alternates.Links }}{{ if or (eq $lang "de") (ne .Lang "de") }}<link rel="alternate" hreflang="{{ .Hreflang }}" href="{{ .URL }}">{{ end }}{{ end }}`)},
	{"resource", "content/notes.md:7:9", "error", ExitSite, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us]\n---\n\n![Logo](/logo.png)\n")},
	{"translation-aliases", "content/privacy.de.md:7:11", "warning", ExitOK, replace("content/privacy.de.md", "weight: 10\n", "weight: 10\naliases: [\"/datenschutz/\"]\n")},
	{"build", "content/notes.md:7:1", "error", ExitSite, write("content/notes.md", "---\ntitle: Notes\ndescription: N.\nregions: [us]\n---\n\n:::regoin{only=\"us\"}\nx\n:::\n")},
}

// layout writes a site's own copy of an embedded layout (or locale
// file) with one edit.
func layout(file, old, new string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		b, err := fs.ReadFile(charter.Defaults, file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s lacks %q", file, old)
		}
		writeFile(t, filepath.Join(dir, file), strings.Replace(string(b), old, new, 1))
	}
}

func all(edits ...func(*testing.T, string)) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		for _, e := range edits {
			e(t, dir)
		}
	}
}

func insertAt(file, before, text string) func(*testing.T, string) {
	return func(t *testing.T, dir string) { replaceIn(t, filepath.Join(dir, file), before, text) }
}

func replace(file, old, new string) func(*testing.T, string) {
	return func(t *testing.T, dir string) { replaceIn(t, filepath.Join(dir, file), old, new) }
}

func write(file, text string) func(*testing.T, string) {
	return func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, file), text) }
}

func copyTo(from, to string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		b, err := os.ReadFile(filepath.Join(dir, from))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, to), string(b))
	}
}

// Each finding, in each of the four formats, at its file:line:col, with
// its rule and severity, and the exit code CI reads.
func TestEveryFindingInEveryFormat(t *testing.T) {
	for _, f := range everyFinding {
		t.Run(f.rule, func(t *testing.T) {
			t.Parallel()
			dir := copySite(t)
			f.edit(t, dir)
			base := filepath.ToSlash(dir) + "/"
			pos := f.pos
			if file, text, ok := strings.Cut(pos, "@"); ok {
				line, col := posIn(t, filepath.Join(dir, file), text)
				pos = fmt.Sprintf("%s:%d:%d", file, line, col)
			}
			file, line, col := splitPos(pos)
			for _, format := range []string{"text", "github", "json", "sarif"} {
				code, stdout, stderr := run(t, "check", "--site", dir, "--format", format)
				if code != f.code {
					t.Errorf("%s: exit %d, want %d\n%s", format, code, f.code, stderr)
				}
				if !hasFinding(t, format, stdout, base+file, line, col, f.rule, f.severity) {
					t.Errorf("%s: no %s %s at %s:\n%s", format, f.severity, f.rule, pos, stdout)
				}
			}
		})
	}
}

// posIn is the line and column (1-based, in bytes) of the first text in
// the file at path.
func posIn(t *testing.T, path, text string) (line, col int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), text)
	if i < 0 {
		t.Fatalf("%s lacks %q", path, text)
	}
	return 1 + strings.Count(string(b[:i]), "\n"), i - strings.LastIndex(string(b[:i]), "\n")
}

func splitPos(pos string) (file string, line, col int) {
	parts := strings.Split(pos, ":")
	file = parts[0]
	if len(parts) == 3 {
		fmt.Sscan(parts[1], &line)
		fmt.Sscan(parts[2], &col)
	}
	return
}

func hasFinding(t *testing.T, format, out, file string, line, col int, rule, severity string) bool {
	t.Helper()
	switch format {
	case "text":
		pos := file
		if line > 0 {
			pos = fmt.Sprintf("%s:%d:%d", file, line, col)
		}
		prefix := pos + ": "
		if severity == "warning" {
			prefix += "warning: "
		}
		return strings.Contains("\n"+out, "\n"+prefix)
	case "github":
		props := "file=" + file
		if line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d,", line, col)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "::"+severity+" "+props) && strings.Contains(l, "title=charter "+rule+"::") {
				return true
			}
		}
		return false
	case "json":
		var r struct {
			Findings []struct {
				Severity, Rule, File string
				Line, Col            int
			}
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			if f.Severity == severity && f.Rule == rule && f.File == file && f.Line == line && f.Col == col {
				return true
			}
		}
		return false
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID, Level string
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	for _, r := range log.Runs[0].Results {
		for _, l := range r.Locations {
			p := l.PhysicalLocation
			if r.RuleID == rule && r.Level == severity && strings.TrimPrefix(p.ArtifactLocation.URI, "file://") == file &&
				p.Region.StartLine == line && p.Region.StartColumn == col {
				return true
			}
		}
	}
	return false
}
