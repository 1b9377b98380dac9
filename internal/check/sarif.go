package check

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"

	"github.com/charter-ssg/charter/internal/diag"
)

// SARIF 2.1.0 (OASIS), as GitHub code scanning and editors read it. Only
// the properties charter fills are declared.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	Help             sarifMessage `json:"help"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifMessage    `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func writeSARIF(w io.Writer, findings diag.List, tool string) error {
	rules := append([]Rule{BuildRule}, Rules()...)
	index := map[string]int{}
	driver := sarifDriver{Name: "charter", Version: tool, InformationURI: "https://github.com/charter-ssg/charter"}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{ID: r.ID, ShortDescription: sarifMessage{r.Description}, Help: sarifMessage{r.Help}})
	}
	run := sarifRun{Tool: sarifTool{driver}, ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	for _, d := range findings {
		i, ok := index[d.Rule]
		if !ok { // a rule no checker declared: a bug, but the finding still counts
			i = len(run.Tool.Driver.Rules)
			index[d.Rule] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: d.Rule, ShortDescription: sarifMessage{d.Rule}, Help: sarifMessage{d.Rule}})
		}
		text := d.Message + regionsSuffix(d)
		if d.Hint != "" {
			text += ". " + d.Hint
		}
		res := sarifResult{RuleID: d.Rule, RuleIndex: i, Level: "error", Message: sarifMessage{text}}
		if d.Severity == diag.Warning {
			res.Level = "warning"
		}
		if pseudoFile(d.File) {
			text = d.Pos.String() + ": " + text
		} else if d.File != "" {
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: d.File}).String()}}}
			if d.Line > 0 {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: d.Line, StartColumn: d.Col, EndLine: d.EndLine, EndColumn: d.EndCol}
			}
			res.Locations = []sarifLocation{loc}
		}
		if len(d.Regions) > 0 {
			res.Properties = map[string]any{"regions": slices.Clone(d.Regions)}
		}
		run.Results = append(run.Results, res)
	}
	b, err := json.MarshalIndent(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
