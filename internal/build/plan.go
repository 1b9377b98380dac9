// Package build turns a loaded site into output: it plans every
// (region, language, page), renders them on every core, writes sitemaps,
// robots.txt, redirects and the manifest into a staging folder, and swaps
// that folder in only when the whole build succeeded.
package build

import (
	"slices"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"golang.org/x/text/language"
)

// instance is one page served in one language of one region.
type instance struct {
	region   *config.Region
	lang     string          // language the page is served in
	page     string          // page id
	src      *content.Source // the text (Source.Lang != lang on fallback)
	relURL   string          // "/fr/privacy/"
	hreflang string
}

func (in *instance) fallback() bool { return in.src.Lang != in.lang }

func (in *instance) permalink() string {
	return strings.TrimSuffix(in.region.BaseURL, "/") + in.relURL
}

// plan holds every instance of every region, selected or not: hreflang
// alternates and the region switcher need the whole site even when only
// one region is built.
type plan struct {
	site      *config.Site
	instances []*instance
	byPage    map[string][]*instance                // page id -> instances in region order
	byRegion  map[string][]*instance                // region id -> instances
	lookup    map[[3]string]*instance               // region, lang, page
	sources   map[string]map[string]*content.Source // page -> lang -> source
}

// makePlan chooses, for each region language and page, the source to show:
// the language itself, then its parents (pt-BR -> pt), then the region's
// fallback, then the site's default language.
func makePlan(site *config.Site, srcs []*content.Source) (*plan, diag.List) {
	var diags diag.List
	p := &plan{
		site:     site,
		byPage:   map[string][]*instance{},
		byRegion: map[string][]*instance{},
		lookup:   map[[3]string]*instance{},
		sources:  map[string]map[string]*content.Source{},
	}
	for _, s := range srcs {
		if s.Meta.Draft {
			continue
		}
		if p.sources[s.Page] == nil {
			p.sources[s.Page] = map[string]*content.Source{}
		}
		p.sources[s.Page][s.Lang] = s
	}
	pages := make([]string, 0, len(p.sources))
	for id := range p.sources {
		pages = append(pages, id)
	}
	sort.Strings(pages)

	seenHreflang := map[string]*config.Region{}
	// Two pages may map to one URL: a.md and a/index.md, or fr/a.md and
	// the French a.fr.md on a region whose French pages are under /fr/.
	byURL := map[[2]string]*instance{}
	clashes := map[[2]string][]string{} // the two files -> regions
	clashURL := map[[2]string]string{}
	var clashOrder [][2]string
	for _, r := range site.Regions {
		for li, lang := range r.Languages {
			code := hreflangCode(lang, r.Country)
			if other, dup := seenHreflang[code]; dup {
				pos := r.Pos
				if li < len(r.LanguagesPos) {
					pos = r.LanguagesPos[li]
				}
				diags.Errorf(pos, "region %s language %s has hreflang %q, which region %s already uses", r.ID, lang, code, other.ID).
					WithHint("give one of the regions a country, or drop the language from one of them")
			}
			seenHreflang[code] = r
			for _, page := range pages {
				src := chooseSource(p.sources[page], lang, r.Fallback, site.DefaultLanguage)
				if src == nil || !allowed(src, r.ID) {
					continue
				}
				in := &instance{
					region:   r,
					lang:     lang,
					page:     page,
					src:      src,
					relURL:   langPrefix(r, lang) + pagePath(page),
					hreflang: code,
				}
				if other := byURL[[2]string{r.ID, in.relURL}]; other != nil {
					key := [2]string{other.src.File, src.File}
					if clashes[key] == nil {
						clashOrder = append(clashOrder, key)
						clashURL[key] = in.relURL
					}
					clashes[key] = append(clashes[key], r.ID)
					continue
				}
				byURL[[2]string{r.ID, in.relURL}] = in
				p.instances = append(p.instances, in)
				p.byPage[page] = append(p.byPage[page], in)
				p.byRegion[r.ID] = append(p.byRegion[r.ID], in)
				p.lookup[[3]string{r.ID, lang, page}] = in
			}
		}
	}
	for _, key := range clashOrder {
		diags.Errorf(diag.Pos{File: key[1], Line: 1, Col: 1}, "%s and %s are both served at %s (region %s)", key[0], key[1], clashURL[key], strings.Join(slices.Compact(clashes[key]), ", ")).
			WithHint("rename or move one of the two files")
	}
	diags = append(diags, unshown(site, srcs, p)...) // every file a page or a warning
	return p, diags
}

func chooseSource(byLang map[string]*content.Source, lang, fallback, def string) *content.Source {
	chain := i18n.Chain(lang, fallback)
	chain = append(chain, i18n.Chain(def, def)...)
	for _, l := range chain {
		if s, ok := byLang[l]; ok {
			return s
		}
	}
	return nil
}

func allowed(src *content.Source, region string) bool {
	if len(src.Meta.Regions) == 0 {
		return true
	}
	for _, id := range src.Meta.Regions {
		if id == region {
			return true
		}
	}
	return false
}

// hreflangCode is the language with the region's country ("de-DE",
// "zh-CN"), or the whole tag when the region has no country ("en", "es").
func hreflangCode(lang, country string) string {
	if country == "" {
		return lang
	}
	base, _ := language.Make(lang).Base()
	return base.String() + "-" + strings.ToUpper(country)
}

// langPrefix is "" for a region's default language and "/<lang>" for the
// others, lower-cased as URLs usually are ("/pt-br").
func langPrefix(r *config.Region, lang string) string {
	if lang == r.DefaultLanguage() {
		return ""
	}
	return "/" + strings.ToLower(lang)
}

// pagePath is the URL path of a page id: "index" -> "/", "privacy" ->
// "/privacy/", "legal/index" -> "/legal/".
func pagePath(id string) string {
	if id == "index" {
		return "/"
	}
	id = strings.TrimSuffix(id, "/index")
	return "/" + id + "/"
}

// outFile is the file a URL path is written to, inside a region folder.
func outFile(relURL string) string {
	return strings.TrimPrefix(relURL, "/") + "index.html"
}
