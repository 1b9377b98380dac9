package render

import (
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash"
	"hash/fnv"
	"html/template"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/templates"
)

// Inputs are what rendering reads: the loaded site, without its pages
// (those come in a plan).
type Inputs struct {
	Config  *config.Site
	Locales *i18n.Catalogs
	Layouts *templates.Set
	Assets  *assets.Bundle
}

// Options change what pages get, for the preview server.
type Options struct {
	// FormAction, when set, is the URL every form posts to instead of
	// its endpoint (the preview server's form sink).
	FormAction func(form string) string
	// Scripts and Styles are added to every page (the preview server's
	// live reload).
	Scripts, Styles []templates.Asset
}

// Renderer renders instances of a plan with the site's layouts. It is
// safe for concurrent use: everything it holds is read-only once New
// returns, but for caches behind locks.
//
// What is the same for many pages is computed once here and shared: the
// navigation of a region language, the hreflang alternates and the region
// switcher of a page id, and what every page of a region language has.
type Renderer struct {
	in           Inputs
	plan         *plan.Plan
	opts         Options
	min          *assets.Minifier
	minify       bool
	groups       []string           // switcher groups in site.toml order
	groupRegions [][]*config.Region // the regions of each group, in site.toml order

	frames     map[regionLang]*templates.Frame // what every page of a region language has
	navs       map[regionLang]navLinks
	alternates map[string]templates.LinkList      // page id -> alternates
	switchers  map[string][]templates.RegionGroup // page id ("" for none) -> region switcher, no region current
	shared     *templates.Shared                  // partials' HTML shared between pages

	keysOnce   sync.Once // the hashes of the shared data, for Key
	navKeys    map[regionLang]uint64
	pageKeys   map[string]uint64
	regionKeys map[string]uint64
}

type regionLang struct{ region, lang string }

// navLinks is the footer navigation of a region language; pages[i] is
// the page id links[i] goes to. policy is the URL of the cookie policy
// among links, if it is there.
type navLinks struct {
	links  []templates.Link
	pages  []string
	policy string
}

// New prepares the rendering of p's pages.
func New(in Inputs, p *plan.Plan, opts Options) *Renderer {
	r := &Renderer{
		in: in, plan: p, opts: opts, min: assets.NewMinifier(), minify: in.Config.Build.Minify == nil || *in.Config.Build.Minify,
		frames:     map[regionLang]*templates.Frame{},
		navs:       map[regionLang]navLinks{},
		alternates: map[string]templates.LinkList{},
		switchers:  map[string][]templates.RegionGroup{},
		shared:     in.Layouts.Shared(),
	}
	group := map[string]int{}
	for _, reg := range in.Config.Regions {
		i, ok := group[reg.Group]
		if !ok {
			i = len(r.groups)
			group[reg.Group] = i
			r.groups = append(r.groups, reg.Group)
			r.groupRegions = append(r.groupRegions, nil)
		}
		r.groupRegions[i] = append(r.groupRegions[i], reg)
	}
	for _, reg := range in.Config.Regions {
		for _, lang := range reg.Languages {
			r.navs[regionLang{reg.ID, lang}] = r.makeNav(reg, lang)
		}
		// Aliases and 404 pages can be in a language the region does not
		// list; basePage makes those frames on demand.
		for _, lang := range reg.Languages {
			r.frames[regionLang{reg.ID, lang}] = r.makeFrame(reg, lang)
		}
	}
	r.switchers[""] = r.makeRegionGroups("")
	for page := range p.ByPage {
		r.alternates[page] = r.shared.Links(page, r.makeAlternates(page))
		r.switchers[page] = r.makeRegionGroups(page)
	}
	return r
}

func (r *Renderer) translator(lang string) func(string, ...any) string {
	return func(key string, args ...any) string { return r.in.Locales.T(lang, key, args...) }
}

func (r *Renderer) asset(name string) templates.Asset {
	a, ok := r.in.Assets.Get(name)
	if !ok {
		return templates.Asset{}
	}
	return templates.Asset{URL: "/" + a.Path, Integrity: a.Integrity}
}

// makeFrame fills what every page of a region and language has.
func (r *Renderer) makeFrame(reg *config.Region, lang string) *templates.Frame {
	f := &templates.Frame{
		Site:      r.in.Config,
		Region:    reg,
		Lang:      lang,
		Dir:       i18n.Dir(lang),
		LangName:  r.in.Locales.SelfName(lang),
		HomeURL:   plan.LangPrefix(reg, lang) + "/",
		PolicyURL: r.navLinks(reg, lang).policy,
		CSS:       r.asset("site.css"),
		Translate: r.translator(lang),
	}
	r.addConsent(f, reg, lang)
	f.Scripts = append(f.Scripts, r.opts.Scripts...)
	f.Styles = append(f.Styles, r.opts.Styles...)
	// Clipped, so that a page that adds its own scripts or styles copies
	// instead of writing into the shared array. JSON is only read.
	f.Scripts = slices.Clip(f.Scripts)
	f.Styles = slices.Clip(f.Styles)
	return f
}

// baseAssets are the assets every page of reg links.
func (r *Renderer) baseAssets(reg *config.Region) []string {
	if reg.ConsentWidget() {
		return []string{"site.css", "consent.js", "consent.css"}
	}
	return []string{"site.css"}
}

// basePage is a new page of kind in the frame of its region and
// language, with the navigation with cur as the current page.
func (r *Renderer) basePage(kind string, reg *config.Region, lang, cur string) *templates.Page {
	frame := r.frames[regionLang{reg.ID, lang}]
	if frame == nil {
		frame = r.makeFrame(reg, lang)
	}
	return &templates.Page{
		Frame: frame,
		Kind:  kind,
		Nav:   r.shared.Links(reg.ID+"\x00"+lang, r.navLinks(reg, lang).current(cur)),
	}
}

// Page is a rendered page and what the build needs to know of it.
type Page struct {
	HTML    []byte
	Assets  map[string]string // the assets it uses ("site.css", "form.js") -> AssetState
	Origins Origins           // what it loads from, for its region's _headers
}

// AssetState is what a page's HTML depends on of an asset: its bytes
// (the integrity is their hash) and whether the page links it or has it
// inlined in site.css; "" for none, which a model renders again for when
// one appears.
func AssetState(a *assets.Asset) string {
	switch {
	case a == nil:
		return ""
	case a.Inlined:
		return a.Integrity + " inlined"
	}
	return a.Integrity
}

// Page renders one instance.
func (r *Renderer) Page(in *plan.Instance) (Page, error) {
	b, names, err := r.renderPage(in)
	if err != nil {
		return Page{}, err
	}
	linked := make(map[string]string, len(names))
	for _, name := range names {
		a, _ := r.in.Assets.Get(name)
		linked[name] = AssetState(a)
	}
	return Page{HTML: b, Assets: linked, Origins: ScanOrigins(in.Region, b)}, nil
}

func (r *Renderer) renderPage(in *plan.Instance) ([]byte, []string, error) {
	src := in.Src
	p := r.basePage(src.Meta.Kind(in.Page), in.Region, in.Lang, in.Page)
	var forms map[string]template.HTML
	for _, id := range src.FormIDs(r.in.Config) {
		html, err := r.renderForm(id, in)
		if err != nil {
			return nil, nil, diag.Errorf(diag.Pos{File: src.File}, "form %q: %v", id, err)
		}
		if forms == nil {
			forms = map[string]template.HTML{}
		}
		forms[id] = html
	}
	var cookies template.HTML
	if src.HasCookies(r.in.Config) {
		html, err := r.renderCookies(in)
		if err != nil {
			return nil, nil, diag.Errorf(diag.Pos{File: src.File}, "cookie table: %v", err)
		}
		cookies = html
	}
	rendered, err := src.Render(content.RenderContext{
		Site:    r.in.Config,
		Region:  in.Region,
		Lang:    in.Lang,
		Forms:   forms,
		Cookies: cookies,
		Link:    r.contentLinks(in),
	})
	if err != nil {
		return nil, nil, err
	}
	assets := r.baseAssets(in.Region)
	if len(rendered.Forms) > 0 {
		p.Frame = r.withFormAssets(p.Frame)
		assets = append(assets, "form.js", "form.css")
	}
	if p.Kind == "policy" {
		if f, ok := r.withScript(p.Frame, printScript); ok {
			p.Frame = f
			assets = append(assets, printScript)
		}
	}
	p.ID = in.Page
	if in.Fallback() {
		p.Fallback = r.fallbackLanguage(in)
	}
	p.Title = src.Meta.Title
	p.Description = src.Meta.Description
	p.Effective = src.Meta.Effective
	p.Version = src.Meta.Version
	p.Params = src.Meta.Params
	p.Content = rendered.HTML
	p.TOC = r.shared.TOC(rendered.TOC)
	p.Permalink = in.Permalink()
	p.RelPermalink = in.RelURL
	p.Alternates = r.alternates[in.Page]
	p.RegionGroups = r.regionGroups(in.Region, in.Lang, in.Page)
	p.Languages = r.languages(in.Region, in.Lang, in.Page)
	r.addVersions(p, in)
	b, err := r.execute(p.Kind, p)
	return b, assets, err
}

// fallbackLanguage is the language in's text is in, named in the page's.
func (r *Renderer) fallbackLanguage(in *plan.Instance) *templates.Language {
	return &templates.Language{Lang: in.Src.Lang, Dir: i18n.Dir(in.Src.Lang), Name: i18n.DisplayName(in.Src.Lang, in.Lang)}
}

// contentLinks localises the links of in's content: a root-relative link
// to a page's language-neutral URL (plan.PagePath: "/cookies/") goes to
// that page in the language in is served in, where its region shows it in
// that language ("/de/cookies/" on a German page of acme24.eu), so that
// one link is right in every region and language. A path with a language
// prefix of the region ("/fr/cookies/") names its language and is kept.
// nil where the language has no prefix: every such link is already the
// page's own URL.
//
// It reads which pages the region language has, as the navigation does;
// Key hashes both.
func (r *Renderer) contentLinks(in *plan.Instance) func(string) (string, bool) {
	reg, lang := in.Region, in.Lang
	if plan.LangPrefix(reg, lang) == "" {
		return nil
	}
	return func(p string) (string, bool) {
		for _, l := range reg.Languages[1:] {
			if strings.HasPrefix(p, plan.LangPrefix(reg, l)+"/") {
				return "", false
			}
		}
		if to := r.plan.PageAt(reg.ID, lang, p); to != nil {
			return to.RelURL, true
		}
		return "", false
	}
}

// execBuffers are the buffers layouts execute into; the minifier copies
// what it keeps.
var execBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (r *Renderer) execute(kind string, p *templates.Page) ([]byte, error) {
	buf := execBuffers.Get().(*bytes.Buffer)
	defer execBuffers.Put(buf)
	buf.Reset()
	if err := r.in.Layouts.ExecuteTo(buf, kind, p); err != nil {
		return nil, err
	}
	if !r.minify {
		return bytes.Clone(buf.Bytes()), nil
	}
	return r.min.HTML(buf.Bytes())
}

// makeAlternates lists every version of a page, in every region and
// language, then x-default: the page in the first region's default
// language.
func (r *Renderer) makeAlternates(page string) []templates.Link {
	ins := r.plan.ByPage[page]
	links := make([]templates.Link, 0, len(ins)+1)
	for _, in := range ins {
		links = append(links, templates.Link{Lang: in.Lang, Hreflang: in.Hreflang, URL: in.Permalink()})
	}
	if def := r.xDefault(page); def != nil {
		links = append(links, templates.Link{Lang: "x-default", Hreflang: "x-default", URL: def.Permalink()})
	}
	return slices.Clip(links)
}

func (r *Renderer) xDefault(page string) *plan.Instance {
	for _, in := range r.plan.ByPage[page] {
		if in.Lang == in.Region.DefaultLanguage() {
			return in
		}
	}
	return nil
}

// regionGroups is the region switcher of page in lang with cur marked
// current.
func (r *Renderer) regionGroups(cur *config.Region, lang, page string) []templates.RegionGroup {
	shared := r.switchers[page]
	if shared == nil {
		shared = r.makeRegionGroups(page)
	}
	groups := make([]templates.RegionGroup, len(shared))
	for i, g := range shared {
		links := slices.Clone(g.Regions.Links)
		for j, reg := range r.groupRegions[i] {
			links[j].Current = reg == cur
		}
		groups[i] = templates.RegionGroup{Name: i18n.AreaName(g.Name, lang), Regions: r.shared.Links(strconv.Itoa(i)+"\x00"+page, links)}
	}
	return groups
}

// makeRegionGroups is the region switcher: each region links to the same
// page in its default language, or to its home page if it has no such
// page. No region is marked current.
func (r *Renderer) makeRegionGroups(page string) []templates.RegionGroup {
	groups := make([]templates.RegionGroup, 0, len(r.groups))
	for i, g := range r.groups {
		var links []templates.Link
		for _, reg := range r.groupRegions[i] {
			lang := reg.DefaultLanguage()
			url := strings.TrimSuffix(reg.BaseURL, "/") + "/"
			if in := r.plan.Lookup(reg.ID, lang, page); in != nil {
				url = in.Permalink()
			}
			links = append(links, templates.Link{
				Text: reg.Label, Lang: lang, Hreflang: plan.HreflangCode(lang, reg.Country), URL: url,
			})
		}
		groups = append(groups, templates.RegionGroup{Name: g, Regions: templates.LinkList{Links: links}})
	}
	return groups
}

// languages is the language switcher of a multi-language region.
func (r *Renderer) languages(reg *config.Region, cur, page string) templates.LinkList {
	if len(reg.Languages) < 2 {
		return templates.LinkList{}
	}
	var links []templates.Link
	for _, lang := range reg.Languages {
		url := plan.LangPrefix(reg, lang) + "/"
		if in := r.plan.Lookup(reg.ID, lang, page); in != nil {
			url = in.RelURL
		}
		links = append(links, templates.Link{
			Text: r.in.Locales.SelfName(lang), Lang: lang, Hreflang: plan.HreflangCode(lang, reg.Country), URL: url, Current: lang == cur,
		})
	}
	return r.shared.Links(reg.ID+"\x00"+page, links)
}

// navLinks is the footer navigation of a region language.
func (r *Renderer) navLinks(reg *config.Region, lang string) navLinks {
	if nav, ok := r.navs[regionLang{reg.ID, lang}]; ok {
		return nav
	}
	return r.makeNav(reg, lang)
}

// current is the navigation with cur as the current page.
func (nav navLinks) current(cur string) []templates.Link {
	links := slices.Clone(nav.links)
	for i, page := range nav.pages {
		links[i].Current = page == cur
	}
	return links
}

// makeNav is the footer navigation: the region's pages in lang, by weight
// then title, home excluded.
func (r *Renderer) makeNav(reg *config.Region, lang string) navLinks {
	var ins []*plan.Instance
	for _, in := range r.plan.ByRegion[reg.ID] {
		if _, _, archived := plan.ArchivedPage(in.Page); in.Lang == lang && in.Page != "index" && !archived {
			ins = append(ins, in)
		}
	}
	sort.SliceStable(ins, func(i, j int) bool {
		a, b := ins[i].Src.Meta, ins[j].Src.Meta
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Title < b.Title
	})
	nav := navLinks{links: make([]templates.Link, len(ins)), pages: make([]string, len(ins))}
	policy := plan.LangPrefix(reg, lang) + "/cookies/"
	for i, in := range ins {
		nav.links[i] = templates.Link{Text: in.Src.Meta.Title, Lang: in.Src.Lang, URL: in.RelURL}
		nav.pages[i] = in.Page
		if in.RelURL == policy {
			nav.policy = in.RelURL
		}
	}
	return nav
}

// File is a file of a region besides its pages, with what made it (a
// source position, an asset, or Generated ...), for conflicts.
type File struct {
	Name, Owner string
	Data        []byte
}

// Generated starts the owner of the files a build makes of its own.
const Generated = "the generated "

// replaceable are the generated files that a file of assets/static/ of
// the same name replaces; any other two files at one path are an error.
var replaceable = map[string]bool{"robots.txt": true, "_headers": true}

// RegionFiles are the files of a region besides its pages: 404, aliases,
// _redirects, sitemap, robots.txt, _headers and assets, in a fixed order.
//
// seen is what the region's pages load, for the _headers file. An alias
// is checked in every region that shows its page, so the same warning can
// come from several regions: the caller reports it once.
func (r *Renderer) RegionFiles(reg *config.Region, seen Origins, linked map[string]bool) ([]File, diag.List) {
	var diags diag.List
	var files []File
	gen := func(name string, b []byte) { files = append(files, File{name, Generated + name, b}) }
	lang := reg.DefaultLanguage()

	// A 404 is served at any URL: it has no canonical, and its links are
	// root-relative.
	p := r.basePage("404", reg, lang, "")
	p.Title = r.in.Locales.T(lang, NotFoundTitleKey)
	p.RegionGroups = r.regionGroups(reg, lang, "")
	b, err := r.execute("404", p)
	if err != nil {
		diags.Merge(err)
	} else {
		gen("404.html", b)
	}

	var redirects bytes.Buffer
	taken := map[string]*plan.Instance{} // output file -> page
	for _, in := range r.plan.ByRegion[reg.ID] {
		taken[plan.OutFile(in.RelURL)] = in
	}
	type alias struct {
		from string
		in   *plan.Instance
		decl *content.Source // the source whose front matter lists it
		i    int
	}
	var aliases []alias
	for _, in := range r.plan.ByRegion[reg.ID] {
		decl := r.plan.AliasSource(in)        // a translation without aliases takes the default language's
		for i, a := range decl.Meta.Aliases { // checked and normalized by content
			aliases = append(aliases, alias{plan.LangPrefix(reg, in.Lang) + a, in, decl, i})
		}
	}
	byFile := map[string]alias{} // output file -> the alias written there
	for _, a := range aliases {
		file := aliasFile(a.from) // "/a/" and "/a/index.html" are one file
		at := aliasPos(a.decl, a.i)
		if other, ok := taken[file]; ok {
			if other.Page == a.in.Page {
				diags.Add(&diag.Diagnostic{Pos: at, Severity: diag.Warning, Rule: RuleAliasOwnURL,
					Message: fmt.Sprintf("alias %s is the page's own URL; it is dropped", a.from), Hint: "remove it from aliases"})
				continue
			}
			d := diag.Errorf(at, "alias %s collides with page %s in region %s", a.from, other.Page, reg.ID).
				WithHint("remove the alias or move the page")
			d.Rule = RuleAliasCollision
			diags.Add(d)
			continue
		}
		if prev, dup := byFile[file]; dup {
			if prev.in.Page != a.in.Page {
				diags.Add(&diag.Diagnostic{Pos: at, Rule: RuleDuplicateAlias,
					Message: fmt.Sprintf("alias %s is also an alias of %s (%s)", a.from, prev.in.Page, prev.decl.File),
					Hint:    "an old URL can redirect to one page only: remove one of the two"})
			}
			continue
		}
		byFile[file] = a
		ap := r.basePage("alias", reg, a.in.Lang, "")
		ap.Title = a.in.Src.Meta.Title
		ap.Target = a.in.Permalink()
		ap.Permalink = a.in.Permalink()
		ap.RelPermalink = a.from
		b, err := r.execute("alias", ap)
		if err != nil {
			diags.Merge(err)
			continue
		}
		// The alias's position names it in a conflict with another file.
		files = append(files, File{file, at.String(), b})
		fmt.Fprintf(&redirects, "%s %s 301\n", content.EscapedAlias(a.from), content.EscapedAlias(a.in.RelURL))
	}
	gen("_redirects", redirects.Bytes())

	sm, err := r.sitemap(reg)
	if err != nil {
		diags.Merge(err)
	} else {
		gen("sitemap.xml", sm)
	}
	gen("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+strings.TrimSuffix(reg.BaseURL, "/")+"/sitemap.xml\n"))
	if err := r.changesFiles(reg, gen); err != nil {
		diags.Merge(err)
	}
	gen("_headers", r.headersFile(reg, seen))
	consent := r.consentFiles(reg)
	for _, name := range slices.Sorted(maps.Keys(consent)) {
		gen(name, consent[name])
	}
	for _, a := range r.in.Assets.All() {
		// A page's own script or style goes out only where a page links
		// it: a site without a form gets no form script.
		if pageScoped[a.Name] && !linked[a.Name] {
			continue
		}
		if replaceable[a.Path] {
			files = slices.DeleteFunc(files, func(f File) bool { return f.Name == a.Path })
		}
		files = append(files, File{a.Path, path.Join("assets", a.Name), a.Data})
	}
	return files, diags
}

// Rules of the alias diagnostics, as charter check names them.
const (
	RuleDuplicateAlias = "duplicate-alias" // one alias on two pages in a region
	RuleAliasCollision = "alias-collision" // an alias at the URL of another page
	RuleAliasOwnURL    = "alias-own-url"   // an alias at the page's own URL
)

func aliasPos(src *content.Source, i int) diag.Pos {
	if i < len(src.Meta.AliasesPos) {
		return src.Meta.AliasesPos[i]
	}
	return diag.Pos{File: src.File, Line: 1, Col: 1}
}

// aliasFile is the file an alias is written to, inside a region folder:
// "old/index.html" for "/old/", "privacy.html" for "/privacy.html".
func aliasFile(alias string) string {
	if strings.HasSuffix(alias, "/") {
		return plan.OutFile(alias)
	}
	return strings.TrimPrefix(alias, "/")
}

type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemap lists the region's pages with their hreflang alternates, as
// search engines read them (sitemaps.org schema plus xhtml:link).
func (r *Renderer) sitemap(reg *config.Region) ([]byte, error) {
	type urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		XHTML   string       `xml:"xmlns:xhtml,attr"`
		URLs    []sitemapURL `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, in := range r.plan.ByRegion[reg.ID] {
		if _, _, archived := plan.ArchivedPage(in.Page); archived {
			continue // the sitemap lists what applies now
		}
		u := sitemapURL{Loc: in.Permalink()}
		if !in.Src.Meta.Effective.IsZero() {
			u.LastMod = in.Src.Meta.Effective.Format("2006-01-02")
		}
		for _, l := range r.alternates[in.Page].Links {
			u.Links = append(u.Links, sitemapLink{Rel: "alternate", Hreflang: l.Hreflang, Href: l.URL})
		}
		set.URLs = append(set.URLs, u)
	}
	b, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}

// Key hashes what the page of in reads from the plan besides its own
// source: the navigation of its region language (with whether it has a
// home page, the pages of the region language, which the links of its
// content go to: see contentLinks), the alternates and the region
// switcher of its page id, and the names of its region's languages. A
// model re-renders a page when this or one of its own inputs changed.
func (r *Renderer) Key(in *plan.Instance) uint64 {
	r.keysOnce.Do(r.makeKeys)
	h := fnv.New64a()
	var b [8]byte
	for _, v := range []uint64{r.navKeys[regionLang{in.Region.ID, in.Lang}], r.pageKeys[in.Page], r.regionKeys[in.Region.ID]} {
		binary.LittleEndian.PutUint64(b[:], v)
		h.Write(b[:])
	}
	h.Write([]byte(in.RelURL))
	return h.Sum64()
}

func (r *Renderer) makeKeys() {
	hashLinks := func(h hash.Hash64, links []templates.Link) {
		for _, l := range links {
			fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", l.Text, l.Lang, l.Hreflang, l.URL)
		}
		h.Write([]byte{1})
	}
	r.navKeys = map[regionLang]uint64{}
	for k, nav := range r.navs {
		h := fnv.New64a()
		hashLinks(h, nav.links)
		fmt.Fprintf(h, "%s\x00%s", strings.Join(nav.pages, "\x00"), nav.policy)
		// The navigation leaves the home page out; a link to "/" goes to
		// it where the region language has one.
		if r.plan.Lookup(k.region, k.lang, "index") != nil {
			h.Write([]byte{1})
		}
		r.navKeys[k] = h.Sum64()
	}
	r.pageKeys = map[string]uint64{}
	for page := range r.plan.ByPage {
		h := fnv.New64a()
		hashLinks(h, r.alternates[page].Links)
		for _, g := range r.switchers[page] {
			h.Write([]byte(g.Name))
			hashLinks(h, g.Regions.Links)
		}
		r.pageKeys[page] = h.Sum64()
	}
	r.regionKeys = map[string]uint64{}
	for _, reg := range r.in.Config.Regions {
		h := fnv.New64a()
		for _, lang := range reg.Languages {
			fmt.Fprintf(h, "%s\x00%s\x00", lang, r.in.Locales.SelfName(lang))
		}
		r.regionKeys[reg.ID] = h.Sum64()
	}
}
