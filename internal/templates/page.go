package templates

import (
	"html/template"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
)

// Page is everything a layout can read. Layouts get it as dot.
type Page struct {
	Kind string // "page", "home", "404", "alias"

	Site   *config.Site
	Region *config.Region

	Lang            string // BCP 47 language of the page (the region language it is served in)
	Dir             string // "ltr" or "rtl", for <html dir>
	ContentLang     string // language of the text; differs from Lang on a fallback page
	ContentDir      string
	Fallback        bool   // the text is in ContentLang because Lang has no translation
	LangName        string // Lang's name in Lang ("Deutsch")
	ContentLangName string // ContentLang's name in Lang (for the fallback notice)

	ID          string // page id ("privacy"); "" for 404
	Title       string
	Description string
	Effective   time.Time
	Version     string
	Params      map[string]any // front matter keys charter does not know
	Content     template.HTML
	TOC         []*content.TOCEntry

	Permalink    string // absolute canonical URL on the region's own domain
	RelPermalink string // "/fr/privacy/"
	HomeURL      string // root-relative home of this region and language: "/" or "/fr/"
	Alternates   []Link // hreflang alternates: every region/language version, then x-default

	RegionGroups []RegionGroup // the region switcher
	Languages    []Link        // the language switcher (Current marks this page); empty for one-language regions
	Nav          []Link        // footer navigation: the region's pages in this language
	PolicyURL    string        // the Nav URL of the region's cookie policy in this language ("<home>cookies/"), "" if it has none

	// Fragments the build renders once with small partials and shares
	// between the pages that show them, so that layouts do not range over
	// the long lists above for every page. Each is empty when the site's
	// layouts do not define its partial; the lists above are always set.
	AlternateLinks template.HTML // "alternate-links" with .Alternates as dot
	FooterNav      template.HTML // "footer-nav-item" for each link of .Nav
	TOCList        template.HTML // "toc-list" with .TOC as dot

	CSS     Asset
	Styles  []Asset                // further stylesheets with SRI (the consent widget's, the form's)
	Scripts []Asset                // deferred scripts with SRI
	JSON    map[string]template.JS // id -> JSON for <script type="application/json" id=...> (e.g. consent config)

	Target string // for Kind "alias": the URL to redirect to

	// Translate looks up a UI string in Lang (set by the build):
	// layouts call {{ .T "nav.home" }} or {{ .T "page.version" "version" .Version }}.
	Translate func(key string, args ...any) string `json:"-"`
}

// T translates key into the page's language; args are name, value pairs
// for {name} placeholders.
func (p *Page) T(key string, args ...any) string {
	if p.Translate == nil {
		return key
	}
	return p.Translate(key, args...)
}

// Link is a URL with what the link is to.
type Link struct {
	Text     string // visible text ("Deutsch", "Privacy Policy")
	Lang     string // BCP 47 of the target, or "x-default"
	Hreflang string // language(-COUNTRY) code for hreflang
	URL      string
	Current  bool
}

// RegionGroup is one heading of the region switcher ("Europe") and its regions.
type RegionGroup struct {
	Name    string
	Regions []Link        // Text is the region label, Lang its default language, URL the same page there
	Items   template.HTML // "region-switcher-item" for each of Regions; empty when no layout defines it
}

// Asset is a fingerprinted file with its Subresource Integrity hash.
type Asset struct {
	URL       string // "/assets/site.3f2a1b9c.css"
	Integrity string // "sha384-..."
}
