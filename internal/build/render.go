package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
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
	"github.com/charter-ssg/charter/internal/templates"
)

// renderer renders instances of a plan with the site's layouts. It is
// safe for concurrent use: everything it holds is read-only once
// newRenderer returns.
//
// What is the same for many pages is computed once here and shared: the
// navigation of a region language, the hreflang alternates and the region
// switcher of a page id, and what every page of a region language has.
type renderer struct {
	site         *Site
	plan         *plan
	min          *assets.Minifier
	minify       bool
	groups       []string           // switcher groups in site.toml order
	groupRegions [][]*config.Region // the regions of each group, in site.toml order

	bases      map[regionLang]*templates.Page // what every page of a region language has
	navs       map[regionLang]navLinks
	alternates map[string][]templates.Link        // page id -> alternates
	switchers  map[string][]templates.RegionGroup // page id ("" for none) -> region switcher, no region current
	frag       *fragments                         // HTML shared between pages
	origins    pageOrigins                        // what pages load, for _headers (headers.go)

	reported map[string]bool // warnings given once for all regions (regionFiles runs region after region)
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

func newRenderer(s *Site, p *plan) *renderer {
	r := &renderer{
		reported: map[string]bool{},
		site:     s, plan: p, min: assets.NewMinifier(), minify: s.Config.Build.Minify == nil || *s.Config.Build.Minify,
		bases:      map[regionLang]*templates.Page{},
		navs:       map[regionLang]navLinks{},
		alternates: map[string][]templates.Link{},
		switchers:  map[string][]templates.RegionGroup{},
		frag:       newFragments(s.Layouts),
	}
	group := map[string]int{}
	for _, reg := range s.Config.Regions {
		i, ok := group[reg.Group]
		if !ok {
			i = len(r.groups)
			group[reg.Group] = i
			r.groups = append(r.groups, reg.Group)
			r.groupRegions = append(r.groupRegions, nil)
		}
		r.groupRegions[i] = append(r.groupRegions[i], reg)
	}
	for _, reg := range s.Config.Regions {
		for _, lang := range reg.Languages {
			r.navs[regionLang{reg.ID, lang}] = r.makeNav(reg, lang)
		}
		// Aliases and 404 pages can be in a language the region does not
		// list; basePage makes those on demand.
		for _, lang := range reg.Languages {
			r.bases[regionLang{reg.ID, lang}] = r.makeBase(reg, lang)
		}
	}
	r.switchers[""] = r.makeRegionGroups("")
	for page := range p.byPage {
		r.alternates[page] = r.makeAlternates(page)
		r.switchers[page] = r.makeRegionGroups(page)
	}
	return r
}

func (r *renderer) translator(lang string) func(string, ...any) string {
	return func(key string, args ...any) string { return r.site.Locales.T(lang, key, args...) }
}

func (r *renderer) asset(name string) templates.Asset {
	a, ok := r.site.Assets.Get(name)
	if !ok {
		return templates.Asset{}
	}
	return templates.Asset{URL: "/" + a.Path, Integrity: a.Integrity}
}

// makeBase fills what every page of a region and language has.
func (r *renderer) makeBase(reg *config.Region, lang string) *templates.Page {
	p := &templates.Page{
		Site:        r.site.Config,
		Region:      reg,
		Lang:        lang,
		Dir:         i18n.Dir(lang),
		ContentLang: lang,
		ContentDir:  i18n.Dir(lang),
		LangName:    r.site.Locales.SelfName(lang),
		HomeURL:     langPrefix(reg, lang) + "/",
		CSS:         r.asset("site.css"),
		Translate:   r.translator(lang),
	}
	p.ContentLangName = p.LangName
	r.addConsent(p, reg, lang)
	return p
}

// basePage is a new page of kind with what every page of the region and
// language has, and the navigation with cur as the current page.
func (r *renderer) basePage(kind string, reg *config.Region, lang, cur string) (*templates.Page, error) {
	base := r.bases[regionLang{reg.ID, lang}]
	if base == nil {
		base = r.makeBase(reg, lang)
	}
	p := new(templates.Page)
	*p = *base
	// Clipped, so that adding a page's own scripts or styles copies
	// instead of writing into the shared array. JSON is only read.
	p.Scripts = slices.Clip(p.Scripts)
	p.Styles = slices.Clip(p.Styles)
	p.Kind = kind
	nav := r.navLinks(reg, lang)
	p.Nav = nav.current(cur)
	p.PolicyURL = nav.policy
	footer, ok, err := r.frag.joinLinks(footerNavItemPartial, reg.ID+"\x00"+lang, nav.links, slices.Index(nav.pages, cur))
	if err != nil {
		return nil, err
	}
	if ok {
		p.FooterNav = footer
	}
	return p, nil
}

func (r *renderer) renderPage(in *instance) ([]byte, error) {
	kind := "page"
	if in.page == "index" {
		kind = "home"
	}
	p, err := r.basePage(kind, in.region, in.lang, in.page)
	if err != nil {
		return nil, err
	}
	src := in.src
	usedForm := false
	rendered, err := src.Render(content.RenderContext{
		Site:   r.site.Config,
		Region: in.region,
		Lang:   in.lang,
		Form: func(id string) (template.HTML, error) {
			usedForm = true
			return r.renderForm(id, in)
		},
	})
	if err != nil {
		return nil, err
	}
	if usedForm {
		r.addFormAssets(p)
	}
	p.ID = in.page
	p.Fallback = in.fallback()
	p.ContentLang = src.Lang
	p.ContentDir = i18n.Dir(src.Lang)
	if p.Fallback {
		p.ContentLangName = i18n.DisplayName(src.Lang, in.lang)
	}
	p.Title = src.Meta.Title
	p.Description = src.Meta.Description
	p.Effective = src.Meta.Effective
	p.Version = src.Meta.Version
	p.Params = src.Meta.Params
	p.Content = rendered.HTML
	p.TOC = rendered.TOC
	p.Permalink = in.permalink()
	p.RelPermalink = in.relURL
	if len(p.TOC) > 0 {
		if p.TOCList, _, err = r.frag.execute(tocListPartial, tocKey(p.TOC), p.TOC); err != nil {
			return nil, err
		}
	}
	p.Alternates = r.alternates[in.page]
	if p.AlternateLinks, _, err = r.frag.execute(alternateLinksPartial, in.page, p.Alternates); err != nil {
		return nil, err
	}
	if p.RegionGroups, err = r.regionGroups(in.region, in.page); err != nil {
		return nil, err
	}
	p.Languages = r.languages(in.region, in.lang, in.page)
	return r.execute(kind, p)
}

// execBuffers are the buffers layouts execute into; the minifier copies
// what it keeps.
var execBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (r *renderer) execute(kind string, p *templates.Page) ([]byte, error) {
	buf := execBuffers.Get().(*bytes.Buffer)
	defer execBuffers.Put(buf)
	buf.Reset()
	if err := r.site.Layouts.ExecuteTo(buf, kind, p); err != nil {
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
func (r *renderer) makeAlternates(page string) []templates.Link {
	ins := r.plan.byPage[page]
	links := make([]templates.Link, 0, len(ins)+1)
	for _, in := range ins {
		links = append(links, templates.Link{Lang: in.lang, Hreflang: in.hreflang, URL: in.permalink()})
	}
	if def := r.xDefault(page); def != nil {
		links = append(links, templates.Link{Lang: "x-default", Hreflang: "x-default", URL: def.permalink()})
	}
	return slices.Clip(links)
}

func (r *renderer) xDefault(page string) *instance {
	for _, in := range r.plan.byPage[page] {
		if in.lang == in.region.DefaultLanguage() {
			return in
		}
	}
	return nil
}

// regionGroups is the region switcher of page with cur marked current.
func (r *renderer) regionGroups(cur *config.Region, page string) ([]templates.RegionGroup, error) {
	shared := r.switchers[page]
	if shared == nil {
		shared = r.makeRegionGroups(page)
	}
	groups := make([]templates.RegionGroup, len(shared))
	for i, g := range shared {
		groups[i] = templates.RegionGroup{Name: g.Name, Regions: slices.Clone(g.Regions)}
		for j, reg := range r.groupRegions[i] {
			groups[i].Regions[j].Current = reg == cur
		}
		items, ok, err := r.frag.joinLinks(regionItemPartial, strconv.Itoa(i)+"\x00"+page, g.Regions, slices.Index(r.groupRegions[i], cur))
		if err != nil {
			return nil, err
		}
		if ok {
			groups[i].Items = items
		}
	}
	return groups, nil
}

// makeRegionGroups is the region switcher: each region links to the same
// page in its default language, or to its home page if it has no such
// page. No region is marked current.
func (r *renderer) makeRegionGroups(page string) []templates.RegionGroup {
	groups := make([]templates.RegionGroup, 0, len(r.groups))
	for i, g := range r.groups {
		rg := templates.RegionGroup{Name: g}
		for _, reg := range r.groupRegions[i] {
			lang := reg.DefaultLanguage()
			url := strings.TrimSuffix(reg.BaseURL, "/") + "/"
			if in := r.plan.lookup[[3]string{reg.ID, lang, page}]; in != nil {
				url = in.permalink()
			}
			rg.Regions = append(rg.Regions, templates.Link{
				Text: reg.Label, Lang: lang, Hreflang: hreflangCode(lang, reg.Country), URL: url,
			})
		}
		groups = append(groups, rg)
	}
	return groups
}

// languages is the language switcher of a multi-language region.
func (r *renderer) languages(reg *config.Region, cur, page string) []templates.Link {
	if len(reg.Languages) < 2 {
		return nil
	}
	var links []templates.Link
	for _, lang := range reg.Languages {
		url := langPrefix(reg, lang) + "/"
		if in := r.plan.lookup[[3]string{reg.ID, lang, page}]; in != nil {
			url = in.relURL
		}
		links = append(links, templates.Link{
			Text: r.site.Locales.SelfName(lang), Lang: lang, Hreflang: hreflangCode(lang, reg.Country), URL: url, Current: lang == cur,
		})
	}
	return links
}

// navLinks is the footer navigation of a region language.
func (r *renderer) navLinks(reg *config.Region, lang string) navLinks {
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
func (r *renderer) makeNav(reg *config.Region, lang string) navLinks {
	var ins []*instance
	for _, in := range r.plan.byRegion[reg.ID] {
		if in.lang == lang && in.page != "index" {
			ins = append(ins, in)
		}
	}
	sort.SliceStable(ins, func(i, j int) bool {
		a, b := ins[i].src.Meta, ins[j].src.Meta
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Title < b.Title
	})
	nav := navLinks{links: make([]templates.Link, len(ins)), pages: make([]string, len(ins))}
	policy := langPrefix(reg, lang) + "/cookies/"
	for i, in := range ins {
		nav.links[i] = templates.Link{Text: in.src.Meta.Title, Lang: in.src.Lang, URL: in.relURL}
		nav.pages[i] = in.page
		if in.relURL == policy {
			nav.policy = in.relURL
		}
	}
	return nav
}

// regionFile is a file of a region besides its pages, with what made it
// (a source position, an asset, or the generated ...), for conflicts.
type regionFile struct {
	name, owner string
	data        []byte
}

// replaceable are the generated files that a file of assets/static/ of
// the same name replaces; any other two files at one path are an error.
var replaceable = map[string]bool{"robots.txt": true, "_headers": true}

// regionFiles are the files of a region besides its pages: 404, aliases,
// _redirects, sitemap, robots.txt, _headers and assets, in a fixed order.
func (r *renderer) regionFiles(reg *config.Region) ([]regionFile, diag.List) {
	var diags diag.List
	var files []regionFile
	gen := func(name string, b []byte) { files = append(files, regionFile{name, generated + name, b}) }
	lang := reg.DefaultLanguage()

	// A 404 is served at any URL: it has no canonical, and its links are
	// root-relative.
	p, err := r.basePage("404", reg, lang, "")
	if err == nil {
		p.Title = r.site.Locales.T(lang, "notfound.title")
		p.RegionGroups, err = r.regionGroups(reg, "")
	}
	var b []byte
	if err == nil {
		b, err = r.execute("404", p)
	}
	if err != nil {
		diags.Merge(err)
	} else {
		gen("404.html", b)
	}

	var redirects bytes.Buffer
	taken := map[string]*instance{} // output file -> page
	for _, in := range r.plan.byRegion[reg.ID] {
		taken[outFile(in.relURL)] = in
	}
	type alias struct {
		from string
		in   *instance
		i    int
	}
	var aliases []alias
	for _, in := range r.plan.byRegion[reg.ID] {
		for i, a := range in.src.Meta.Aliases { // checked and normalized by content
			aliases = append(aliases, alias{langPrefix(reg, in.lang) + a, in, i})
		}
	}
	seen := map[string]*instance{} // output file -> the page an alias there redirects to
	for _, a := range aliases {
		file := aliasFile(a.from) // "/a/" and "/a/index.html" are one file
		if other, ok := taken[file]; ok {
			if other.page == a.in.page {
				r.reportOnce(&diags, diag.Diagnostic{Pos: aliasPos(a.in.src, a.i), Severity: diag.Warning,
					Message: fmt.Sprintf("alias %s is the page's own URL; it is dropped", a.from), Hint: "remove it from aliases"})
				continue
			}
			diags.Add(diag.Errorf(aliasPos(a.in.src, a.i), "alias %s collides with page %s in region %s", a.from, other.page, reg.ID).
				WithHint("remove the alias or move the page"))
			continue
		}
		if prev, dup := seen[file]; dup {
			if prev.page != a.in.page {
				r.reportOnce(&diags, diag.Diagnostic{Pos: aliasPos(a.in.src, a.i),
					Message: fmt.Sprintf("alias %s is also an alias of %s (%s)", a.from, prev.page, prev.src.File),
					Hint:    "an old URL can redirect to one page only: remove one of the two"})
			}
			continue
		}
		seen[file] = a.in
		ap, err := r.basePage("alias", reg, a.in.lang, "")
		if err != nil {
			diags.Merge(err)
			continue
		}
		ap.Title = a.in.src.Meta.Title
		ap.Target = a.in.permalink()
		ap.Permalink = a.in.permalink()
		ap.RelPermalink = a.from
		b, err := r.execute("alias", ap)
		if err != nil {
			diags.Merge(err)
			continue
		}
		// The alias's position names it in a conflict with another file.
		files = append(files, regionFile{file, aliasPos(a.in.src, a.i).String(), b})
		fmt.Fprintf(&redirects, "%s %s 301\n", content.EscapedAlias(a.from), content.EscapedAlias(a.in.relURL))
	}
	gen("_redirects", redirects.Bytes())

	sm, err := r.sitemap(reg)
	if err != nil {
		diags.Merge(err)
	} else {
		gen("sitemap.xml", sm)
	}
	gen("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+strings.TrimSuffix(reg.BaseURL, "/")+"/sitemap.xml\n"))
	gen("_headers", r.headersFile(reg))
	consent := r.consentFiles(reg)
	for _, name := range slices.Sorted(maps.Keys(consent)) {
		gen(name, consent[name])
	}
	for _, a := range r.site.Assets.All() {
		if replaceable[a.Path] {
			files = slices.DeleteFunc(files, func(f regionFile) bool { return f.name == a.Path })
		}
		files = append(files, regionFile{a.Path, path.Join("assets", a.Name), a.Data})
	}
	return files, diags
}

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
		return outFile(alias)
	}
	return strings.TrimPrefix(alias, "/")
}

// reportOnce adds d unless an earlier region reported the same: an alias is
// checked in every region that shows its page.
func (r *renderer) reportOnce(diags *diag.List, d diag.Diagnostic) {
	key := d.Error()
	if r.reported[key] {
		return
	}
	r.reported[key] = true
	diags.Add(&d)
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
func (r *renderer) sitemap(reg *config.Region) ([]byte, error) {
	type urlset struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		XHTML   string       `xml:"xmlns:xhtml,attr"`
		URLs    []sitemapURL `xml:"url"`
	}
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, in := range r.plan.byRegion[reg.ID] {
		u := sitemapURL{Loc: in.permalink()}
		if !in.src.Meta.Effective.IsZero() {
			u.LastMod = in.src.Meta.Effective.Format("2006-01-02")
		}
		for _, l := range r.alternates[in.page] {
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
