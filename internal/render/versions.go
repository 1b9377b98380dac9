package render

import (
	"path"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/templates"
	"github.com/charter-ssg/charter/internal/versions"
)

// ChangesPath is where a version's comparison with the one before it is
// served, under the version's own URL: /privacy/changes/,
// /privacy/versions/2026-05-01/changes/.
const ChangesPath = "changes/"

// history is the versions of in's page that in's region language shows,
// oldest first, the version in force last; nil for a page without
// earlier versions.
func (r *Renderer) history(reg *config.Region, lang, page string) []*plan.Instance {
	ids := r.plan.Versions(page)
	if len(ids) == 0 {
		return nil
	}
	var out []*plan.Instance
	for _, id := range append(ids[:len(ids):len(ids)], page) {
		if in := r.plan.Lookup(reg.ID, lang, id); in != nil {
			out = append(out, in)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// addVersions gives a page with earlier versions its list of them and the
// link to what changed, and an earlier version what it says of itself.
func (r *Renderer) addVersions(p *templates.Page, in *plan.Instance) {
	page := in.Page
	if current, _, ok := plan.ArchivedPage(in.Page); ok {
		page = current
	}
	h := r.history(in.Region, in.Lang, page)
	at := -1
	for i, v := range h {
		if v == in {
			at = i
		}
	}
	if at < 0 {
		return
	}
	if at > 0 {
		p.Changes = in.RelURL + ChangesPath
	}
	if at == len(h)-1 {
		var links []templates.Link
		for i := at - 1; i >= 0; i-- {
			m := h[i].Src.Meta
			links = append(links, templates.Link{
				Text: r.in.Locales.T(in.Lang, "page.version_item", "version", m.Version, "date", r.date(m, in.Lang)),
				URL:  h[i].RelURL, Lang: h[i].Src.Lang,
			})
		}
		p.Versions = templates.LinkList{Links: links}
		return
	}
	next := h[at+1].Src.Meta
	p.Archived = &templates.Archived{
		From: r.date(in.Src.Meta, in.Lang), Until: r.date(next, in.Lang),
		Current: h[len(h)-1].RelURL,
	}
}

func (r *Renderer) date(m content.FrontMatter, lang string) string {
	if m.Effective.IsZero() {
		return ""
	}
	return i18n.FormatDate(m.Effective, lang)
}

// changesFiles are the comparison pages of a region: for each version of
// a page after the first, in each language that has both, what changed
// word by word since the version before.
func (r *Renderer) changesFiles(reg *config.Region, gen func(name string, b []byte)) error {
	for _, page := range r.plan.Pages() {
		if _, _, archived := plan.ArchivedPage(page); archived || len(r.plan.Versions(page)) == 0 {
			continue
		}
		for _, lang := range reg.Languages {
			h := r.history(reg, lang, page)
			for i := 1; i < len(h); i++ {
				b, err := r.changesPage(reg, lang, h[i-1], h[i])
				if err != nil {
					return err
				}
				gen(path.Join(h[i].RelURL[1:], ChangesPath, "index.html"), b)
			}
		}
	}
	return nil
}

func (r *Renderer) changesPage(reg *config.Region, lang string, old, new *plan.Instance) ([]byte, error) {
	before, err := r.text(old)
	if err != nil {
		return nil, err
	}
	after, err := r.text(new)
	if err != nil {
		return nil, err
	}
	t := r.translator(lang)
	om, nm := old.Src.Meta, new.Src.Meta
	p := r.basePage("changes", reg, lang, "") // no link of the navigation is this page
	p.ID = new.Page
	p.Title = t("page.changes_title", "version", nm.Version)
	p.Description = t("page.changes_intro", "old", om.Version, "olddate", r.date(om, lang), "new", nm.Version, "newdate", r.date(nm, lang))
	p.Version = nm.Version
	p.Effective = nm.Effective
	p.RelPermalink = new.RelURL + ChangesPath
	p.Permalink = new.Permalink() + ChangesPath
	p.Target = new.RelURL // the version the comparison is of
	labels := versions.Labels{Added: t("page.added"), Removed: t("page.removed")}
	if new.Fallback() {
		p.Fallback = r.fallbackLanguage(new)
		labels.Lang = lang // the labels are the page's, the text is not
	}
	p.Content = versions.HTML(versions.InContext(versions.Compare(versions.Blocks(before), versions.Blocks(after))), labels)
	p.RegionGroups = r.regionGroups(reg, lang, "")
	return r.execute("changes", p)
}

// text is in's content as the region shows it, for comparing versions.
func (r *Renderer) text(in *plan.Instance) ([]byte, error) {
	rendered, err := in.Src.Render(content.RenderContext{Site: r.in.Config, Region: in.Region, Lang: in.Lang})
	if err != nil {
		return nil, err
	}
	return []byte(rendered.HTML), nil
}
