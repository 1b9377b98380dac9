package check

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
)

// Formats are the output formats of Write.
var Formats = []string{"text", "json", "github", "sarif"}

// JSONVersion is the version of the json format's schema
// (internal/check/check.schema.json); it changes when a field changes
// meaning or goes away, not when one is added.
const JSONVersion = 1

// Report is what Write prints.
type Report struct {
	Findings diag.List
	Tool     string // the version of charter
	// SiteDir is the site folder as the model was given it, which names
	// site.toml with it ("legal/site.toml") and the other files within
	// it ("content/privacy.md").
	SiteDir string
	// FileBase is prefixed to every file of the site, so that positions
	// are relative to where the command runs ("legal/" for --site legal
	// or --site /abs/path/legal run in /abs/path); "" for the site folder
	// itself.
	FileBase string
}

// FileBase is the Report.FileBase of the site folder siteDir, as given
// on the command line: relative to the working folder when the site is
// in it, even when given as an absolute path ("docs/legal/" for
// docs/legal or $PWD/docs/legal; GitHub's annotations and code scanning
// want paths in the checkout), "" for the working folder, and else as
// given ("../site/", "/srv/site/").
func FileBase(siteDir string) string {
	base := filepath.Clean(siteDir)
	if abs, err := filepath.Abs(siteDir); err == nil {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				base = rel
			}
		}
	}
	if base == "." {
		return ""
	}
	return filepath.ToSlash(base) + "/"
}

// Write prints r in format, which is one of Formats.
func Write(w io.Writer, format string, r Report) error {
	findings := make(diag.List, len(r.Findings))
	dir := ""
	if clean := filepath.ToSlash(filepath.Clean(r.SiteDir)); r.SiteDir != "" && clean != "." {
		dir = clean + "/"
	}
	for i, d := range r.Findings {
		c := *d
		if c.File != "" && !pseudoFile(c.File) {
			c.File = r.FileBase + strings.TrimPrefix(filepath.ToSlash(c.File), dir)
		}
		if c.Rule == "" {
			c.Rule = BuildRule.ID
		}
		findings[i] = &c
	}
	switch format {
	case "text":
		return writeText(w, findings)
	case "json":
		return writeJSON(w, findings, r.Tool)
	case "github":
		return writeGitHub(w, findings)
	case "sarif":
		return writeSARIF(w, findings, r.Tool)
	}
	return fmt.Errorf("unknown format %q (use %s)", format, strings.Join(Formats, ", "))
}

// BuildRule is the rule of what the build itself reports.
var BuildRule = Rule{ID: "build", Description: "What charter build reports: errors in site.toml, content, layouts, locales and assets.",
	Help: "Fix it as the message says; charter build reports the same."}

func writeText(w io.Writer, findings diag.List) error {
	for _, d := range findings {
		c := *d
		c.Message += regionsSuffix(d)
		if _, err := fmt.Fprintln(w, c.FormatLong()); err != nil {
			return err
		}
	}
	errs, warns := Counts(findings)
	_, err := fmt.Fprintf(w, "check: %s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	return err
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// writeJSON prints
//
//	{"version":1,"tool":{"name":"charter","version":"..."},
//	 "errors":1,"warnings":0,"findings":[<diag.Diagnostic JSON>...]}
func writeJSON(w io.Writer, findings diag.List, tool string) error {
	errs, warns := Counts(findings)
	if findings == nil {
		findings = diag.List{}
	}
	b, err := json.MarshalIndent(map[string]any{
		"version":  JSONVersion,
		"tool":     map[string]string{"name": "charter", "version": tool},
		"errors":   errs,
		"warnings": warns,
		"findings": findings,
	}, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// writeGitHub prints GitHub Actions workflow commands, which annotate
// the files of a pull request:
//
//	::error file=content/a.md,line=3,col=5,title=link::message
func writeGitHub(w io.Writer, findings diag.List) error {
	for _, d := range findings {
		kind := "error"
		if d.Severity == diag.Warning {
			kind = "warning"
		}
		var props []string
		if d.File != "" && !pseudoFile(d.File) {
			props = append(props, "file="+ghProperty(d.File))
			if d.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Line))
				if d.Col > 0 {
					props = append(props, fmt.Sprintf("col=%d", d.Col))
				}
				if d.EndLine > 0 {
					props = append(props, fmt.Sprintf("endLine=%d", d.EndLine))
					if d.EndLine == d.Line && d.EndCol > 0 {
						props = append(props, fmt.Sprintf("endColumn=%d", d.EndCol))
					}
				}
			}
		}
		props = append(props, "title="+ghProperty("charter "+d.Rule))
		msg := d.Message + regionsSuffix(d)
		if pseudoFile(d.File) {
			msg = d.Pos.String() + ": " + msg
		}
		if d.Hint != "" {
			msg += "\n" + d.Hint
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", kind, strings.Join(props, ","), ghData(msg)); err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// pseudoFile reports whether a diagnostic's file is no file of the
// site's folder: an embedded default ("(embedded)/locales/de.toml") or a
// command-line flag ("--set").
func pseudoFile(f string) bool {
	return strings.HasPrefix(f, "(") || strings.HasPrefix(f, "--")
}
