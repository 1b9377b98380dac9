package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copyFile copies a file, for keeping a manifest.json as a deploy would.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}

// A region's CI job builds with --changed-since the manifest of its last
// deploy and reads, on stdout alone, the files to upload and to delete.
func TestChangedSince(t *testing.T) {
	dir := copySite(t)
	keep := t.TempDir()
	empty := filepath.Join(keep, "empty.json")
	writeFile(t, empty, `{"files":[]}`)
	writeFile(t, filepath.Join(dir, "assets/static/old.txt"), "removed later")

	// The first deploy: every file of the domain is new.
	code, stdout, stderr := run(t, "build", "--site", dir, "--region", "de", "--changed-since", empty)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var m struct{ Files []struct{ Path string } }
	b, _ := os.ReadFile(filepath.Join(dir, "public/manifest.json"))
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range m.Files {
		want = append(want, "+ "+f.Path)
	}
	if got := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n"); !slices.Equal(got, want) {
		t.Errorf("first deploy: stdout\n%s\nwant every file of the manifest, added", stdout)
	}
	for _, w := range []string{"built 1 regions", fmt.Sprintf("since %s: %d added, 0 changed, 0 removed\n", empty, len(m.Files)), "to look at it"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("first deploy: stderr lacks %q:\n%s", w, stderr)
		}
	}
	deployed := filepath.Join(keep, "deployed.json")
	copyFile(t, filepath.Join(dir, "public/manifest.json"), deployed)

	// An edit, a new file and a removed one: those lines, sorted. The
	// edit changes the policy and its comparison with version 3.1.
	replaceIn(t, filepath.Join(dir, "content/privacy.de.md"), "## Einleitung", "## Einleitung und Zweck")
	os.Remove(filepath.Join(dir, "assets/static/old.txt"))
	writeFile(t, filepath.Join(dir, "assets/static/new.txt"), "added")
	code, stdout, stderr = run(t, "build", "--site", dir, "--region", "de", "--changed-since", deployed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "+ acme24.de/new.txt\n- acme24.de/old.txt\n~ acme24.de/privacy/changes/index.html\n~ acme24.de/privacy/index.html\n"; stdout != want {
		t.Errorf("second deploy: stdout\n%s\nwant\n%s", stdout, want)
	}
	if !strings.Contains(stderr, ": 1 added, 2 changed, 1 removed\n") {
		t.Errorf("second deploy: stderr\n%s", stderr)
	}
	// The same as JSON, one line.
	code, stdout, _ = run(t, "build", "--site", dir, "--region", "de", "--changed-since", deployed, "--json")
	if want := `{"added":["acme24.de/new.txt"],"changed":["acme24.de/privacy/changes/index.html","acme24.de/privacy/index.html"],"removed":["acme24.de/old.txt"]}` + "\n"; code != 0 || stdout != want {
		t.Errorf("--json: exit %d: %s\nwant %s", code, stdout, want)
	}
	// Nothing changed since the output's own manifest, read before the
	// build replaces it.
	code, stdout, stderr = run(t, "build", "--site", dir, "--region", "de", "--changed-since", filepath.Join(dir, "public/manifest.json"))
	if code != 0 || stdout != "" || !strings.Contains(stderr, ": 0 added, 0 changed, 0 removed\n") {
		t.Errorf("against the output's own manifest: exit %d: %q\n%s", code, stdout, stderr)
	}
}

// A --region build compares only its own domains: the old manifest of a
// deploy of every domain lists others, which the build says nothing
// about. A build of every region compares the whole output, so a domain
// that is no longer in site.toml is removed.
func TestChangedSinceComparesTheDomainsBuilt(t *testing.T) {
	dir := copySite(t)
	keep := t.TempDir()
	if code, _, stderr := run(t, "build", "--site", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	all := filepath.Join(keep, "all.json")
	copyFile(t, filepath.Join(dir, "public/manifest.json"), all)
	out := filepath.Join(keep, "fresh") // a fresh checkout, as in CI
	code, stdout, stderr := run(t, "build", "--site", dir, "--out", out, "--region", "fr", "--changed-since", all)
	if code != 0 || stdout != "" {
		t.Errorf("one region against every domain's manifest: exit %d: stdout %q\n%s", code, stdout, stderr)
	}

	b, _ := os.ReadFile(all)
	gone := strings.Replace(string(b), `"files": [`, `"files": [
    {"path": "acme24.gone/index.html", "size": 1, "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},`, 1)
	writeFile(t, filepath.Join(keep, "gone.json"), gone)
	code, stdout, stderr = run(t, "build", "--site", dir, "--changed-since", filepath.Join(keep, "gone.json"))
	if code != 0 || stdout != "- acme24.gone/index.html\n" {
		t.Errorf("every region: exit %d: stdout %q\n%s", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "build", "--site", dir, "--region", "fr", "--changed-since", filepath.Join(keep, "gone.json"))
	if code != 0 || stdout != "" {
		t.Errorf("one region: exit %d: stdout %q", code, stdout)
	}
}

// A bad old manifest is an error at its file:line:col, with a hint, and
// the build does not start: the previous output stays as it was.
func TestChangedSinceBadManifest(t *testing.T) {
	dir := copySite(t)
	out := filepath.Join(dir, "public")
	if code, _, stderr := run(t, "build", "--site", dir, "--region", "de"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	before := hashTree(t, out)
	keep := t.TempDir()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"an error page", "<!DOCTYPE html>\n<title>404</title>\n", []string{
			"bad.json:1:1: this is HTML or XML, not a manifest.json (a download that failed often saves the server's error page",
			"    <!DOCTYPE html>\n    ^\n"}},
		{"a bad entry", "{\"files\": [\n  {\"path\": \"acme24.de/index.html\", \"size\": \"12\", \"sha256\": \"abc\"}\n]}\n", []string{
			`bad.json:2:44: "size" must be a whole number of bytes, not "12"`,
			`bad.json:2:60: "sha256" must be 64 lowercase hexadecimal digits, not "abc"`,
			strings.Repeat(" ", 4+59) + "^~~~~\n"}},
		{"cut short", `{"files": [{"path": "acme24.de/index.html", "size": 12,`, []string{
			"bad.json:1:56: the file ends in the middle of the manifest (it was cut short: a download that stopped, or a full disk)"}},
		{"empty", "", []string{`bad.json:1:1: the file is empty, not a manifest.json (for a first deploy, compare against a manifest of no files: {"files":[]})`}},
	} {
		bad := filepath.Join(keep, "bad.json")
		writeFile(t, bad, tc.text)
		code, stdout, stderr := run(t, "build", "--site", dir, "--region", "de", "--changed-since", bad)
		if code != 1 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want 1 and nothing", tc.name, code, stdout)
		}
		for _, w := range append(tc.want, "build not started: --changed-since "+bad+" is not a manifest.json to compare against; the previous output was left as it was\n") {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, stderr)
			}
		}
		assertUnchanged(t, tc.name, before, hashTree(t, out))
	}
	missing := filepath.Join(keep, "nosuch.json")
	code, stdout, stderr := run(t, "build", "--site", dir, "--region", "de", "--changed-since", missing)
	if code != 1 || stdout != "" || !strings.Contains(stderr, missing+`: cannot read the manifest: no such file or directory (for a first deploy, compare against a manifest of no files: echo '{"files":[]}' > `+missing+")") {
		t.Errorf("missing manifest: exit %d: %s", code, stderr)
	}
	// A build that fails prints no changes either.
	writeFile(t, filepath.Join(keep, "empty.json"), `{"files":[]}`)
	writeFile(t, filepath.Join(dir, "content/broken.md"), "---\ntitle: x\n---\n:::regoin{only=\"de\"}\n:::\n")
	code, stdout, _ = run(t, "build", "--site", dir, "--region", "de", "--changed-since", filepath.Join(keep, "empty.json"))
	if code != 1 || stdout != "" {
		t.Errorf("a failed build: exit %d, stdout %q", code, stdout)
	}
}

func TestChangedSinceUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "--json"}, "--json prints the changes, so it needs --changed-since FILE"},
		{[]string{"build", "--changed-since", ""}, "--changed-since needs the old manifest.json FILE (an empty value is often an unset CI variable)"},
		{[]string{"build", "--changed-since"}, "flag needs an argument"},
		{[]string{"regions", "--json", "--gitlab", "x.yml"}, "--json and --gitlab print two different things; choose one"},
	} {
		if code, _, stderr := run(t, tc.args...); code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2: %s", tc.args, code, stderr)
		}
	}
}

// regions --gitlab writes a child pipeline with one job a region, each
// extending the template's hidden job; a template that is not there is an
// error, since GitLab would only say the child pipeline is invalid.
func TestRegionsGitLab(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".gitlab/charter-region.yml"), ".charter-region:\n  script:\n    - charter build --region \"$CHARTER_REGION\"\n")
	site, _ := filepath.Abs(repoRoot)
	t.Chdir(dir) // include:local paths are the repository's, and charter runs at its root
	code, stdout, stderr := run(t, "regions", "--site", site, "--gitlab", ".gitlab/charter-region.yml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"include:\n  - local: \".gitlab/charter-region.yml\"\n",
		"region:de:\n  extends: \".charter-region\"\n  variables:\n    CHARTER_REGION: \"de\"\n    CHARTER_DOMAIN: \"acme24.de\"\n    CHARTER_BASE_URL: \"https://acme24.de/\"\n"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	if n := strings.Count(stdout, "extends: \".charter-region\""); n != 18 {
		t.Errorf("%d jobs for 18 regions", n)
	}
	code, stdout, stderr = run(t, "regions", "--site", site, "--gitlab", "gitlab-region.yml")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "gitlab-region.yml: cannot read the GitLab template: no such file or directory") {
		t.Errorf("missing template: exit %d: %s", code, stderr)
	}
}
