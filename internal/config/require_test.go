package config

import (
	"reflect"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
)

func TestRequire(t *testing.T) {
	site, diags := parse(t, form+`[regions.us]
domain = "acme24.com"
baseURL = "https://acme24.com/"
languages = ["en"]
require = ["privacy#do-not-sell-or-share", 'contact::form{id="f"}', "legal/terms::form{id=f}"]
`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	pos := func(col, end int) diag.Pos {
		return diag.Pos{File: "site.toml", Line: 13, Col: col, EndLine: 13, EndCol: end}
	}
	want := []Requirement{
		{Page: "privacy", Heading: "do-not-sell-or-share", Text: "privacy#do-not-sell-or-share", Pos: pos(12, 42)},
		{Page: "contact", Form: "f", Text: `contact::form{id="f"}`, Pos: pos(44, 67)},
		{Page: "legal/terms", Form: "f", Text: "legal/terms::form{id=f}", Pos: pos(69, 94)},
	}
	if got := site.Regions[1].Requirements; !reflect.DeepEqual(got, want) {
		t.Errorf("requirements:\n%+v\nwant\n%+v", got, want)
	}
	if got := want[0].What() + ", " + want[1].What(); got != "heading #do-not-sell-or-share, form f" {
		t.Errorf("What = %q", got)
	}

	// --set replaces the list; its positions name --set.
	site, diags = parse(t, eu, `regions.eu.require=["privacy#dpo"]`)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if got := site.Regions[0].Requirements; len(got) != 1 || got[0].Pos.File != "--set" || got[0].Heading != "dpo" {
		t.Errorf("--set: %+v", got)
	}
}

func TestRequireErrors(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"no heading", `require = ["privacy"]`,
			`site.toml:13:12: require[0] "privacy" names no heading or form of a page (write "PAGE#HEADING-ID" for a heading (privacy#data-protection-officer) or 'PAGE::form{id="FORM-ID"}' for a form)`},
		{"a URL", `require = ["/privacy/#dpo"]`,
			`site.toml:13:12: require[0] "/privacy/#dpo" names no heading or form of a page (write the page id as content/ names it, without slashes around it: privacy#data-protection-officer for content/privacy.md)`},
		{"another directive", `require = ["privacy::region{only=eu}"]`,
			`site.toml:13:12: require[0] "privacy::region{only=eu}" names no heading or form of a page (only a ::form can be required, or a heading: write "PAGE#HEADING-ID" for a heading (privacy#data-protection-officer) or 'PAGE::form{id="FORM-ID"}' for a form)`},
		{"unknown form", `require = ["a#b", "contact::form{id=g}"]`,
			`site.toml:13:19: require[1] names form "g", which site.toml does not declare (did you mean "f"?)`},
		{"not a list", `require = "privacy#dpo"`, `site.toml:13:11: require must be an array, not a string`},
		{"misspelt key", `requires = ["privacy#dpo"]`, `site.toml:13:1: unknown key "requires" in [regions.us] (did you mean "require"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parse(t, form+"[regions.us]\ndomain = \"acme24.com\"\nbaseURL = \"https://acme24.com/\"\nlanguages = [\"en\"]\n"+tt.line+"\n")
			if !hasError(diags, tt.want) {
				t.Errorf("want %s\ngot\n%v", tt.want, diags)
			}
		})
	}
}

func TestCookiePositions(t *testing.T) {
	site, diags := parse(t, eu+"[[consent.categories]]\nid = \"necessary\"\nrequired = true\ncookies = [\"session\", \"/^_ga/\"]\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []diag.Pos{
		{File: "site.toml", Line: 8, Col: 12, EndLine: 8, EndCol: 21},
		{File: "site.toml", Line: 8, Col: 23, EndLine: 8, EndCol: 31},
	}
	if got := site.Consent.Categories[0].CookiesPos; !reflect.DeepEqual(got, want) {
		t.Errorf("cookie positions = %+v, want %+v", got, want)
	}
}
