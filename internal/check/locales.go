package check

import (
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
)

func init() {
	register(checkLocales,
		Rule{ID: i18n.RuleMissingKey, Description: "A UI string the default language has and a served language's locale lacks: its pages show the default language's string.",
			Help: "Write the string in the language's locale file."},
		Rule{ID: i18n.RuleUnusedKey, Description: "A string of the site's locale files that no layout and nothing in charter uses.",
			Help: "Remove it, or show it in a layout with {{ .T \"key\" }}."},
		Rule{ID: i18n.RulePlaceholder, Description: "A translation that leaves out a {placeholder} of the default language's string, or uses one it does not have; a layout's call, or a string charter's code formats, whose names differ from the default language string's placeholders.",
			Help: "Write the same {placeholders} as the default language's string, and pass each of them in the call: {{ .T \"key\" \"name\" value }}."},
		Rule{ID: i18n.RulePlural, Description: "A plural entry without a category that its language's CLDR plural rules use.",
			Help: "Add the missing forms (one, few, many, other ...) under the key."},
	)
}

// checkLocales reports what the locales of the served languages lack
// against the default language, and what nothing uses.
func checkLocales(s *Site) diag.List {
	var langs []string
	for _, r := range s.Site.Regions {
		langs = append(langs, r.Languages...)
	}
	return s.Locales.Completeness(s.Site.DefaultLanguage, langs, s.UsedUIKeys())
}
