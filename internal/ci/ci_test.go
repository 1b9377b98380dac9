package ci

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"gopkg.in/yaml.v3"
)

var regions = []*config.Region{
	{ID: "us", Domain: "acme24.com", BaseURL: "https://acme24.com/"},
	{ID: "no", Domain: "acme24.no", BaseURL: "https://acme24.no/"}, // YAML 1.1 reads a plain no as false
	{ID: "de", Domain: "acme24.de", BaseURL: "https://staging.acme24.de/?a=<b>&c"},
}

func TestGitHubMatrix(t *testing.T) {
	got := string(GitHubMatrix(regions))
	want := `{"include":[{"region":"us","domain":"acme24.com","baseURL":"https://acme24.com/"},` +
		`{"region":"no","domain":"acme24.no","baseURL":"https://acme24.no/"},` +
		`{"region":"de","domain":"acme24.de","baseURL":"https://staging.acme24.de/?a=<b>&c"}]}` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if strings.Count(got, "\n") != 1 {
		t.Error("not one line: $GITHUB_OUTPUT takes name=value lines")
	}
	if got := string(GitHubMatrix(nil)); got != `{"include":[]}`+"\n" {
		t.Errorf("no regions: %s", got)
	}
}

func writeTemplate(t *testing.T, name, text string) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.MkdirAll(".gitlab", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGitLabPipeline(t *testing.T) {
	writeTemplate(t, ".gitlab/charter-region.yml", ".charter-region:\n  script: [\"charter build --region $CHARTER_REGION\"]\n")
	for _, template := range []string{".gitlab/charter-region.yml", "/.gitlab/charter-region.yml"} {
		out, diags := GitLabPipeline(template, regions)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(out, &doc); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(doc)
		got := strings.TrimSpace(b.String())
		want := `{"include":[{"local":"` + template + `"}],` +
			`"region:de":{"extends":".charter-region","variables":{"CHARTER_BASE_URL":"https://staging.acme24.de/?a=<b>&c","CHARTER_DOMAIN":"acme24.de","CHARTER_REGION":"de"}},` +
			`"region:no":{"extends":".charter-region","variables":{"CHARTER_BASE_URL":"https://acme24.no/","CHARTER_DOMAIN":"acme24.no","CHARTER_REGION":"no"}},` +
			`"region:us":{"extends":".charter-region","variables":{"CHARTER_BASE_URL":"https://acme24.com/","CHARTER_DOMAIN":"acme24.com","CHARTER_REGION":"us"}}}`
		if got != want {
			t.Errorf("%s:\n got %s\nwant %s", template, got, want)
		}
		// In site.toml order, every value quoted (GitLab reads YAML 1.1).
		if i, j := strings.Index(string(out), "region:us:"), strings.Index(string(out), "region:de:"); i < 0 || j < i {
			t.Errorf("jobs out of site.toml order:\n%s", out)
		}
		if !strings.Contains(string(out), `CHARTER_REGION: "no"`) {
			t.Errorf("the id no is not quoted:\n%s", out)
		}
	}
}

func TestGitLabTemplateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, arg, want string
	}{
		{"missing", ".gitlab/a.yml", ".charter-region: {script: [x]}\n", ".gitlab/b.yml",
			".gitlab/b.yml: cannot read the GitLab template: no such file or directory (the path is read from the folder charter runs in, which must be the repository's root"},
		{"outside the repository", ".gitlab/a.yml", "", "../a.yml", `--gitlab: "../a.yml" is not a path inside the repository`},
		{"empty", ".gitlab/a.yml", "", "", `--gitlab: "" is not a path inside the repository`},
		{"a folder", ".gitlab/a.yml", "", ".gitlab", ".gitlab: cannot read the GitLab template: is a directory"},
		{"not YAML", ".gitlab/a.yml", ".charter-region:\n\tscript: [x]\n", ".gitlab/a.yml", ".gitlab/a.yml:2:1: invalid YAML: found character that cannot start any token"},
		{"no hidden job", ".gitlab/a.yml", "charter-region:\n  script: [x]\n", ".gitlab/a.yml",
			".gitlab/a.yml:1:1: defines no hidden job .charter-region, which every region's job extends (add .charter-region: with the script"},
		{"not a job", ".gitlab/a.yml", "stages: [deploy]\n.charter-region: charter build\n", ".gitlab/a.yml",
			".gitlab/a.yml:2:18: .charter-region must be a job (keys such as script:)"},
		{"a list", ".gitlab/a.yml", "- .charter-region\n", ".gitlab/a.yml", "defines no hidden job .charter-region"},
	} {
		writeTemplate(t, tc.file, tc.text)
		out, diags := GitLabPipeline(tc.arg, regions)
		if out != nil || len(diags) != 1 || !strings.Contains(diags[0].Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.name, diags, tc.want)
		}
	}
}
