// Package config loads and validates site.toml: the site, its regions, its
// consent rules and its forms. Every error it reports carries the
// position of the offending key in site.toml.
package config

import "github.com/charter-ssg/charter/internal/diag"

// Site is a validated site.toml.
type Site struct {
	File            string           `toml:"-"` // path of site.toml, for diagnostics
	Title           string           `toml:"title"`
	DefaultLanguage string           `toml:"defaultLanguage"` // language of content files without suffix
	Params          map[string]any   `toml:"params"`          // site params, read by :param[] after the region's
	Build           Build            `toml:"build"`
	Consent         Consent          `toml:"consent"`
	Forms           map[string]*Form `toml:"forms"`

	// Regions in the order site.toml lists them (the switcher's order).
	Regions []*Region `toml:"-"`
}

// Build holds build options.
type Build struct {
	UnsafeHTML bool  `toml:"unsafeHTML"` // let raw HTML in Markdown through (off by default)
	Minify     *bool `toml:"minify"`     // minify HTML and CSS (on unless set false)
	// MaxFileMiB is the size limit of one site file in MiB (default
	// sitefs.DefaultMaxFileMiB); site.toml itself is read with the default.
	MaxFileMiB int `toml:"maxFileMiB"`
}

// Region is one regional site: one domain, one output folder.
type Region struct {
	ID        string         `toml:"-"`         // the key in [regions.<id>]
	Domain    string         `toml:"domain"`    // output folder name, e.g. acme24.de
	BaseURL   string         `toml:"baseURL"`   // absolute, ends with "/"
	Languages []string       `toml:"languages"` // BCP 47; the first is the region's default
	Country   string         `toml:"country"`   // ISO 3166-1 alpha-2, for hreflang (optional)
	Label     string         `toml:"label"`     // shown in the region switcher ("Deutschland")
	Group     string         `toml:"group"`     // switcher group ("Europe")
	Consent   string         `toml:"consent"`   // "opt-in" | "opt-out" | "notice" | "none" (no widget)
	Fallback  string         `toml:"fallback"`  // language used where a page has no translation
	Params    map[string]any `toml:"params"`
	// Require lists what the region's pages must contain (see
	// Requirement); Requirements is it read.
	Require      []string      `toml:"require"`
	Requirements []Requirement `toml:"-"`

	// FallbackOK are the page ids ("cookies", "legal/terms", "index")
	// this region may show in its fallback language on purpose, or "*"
	// for every page: charter check does not warn about them.
	FallbackOK []string `toml:"fallbackOK"`

	Pos diag.Pos `toml:"-"` // where [regions.<id>] starts (its id in the header)

	// LanguagesPos[i] is where Languages[i] is written (File "--set" when
	// it came from --set), for errors such as a missing locale file.
	LanguagesPos []diag.Pos `toml:"-"`
	// FallbackOKPos[i] is where FallbackOK[i] is written.
	FallbackOKPos []diag.Pos `toml:"-"`
}

// FallbackIntended reports whether the region shows page in its fallback
// language on purpose (fallbackOK lists it, or "*").
func (r *Region) FallbackIntended(page string) bool {
	for _, id := range r.FallbackOK {
		if id == "*" || id == page {
			return true
		}
	}
	return false
}

// ConsentWidget reports whether the region's pages carry the consent
// widget: every consent model but "none" does.
func (r *Region) ConsentWidget() bool { return r.Consent != "none" }

// DefaultLanguage is the region's first language, served at the root.
func (r *Region) DefaultLanguage() string { return r.Languages[0] }

// Consent configures the consent widget.
type Consent struct {
	Revision      int    `toml:"revision"`      // bump to ask every visitor again
	PolicyVersion string `toml:"policyVersion"` // recorded with each choice
	// AskOnPolicyChange asks every visitor again when PolicyVersion
	// changes (nil: yes); see AsksOnPolicyChange.
	AskOnPolicyChange *bool      `toml:"askOnPolicyChange"`
	ExpiryDays        int        `toml:"expiryDays"`     // default 182
	RecordEndpoint    string     `toml:"recordEndpoint"` // proof-of-consent beacon target (optional)
	ConsentMode       bool       `toml:"consentMode"`    // emit Google Consent Mode v2 signals
	Categories        []Category `toml:"categories"`
	// CookiePaths are the paths the site's cookies may be set on; a
	// withdrawal deletes a category's cookies on each (default ["/"]).
	CookiePaths []string      `toml:"cookiePaths"`
	Scripts     []GatedScript `toml:"scripts"` // gated scripts put on every page
}

// HasSale reports whether a category sells or shares personal data: only
// then does an opt-out region offer "Do Not Sell or Share".
func (c *Consent) HasSale() bool {
	for _, cat := range c.Categories {
		if cat.Sale {
			return true
		}
	}
	return false
}

// AsksOnPolicyChange reports whether a choice given under another
// policyVersion is asked again: yes unless askOnPolicyChange = false.
func (c *Consent) AsksOnPolicyChange() bool {
	return c.AskOnPolicyChange == nil || *c.AskOnPolicyChange
}

// GatedScript is a script that runs only once its category is allowed
// (rendered as <script type="text/plain" data-consent=... src=...>).
type GatedScript struct {
	Src      string `toml:"src"`      // root-relative ("/demo-analytics.js") or https URL
	Category string `toml:"category"` // id of a consent category
}

// Category is a consent category ("necessary", "analytics", ...).
type Category struct {
	ID          string   `toml:"id"`
	Required    bool     `toml:"required"`    // always on, shown read-only
	Sale        bool     `toml:"sale"`        // "sale or sharing": honoured by GPC and Do Not Sell
	Cookies     []string `toml:"cookies"`     // names, or /regexp/, deleted on withdrawal
	GoogleTypes []string `toml:"googleTypes"` // Consent Mode types this category grants
	// Cookie describes the category's cookies for the cookie policy's
	// table (::cookies). Their names are added to Cookies, a name*
	// family as the pattern /^name/.
	Cookie []CookieInfo `toml:"cookie"`

	// CookiesPos[i] is where Cookies[i] is written (File "--set" when it
	// came from --set), for charter check's cookie disclosure.
	CookiesPos []diag.Pos `toml:"-"`
}

// CookieInfo is one row of the cookie table: a cookie, or a family of
// cookies, that its category sets. Its purpose is the UI string
// consent.cookie.<ID>.purpose, its provider consent.cookie.<ID>.provider
// where a locale has it, else Provider, else the site's title.
type CookieInfo struct {
	ID       string   `toml:"id"`
	Names    []string `toml:"names"`    // exact names, or name* for those that start so
	Provider string   `toml:"provider"` // who sets it; default the site's title
	Duration string   `toml:"duration"` // "session", or "N hours", "N days", "N months", "N years"

	Lifetime Lifetime `toml:"-"` // Duration, parsed
	Pos      diag.Pos `toml:"-"`
}

// Lifetime is how long a cookie lives: Count of Unit ("hours", "days",
// "months", "years"), or Unit "session" until the browser closes.
type Lifetime struct {
	Count int
	Unit  string
}

// Form is a form declared in site.toml and placed with ::form{id=...}.
type Form struct {
	ID        string            `toml:"-"`
	Endpoint  string            `toml:"endpoint"`  // https (http only for localhost); "" disables
	Endpoints map[string]string `toml:"endpoints"` // per-region override, by region id ("" disables)
	Encoding  string            `toml:"encoding"`  // "json" (default) | "urlencoded"
	Honeypot  string            `toml:"honeypot"`  // name of the hidden trap field
	TimeoutMS int               `toml:"timeoutMs"` // fetch timeout, default 15000
	FieldMap  map[string]string `toml:"fieldMap"`  // field name -> name in the payload
	Extra     map[string]string `toml:"extra"`     // constant fields added to the payload
	Fields    []Field           `toml:"fields"`
	// FamilyNameFirst lists the languages whose forms ask for the family
	// name before the given name: in them the fields with autocomplete
	// family-name and given-name trade places. Default
	// DefaultFamilyNameFirst; [] turns it off.
	FamilyNameFirst []string `toml:"familyNameFirst"`

	Pos diag.Pos `toml:"-"`
}

// Field is one form field. Its label, hint and option labels come from
// locales under form.<form id>.<field name>.
type Field struct {
	Name         string   `toml:"name"`
	Type         string   `toml:"type"` // text|email|tel|textarea|select|country|choice
	Required     bool     `toml:"required"`
	Autocomplete string   `toml:"autocomplete"`
	MaxLength    int      `toml:"maxLength"`
	Options      []string `toml:"options"` // for select and choice
}
