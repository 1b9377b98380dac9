// Package cookietable builds the cookie policy's table of cookies (the
// ::cookies directive) from the consent categories of site.toml, in the
// page's language, so that the table, the banner's categories and what
// the widget deletes on withdrawal come from one declaration.
package cookietable

import "github.com/charter-ssg/charter/internal/config"

// ConsentCookie is the cookie in which the consent widget stores the
// visitor's choice (assets/consent.ts), for Consent.ExpiryDays days.
const ConsentCookie = config.ConsentCookie

// Table is what the "cookies" partial renders: the column headings and
// one row per declared cookie, in site.toml order, the widget's own first.
type Table struct {
	Lang                                        string // the language of its strings: the page's
	Caption                                     string
	Name, Provider, Category, Purpose, Duration string // column headings
	Rows                                        []Row
}

// Row is one cookie, or one family of cookies.
type Row struct {
	ID       string   // the cookie's id in site.toml
	Names    []string // as declared: "_ga", "_ga_*"
	Provider string
	Category string // the category's title
	// CategoryID is the category's id in site.toml.
	CategoryID string
	Purpose    string
	Duration   string
}

// Input is what New needs: the consent declaration, whether the region
// has the widget (which sets ConsentCookie), the site's title (the
// default provider), and the page language's translator: T for strings,
// N for plural forms.
type Input struct {
	Lang    string
	Consent *config.Consent
	Widget  bool
	Owner   string
	T       func(key string, args ...any) string
	N       func(key string, count int) string
}

// New builds the table.
func New(in Input) *Table {
	t := in.T
	tbl := &Table{
		Lang:     in.Lang,
		Caption:  t("cookies.caption"),
		Name:     t("cookies.name"),
		Provider: t("cookies.provider"),
		Category: t("cookies.category"),
		Purpose:  t("cookies.purpose"),
		Duration: t("cookies.duration"),
	}
	own := in.Widget
	for _, cat := range in.Consent.Categories {
		if !in.Widget && !cat.Required {
			continue // without the widget no optional category is ever allowed
		}
		title := t(CategoryKey(cat.ID))
		if own && cat.Required {
			tbl.Rows = append(tbl.Rows, Row{
				ID: ConsentCookie, Names: []string{ConsentCookie}, Provider: in.Owner,
				Category: title, CategoryID: cat.ID, Purpose: t(PurposeKey(ConsentCookie)),
				Duration: lifetime(in, config.Lifetime{Count: in.Consent.ExpiryDays, Unit: "days"}),
			})
			own = false
		}
		for _, c := range cat.Cookie {
			provider := c.Provider
			if p := t(ProviderKey(c.ID)); p != ProviderKey(c.ID) {
				provider = p
			}
			if provider == "" {
				provider = in.Owner
			}
			tbl.Rows = append(tbl.Rows, Row{
				ID: c.ID, Names: c.Names, Provider: provider, Category: title, CategoryID: cat.ID,
				Purpose: t(PurposeKey(c.ID)), Duration: lifetime(in, c.Lifetime),
			})
		}
	}
	return tbl
}

func lifetime(in Input, l config.Lifetime) string {
	if l.Unit == "session" {
		return in.T(SessionKey)
	}
	return in.N(UnitKey(l.Unit), l.Count)
}

// The UI strings of the table.
const (
	SessionKey = "cookies.session"
	unitPrefix = "cookies."
)

// CategoryKey is the title of a consent category.
func CategoryKey(id string) string { return "consent.category." + id + ".title" }

// PurposeKey is what the cookie id is for.
func PurposeKey(id string) string { return "consent.cookie." + id + ".purpose" }

// ProviderKey is who sets the cookie id, where a locale says.
func ProviderKey(id string) string { return "consent.cookie." + id + ".provider" }

// UnitKey is the plural entry of a lifetime unit ("days").
func UnitKey(unit string) string { return unitPrefix + unit }

// Placeholders are the placeholders the table fills in, by key.
var Placeholders = map[string][]string{
	UnitKey("hours"): {"count"}, UnitKey("days"): {"count"}, UnitKey("months"): {"count"}, UnitKey("years"): {"count"},
}

// Keys are the UI strings a table of c looks up, and of those the ones a
// locale may leave out (the providers). Units are listed whether or not
// a cookie uses them, as the theme's strings.
func Keys(c *config.Consent, widget bool) (required, optional []string) {
	required = []string{"cookies.caption", "cookies.name", "cookies.provider", "cookies.category",
		"cookies.purpose", "cookies.duration", SessionKey}
	for _, u := range []string{"hours", "days", "months", "years"} {
		required = append(required, UnitKey(u))
	}
	if widget {
		required = append(required, PurposeKey(ConsentCookie))
	}
	for _, cat := range c.Categories {
		if len(cat.Cookie) > 0 || widget && cat.Required {
			required = append(required, CategoryKey(cat.ID))
		}
		for _, ci := range cat.Cookie {
			required = append(required, PurposeKey(ci.ID))
			optional = append(optional, ProviderKey(ci.ID))
		}
	}
	return required, optional
}
