// Package content reads the Markdown sources of a site: it splits the
// front matter, parses each (page, language) once with goldmark and the
// directive extensions, and renders the parsed document per region.
package content

import (
	"html/template"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
)

// Layouts are the page kinds front matter's layout may choose.
var Layouts = []string{"policy", "page", "home"}

// Kind is the layout a page of id with this front matter renders with:
// its layout if set, else home for the home page (id "index"), policy for
// a page with an effective date or a version (it shows them and its
// contents), else page.
func (m *FrontMatter) Kind(id string) string {
	switch {
	case m.Layout != "":
		return m.Layout
	case id == "index":
		return "home"
	case !m.Effective.IsZero() || m.Version != "":
		return "policy"
	}
	return "page"
}

// FrontMatter is the metadata of a page, from YAML (---) or TOML (+++).
type FrontMatter struct {
	Title       string
	Description string
	Effective   time.Time // "effective" date; zero if unset
	Version     string
	Draft       bool
	Aliases     []string   // old URL paths that must redirect here ("/old/privacy/")
	AliasesPos  []diag.Pos // where each alias is written, for collision errors
	Regions     []string   // limit the page to these region ids (empty: all)
	Weight      int        // order in navigation (lower first), then title
	// Layout is the page kind chosen in front matter ("policy", "page",
	// "home"), "" for the default (see Kind).
	Layout string
	Params map[string]any // the keys under params:, and every other key, for layouts (as Hugo does)

	// HasAliases reports that the front matter has an aliases key, even
	// an empty list: a translation with one keeps its own aliases (none
	// for aliases: []), one without it takes the default language's.
	HasAliases bool
	// TitlePos is where the title key is written, for findings about
	// the page as a whole.
	TitlePos diag.Pos
	// Fields are the values that go into Params, in file order, with
	// where they are written, for charter check.
	Fields []Field
	// TranslationOf is what a translation records of its source's text
	// (charter check --stamp writes it); nil if it records nothing.
	TranslationOf *TranslationOf
}

// A Field is a front matter value charter does not read itself: a key
// under params:, where a site's own keys go, or any other top-level key.
type Field struct {
	Key      string // "owner", or "params.owner" under params:
	KeyPos   diag.Pos
	ValPos   diag.Pos
	Value    any  // as in Params
	Declared bool // under params:
}

// Name is the key as Params has it: without "params.".
func (f Field) Name() string {
	if f.Declared {
		return f.Key[len("params."):]
	}
	return f.Key
}

// Source is one Markdown file: a page in one language, parsed once.
type Source struct {
	Page string // page id: path under content/ without language and .md ("privacy", "legal/terms", "index")
	Lang string // BCP 47 language of the text
	File string // path as given to diagnostics ("content/privacy.de.md")
	Meta FrontMatter

	// unexported: the goldmark document and source bytes, line offset of
	// the body in the file, directive positions ...
	impl *parsed
}

// TOCEntry is one heading in a page's table of contents.
type TOCEntry struct {
	Level    int    // 2..4
	ID       string // the heading's anchor, stable and unique in the page
	Text     string // plain text of the heading
	Children []*TOCEntry
}

// RenderContext is what a region contributes to rendering a page.
type RenderContext struct {
	Site   *config.Site
	Region *config.Region
	Lang   string // language of the page being served (may differ from Source.Lang on fallback)
	// Forms are the rendered ::form{id="..."} blocks of the page, by id
	// (Source.FormIDs lists them); a missing one renders nothing.
	Forms map[string]template.HTML
	// Cookies is the rendered cookie table, shown for each ::cookies
	// (Source.HasCookies).
	Cookies template.HTML
	// Link, when set, localises the content's links to pages: it is
	// called with the path of each root-relative link (href="/..." in a
	// Markdown link, and in raw HTML where the site allows it) up to any
	// ?query or #fragment, percent-decoded ("/cookies/"), and returns the
	// path to write instead ("/de/cookies/"), or false to keep the link
	// as written. The query and fragment are kept.
	Link func(path string) (string, bool)
}

// Rendered is a page body rendered for one region.
type Rendered struct {
	HTML  template.HTML
	TOC   []*TOCEntry // nested by level
	Forms []string    // the ids of the forms shown, in order
}

// Scan reads every content/**/*.md under dir (the site root) and checks
// file names and front matter; Parse then parses a Source's Markdown once
// and checks its directives (region ids, param names, form ids against
// site), and Release lets the parsed document go when its pages are
// rendered. Drafts are returned with Meta.Draft set; the caller decides.
// Errors carry file:line:col. Files with errors are left out of Scan's
// result. See load.go.
//
// Render renders a Source for one region. It is safe to call concurrently
// on the same Source. See render.go.
