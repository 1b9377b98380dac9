package check

import (
	"testing"

	"github.com/charter-ssg/charter/internal/config"
)

func TestCookieDisclosure(t *testing.T) {
	runCases(t, []legalCase{
		{"consistent", nil, nil},
		{"a declared cookie missing in one language", map[string]string{
			"content/cookies.de.md": replace(t, "content/cookies.de.md", "| `_a` | Analyse |\n", ""),
		}, []string{
			`site.toml:23:12 error cookie-undisclosed: cookie _a of category analytics is not in the cookie policy of region eu (de) (describe it in a [[consent.categories.cookie]] row of its category, which ::cookies shows; or, in a policy with a hand-written table, list it as code in its first column (content/cookies.de.md))`,
		}},
		{"a pattern no name matches, everywhere", map[string]string{
			"site.toml": replace(t, "site.toml", `"/^_ga/"`, `"/^_gcl_/"`),
		}, []string{
			"content/cookies.de.md:11:3 error cookie-undeclared [eu]: the cookie policy lists cookie \"_ga\", which no consent category in site.toml declares (add it to the cookies of its category in [[consent.categories]], so that withdrawing consent deletes it, or take it out of the policy)",
			"content/cookies.md:11:3 error cookie-undeclared [eu us]: the cookie policy lists cookie \"_ga\", which no consent category in site.toml declares (add it to the cookies of its category in [[consent.categories]], so that withdrawing consent deletes it, or take it out of the policy)",
			"content/cookies.md:11:10 error cookie-undeclared [eu us]: the cookie policy lists cookie \"_ga_*\", which no consent category in site.toml declares (add it to the cookies of its category in [[consent.categories]], so that withdrawing consent deletes it, or take it out of the policy)",
			`site.toml:23:18 error cookie-undisclosed: cookie /^_gcl_/ of category analytics is not in the cookie policy of regions eu (en, de), us (en) (describe it in a [[consent.categories.cookie]] row of its category, which ::cookies shows; or, in a policy with a hand-written table, list it as code in its first column (content/cookies.md, content/cookies.de.md))`,
		}},
		{"the widget's own cookie", map[string]string{
			"content/cookies.md": replace(t, "content/cookies.md", "| `charter_consent` | your choice |\n", ""),
		}, []string{
			"content/cookies.md:9:3 error cookie-undisclosed [eu us]: the cookie policy does not list charter_consent, the cookie in which the consent widget stores the visitor's choice (add a row for `charter_consent` (a necessary cookie) to the cookie table)",
		}},
		{"no policy", map[string]string{
			"content/cookies.md": "", "content/cookies.de.md": "",
			"site.toml": replace(t, "site.toml", `consent = "opt-out"`, `consent = "none"`),
		}, []string{
			`site.toml:3:10 error cookie-undisclosed [eu]: region eu has the consent widget but no cookie policy in en (add content/cookies.md, the page that lists the cookies; or set consent = "none" for a region without optional cookies)`,
			`site.toml:3:10 error cookie-undisclosed [eu]: region eu has the consent widget but no cookie policy in de (add content/cookies.md, the page that lists the cookies; or set consent = "none" for a region without optional cookies)`,
		}},
		{"a header row and other columns are not a listing", map[string]string{
			"content/cookies.de.md": replace(t, "content/cookies.de.md", "| Name | Zweck |", "| `Name` | `_x` |"),
		}, nil},
	}, UndisclosedCookieRule.ID, UndeclaredCookieRule.ID)
}

func TestCookieMatches(t *testing.T) {
	tests := []struct {
		declared, listed string
		want             bool
	}{
		{"_a", "_a", true},
		{"_a", "_ab", false},
		{"/^_ga/", "_ga", true},
		{"/^_ga/", "_ga_*", true},
		{"/^_ga$/", "_ga_*", false},
		{"/^_ga_[0-9A-Z]+$/", "_ga_*", true},
		{"_ga_ABC", "_ga_*", true},
		{"_gb", "_ga*", false},
	}
	for _, tt := range tests {
		d := declaredCookies(&config.Consent{Categories: []config.Category{{ID: "c", Cookies: []string{tt.declared}}}})[0]
		if got := d.matches(tt.listed); got != tt.want {
			t.Errorf("%s matches %s = %v, want %v", tt.declared, tt.listed, got, tt.want)
		}
	}
}
