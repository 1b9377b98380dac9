package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
)

// Requirement is what a page of a region must contain in every language
// of the region, as [regions.<id>] require lists it: a heading by its id
// ("privacy#data-protection-officer") or a form
// ('contact::form{id="implementation-request"}'). charter check reports
// a missing one at Pos.
type Requirement struct {
	Page    string // the page id, as content/ names it: "privacy", "legal/terms"
	Heading string // the id of a heading the page must have, or ""
	Form    string // the id of a form the page must show, or ""
	Text    string // as written
	Pos     diag.Pos
}

// What names the requirement's content: "heading #dpo", "form contact".
func (q Requirement) What() string {
	if q.Form != "" {
		return "form " + q.Form
	}
	return "heading #" + q.Heading
}

var (
	// A page id has no "#", ":" or space, and no "/" at either end.
	requirePage    = `([^#:\s/](?:[^#:\s]*[^#:\s/])?)`
	requireHeading = regexp.MustCompile(`^` + requirePage + `#([^#\s]+)$`)
	requireForm    = regexp.MustCompile(`^` + requirePage + `::form\{id=("?)([^"}\s]+)("?)\}$`)
	requireOther   = regexp.MustCompile(`^` + requirePage + `::?([A-Za-z][\w-]*)`)
)

const requireHint = `write "PAGE#HEADING-ID" for a heading (privacy#data-protection-officer) or 'PAGE::form{id="FORM-ID"}' for a form`

// validateRequire reads the region's require list into Requirements.
func (l *loader) validateRequire(site *Site, r *Region) {
	for i, text := range r.Require {
		p := path{"regions", r.ID, "require", strconv.Itoa(i)}
		q := Requirement{Text: text, Pos: l.posOf(p)}
		if m := requireForm.FindStringSubmatch(text); m != nil && m[2] == m[4] {
			q.Page, q.Form = m[1], m[3]
			if site.Forms[q.Form] == nil {
				d := l.valueErr(p, "require[%d] names form %q, which site.toml does not declare", i, q.Form)
				if h := suggest(q.Form, sortedKeys(site.Forms)); h != "" {
					d.Hint = h
				} else {
					d.Hint = "declare it as [forms." + q.Form + "]"
				}
				continue
			}
		} else if m := requireHeading.FindStringSubmatch(text); m != nil {
			q.Page, q.Heading = m[1], m[2]
		} else {
			d := l.valueErr(p, "require[%d] %q names no heading or form of a page", i, text).WithHint(requireHint)
			switch m := requireOther.FindStringSubmatch(text); {
			case strings.HasPrefix(text, "/") || strings.Contains(text, "/#"):
				d.Hint = "write the page id as content/ names it, without slashes around it: privacy#data-protection-officer for content/privacy.md"
			case m != nil && m[2] != "form":
				d.Hint = "only a ::form can be required, or a heading: " + requireHint
			}
			continue
		}
		r.Requirements = append(r.Requirements, q)
	}
}
