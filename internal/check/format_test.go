package check

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/charter-ssg/charter/internal/diag"
)

var sample = diag.List{
	{Pos: diag.Pos{File: "content/privacy.md", Line: 10, Col: 18, EndLine: 10, EndCol: 25}, Rule: "link",
		Message: "link /term/ goes to no page", Hint: "did you mean /terms/?", Regions: []string{"us", "eu"}},
	{Pos: diag.Pos{File: "content/a,b:c.md", Line: 1, Col: 1}, Severity: diag.Warning, Rule: "description",
		Message: "100% of it\nis missing", Hint: "set description:"},
	{Pos: diag.Pos{File: "site.toml"}, Message: "a build error"},
	{Message: "no file at all"},
}

func write(t *testing.T, format string, r Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestText(t *testing.T) {
	findings := append(slices.Clone(sample),
		&diag.Diagnostic{Pos: diag.Pos{File: "/abs/legal/site.toml", Line: 3, Col: 1}, Message: "named by the model with the site folder"},
		&diag.Diagnostic{Pos: diag.Pos{File: "--set"}, Message: "from the command line"})
	got := string(write(t, "text", Report{Findings: findings, SiteDir: "/abs/legal", FileBase: "legal/"}))
	for _, want := range []string{
		"legal/content/privacy.md:10:18: link /term/ goes to no page (regions us, eu) (did you mean /terms/?)\n",
		"legal/site.toml: a build error\n",
		"legal/site.toml:3:1: named by the model with the site folder\n",
		"--set: from the command line\n",
		"check: 5 errors, 1 warning\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("text lacks %q:\n%s", want, got)
		}
	}
}

func TestGitHub(t *testing.T) {
	got := strings.Split(string(write(t, "github", Report{Findings: sample})), "\n")
	want := []string{
		"::error file=content/privacy.md,line=10,col=18,endLine=10,endColumn=25,title=charter link::link /term/ goes to no page (regions us, eu)%0Adid you mean /terms/?",
		"::warning file=content/a%2Cb%3Ac.md,line=1,col=1,title=charter description::100%25 of it%0Ais missing%0Aset description:",
		"::error file=site.toml,title=charter build::a build error",
		"::error title=charter build::no file at all",
		"",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func compile(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile(file)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, b []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%v\n%s", err, b)
	}
}

// The json output follows its published schema, with and without
// findings, and the schema rejects what it must.
func TestJSONSchema(t *testing.T) {
	sch := compile(t, "check.schema.json")
	for _, l := range []diag.List{sample, nil} {
		b := write(t, "json", Report{Findings: l, Tool: "devel"})
		validate(t, sch, b)
		var out struct {
			Version  int
			Errors   int
			Warnings int
			Findings []map[string]any
		}
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		if out.Version != 1 || len(out.Findings) != len(l) {
			t.Errorf("%+v", out)
		}
	}
	var bad any
	json.Unmarshal([]byte(`{"version":1,"tool":{"name":"charter","version":"x"},"errors":0,"warnings":0,"findings":[{"severity":"fatal","message":"m","rule":"x"}]}`), &bad)
	if sch.Validate(bad) == nil {
		t.Error("the schema takes severity fatal")
	}
	b := write(t, "json", Report{Findings: sample[:1]})
	if !strings.Contains(string(b), `"regions": [`) || !strings.Contains(string(b), `"rule": "link"`) {
		t.Errorf("json lacks rule or regions:\n%s", b)
	}
}

// The sarif output is valid SARIF 2.1.0: validated against the OASIS
// schema that scripts/test installs (CHARTER_SARIF_SCHEMA).
func TestSARIFSchema(t *testing.T) {
	schema := os.Getenv("CHARTER_SARIF_SCHEMA")
	if schema == "" {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatal("CHARTER_SARIF_SCHEMA is not set: run scripts/test, which installs the SARIF 2.1.0 schema")
		}
		t.Skip("CHARTER_SARIF_SCHEMA is not set (scripts/test sets it)")
	}
	sch := compile(t, schema)
	for _, l := range []diag.List{sample, nil} {
		validate(t, sch, write(t, "sarif", Report{Findings: l, Tool: "devel", FileBase: "my site/"}))
	}
	b := write(t, "sarif", Report{Findings: sample, FileBase: "my site/"})
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn, EndColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	if r.RuleID != "link" || run.Tool.Driver.Rules[r.RuleIndex].ID != "link" || r.Level != "error" ||
		loc.ArtifactLocation.URI != "my%20site/content/privacy.md" || loc.Region.StartLine != 10 || loc.Region.StartColumn != 18 || loc.Region.EndColumn != 25 {
		t.Errorf("first result: %+v", r)
	}
	if run.Results[1].Level != "warning" || len(run.Results[3].Locations) != 0 {
		t.Errorf("results: %+v", run.Results)
	}
	// The SARIF schema rejects what it must: the test is not vacuous.
	var bad any
	json.Unmarshal(bytes.Replace(b, []byte(`"level": "warning"`), []byte(`"level": "fatal"`), 1), &bad)
	if sch.Validate(bad) == nil {
		t.Error("the SARIF schema takes level fatal")
	}
}
