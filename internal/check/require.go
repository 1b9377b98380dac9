package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"golang.org/x/net/html"
)

// RequiredRule is the rule of content a region requires and a page lacks.
var RequiredRule = Rule{
	ID: "required-content",
	Description: "A heading or form that a region requires of a page in site.toml ([regions.<id>] require) is missing " +
		"from that page as it is built, in one of the region's languages.",
	Help: "Add it to the page in that language: a heading takes the required id with {#id} (heading ids are made from " +
		"each language's own heading text), a form is placed with ::form{id=\"...\"}. Or change the requirement.",
}

func init() { register(checkRequired, RequiredRule) }

var headingTag = regexp.MustCompile(`^h[1-6]$`)

// checkRequired looks for each requirement of each region in the built
// page, in every language of the region.
func checkRequired(s *Site) diag.List {
	var out diag.List
	for _, r := range s.Regions {
		for _, q := range r.Requirements {
			for _, lang := range r.Languages {
				if d := s.requirement(r, lang, q); d != nil {
					d.Pos, d.Rule, d.Regions = q.Pos, RequiredRule.ID, []string{r.ID}
					out.Add(d)
				}
			}
		}
	}
	return s.withExcerpts(out)
}

// requirement is the finding for q in one language of r, or nil if the
// page has what q requires.
func (s *Site) requirement(r *config.Region, lang string, q config.Requirement) *diag.Diagnostic {
	in := s.Plan.Lookup(r.ID, lang, q.Page)
	var doc *html.Node
	if in != nil {
		doc = s.instanceDoc(in)
	}
	if doc == nil {
		d := diag.Errorf(diag.Pos{}, "region %s has no page %s in %s, which must have %s", r.ID, q.Page, lang, q.What())
		d.Hint = s.missingPageHint(r, lang, q.Page)
		return d
	}
	found := !eachElement(doc, func(n *html.Node) bool {
		if q.Form != "" {
			v, ok := attr(n, "data-form")
			return !(n.Data == "form" && ok && v == q.Form)
		}
		v, ok := attr(n, "id")
		return !(headingTag.MatchString(n.Data) && ok && v == q.Heading)
	})
	if found {
		return nil
	}
	d := diag.Errorf(diag.Pos{}, "page %s in %s has no %s", q.Page, lang, q.What())
	if q.Form != "" {
		d.Hint = fmt.Sprintf("place it in %s with ::form{id=%q}", in.Src.File, q.Form)
		return d
	}
	d.Hint = fmt.Sprintf("give the heading of %s that says this the id: ## ... {#%s}", in.Src.File, q.Heading)
	if o, err := in.Src.Outline(s.Site); err == nil && o.Title(q.Heading) != "" {
		d.Hint = fmt.Sprintf("%s has the heading %q with this id in a :::region block that region %s does not show", in.Src.File, o.Title(q.Heading), r.ID)
	}
	if in.Fallback() {
		d.Hint += fmt.Sprintf(" (the page has no translation in %s and shows %s)", lang, in.Src.File)
	}
	return d
}

// missingPageHint says why a region has no page: a misspelt id, or a
// page limited to other regions.
func (s *Site) missingPageHint(r *config.Region, lang, page string) string {
	if in := s.Plan.Lookup(r.ID, lang, page); in != nil && in.Src.Meta.Draft {
		return fmt.Sprintf("%s is a draft, which a build leaves out", in.Src.File)
	}
	instances := s.Plan.ByPage[page]
	if len(instances) == 0 {
		var pages []string
		for id := range s.Plan.ByPage {
			pages = append(pages, id)
		}
		if m := diag.Suggest(page, pages); m != "" {
			return fmt.Sprintf("did you mean %q?", m)
		}
		return fmt.Sprintf("add content/%s.md, or require a page the site has", page)
	}
	for _, in := range instances {
		if len(in.Src.Meta.Regions) > 0 {
			return fmt.Sprintf("%s limits the page to regions %s", in.Src.File, strings.Join(in.Src.Meta.Regions, ", "))
		}
	}
	return fmt.Sprintf("no text of the page is shown in region %s", r.ID)
}
