package templates

import (
	"html/template"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
)

// Page is what a layout gets as dot: one page, and the Frame it shares
// with every page of its region and language (whose fields read as the
// page's own: .Lang, .Region, .T).
type Page struct {
	*Frame

	Kind string // "policy", "page", "home", "changes", "404", "alias"

	ID          string // page id ("privacy"); "" for 404
	Title       string
	Description string
	Effective   time.Time
	Version     string
	Params      map[string]any // front matter keys charter does not know
	Content     template.HTML
	TOC         *TOC // the headings of Content; nil when it has none

	// Fallback is the language the text is in when the page's language
	// has no translation of it; nil when the text is in .Lang.
	Fallback *Language

	Permalink    string   // absolute canonical URL on the region's own domain
	RelPermalink string   // "/fr/privacy/"
	Alternates   LinkList // hreflang alternates: every region/language version, then x-default
	Languages    LinkList // the language switcher (Current marks this page); empty for one-language regions
	RegionGroups []RegionGroup
	Nav          LinkList // footer navigation: the region's pages in this language (Current marks this page)

	Target string // for Kind "alias": the URL to redirect to

	// Versions are the page's earlier versions in this region language,
	// newest first ("Version 3.1, effective 1 May 2026").
	Versions LinkList
	// Changes is the URL of the comparison of this version with the one
	// before it ("" when there is none).
	Changes string
	// Archived is set on an earlier version of a page.
	Archived *Archived
}

// Archived is what an earlier version's page says of itself.
type Archived struct {
	From, Until string // the dates it applied, formatted for the page
	Current     string // the URL of the version in force ("" if the region has none)
}

// Frame is what every page of a region and language has.
type Frame struct {
	Site   *config.Site
	Region *config.Region

	Lang     string // BCP 47 language of the page (the region language it is served in)
	Dir      string // "ltr" or "rtl", for <html dir>
	LangName string // Lang's name in Lang, as a menu shows it ("Deutsch", "Français")

	HomeURL   string // root-relative home of this region and language: "/" or "/fr/"
	PolicyURL string // the Nav URL of the region's cookie policy in this language ("<home>cookies/"), "" if it has none

	CSS     Asset
	Styles  []Asset                // further stylesheets with SRI (the consent widget's, the form's)
	Scripts []Asset                // deferred scripts with SRI
	JSON    map[string]template.JS // id -> JSON for <script type="application/json" id=...> (e.g. consent config)

	// Translate looks up a UI string in Lang (set by the build):
	// layouts call {{ .T "nav.home" }} or {{ .T "page.version" "version" .Version }}.
	Translate func(key string, args ...any) string `json:"-"`
}

// T translates key into the page's language; args are name, value pairs
// for {name} placeholders.
func (f *Frame) T(key string, args ...any) string {
	if f.Translate == nil {
		return key
	}
	return f.Translate(key, args...)
}

// Language is a language a text is in, named in the page's language.
type Language struct {
	Lang string // BCP 47
	Dir  string // "ltr" or "rtl"
	Name string // in the page's language ("Englisch" on a German page)
}

// Link is a URL with what the link is to.
type Link struct {
	Text     string // visible text ("Deutsch", "Privacy Policy")
	Lang     string // BCP 47 of the target, or "x-default"
	Hreflang string // language(-COUNTRY) code for hreflang
	URL      string
	Current  bool
}

// RegionGroup is one heading of the region switcher ("Europe") and its
// regions: Text is a region's label, Lang its default language, URL the
// same page there.
type RegionGroup struct {
	Name    string
	Regions LinkList
}

// TOC is a table of contents: {{ .TOC.Render "toc-list" }} renders it
// with a partial whose dot is Entries.
type TOC struct {
	Entries []*content.TOCEntry
	shared  *Shared
	key     string
}

// Asset is a fingerprinted file with its Subresource Integrity hash.
type Asset struct {
	URL       string // "/assets/site.3f2a1b9c.css"
	Integrity string // "sha384-..."
}
