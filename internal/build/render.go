package build

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"path"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/templates"
)

// renderer renders instances of a plan with the site's layouts. It is
// safe for concurrent use: everything it holds is read-only.
type renderer struct {
	site   *Site
	plan   *plan
	min    *assets.Minifier
	minify bool
	groups []string // switcher groups in site.toml order
}

func newRenderer(s *Site, p *plan) *renderer {
	r := &renderer{site: s, plan: p, min: assets.NewMinifier(), minify: s.Config.Build.Minify == nil || *s.Config.Build.Minify}
	seen := map[string]bool{}
	for _, reg := range s.Config.Regions {
		if !seen[reg.Group] {
			seen[reg.Group] = true
			r.groups = append(r.groups, reg.Group)
		}
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

// basePage fills what every page of a region and language has.
func (r *renderer) basePage(kind string, reg *config.Region, lang string) *templates.Page {
	p := &templates.Page{
		Kind:        kind,
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
	p.Nav = r.nav(reg, lang, "")
	return p
}

func (r *renderer) renderPage(in *instance) ([]byte, error) {
	kind := "page"
	if in.page == "index" {
		kind = "home"
	}
	p := r.basePage(kind, in.region, in.lang)
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
	p.Alternates = r.alternates(in.page)
	p.RegionGroups = r.regionGroups(in.region, in.page)
	p.Languages = r.languages(in.region, in.lang, in.page)
	p.Nav = r.nav(in.region, in.lang, in.page)
	return r.execute(kind, p)
}

func (r *renderer) execute(kind string, p *templates.Page) ([]byte, error) {
	b, err := r.site.Layouts.Execute(kind, p)
	if err != nil {
		return nil, err
	}
	if !r.minify {
		return b, nil
	}
	return r.min.HTML(b)
}

// alternates lists every version of a page, in every region and language,
// then x-default: the page in the first region's default language.
func (r *renderer) alternates(page string) []templates.Link {
	ins := r.plan.byPage[page]
	links := make([]templates.Link, 0, len(ins)+1)
	for _, in := range ins {
		links = append(links, templates.Link{Lang: in.lang, Hreflang: in.hreflang, URL: in.permalink()})
	}
	if def := r.xDefault(page); def != nil {
		links = append(links, templates.Link{Lang: "x-default", Hreflang: "x-default", URL: def.permalink()})
	}
	return links
}

func (r *renderer) xDefault(page string) *instance {
	for _, in := range r.plan.byPage[page] {
		if in.lang == in.region.DefaultLanguage() {
			return in
		}
	}
	return nil
}

// regionGroups is the region switcher: each region links to the same page
// in its default language, or to its home page if it has no such page.
func (r *renderer) regionGroups(cur *config.Region, page string) []templates.RegionGroup {
	groups := make([]templates.RegionGroup, 0, len(r.groups))
	for _, g := range r.groups {
		rg := templates.RegionGroup{Name: g}
		for _, reg := range r.site.Config.Regions {
			if reg.Group != g {
				continue
			}
			lang := reg.DefaultLanguage()
			url := strings.TrimSuffix(reg.BaseURL, "/") + "/"
			if in := r.plan.lookup[[3]string{reg.ID, lang, page}]; in != nil {
				url = in.permalink()
			}
			rg.Regions = append(rg.Regions, templates.Link{
				Text: reg.Label, Lang: lang, Hreflang: hreflangCode(lang, reg.Country), URL: url, Current: reg == cur,
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

// nav is the footer navigation: the region's pages in lang, by weight then
// title, home excluded.
func (r *renderer) nav(reg *config.Region, lang, cur string) []templates.Link {
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
	links := make([]templates.Link, len(ins))
	for i, in := range ins {
		links[i] = templates.Link{Text: in.src.Meta.Title, Lang: in.src.Lang, URL: in.relURL, Current: in.page == cur}
	}
	return links
}

// regionFiles are the files of a region besides its pages: 404, aliases,
// _redirects, sitemap, robots.txt and assets.
func (r *renderer) regionFiles(reg *config.Region) (map[string][]byte, diag.List) {
	var diags diag.List
	files := map[string][]byte{}
	lang := reg.DefaultLanguage()

	p := r.basePage("404", reg, lang)
	p.Title = r.site.Locales.T(lang, "notfound.title")
	// A 404 is served at any URL: it has no canonical, and its links are
	// root-relative.
	p.RegionGroups = r.regionGroups(reg, "")
	b, err := r.execute("404", p)
	if err != nil {
		diags.Merge(err)
	} else {
		files["404.html"] = b
	}

	var redirects bytes.Buffer
	taken := map[string]*instance{}
	for _, in := range r.plan.byRegion[reg.ID] {
		taken[in.relURL] = in
	}
	type alias struct {
		from string
		in   *instance
		i    int
	}
	var aliases []alias
	for _, in := range r.plan.byRegion[reg.ID] {
		for i, a := range in.src.Meta.Aliases {
			aliases = append(aliases, alias{langPrefix(reg, in.lang) + normalizeAlias(a), in, i})
		}
	}
	seen := map[string]bool{}
	for _, a := range aliases {
		if other, ok := taken[a.from]; ok {
			diags.Add(diag.Errorf(aliasPos(a.in.src, a.i), "alias %s collides with page %s in region %s", a.from, other.page, reg.ID).
				WithHint("remove the alias or move the page"))
			continue
		}
		if seen[a.from] {
			continue
		}
		seen[a.from] = true
		ap := r.basePage("alias", reg, a.in.lang)
		ap.Title = a.in.src.Meta.Title
		ap.Target = a.in.permalink()
		ap.Permalink = a.in.permalink()
		ap.RelPermalink = a.from
		b, err := r.execute("alias", ap)
		if err != nil {
			diags.Merge(err)
			continue
		}
		files[outFile(a.from)] = b
		fmt.Fprintf(&redirects, "%s %s 301\n", a.from, a.in.relURL)
	}
	files["_redirects"] = redirects.Bytes()

	sm, err := r.sitemap(reg)
	if err != nil {
		diags.Merge(err)
	} else {
		files["sitemap.xml"] = sm
	}
	files["robots.txt"] = []byte("User-agent: *\nAllow: /\n\nSitemap: " + strings.TrimSuffix(reg.BaseURL, "/") + "/sitemap.xml\n")
	for _, a := range r.site.Assets.All() {
		files[a.Path] = a.Data
	}
	for name, b := range r.consentFiles(reg) {
		files[name] = b
	}
	return files, diags
}

func aliasPos(src *content.Source, i int) diag.Pos {
	if i < len(src.Meta.AliasesPos) {
		return src.Meta.AliasesPos[i]
	}
	return diag.Pos{File: src.File, Line: 1, Col: 1}
}

// normalizeAlias makes "privacy-policy", "/privacy-policy" and
// "/privacy-policy/" the same path; a path with an extension stays.
func normalizeAlias(a string) string {
	a = "/" + strings.Trim(a, "/")
	if a == "/" {
		return a
	}
	if path.Ext(a) == "" {
		a += "/"
	}
	return a
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
		for _, l := range r.alternates(in.page) {
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
