// Package plan decides which pages a site has: every (region, language,
// page) with the source it shows (its own translation or a fallback), its
// URL and its hreflang code. It reads parsed front matter only, so a
// body-only edit of a page leaves the plan as it was.
package plan

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"golang.org/x/text/language"
)

// Instance is one page served in one language of one region.
type Instance struct {
	Region   *config.Region
	Lang     string          // language the page is served in
	Page     string          // page id
	Src      *content.Source // the text (Source.Lang != Lang on fallback)
	RelURL   string          // "/fr/privacy/"
	Hreflang string
}

// Fallback reports whether the page shows a text in another language: not
// its own, nor one its language falls back to as a variant of it (es for
// es-419, de for de-AT), whose text is the page's language too.
func (in *Instance) Fallback() bool {
	return in.Src.Lang != in.Lang && !slices.Contains(i18n.Chain(in.Lang, ""), in.Src.Lang)
}

// Permalink is the page's absolute URL on its region's domain.
func (in *Instance) Permalink() string {
	return strings.TrimSuffix(in.Region.BaseURL, "/") + in.RelURL
}

// Plan holds every Instance of every region, selected or not: hreflang
// alternates and the region switcher need the whole site even when only
// one region is built. It is read-only once Make returns.
type Plan struct {
	Site      *config.Site
	Instances []*Instance
	ByPage    map[string][]*Instance // page id -> instances in region order
	ByRegion  map[string][]*Instance // region id -> instances
	lookup    map[[3]string]*Instance
	sources   map[string]map[string]*content.Source // page -> lang -> source
	versions  map[string][]string                   // page -> its archived versions' ids, oldest first
	pages     []string                              // every page id, sorted
}

// Lookup is the instance of page in a region language, or nil.
func (p *Plan) Lookup(region, lang, page string) *Instance {
	return p.lookup[[3]string{region, lang, page}]
}

// PageAt is the instance in a region language of the page whose
// language-neutral URL path (PagePath) is urlPath ("/cookies/" for
// cookies, "/" for index, "/legal/" for legal or legal/index), or nil.
func (p *Plan) PageAt(region, lang, urlPath string) *Instance {
	if urlPath == "/" {
		return p.Lookup(region, lang, "index")
	}
	id, ok := strings.CutPrefix(urlPath, "/")
	if !ok {
		return nil
	}
	if id, ok = strings.CutSuffix(id, "/"); !ok || id == "" {
		return nil
	}
	for _, id := range []string{id, id + "/index"} {
		if PagePath(id) == urlPath {
			if in := p.Lookup(region, lang, id); in != nil {
				return in
			}
		}
	}
	return nil
}

// Make chooses, for each region language and page, the source to show:
// the language itself, then its parents (pt-BR -> pt), then the region's
// fallback, then the site's default language.
func Make(site *config.Site, srcs []*content.Source) (*Plan, diag.List) {
	var diags diag.List
	p := &Plan{
		Site:     site,
		ByPage:   map[string][]*Instance{},
		ByRegion: map[string][]*Instance{},
		lookup:   map[[3]string]*Instance{},
		sources:  map[string]map[string]*content.Source{},
	}
	// Drafts are planned like any page: the caller leaves them out unless
	// it shows drafts (charter serve, charter build --drafts).
	for _, s := range srcs {
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
	p.pages = pages
	p.versions = map[string][]string{}
	for _, id := range pages { // sorted: dates in order
		if page, date, ok := ArchivedPage(id); ok {
			p.versions[page] = append(p.versions[page], id)
			for _, src := range p.sources[id] {
				if eff := src.Meta.Effective; eff.IsZero() || eff.Format("2006-01-02") != date || src.Meta.Version == "" {
					diags.Errorf(diag.Pos{File: src.File, Line: 1, Col: 1}, "an earlier version of %s needs effective: %s (its file name) and its version", page, date).
						WithHint("write effective: %s and version: \"...\" in its front matter", date)
				}
				if len(src.Meta.AliasesPos) > 0 {
					diags.Errorf(src.Meta.AliasesPos[0], "an earlier version takes no aliases: its page's old URLs redirect to the version in force").
						WithHint("remove aliases: from %s", src.File)
				}
			}
			continue
		}
		if i := strings.LastIndex(id, "/"+VersionsFolder+"/"); i > 0 {
			for _, src := range p.sources[id] {
				diags.Errorf(diag.Pos{File: src.File, Line: 1, Col: 1}, "%s is in a %s/ folder but is not named by a date", src.File, VersionsFolder).
					WithHint("name an earlier version by the date it took effect: %s/%s/2026-05-01.md", id[:i], VersionsFolder)
			}
		}
	}
	// Each version takes effect after the one before it and has a version
	// of its own, in every language.
	for page, ids := range p.versions {
		chain := append(slices.Clone(ids), page)
		for i := 1; i < len(chain); i++ {
			for lang, src := range p.sources[chain[i]] {
				prev := p.sources[chain[i-1]][lang]
				if prev == nil || src.Meta.Effective.IsZero() || prev.Meta.Effective.IsZero() {
					continue
				}
				switch {
				case !src.Meta.Effective.After(prev.Meta.Effective):
					diags.Errorf(diag.Pos{File: src.File, Line: 1, Col: 1}, "%s takes effect on %s, not after %s, the earlier version in %s",
						src.File, src.Meta.Effective.Format("2006-01-02"), prev.Meta.Effective.Format("2006-01-02"), prev.File).
						WithHint("a later version needs a later effective date")
				case src.Meta.Version == prev.Meta.Version:
					diags.Errorf(diag.Pos{File: src.File, Line: 1, Col: 1}, "%s and the earlier %s are both version %q", src.File, prev.File, src.Meta.Version).
						WithHint("give the later text a new version")
				}
			}
		}
	}

	seenHreflang := map[string]*config.Region{}
	// Two pages may map to one URL: a.md and a/index.md, or fr/a.md and
	// the French a.fr.md on a region whose French pages are under /fr/.
	byURL := map[[2]string]*Instance{}
	clashes := map[[2]string][]string{} // the two files -> regions
	clashURL := map[[2]string]string{}
	var clashOrder [][2]string
	for _, r := range site.Regions {
		for li, lang := range r.Languages {
			code := HreflangCode(lang, r.Country)
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
				if current, _, archived := ArchivedPage(page); archived {
					// An earlier version is shown where the page is, in the
					// language the page is shown in there: its own text, or
					// the same fallback, never another.
					src = nil
					if cur := p.lookup[[3]string{r.ID, lang, current}]; cur != nil {
						src = p.sources[page][cur.Src.Lang]
					}
				}
				if src == nil || !allowed(src, r.ID) {
					continue
				}
				in := &Instance{
					Region:   r,
					Lang:     lang,
					Page:     page,
					Src:      src,
					RelURL:   LangPrefix(r, lang) + PagePath(page),
					Hreflang: code,
				}
				if other := byURL[[2]string{r.ID, in.RelURL}]; other != nil {
					key := [2]string{other.Src.File, src.File}
					if clashes[key] == nil {
						clashOrder = append(clashOrder, key)
						clashURL[key] = in.RelURL
					}
					clashes[key] = append(clashes[key], r.ID)
					continue
				}
				byURL[[2]string{r.ID, in.RelURL}] = in
				p.Instances = append(p.Instances, in)
				p.ByPage[page] = append(p.ByPage[page], in)
				p.ByRegion[r.ID] = append(p.ByRegion[r.ID], in)
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

// VersionsFolder is the folder, beside a page's file, that holds its
// earlier versions: content/privacy/versions/2026-05-01.md is the version
// of privacy that took effect on 1 May 2026, and
// content/privacy/versions/2026-05-01.de.md its German text.
const VersionsFolder = "versions"

// ArchivedPage splits the page id of an earlier version,
// "privacy/versions/2026-05-01", into the page ("privacy") and the date
// it took effect; ok is false for any other page.
func ArchivedPage(id string) (page, date string, ok bool) {
	i := strings.LastIndex(id, "/"+VersionsFolder+"/")
	if i <= 0 {
		return "", "", false
	}
	page, date = id[:i], id[i+len(VersionsFolder)+2:]
	if _, err := time.Parse("2006-01-02", date); err != nil || len(date) != 10 {
		return "", "", false
	}
	return page, date, true
}

// Pages are the ids of every page, sorted.
func (p *Plan) Pages() []string {
	return p.pages
}

// Versions are the page ids of page's earlier versions, oldest first.
func (p *Plan) Versions(page string) []string {
	return p.versions[page]
}

// AliasSource is the source whose aliases redirect to in: its own, or,
// when it has no aliases key, the page's source in the site's default
// language, so that an old URL keeps working in every region and
// language that shows a translation. The aliases are paths without the
// language prefix of in.
func (p *Plan) AliasSource(in *Instance) *content.Source {
	if in.Src.Meta.HasAliases {
		return in.Src
	}
	if def := p.sources[in.Page][p.Site.DefaultLanguage]; def != nil {
		return def
	}
	return in.Src
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

// HreflangCode is the language with the region's country ("de-DE",
// "zh-CN"), or the whole tag when the region has no country ("en", "es").
func HreflangCode(lang, country string) string {
	if country == "" {
		return lang
	}
	base, _ := language.Make(lang).Base()
	return base.String() + "-" + strings.ToUpper(country)
}

// LangPrefix is "" for a region's default language and "/<lang>" for the
// others, lower-cased as URLs usually are ("/pt-br").
func LangPrefix(r *config.Region, lang string) string {
	if lang == r.DefaultLanguage() {
		return ""
	}
	return "/" + strings.ToLower(lang)
}

// PagePath is the URL path of a page id: "index" -> "/", "privacy" ->
// "/privacy/", "legal/index" -> "/legal/".
func PagePath(id string) string {
	if id == "index" {
		return "/"
	}
	id = strings.TrimSuffix(id, "/index")
	return "/" + id + "/"
}

// OutFile is the file a URL path is written to, inside a region folder.
func OutFile(relURL string) string {
	return strings.TrimPrefix(relURL, "/") + "index.html"
}
