package check

import (
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/render"
)

// The rules of findings charter build makes itself: check shows them
// from the snapshot's diagnostics (with the build's exit code for its
// errors), so no checker looks for them again.
func init() {
	register(func(*Site) diag.List { return nil },
		Rule{ID: plan.RuleUnservedLanguage,
			Description: "A content file is in a language no region serves or falls back to, so no page shows it.",
			Help:        "Rename it to the language the hint names (privacy.de-DE.md -> privacy.de.md), or add its language to a region in site.toml."},
		Rule{ID: plan.RuleUnshownSource,
			Description: "A content file no region shows: its regions: list names no region with its language, or every region that could show it has a closer translation.",
			Help:        "Fix its regions: list, add its language to a region, or remove the file."},
		Rule{ID: render.RuleDuplicateAlias,
			Description: "One alias on two pages shown in one region: an old URL can redirect to one page only.",
			Help:        "Remove the alias from one of the two pages (a translation without aliases takes the default language's)."},
		Rule{ID: render.RuleAliasCollision,
			Description: "An alias at the URL of another page of the region.",
			Help:        "Remove the alias or move the page."},
		Rule{ID: render.RuleAliasOwnURL,
			Description: "An alias at the page's own URL; it is dropped.",
			Help:        "Remove it from aliases."},
	)
}
