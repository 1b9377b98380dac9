package cli

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
)

// A layout call whose names disagree with the en string's placeholders,
// or an en string whose placeholders disagree with the layout and every
// translation, fails charter build and charter check at the call, with
// hints that point at the en string when every translation sides with
// the call.
func TestCallPlaceholderErrors(t *testing.T) {
	// Where the call and the en string are, in the embedded files: the
	// call's key and its name "date", the en string's key.
	call := embeddedPos(t, "layouts/policy.html", `.T "page.effective" "date"`, `"page.effective"`)
	name := embeddedPos(t, "layouts/policy.html", `.T "page.effective" "date"`, `"date"`)
	en := embeddedPos(t, "locales/en.toml", `effective = "Effective {date}"`, `effective`)
	tests := []struct {
		name, file, old, new string
		build                string   // what charter build --region de prints, in part
		findings             []string // "severity rule file:line:col: hint" of check's errors
	}{
		{"a misspelt name in a layout", "layouts/policy.html", `.T "page.effective" "date"`, `.T "page.effective" "datum"`,
			call + ": \"page.effective\" needs {date}, which this call does not pass (it passes {datum}) (rename \"datum\" to \"date\": {{ .T \"page.effective\" \"date\" VALUE }})\n" +
				"    …<time datetime=\"{{ .Effective.Format \"2006-01-02\" }}\">{{ .T \"page.effective\" \"datum\" (date .Effective .Lang) }}</time>{{…\n" +
				"                                                                 ^~~~~~~~~~~~~~~~\n" +
				name + ": {datum} is not in \"page.effective\" (it has {date}) (did you mean \"date\"? The value passed as \"datum\" is not shown anywhere)\n",
			[]string{
				`error locale-placeholder ` + call + `: rename "datum" to "date": {{ .T "page.effective" "date" VALUE }}`,
				`error locale-placeholder ` + name + `: did you mean "date"? The value passed as "datum" is not shown anywhere`,
			}},
		{"a misspelt en string", "locales/en.toml", `effective = "Effective {date}"`, `effective = "Effective {dat}"`,
			call + ": \"page.effective\" needs {dat}, which this call does not pass (it passes {date}) (all 42 translations use {date}, as this call does; is the en string at " + en + " misspelt?)\n",
			append([]string{
				`error locale-placeholder ` + call + `: all 42 translations use {date}, as this call does; is the en string at ` + en + ` misspelt?`,
				`error locale-placeholder ` + name + `: all 42 translations use {date}, as this call does; is the en string at ` + en + ` misspelt?`,
			}, translationErrors(t, en)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := copySite(t)
			layout(tt.file, tt.old, tt.new)(t, dir)

			code, _, errs := run(t, "build", "--site", dir, "--region", "de")
			if code != ExitSite || !strings.Contains(errs, tt.build) {
				t.Errorf("build: exit %d, want %d and stderr with\n%s\ngot:\n%s", code, ExitSite, tt.build, errs)
			}

			code, out, errs := run(t, "check", "--site", dir, "--format", "json")
			if code != ExitSite {
				t.Errorf("check: exit %d, want %d\n%s", code, ExitSite, errs)
			}
			var r struct {
				Errors   int
				Findings []struct {
					Severity, Rule, File, Hint string
					Line, Col                  int
				}
			}
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("not json: %v\n%s", err, out)
			}
			var got []string
			for _, f := range r.Findings {
				if f.Severity == "error" {
					file := strings.TrimPrefix(f.File, filepath.ToSlash(dir)+"/")
					got = append(got, fmt.Sprintf("%s %s %s:%d:%d: %s", f.Severity, f.Rule, file, f.Line, f.Col, f.Hint))
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.findings))
			if !slices.Equal(got, want) || r.Errors != len(want) {
				t.Errorf("check: %d errors\n\t%s\nwant\n\t%s", r.Errors, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

// translationErrors are the errors of the embedded translations of
// page.effective, which use {date}, against an en string with {dat} (at
// en): those of the regions' languages and of their fallback chains
// (es-419 → es, pt-BR → pt; es-419 has no page.effective of its own).
func translationErrors(t *testing.T, en string) []string {
	var out []string
	for _, lang := range []string{"ar", "de", "es", "fr", "id", "it", "ja", "ms", "pl", "pt-BR", "pt", "th", "tr", "vi", "zh-Hans", "zh-Hant"} {
		at := embeddedPos(t, "locales/"+lang+".toml", "\neffective = \"", "effective")
		out = append(out, "error locale-placeholder (embedded)/"+at+": nothing fills {date} in, so the page shows it as written; but all 42 translations use {date}: is the en string at "+en+" misspelt?")
	}
	return out
}

// embeddedPos is "file:line:col" of the first at inside the first
// within in the embedded file (layouts and locales are the defaults).
func embeddedPos(t *testing.T, file, within, at string) string {
	t.Helper()
	b, err := fs.ReadFile(charter.Defaults, file)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), within)
	j := strings.Index(within, at)
	if i < 0 || j < 0 {
		t.Fatalf("%s lacks %q in %q", file, at, within)
	}
	off := i + j
	line := 1 + strings.Count(string(b[:off]), "\n")
	col := off - strings.LastIndex(string(b[:off]), "\n")
	return fmt.Sprintf("%s:%d:%d", file, line, col)
}
