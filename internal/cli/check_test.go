package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/check"
)

// An editor's mistakes, as check reports them in each format, with the
// exit code CI reads. check writes nothing into the site.
func TestCheckFormatsAndExitCodes(t *testing.T) {
	dir := copySite(t)
	replaceIn(t, filepath.Join(dir, "content", "privacy.md"), "\n## ", "\nSee the [terms](/terms/) and [cookies](/cookies/#no-such-anchor).\n\n## ")
	tests := []struct {
		format string
		want   []string
	}{
		{"text", []string{"content/privacy.md:", ": link /terms/ goes to no page (regions us, ", "check: 2 errors, 9 warnings"}}, // the nine translations of privacy.md are stale now,
		{"github", []string{"::error file=", "content/privacy.md,line=", "title=charter link::link /terms/ goes to no page", "title=charter anchor::"}},
		{"json", []string{`"version": 1`, `"rule": "anchor"`, `"errors": 2`}},
		{"sarif", []string{`"version": "2.1.0"`, `"ruleId": "link"`, `"startLine": `}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, stdout, stderr := run(t, "check", "--site", dir, "--format", tt.format)
			if code != ExitSite {
				t.Errorf("exit %d, want %d\n%s", code, ExitSite, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, stdout)
				}
			}
			if tt.format == "json" || tt.format == "sarif" {
				var v any
				if err := json.Unmarshal([]byte(stdout), &v); err != nil {
					t.Errorf("not JSON: %v", err)
				}
			}
		})
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "public", "*")); len(m) > 0 {
		t.Errorf("check wrote %v", m)
	}
	// A warning fails only with --strict.
	replaceIn(t, filepath.Join(dir, "content", "privacy.md"), "See the [terms](/terms/) and [cookies](/cookies/#no-such-anchor).\n", "")
	writeFile(t, filepath.Join(dir, "content", "notes.md"), "---\ntitle: Notes\nregions: [us]\n---\n\nNo description.\n")
	if code, stdout, _ := run(t, "check", "--site", dir); code != ExitOK || !strings.Contains(stdout, "content/notes.md:1:1: warning: the page has no description") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	if code, stdout, _ := run(t, "check", "--site", dir, "--strict"); code != ExitSite || !strings.Contains(stdout, "check: 1 error, 0 warnings") {
		t.Errorf("--strict: exit %d:\n%s", code, stdout)
	}
}

func TestCheckUsage(t *testing.T) {
	if code, _, stderr := run(t, "check", "--format", "xml"); code != ExitUsage || !strings.Contains(stderr, `unknown format "xml"`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// A misspelled placeholder in a site's own locale file fails check (as it
// fails the build) at the key, and the other German strings stay merged.
func TestCheckLocalePlaceholder(t *testing.T) {
	dir := copySite(t)
	writeFile(t, filepath.Join(dir, "locales", "de.toml"), "[page]\neffective = \"Gültig ab {datum}\"\n")
	code, stdout, _ := run(t, "check", "--site", dir, "--format", "github")
	if code != ExitSite {
		t.Errorf("exit %d", code)
	}
	want := "::error file=" + filepath.ToSlash(dir) + "/locales/de.toml,line=2,col=1,"
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, "{datum}") || strings.Count(stdout, "::error") != 1 {
		t.Errorf("want one error starting %q:\n%s", want, stdout)
	}
}

func TestFileBase(t *testing.T) {
	wd, _ := os.Getwd()
	for _, tt := range []struct{ site, want string }{
		{".", ""},
		{wd, ""},
		{"legal", "legal/"},
		{filepath.Join(wd, "legal", "site"), "legal/site/"},
		{filepath.Dir(wd), filepath.ToSlash(filepath.Dir(wd)) + "/"}, // outside: absolute
	} {
		if got := check.FileBase(tt.site); got != tt.want {
			t.Errorf("FileBase(%q) = %q, want %q", tt.site, got, tt.want)
		}
	}
}
