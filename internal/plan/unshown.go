package plan

import (
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"golang.org/x/text/language"
)

// Rules of the warnings about sources no region shows, as charter check
// names them.
const (
	RuleUnservedLanguage = "unserved-language" // no region serves the file's language
	RuleUnshownSource    = "unshown-source"    // regions: or closer translations hide it
)

// unshown warns about every source that p shows in no region, and says
// why: no region serves its language (nor falls back to it), its regions:
// front matter lists none that does, or every region that could show it
// has a closer translation. Every file in content/ is then either a page
// or a diagnostic.
func unshown(site *config.Site, srcs []*content.Source, p *Plan) diag.List {
	shown := map[*content.Source]bool{}
	for _, in := range p.Instances {
		shown[in.Src] = true
	}
	var diags diag.List
	for _, s := range srcs {
		if s.Meta.Draft || shown[s] {
			continue
		}
		d := &diag.Diagnostic{Pos: diag.Pos{File: s.File}, Severity: diag.Warning, Rule: RuleUnshownSource}
		reach := regionsReaching(site, s.Lang)
		switch {
		case len(reach) == 0:
			d.Rule = RuleUnservedLanguage
			d.Message = "no region serves " + s.Lang + "; charter ignores this file"
			if lang := closestServed(site, s.Lang); lang != "" {
				d.WithHint("rename it %s?", renamed(s, lang))
			} else {
				d.WithHint("name it %s for the default language (%s), or use a language a region lists in site.toml", renamed(s, ""), site.DefaultLanguage)
			}
		case len(s.Meta.Regions) > 0 && !anyIn(s.Meta.Regions, reach):
			d.Message = "regions: " + strings.Join(s.Meta.Regions, ", ") + " in its front matter lists no region that shows " + s.Lang + "; charter ignores this file"
			d.WithHint("regions that show %s: %s", s.Lang, strings.Join(reach, ", "))
		default:
			d.Message = "every region that could show it shows a closer translation; charter ignores this file"
			d.WithHint("remove it, or add %s to a region's languages in site.toml", s.Lang)
		}
		diags.Add(d)
	}
	return diags
}

// regionsReaching lists the regions (in site.toml order) whose languages
// or fallback chains include lang.
func regionsReaching(site *config.Site, lang string) []string {
	var ids []string
	for _, r := range site.Regions {
		for _, l := range r.Languages {
			chain := append(i18n.Chain(l, r.Fallback), i18n.Chain(site.DefaultLanguage, site.DefaultLanguage)...)
			if slices.Contains(chain, lang) {
				ids = append(ids, r.ID)
				break
			}
		}
	}
	return ids
}

func anyIn(ids, of []string) bool {
	for _, id := range ids {
		if slices.Contains(of, id) {
			return true
		}
	}
	return false
}

// closestServed is the language some region lists that is closest to
// lang (de-DE -> de), or "" if none is close.
func closestServed(site *config.Site, lang string) string {
	tag, err := language.Parse(lang)
	if err != nil || tag == language.Und {
		return ""
	}
	var served []string
	for _, r := range site.Regions {
		for _, l := range r.Languages {
			if !slices.Contains(served, l) {
				served = append(served, l)
			}
		}
	}
	sort.Strings(served)
	tags := make([]language.Tag, len(served))
	for i, l := range served {
		tags[i] = language.Make(l)
	}
	if len(tags) == 0 {
		return ""
	}
	_, i, conf := language.NewMatcher(tags).Match(tag)
	if conf < language.High {
		return ""
	}
	return served[i]
}

// renamed is the file name of s in language lang ("" for the default
// language: no suffix).
func renamed(s *content.Source, lang string) string {
	base := path.Base(s.File)
	stem := strings.TrimSuffix(base, ".md")
	if i := strings.LastIndex(stem, "."); i >= 0 {
		stem = stem[:i]
	}
	if lang == "" {
		return stem + ".md"
	}
	return stem + "." + lang + ".md"
}
