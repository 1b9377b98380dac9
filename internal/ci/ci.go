// Package ci writes a site's regions in the forms CI systems read to run
// one job a region (charter regions --json, --gitlab): a GitHub Actions
// matrix and a GitLab child pipeline. examples/ci holds the workflows
// that use them.
package ci

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"gopkg.in/yaml.v3"
)

// Matrix is a GitHub Actions matrix with one job a region, as
// `strategy: matrix: ${{ fromJSON(needs.plan.outputs.regions) }}` reads
// it: a matrix of include entries only runs one job an entry, and each
// entry's keys are the job's matrix.region, matrix.domain and
// matrix.baseURL.
type Matrix struct {
	Include []Entry `json:"include"`
}

// Entry is one region of a Matrix.
type Entry struct {
	Region  string `json:"region"`  // the id, for --region
	Domain  string `json:"domain"`  // the output folder, for the job's name and the deploy
	BaseURL string `json:"baseURL"` // for the deployment's environment URL
}

// GitHubMatrix is the Matrix of regions as one line of JSON, so that
// `echo "regions=$(charter regions --json)" >> "$GITHUB_OUTPUT"` works.
func GitHubMatrix(regions []*config.Region) []byte {
	m := Matrix{Include: []Entry{}}
	for _, r := range regions {
		m.Include = append(m.Include, Entry{Region: r.ID, Domain: r.Domain, BaseURL: r.BaseURL})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(m) // strings only: it cannot fail
	return b.Bytes()
}

// TemplateJob is the hidden job of the GitLab template that every region's
// job extends.
const TemplateJob = ".charter-region"

// GitLabPipeline is a child pipeline with one job a region, named
// "region:<id>", each extending TemplateJob with the variables
// CHARTER_REGION, CHARTER_DOMAIN and CHARTER_BASE_URL, and including
// template, the repository's file that defines TemplateJob, as
// include:local reads it (relative to the repository's root, where
// charter runs). GitLab reads the pipeline from an artifact
// (trigger: include: artifact:), since parallel:matrix needs its list in
// the YAML that is committed. The template is checked first, so that a
// wrong path is an error here, in the job that can say why, rather than a
// child pipeline that does not start.
func GitLabPipeline(template string, regions []*config.Region) ([]byte, diag.List) {
	if diags := checkTemplate(template); diags.HasErrors() {
		return nil, diags
	}
	str := func(s string) *yaml.Node {
		// Quoted, every one: GitLab reads YAML 1.1, where a plain no
		// (Norway's id) is false.
		return &yaml.Node{Kind: yaml.ScalarNode, Style: yaml.DoubleQuotedStyle, Value: s}
	}
	key := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	mapping := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
	root := mapping(
		key("include"), &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{mapping(key("local"), str(template))}},
	)
	root.HeadComment = fmt.Sprintf("Written by charter regions --gitlab %s: one job a region of\nsite.toml, each extending %s of the included file.", template, TemplateJob)
	for _, r := range regions {
		root.Content = append(root.Content, key("region:"+r.ID), mapping(
			key("extends"), str(TemplateJob),
			key("variables"), mapping(
				key("CHARTER_REGION"), str(r.ID),
				key("CHARTER_DOMAIN"), str(r.Domain),
				key("CHARTER_BASE_URL"), str(r.BaseURL),
			),
		))
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		var diags diag.List
		diags.Errorf(diag.Pos{File: "--gitlab"}, "cannot write the pipeline: %v", err)
		return nil, diags
	}
	return b.Bytes(), nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// checkTemplate proves that template is a file of the repository, as
// include:local names it, that defines TemplateJob.
func checkTemplate(template string) diag.List {
	var diags diag.List
	rel := strings.TrimPrefix(template, "/") // include:local allows a leading "/": the repository's root
	if template == "" || !fs.ValidPath(rel) {
		diags.Errorf(diag.Pos{File: "--gitlab"}, "%q is not a path inside the repository", template).
			WithHint("give the template's path from the repository's root, as include:local reads it: .gitlab/charter-region.yml")
		return diags
	}
	text, err := os.ReadFile(rel)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		diags.Errorf(diag.Pos{File: template}, "cannot read the GitLab template: %v", err).
			WithHint("the path is read from the folder charter runs in, which must be the repository's root, as for include:local; examples/ci/gitlab-region.yml is one to start from")
		return diags
	}
	src := diag.NewSource(template, text)
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		msg, line := err.Error(), 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
		}
		diags.Errorf(diag.Pos{File: template, Line: line, Col: 1}, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		src.AddExcerpts(diags)
		return diags
	}
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		root := doc.Content[0]
		for i := 0; i+1 < len(root.Content); i += 2 {
			if k, v := root.Content[i], root.Content[i+1]; k.Value == TemplateJob {
				if v.Kind != yaml.MappingNode {
					diags.Add(src.Errorf(src.Offset(v.Line, v.Column), src.Offset(v.Line, v.Column)+1, "%s must be a job (keys such as script:)", TemplateJob))
				}
				return diags
			}
		}
	}
	diags.Errorf(diag.Pos{File: template, Line: 1, Col: 1}, "defines no hidden job %s, which every region's job extends", TemplateJob).
		WithHint("add %s: with the script that builds and deploys $CHARTER_REGION; see examples/ci/gitlab-region.yml", TemplateJob)
	return diags
}
