package check

import (
	"fmt"
	"maps"
	"slices"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/plan"
)

// Rules of the translations a region lacks.
const (
	RuleMissingTranslation = "missing-translation"
	RuleFallbackOK         = "fallback-ok"
)

func init() {
	register(checkFallbacks,
		Rule{ID: RuleMissingTranslation,
			Description: "A region language shows a page through its fallback: the page has no translation in that language, and visitors read it in another one.",
			Help:        `Write the translation (content/<page>.<lang>.md), or, where the fallback is intended, list the page in the region's fallbackOK in site.toml (fallbackOK = ["cookies"], or ["*"] for every page).`},
		Rule{ID: RuleFallbackOK,
			Description: "A fallbackOK entry in site.toml that names no page, or a page the region shows translated in all its languages.",
			Help:        "Correct the page id (the path under content/ without language and .md), or remove the entry."},
	)
}

func checkFallbacks(s *Site) diag.List {
	var out diag.List
	def := map[string]*content.Source{} // page -> its source in the default language
	for _, src := range s.Sources {
		if src.Lang == s.Site.DefaultLanguage {
			def[src.Page] = src
		}
	}
	fellBack := map[[2]string]bool{} // region, page -> some language of it shows a fallback
	for _, in := range s.Plan.Instances {
		// An earlier version falls back exactly where its page does
		// (plan.Make), whose finding covers it.
		if _, _, archived := plan.ArchivedPage(in.Page); !in.Fallback() || archived {
			continue
		}
		fellBack[[2]string{in.Region.ID, in.Page}] = true
		if in.Region.FallbackIntended(in.Page) {
			continue
		}
		at := in.Src
		if d := def[in.Page]; d != nil {
			at = d
		}
		pos := at.Meta.TitlePos
		if pos.Line == 0 {
			pos = diag.Pos{File: at.File, Line: 1, Col: 1}
		}
		out.Add(&diag.Diagnostic{Pos: pos, Severity: diag.Warning, Rule: RuleMissingTranslation, Regions: []string{in.Region.ID},
			Message: fmt.Sprintf("page %s has no %s (%s) translation: visitors read it in %s", in.Page, i18n.DisplayName(in.Lang, "en"), in.Lang, i18n.DisplayName(in.Src.Lang, "en")),
			Hint:    fmt.Sprintf(`write content/%s.%s.md, or, if the fallback is intended, add %q to the region's fallbackOK in site.toml`, in.Page, in.Lang, in.Page)})
	}
	pages := slices.Sorted(maps.Keys(s.Plan.ByPage))
	for _, r := range s.Site.Regions {
		for i, id := range r.FallbackOK {
			if id == "*" {
				continue
			}
			d := &diag.Diagnostic{Pos: fallbackOKPos(s.Site, r, i), Severity: diag.Warning, Rule: RuleFallbackOK}
			switch {
			case !slices.Contains(pages, id):
				d.Message = fmt.Sprintf("fallbackOK of region %s lists %q, which is no page", r.ID, id)
				if sug := diag.Suggest(id, pages); sug != "" {
					d.Hint = fmt.Sprintf("did you mean %q?", sug)
				} else {
					d.Hint = "a page id is the path under content/ without the language and .md"
				}
			case !fellBack[[2]string{r.ID, id}] && shown(s.Plan, r, id):
				d.Message = fmt.Sprintf("fallbackOK of region %s lists %q, which the region shows translated in all its languages", r.ID, id)
				d.Hint = "remove it, so that check warns if a translation goes missing again"
			default:
				continue
			}
			out.Add(d)
		}
	}
	s.withExcerpts(out)
	return out
}

// shown reports whether region r shows page in some language.
func shown(p *plan.Plan, r *config.Region, page string) bool {
	for _, lang := range r.Languages {
		if p.Lookup(r.ID, lang, page) != nil {
			return true
		}
	}
	return false
}

func fallbackOKPos(site *config.Site, r *config.Region, i int) diag.Pos {
	if i < len(r.FallbackOKPos) && r.FallbackOKPos[i].File != "" {
		return r.FallbackOKPos[i]
	}
	return diag.Pos{File: site.File}
}
