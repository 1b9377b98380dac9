package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
)

var translationAliasesRule = Rule{ID: "translation-aliases",
	Description: "A translation that lists aliases of its own, so the aliases of its default-language page do not apply to it: those old URLs are 404 on the domains that show the translation.",
	Help:        "Add the missing aliases to the translation's list, or remove its aliases: key to take the default page's; aliases: [] drops them on purpose."}

func init() { register(checkTranslationAliases, translationAliasesRule) }

// checkTranslationAliases warns of a translation whose own aliases leave
// out some of its default-language page's: a translation with an
// aliases key takes none of the default page's.
func checkTranslationAliases(s *Site) diag.List {
	var out diag.List
	def := s.Site.DefaultLanguage
	byPage := map[string][]string{} // page -> the default source's aliases
	for _, src := range s.Sources {
		if src.Lang == def {
			byPage[src.Page] = src.Meta.Aliases
		}
	}
	for _, src := range s.Sources {
		inherited := byPage[src.Page]
		if src.Lang == def || !src.Meta.HasAliases || len(src.Meta.Aliases) == 0 || len(inherited) == 0 {
			continue
		}
		var missing []string
		for _, a := range inherited {
			if !slices.Contains(src.Meta.Aliases, a) {
				missing = append(missing, a)
			}
		}
		if len(missing) == 0 {
			continue
		}
		pos := diag.Pos{File: src.File}
		if len(src.Meta.AliasesPos) > 0 {
			pos = src.Meta.AliasesPos[0]
		}
		out.Add(&diag.Diagnostic{Pos: pos, Severity: diag.Warning, Rule: translationAliasesRule.ID,
			Message: fmt.Sprintf("this translation's aliases leave out %s of its %s page, so that old URL is 404 where the translation is shown",
				strings.Join(missing, ", "), def),
			Hint: translationAliasesRule.Help})
	}
	s.withExcerpts(out)
	return out
}
