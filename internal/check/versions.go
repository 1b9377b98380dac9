package check

import (
	"fmt"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/plan"
)

// RuleMissingVersionTranslation is the rule of an earlier version that
// lacks the language its page is read in.
const RuleMissingVersionTranslation = "missing-version-translation"

func init() {
	register(checkVersionTranslations,
		Rule{ID: RuleMissingVersionTranslation,
			Description: "A page is shown in a language that one of its earlier versions (content/<page>/versions/<date>.md) has no text in, " +
				"so in that language the page does not list that version and shows no comparison with it, while the other languages do.",
			Help: "Write the earlier version in that language (content/<page>/versions/<date>.<lang>.md): the text as it was, " +
				"so that the comparison shows what changed."},
	)
}

// checkVersionTranslations finds the region languages whose page is read
// in a language that an earlier version of it lacks. Archived pages
// follow the language their page is shown in (plan.Make), so such a page
// silently loses its history there.
func checkVersionTranslations(s *Site) diag.List {
	byPage := map[string]map[string]*content.Source{} // page -> lang -> source
	for _, src := range s.Sources {
		if byPage[src.Page] == nil {
			byPage[src.Page] = map[string]*content.Source{}
		}
		byPage[src.Page][src.Lang] = src
	}
	var out diag.List
	for _, in := range s.Plan.Instances {
		for _, id := range s.Plan.Versions(in.Page) {
			// Shown where its page is, as the page's history lists it
			// (render.history): nothing to say.
			if s.Plan.Lookup(in.Region.ID, in.Lang, id) != nil {
				continue
			}
			texts := byPage[id]
			at := texts[s.Site.DefaultLanguage]
			if at == nil {
				for _, src := range texts {
					if at == nil || src.File < at.File {
						at = src
					}
				}
			}
			if at == nil {
				continue
			}
			_, date, _ := plan.ArchivedPage(id)
			name := i18n.DisplayName(in.Src.Lang, "en")
			out.Add(&diag.Diagnostic{Pos: diag.Pos{File: at.File, Line: 1, Col: 1}, Severity: diag.Warning,
				Rule: RuleMissingVersionTranslation, Regions: []string{in.Region.ID},
				Message: fmt.Sprintf("version %s of %s (%s) has no %s (%s) text: the %s page does not list it, and shows no comparison with it",
					at.Meta.Version, in.Page, date, name, in.Src.Lang, name),
				Hint: fmt.Sprintf("write content/%s.%s.md with the text as it was on %s", id, in.Src.Lang, date)})
		}
	}
	return out
}
