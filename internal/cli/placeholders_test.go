package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A layout call whose names disagree with the en string's placeholders,
// or an en string whose placeholders disagree with the layout and every
// translation, fails charter build and charter check at the call, with
// hints that point at the en string when every translation sides with
// the call.
func TestCallPlaceholderErrors(t *testing.T) {
	tests := []struct {
		name, file, old, new string
		build                string   // what charter build --region de prints, in part
		findings             []string // "severity rule file:line:col: hint" of check's errors
	}{
		{"a misspelt name in a layout", "layouts/page.html", `.T "page.effective" "date"`, `.T "page.effective" "datum"`,
			"layouts/page.html:6:92: \"page.effective\" needs {date}, which this call does not pass (it passes {datum}) (rename \"datum\" to \"date\": {{ .T \"page.effective\" \"date\" VALUE }})\n" +
				"    …<time datetime=\"{{ .Effective.Format \"2006-01-02\" }}\">{{ .T \"page.effective\" \"datum\" (date .Effective .Lang) }}</time>{{…\n" +
				"                                                                 ^~~~~~~~~~~~~~~~\n" +
				"layouts/page.html:6:109: {datum} is not in \"page.effective\" (it has {date}) (did you mean \"date\"? The value passed as \"datum\" is not shown anywhere)\n",
			[]string{
				`error locale-placeholder layouts/page.html:6:92: rename "datum" to "date": {{ .T "page.effective" "date" VALUE }}`,
				`error locale-placeholder layouts/page.html:6:109: did you mean "date"? The value passed as "datum" is not shown anywhere`,
			}},
		{"a misspelt en string", "locales/en.toml", `effective = "Effective {date}"`, `effective = "Effective {dat}"`,
			"layouts/page.html:6:92: \"page.effective\" needs {dat}, which this call does not pass (it passes {date}) (all 14 translations use {date}, as this call does; is the en string at locales/en.toml:25:1 misspelt?)\n",
			append([]string{
				`error locale-placeholder layouts/page.html:6:92: all 14 translations use {date}, as this call does; is the en string at locales/en.toml:25:1 misspelt?`,
				`error locale-placeholder layouts/page.html:6:109: all 14 translations use {date}, as this call does; is the en string at locales/en.toml:25:1 misspelt?`,
			}, translationErrors()...)},
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
// page.effective, which use {date}, against an en string with {dat}.
func translationErrors() []string {
	var out []string
	for _, at := range []string{"de:23", "es:23", "fr:23", "id:22", "it:22", "ja:23", "ms:22", "pl:22", "pt-BR:23", "th:22", "tr:22", "vi:23", "zh-Hans:23", "zh-Hant:23"} {
		lang, line, _ := strings.Cut(at, ":")
		out = append(out, "error locale-placeholder (embedded)/locales/"+lang+".toml:"+line+":1: nothing fills {date} in, so the page shows it as written; but all 14 translations use {date}: is the en string at locales/en.toml:25:1 misspelt?")
	}
	return out
}
