package site

import (
	"context"
	"errors"
	"hash/maphash"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/output"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/render"
)

func workers() int { return runtime.GOMAXPROCS(0) }

// makePlan plans the pages again when what the plan reads of the sources
// changed (their ids, languages, front matter lists and titles); else it
// keeps the plan and points its instances at the sources read since.
func (m *Model) makePlan(srcs []*content.Source) {
	var h maphash.Hash
	h.SetSeed(m.seed)
	writeUint(&h, m.cfgGen)
	for _, s := range srcs {
		mt := &s.Meta
		h.WriteString(s.File)
		h.WriteByte(0)
		h.WriteString(s.Page)
		h.WriteByte(0)
		h.WriteString(s.Lang)
		h.WriteByte(0)
		h.WriteString(mt.Title)
		h.WriteByte(0)
		h.WriteString(strings.Join(mt.Regions, " "))
		h.WriteByte(0)
		h.WriteString(strings.Join(mt.Aliases, " "))
		h.WriteByte(0)
		for _, p := range mt.AliasesPos {
			writeUint(&h, uint64(p.Line)<<32|uint64(p.Col))
		}
		if mt.HasAliases { // a translation's own aliases, or the default's
			h.WriteByte(1)
		}
		writeUint(&h, uint64(mt.Weight))
		writeUint(&h, uint64(mt.Effective.UnixNano()))
		if mt.Draft {
			h.WriteByte(1)
		}
	}
	key := h.Sum64()
	if m.plan != nil && key == m.planKey {
		byFile := make(map[string]*content.Source, len(srcs))
		for _, s := range srcs {
			byFile[s.File] = s
		}
		for _, in := range m.plan.Instances {
			in.Src = byFile[in.Src.File]
		}
		return
	}
	m.planKey = key
	m.plan, m.planDiags = plan.Make(m.cfg, srcs)
}

// makeRenderer makes a renderer when the plan or an input every page
// reads changed.
func (m *Model) makeRenderer() {
	var h maphash.Hash
	h.SetSeed(m.seed)
	for _, v := range []uint64{m.cfgGen, m.layouts.gen, m.assets.gen, m.locales.gen, m.planKey} {
		writeUint(&h, v)
	}
	key := h.Sum64()
	if m.renderer != nil && key == m.rendererAt {
		return
	}
	var opts render.Options
	if p := m.opts.Preview; p != nil {
		opts = render.Options{FormAction: p.FormAction, Scripts: p.Scripts, Styles: p.Styles}
	}
	m.renderer = render.New(render.Inputs{
		Config: m.cfg, Locales: m.locales.value, Layouts: m.layouts.value, Assets: m.assets.value,
	}, m.plan, opts)
	m.rendererAt = key
}

// langKey hashes the locale files a language's strings come from.
func (m *Model) langKey(lang string) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	for _, l := range i18n.Chain(lang, m.cfg.DefaultLanguage) {
		writeUint(&h, m.langVers["locales/"+l+".toml"])
	}
	return h.Sum64()
}

// pageKey is what the page of in depends on: its source as read, the
// layouts, site.toml, its language's locale files and the plan's shared
// data (render.Renderer.Key). The assets it links are checked apart.
func (m *Model) pageKey(in *plan.Instance, langKeys map[string]uint64) uint64 {
	lk, ok := langKeys[in.Lang]
	if !ok {
		lk = m.langKey(in.Lang)
		langKeys[in.Lang] = lk
	}
	var h maphash.Hash
	h.SetSeed(m.seed)
	for _, v := range []uint64{m.cfgGen, m.layouts.gen, m.sources[in.Src.File].gen, lk, m.renderer.Key(in)} {
		writeUint(&h, v)
	}
	return h.Sum64()
}

// assetsSame reports whether every asset p links is as it was.
func (m *Model) assetsSame(p render.Page) bool {
	for name, state := range p.Assets {
		a, _ := m.assets.value.Get(name)
		if render.AssetState(a) != state {
			return false
		}
	}
	return true
}

// render renders the pages of regions whose keys changed, and the
// region files whose inputs changed, and returns every file.
func (m *Model) render(ctx context.Context, regions []*config.Region) (map[string]File, int, int, diag.List) {
	var diags diag.List
	langKeys := map[string]uint64{}
	type job struct {
		in  *plan.Instance
		id  pageID
		key uint64
	}
	var jobs []job
	var all []pageID
	live := map[pageID]bool{}
	for _, reg := range regions {
		for _, in := range m.plan.ByRegion[reg.ID] {
			id := pageID{reg.ID, in.Lang, in.Page}
			all = append(all, id)
			live[id] = true
			var key uint64
			if !m.once() { // a one-shot build renders every page anyway
				key = m.pageKey(in, langKeys)
				if e := m.pages[id]; e != nil && e.key == key && m.assetsSame(e.page) {
					continue
				}
			}
			jobs = append(jobs, job{in, id, key})
		}
	}
	for id := range m.pages {
		if !live[id] {
			delete(m.pages, id)
		}
	}
	var mu sync.Mutex
	renderJob := func(j job) {
		p, err := m.renderer.Page(j.in)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			delete(m.pages, j.id)
			diags.Merge(err)
			return
		}
		e := &pageEntry{key: j.key, page: p, file: j.in.Region.Domain + "/" + plan.OutFile(j.in.RelURL), owner: j.in.Src.File}
		m.pages[j.id] = e
		if m.opts.Rendered != nil {
			m.opts.Rendered(e.file, e.owner, p.HTML)
			e.page.HTML = nil
		}
	}
	if !m.once() {
		eachParallel(len(jobs), func(i int) {
			if ctx.Err() == nil {
				renderJob(jobs[i])
			}
		})
	} else {
		// A worker reads a source's Markdown, renders every page that
		// shows it and lets it go. Sources no page shows (drafts, other
		// regions) are read too, for their errors.
		byFile := map[string][]job{}
		for _, j := range jobs {
			byFile[j.in.Src.File] = append(byFile[j.in.Src.File], j)
		}
		files := make([]string, 0, len(m.sources))
		for f, e := range m.sources {
			if e.src != nil {
				files = append(files, f)
			}
		}
		slices.Sort(files)
		eachParallel(len(files), func(i int) {
			if ctx.Err() != nil {
				return
			}
			e := m.sources[files[i]]
			src, d := content.ReadMarkdown(e.src, m.cfg)
			mu.Lock()
			diags = append(diags, d...)
			mu.Unlock()
			if src == nil {
				return
			}
			for _, j := range byFile[files[i]] {
				j.in.Src = src
				renderJob(j)
				j.in.Src = e.src // and the parsed text goes
			}
		})
	}
	if ctx.Err() != nil || diags.HasErrors() {
		return nil, 0, 0, diags
	}

	files := make(map[string]File, len(all)+len(regions)*8)
	add := func(domain, name, owner string, b []byte) {
		p := domain + "/" + name
		if prev, ok := files[p]; ok {
			at := owner // a file of the user's, rather than a generated one
			if strings.HasPrefix(at, render.Generated) {
				at = prev.Owner
			}
			diags.Add(diag.Errorf(diag.Pos{File: at}, "%s gets two files at /%s: from %s and from %s", domain, name, prev.Owner, owner).
				WithHint("a page, an alias, a file of assets/ and a generated file each need a path of their own: rename or remove one of them"))
			return
		}
		files[p] = File{Data: b, Owner: owner}
	}
	origins := map[string]render.Origins{}
	linked := map[string]map[string]bool{} // region id -> assets its pages link
	for _, id := range all {
		e := m.pages[id]
		for name := range e.page.Assets {
			if linked[id.region] == nil {
				linked[id.region] = map[string]bool{}
			}
			linked[id.region][name] = true
		}
		if m.opts.Rendered == nil {
			files[e.file] = File{Data: e.page.HTML, Owner: e.owner}
		}
		if e.page.Origins != nil {
			o := origins[id.region]
			if o == nil {
				o = render.Origins{}
				origins[id.region] = o
			}
			o.Add(e.page.Origins)
		}
	}
	for _, reg := range regions {
		if ctx.Err() != nil {
			return nil, 0, 0, diags
		}
		key := m.regionKey(reg, origins[reg.ID], linked[reg.ID])
		e := m.regions[reg.ID]
		if e == nil || e.key != key {
			fs, d := m.renderer.RegionFiles(reg, origins[reg.ID], linked[reg.ID])
			e = &regionEntry{key: key, files: fs, diags: d}
			m.regions[reg.ID] = e
		}
		diags = append(diags, e.diags...)
		for _, f := range e.files {
			add(reg.Domain, f.Name, f.Owner, f.Data)
		}
	}
	return files, len(jobs), len(all), diags
}

// regionKey is what a region's files besides its pages depend on: the
// renderer's inputs (site.toml, layouts, assets, locales, the plan) and
// what the region's pages load, the assets they link, and the texts of
// pages with earlier versions.
func (m *Model) regionKey(reg *config.Region, o render.Origins, linked map[string]bool) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	writeUint(&h, m.rendererAt)
	h.WriteString(reg.ID)
	h.WriteString(strings.Join(slices.Sorted(maps.Keys(linked)), " "))
	h.WriteByte(0)
	// The comparisons of a page's versions are region files made from
	// the texts of those versions.
	for _, in := range m.plan.ByRegion[reg.ID] {
		page := in.Page
		if p, _, archived := plan.ArchivedPage(page); archived {
			page = p
		}
		if len(m.plan.Versions(page)) > 0 {
			if e := m.sources[in.Src.File]; e != nil {
				writeUint(&h, e.gen)
			}
		}
	}
	for _, d := range slices.Sorted(maps.Keys(o)) {
		h.WriteString(d)
		h.WriteByte(0)
		h.WriteString(strings.Join(slices.Sorted(slices.Values(o[d])), " "))
		h.WriteByte(0)
	}
	return h.Sum64()
}

// changedFiles lists the paths of files that differ between two
// snapshots' files, removed ones included.
func changedFiles(prev *Snapshot, files map[string]File) []string {
	var out []string
	if prev == nil {
		for p := range files {
			out = append(out, p)
		}
		sort.Strings(out)
		return out
	}
	for p, f := range files {
		old, ok := prev.Files[p]
		if !ok || !sameBytes(old.Data, f.Data) {
			out = append(out, p)
		}
	}
	for p := range prev.Files {
		if _, ok := files[p]; !ok {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func sameBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 || &a[0] == &b[0] { // a kept page: the same bytes
		return true
	}
	return string(a) == string(b)
}

// dedupe drops repeated diagnostics: an alias is checked in every region
// that shows its page, a source in every update.
func dedupe(l diag.List) diag.List {
	seen := map[string]bool{}
	out := l[:0:0]
	for _, d := range l {
		k := d.Error()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, d)
	}
	return out
}

func selectRegions(cfg *config.Site, ids []string) ([]*config.Region, diag.List) {
	if len(ids) == 0 {
		return cfg.Regions, nil
	}
	var diags diag.List
	byID := map[string]*config.Region{}
	var known []string
	for _, r := range cfg.Regions {
		byID[r.ID] = r
		known = append(known, r.ID)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if _, ok := byID[id]; !ok {
			d := diags.Errorf(diag.Pos{File: "--region"}, "no region %q in %s", id, cfg.File)
			if s := diag.Suggest(id, known); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("regions are: %s", strings.Join(known, ", "))
			}
			continue
		}
		seen[id] = true
	}
	// Keep site.toml order, whatever order the flags came in.
	var out []*config.Region
	for _, r := range cfg.Regions {
		if seen[r.ID] {
			out = append(out, r)
		}
	}
	return out, diags
}

// conflict turns an output.Conflict into a diagnostic like the model's
// own (the model checks first; this is the output's safety net).
func conflict(err error) error {
	var c *output.Conflict
	if !errors.As(err, &c) {
		return err
	}
	// Named as the model names its own: a page first, a generated file
	// last, at the file of the user's that is not the page.
	first, second := c.Before, c.Owner
	if strings.HasPrefix(first, render.Generated) || strings.HasPrefix(second, "content/") && !strings.HasPrefix(first, "content/") {
		first, second = second, first
	}
	at := second
	if strings.HasPrefix(at, render.Generated) {
		at = first
	}
	domain, name, _ := strings.Cut(c.Path, "/")
	return diag.Errorf(diag.Pos{File: at}, "%s gets two files at /%s: from %s and from %s", domain, name, first, second).
		WithHint("a page, an alias, a file of assets/ and a generated file each need a path of their own: rename or remove one of them")
}
