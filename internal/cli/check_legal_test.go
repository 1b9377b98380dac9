package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/sitetest"
)

// checkFinding is a finding of charter check --format json.
type checkFinding struct {
	Severity, File, Rule, Message string
	Line, Col                     int
	Regions                       []string
}

// checkJSON runs charter check --format json with args and returns its
// exit code and the findings of rule ("" for all).
func checkJSON(t *testing.T, rule string, args ...string) (int, []checkFinding) {
	t.Helper()
	code, out, errs := run(t, append([]string{"check", "--format", "json"}, args...)...)
	var report struct {
		Findings []checkFinding
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("check printed no JSON (exit %d): %v\n%s\n%s", code, err, out, errs)
	}
	var found []checkFinding
	for _, f := range report.Findings {
		if rule == "" || f.Rule == rule {
			found = append(found, f)
		}
	}
	return code, found
}

// editFile replaces old with new in the site file name, once.
func editFile(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, name)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineOf is the 1-based line of the n-th (from 1) line of the site file
// name that starts with prefix, or 0.
func lineOf(t *testing.T, dir, name, prefix string, n int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, prefix) {
			if n--; n == 0 {
				return i + 1
			}
		}
	}
	return 0
}

func at(f checkFinding) string {
	return fmt.Sprintf("%s:%d:%d %s %s %v", f.File, f.Line, f.Col, f.Severity, f.Rule, f.Regions)
}

// The example site passes charter check --strict, its translations stamped.
func TestCheckExampleStrict(t *testing.T) {
	code, findings := checkJSON(t, "", "--site", repoRoot, "--strict")
	if code != ExitOK || len(findings) > 0 {
		t.Errorf("exit %d, findings %+v", code, findings)
	}
}

// An edit of a source makes its stamped translations stale, a warning
// (an error with --strict); stamping one again clears it there.
func TestCheckStaleTranslation(t *testing.T) {
	dir := sitetest.Copy(t)
	editFile(t, dir, "content/privacy.md", "Depending on where you live,", "Wherever you live,")
	code, findings := checkJSON(t, "translation-stale", "--site", dir)
	if code != ExitOK || len(findings) != 9 {
		t.Fatalf("exit %d, findings %+v", code, findings)
	}
	f := findingIn(t, findings, "/content/privacy.de.md")
	want := fmt.Sprintf("%s/content/privacy.de.md:%d:1 warning translation-stale []", dir, lineOf(t, dir, "content/privacy.de.md", "translationOf:", 1))
	if at(f) != want || !strings.Contains(f.Message, `(changed: "Your rights")`) {
		t.Errorf("finding %s: %s\nwant %s", at(f), f.Message, want)
	}
	if code, _ := checkJSON(t, "", "--site", dir, "--strict"); code != ExitSite {
		t.Errorf("--strict: exit %d", code)
	}

	code, out, errs := run(t, "check", "--site", dir, "--stamp", filepath.Join(dir, "content/privacy.de.md"))
	wantOut := dir + `/content/privacy.de.md: translationOf now records ` + dir + `/content/privacy.md as it is (changed: "Your rights" since the last stamp)` + "\n"
	if code != ExitOK || out != wantOut || errs != "" {
		t.Errorf("--stamp: exit %d, %q, %q", code, out, errs)
	}
	if _, findings := checkJSON(t, "translation-stale", "--site", dir); len(findings) != 8 || hasFindingIn(findings, "privacy.de.md") {
		t.Errorf("after the stamp: %+v", findings)
	}
}

// findingIn is the one finding of findings in the file whose name ends
// in suffix.
func findingIn(t *testing.T, findings []checkFinding, suffix string) checkFinding {
	t.Helper()
	var found []checkFinding
	for _, f := range findings {
		if strings.HasSuffix(f.File, suffix) {
			found = append(found, f)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d findings in %s, want 1: %+v", len(found), suffix, findings)
	}
	return found[0]
}

func hasFindingIn(findings []checkFinding, name string) bool {
	for _, f := range findings {
		if strings.Contains(f.File, name) {
			return true
		}
	}
	return false
}

// --stamp writes only translations under content/; anything else is a
// usage error, and nothing is written.
func TestCheckStampRefuses(t *testing.T) {
	dir := sitetest.Copy(t)
	if err := os.Symlink("privacy.fr.md", filepath.Join(dir, "content/privacy.tr.md")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "content/privacy.fr.md"))
	for _, tt := range []struct {
		file string
		code int
		err  string
	}{
		{"content/privacy.md", ExitUsage, "content/privacy.md: it is in the default language (en), so it is the source, not a translation"},
		{"site.toml", ExitUsage, "--stamp site.toml: not a file in "},
		{"content/nothing.de.md", ExitUsage, "--stamp content/nothing.de.md: " + dir + "/content/nothing.de.md does not exist\n"},
		{"content/privacy.tr.md", ExitSite, "content/privacy.tr.md: not a regular file (a symbolic link?)"},
	} {
		code, out, errs := run(t, "check", "--site", dir, "--stamp", tt.file)
		if code != tt.code || out != "" || !strings.Contains(errs, tt.err) {
			t.Errorf("--stamp %s: exit %d, %q, %q", tt.file, code, out, errs)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "content/privacy.fr.md")); string(after) != string(before) {
		t.Error("the link's target was written")
	}
}

// A new version of a source, and a section moved in it, make its stamped
// translations stale, and the warning says so; --stamp with --site names
// files as check does, from where it runs.
func TestCheckStampVersion(t *testing.T) {
	dir := sitetest.Copy(t)
	t.Chdir(filepath.Dir(dir))
	site := filepath.Base(dir)
	editFile(t, dir, "content/privacy.md", "version: \"3.2\"\n", "version: \"3.3\"\n")
	editFile(t, dir, "content/privacy.md", "effective: 2026-11-01\n", "effective: 2026-12-01\n")
	// ### Children, from "Information we collect" to the top of "Your
	// choices and rights".
	b, _ := os.ReadFile(filepath.Join(dir, "content/privacy.md"))
	children := regexp.MustCompile(`(?s)### Children\n.*?\n(### )`).FindSubmatchIndex(b)
	if children == nil {
		t.Fatal("no ### Children in content/privacy.md")
	}
	section := string(b[children[0]:children[2]])
	editFile(t, dir, "content/privacy.md", section, "")
	editFile(t, dir, "content/privacy.md", "## Your choices and rights\n\n", "## Your choices and rights\n\n"+section)

	code, findings := checkJSON(t, "translation-stale", "--site", site)
	if code != ExitOK || len(findings) != 9 {
		t.Fatalf("exit %d, findings %+v", code, findings)
	}
	f := findingIn(t, findings, "/content/privacy.de.md")
	want := fmt.Sprintf("%s/content/privacy.de.md:%d:1 warning translation-stale []", site, lineOf(t, dir, "content/privacy.de.md", "translationOf:", 1))
	wantMsg := `content/privacy.md changed since this translation was stamped: it is now version 3.3, effective 2026-12-01; ` +
		`this translation follows version 3.2, effective 2026-11-01 (moved: "Children" (now first under "Your choices and rights"))`
	if at(f) != want || f.Message != wantMsg {
		t.Errorf("finding %s: %s\nwant %s: %s", at(f), f.Message, want, wantMsg)
	}

	// The stamp is named as check named it, and says what the
	// translation still has to say.
	code, out, errs := run(t, "check", "--site", site, "--stamp", f.File)
	wantOut := site + `/content/privacy.de.md: translationOf now records ` + site + `/content/privacy.md as it is (now version 3.3, effective 2026-12-01, ` +
		`was version 3.2, effective 2026-11-01; moved: "Children" (now first under "Your choices and rights") since the last stamp); ` +
		`set version: "3.3" and effective: 2026-12-01 in it, as in the source` + "\n"
	if code != ExitOK || out != wantOut || errs != "" {
		t.Errorf("--stamp: exit %d, %q, %q\nwant %q", code, out, errs, wantOut)
	}
	if _, findings := checkJSON(t, "translation-stale", "--site", site); len(findings) != 8 || hasFindingIn(findings, "privacy.de.md") {
		t.Errorf("after the stamp: %+v", findings)
	}

	code, out, errs = run(t, "check", "--site", site, "--stamp", "content/nope.de.md")
	if wantErr := "charter check: --stamp content/nope.de.md: " + site + "/content/nope.de.md does not exist\n"; code != ExitUsage || out != "" || errs != wantErr {
		t.Errorf("--stamp of no file: exit %d, %q, %q", code, out, errs)
	}
}

// stampPath finds FILE from the current folder or the site folder, and
// says where it looked when it is in neither.
func TestStampPath(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "review/content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "review/content/a.de.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ cwd, site, file, want string }{
		{".", "review", "review/content/a.de.md", "content/a.de.md"},
		{".", "review", "content/a.de.md", "content/a.de.md"},
		{".", "review", "content/b.de.md", "error: review/content/b.de.md does not exist"},
		{"review", ".", "content/b.de.md", "error: content/b.de.md does not exist"},
		{"review/content", "..", "content/b.de.md", "error: neither ../content/content/b.de.md nor ../content/b.de.md exists"},
		{".", "review", "site.toml", "error: not a file in review/content/: only the site's pages can be stamped"},
	} {
		t.Run(tt.cwd+" "+tt.file, func(t *testing.T) {
			t.Chdir(filepath.Join(root, tt.cwd))
			got, err := stampPath(tt.site, tt.file)
			if err != nil {
				got = "error: " + err.Error()
			}
			if got != tt.want {
				t.Errorf("stampPath(%q, %q) = %q, want %q", tt.site, tt.file, got, tt.want)
			}
		})
	}
}

// A heading a region requires, gone from one translation, is an error at
// the requirement of each region that shows that language.
func TestCheckRequiredContent(t *testing.T) {
	dir := sitetest.Copy(t)
	editFile(t, dir, "content/privacy.de.md", " {#data-protection-officer}", "")
	code, findings := checkJSON(t, "required-content", "--site", dir)
	require := `require   = ["privacy#data-protection-officer"]`
	want := []string{
		fmt.Sprintf("%s/site.toml:%d:14 error required-content [eu]", dir, lineOf(t, dir, "site.toml", require, 1)),
		fmt.Sprintf("%s/site.toml:%d:14 error required-content [de]", dir, lineOf(t, dir, "site.toml", require, 2)),
	}
	if code != ExitSite || len(findings) != 2 || at(findings[0]) != want[0] || at(findings[1]) != want[1] ||
		findings[0].Message != "page privacy in de has no heading #data-protection-officer" {
		t.Errorf("exit %d, findings %+v\nwant %s", code, findings, want)
	}
}

// A declared cookie one policy lacks is an error at the cookie in
// site.toml; a listed one nothing declares is an error in the policy.
// The policies render their table from site.toml (::cookies), so each
// case gives one policy a hand-written table instead of, or besides, it.
func TestCheckCookieDisclosure(t *testing.T) {
	dir := sitetest.Copy(t)
	// The French policy's own table, which lists _gcl_au but not as code.
	editFile(t, dir, "content/cookies.fr.md", "\n::cookies\n", "\n"+
		"| Nom | Fournisseur | Catégorie | Finalité | Durée |\n"+
		"|---|---|---|---|---|\n"+
		"| `charter_consent` | Acme24 | Nécessaires | Enregistre votre choix en matière de cookies | 182 jours |\n"+
		"| `_demo_analytics` | Acme24 | Mesure d'audience | Mesure d'audience de démonstration d'Acme24 | 1 an |\n"+
		"| `_ga`, `_ga_*` | Partenaire publicitaire (exemple) | Marketing | Distingue les visiteurs | 2 ans |\n"+
		"| _gcl_au | Partenaire publicitaire (exemple) | Marketing | Relie une visite à un clic antérieur | 90 jours |\n")
	code, findings := checkJSON(t, "cookie-undisclosed", "--site", dir)
	want := fmt.Sprintf("%s/site.toml:%d:10 error cookie-undisclosed []", dir, lineOf(t, dir, "site.toml", `names = ["_gcl_au"]`, 1))
	if code != ExitSite || len(findings) != 1 || at(findings[0]) != want ||
		findings[0].Message != "cookie _gcl_au of category marketing is not in the cookie policy of regions eu (fr), fr (fr)" {
		t.Errorf("exit %d, findings %+v\nwant %s", code, findings, want)
	}

	dir = sitetest.Copy(t)
	editFile(t, dir, "content/cookies.md", "\n::cookies\n", "\n::cookies\n\n"+
		"| Name | Provider | Category | Purpose | Duration |\n"+
		"|---|---|---|---|---|\n"+
		"| `_gcl_au`, `_hjid` | Advertising partner (example) | Marketing | Links a visit to an earlier click | 90 days |\n")
	code, findings = checkJSON(t, "cookie-undeclared", "--site", dir)
	line := lineOf(t, dir, "content/cookies.md", "| `_gcl_au`, `_hjid` |", 1)
	if code != ExitSite || len(findings) != 1 || !strings.HasPrefix(at(findings[0]), fmt.Sprintf("%s/content/cookies.md:%d:14 error cookie-undeclared [us eu in tr tw id my th vn ae]", dir, line)) ||
		findings[0].Message != `the cookie policy lists cookie "_hjid", which no consent category in site.toml declares` {
		t.Errorf("exit %d, findings %+v", code, findings)
	}
}

// A new site passes charter check --strict: its cookie policy lists the
// consent widget's cookie.
func TestInitThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	if code, _, errs := run(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	if code, findings := checkJSON(t, "", "--site", dir, "--strict"); code != ExitOK || len(findings) > 0 {
		t.Errorf("exit %d, findings %+v", code, findings)
	}
}
