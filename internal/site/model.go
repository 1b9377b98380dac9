// Package site is the long-lived model of a site: it loads the inputs
// (site.toml, content, layouts, assets, locales) once, keeps what it
// derived from them (parsed sources, compiled layouts, catalogs, bundles,
// the page plan and every rendered file) and, told which files changed,
// re-reads only those and re-renders only the outputs that depend on them.
//
// `charter build` runs a model once, cold, and writes its files through
// internal/output; `charter serve` keeps one and serves its files from
// memory; `charter check` reads its diagnostics.
//
// What each output depends on is recorded as a key: a hash of every input
// it reads (its source, the generations of the layouts, assets and
// site.toml, its language's locale files, and the shared data the plan
// gives it: navigation, alternates, switchers). An output whose key did
// not change is not rendered again; a file whose bytes did not change is
// not reported as changed.
package site

import (
	"context"
	"errors"
	"hash/maphash"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/overlay"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/render"
	"github.com/charter-ssg/charter/internal/sitefs"
	"github.com/charter-ssg/charter/internal/templates"
)

// Options say what site to load and how to render it.
type Options struct {
	Dir string // the site folder (holds site.toml); names files in messages
	// FS reads the site; nil reads Dir through sitefs (regular files
	// inside the folder, up to the configured size). Tests pass an
	// fstest.MapFS.
	FS       fs.FS
	Defaults fs.FS    // the embedded layouts/, assets/, locales/
	Sets     []string // --set KEY=VALUE overrides of site.toml
	Drafts   bool     // include draft pages
	Regions  []string // render only these region ids (all when empty)
	Preview  *Preview // the preview server's changes; nil for a build
	// Rendered, when set, takes each page as soon as it is rendered
	// ("domain/path", its source file, its bytes), from any goroutine: a
	// build writes pages while others render. The model then keeps no
	// page bytes, and Snapshot.Files holds only the other files: a
	// one-shot build of a big site needs a third of the memory.
	Rendered func(name, owner string, data []byte)
}

// Preview is what the preview server changes in the output.
type Preview struct {
	// BaseURL is each region's base URL on the preview server.
	BaseURL func(region *config.Region) string
	// FormAction is the URL each form posts to (the server's sink).
	FormAction func(form string) string
	// Scripts and Styles are added to every page (live reload).
	Scripts, Styles []templates.Asset
}

// Model is a loaded site. It is not safe for concurrent use: one
// goroutine calls Update; the Snapshots it returns are read-only and may
// be read from any goroutine.
type Model struct {
	opts Options
	seed maphash.Seed

	siteFS  fs.FS // the site, with the configured size limit
	readAll bool  // the next update reads everything (one stopped before it read its changes)
	closer  interface{ Close() error }
	fsMiB   int

	cfgFile  string
	cfgBytes []byte
	cfg      *config.Site
	cfgDiags diag.List
	cfgGen   uint64
	content  uint64 // what of site.toml content reads (content.ConfigKey)

	layouts  input[*templates.Set]
	assets   input[*assets.Bundle]
	locales  input[*i18n.Catalogs]
	langVers map[string]uint64 // locale file -> hash of its bytes
	uiAt     uint64            // the inputs uiDiags was found for
	uiDiags  diag.List

	sources   map[string]*sourceEntry // content file -> entry
	listDiags diag.List

	planKey    uint64
	plan       *plan.Plan
	planDiags  diag.List
	uniqDiags  diag.List
	rendererAt uint64 // the key the renderer was made for
	renderer   *render.Renderer

	pages   map[pageID]*pageEntry
	regions map[string]*regionEntry
	prev    *Snapshot
}

// input is a folder of the overlay (layouts/, assets/, locales/) and what
// was loaded from it.
type input[T any] struct {
	digest uint64 // of the folder's names and bytes
	gen    uint64 // changes with digest
	value  T
	diags  diag.List
}

type sourceEntry struct {
	bytes []byte
	key   uint64 // content.ConfigKey the source was read with
	src   *content.Source
	diags diag.List
	gen   uint64 // unique per read, for the keys of its pages
}

type pageID struct{ region, lang, page string }

type pageEntry struct {
	key   uint64
	page  render.Page
	file  string // "domain/privacy/index.html"
	owner string // its source file
}

type regionEntry struct {
	key   uint64
	files []render.File
	diags diag.List
}

// File is one output file of a snapshot.
type File struct {
	Data  []byte
	Owner string // the source file, asset or "the generated ..." that made it
}

// Snapshot is the output of one Update: every file of every rendered
// region, by "domain/path", and what changed since the previous one.
type Snapshot struct {
	Site    *config.Site
	Regions []*config.Region // the rendered regions
	Files   map[string]File
	// Changed are the paths whose bytes differ from the previous
	// snapshot's, removed ones included, sorted.
	Changed  []string
	Pages    int // pages in the plan's rendered regions
	Rendered int // pages rendered by this Update (the others were kept)
	Inputs   []string
	Duration time.Duration
	Diags    diag.List // warnings, and errors when Failed

	// What the files were made of, for charter check; read-only. Sources
	// are the sources read, in file order, those no region shows
	// included. Without Options.Rendered they hold their bodies.
	Plan    *plan.Plan
	Sources []*content.Source
	Locales *i18n.Catalogs
	Layouts *templates.Set
	FS      fs.FS // the site over the embedded defaults
}

// Failed reports whether the snapshot has errors; its files are then
// those of the last good update, or none.
func (s *Snapshot) Failed() bool { return s.Diags.HasErrors() }

// New makes a model; nothing is read before the first Update.
func New(opts Options) *Model {
	return &Model{
		opts:     opts,
		seed:     maphash.MakeSeed(),
		cfgFile:  filepath.Join(opts.Dir, "site.toml"),
		sources:  map[string]*sourceEntry{},
		pages:    map[pageID]*pageEntry{},
		regions:  map[string]*regionEntry{},
		langVers: map[string]uint64{},
	}
}

// Close lets go of the site folder.
func (m *Model) Close() {
	if m.closer != nil {
		m.closer.Close()
		m.closer = nil
	}
}

// Input kinds, as Snapshot.Inputs names them.
const (
	InputConfig  = "site.toml"
	InputContent = "content"
	InputLayouts = "layouts"
	InputAssets  = "assets"
	InputLocales = "locales"
)

// changes is what an Update must re-read.
type changes struct {
	all     bool
	config  bool
	layouts bool
	assets  bool
	locales bool
	content map[string]bool // files (or folders) under content/
	rescan  bool            // list content/ again
}

func classify(paths []string) changes {
	var c changes
	if paths == nil {
		c.all = true
		return c
	}
	c.content = map[string]bool{}
	for _, p := range paths {
		p = path.Clean(filepath.ToSlash(p))
		top, _, _ := strings.Cut(p, "/")
		switch {
		case p == "site.toml" || p == ".":
			c.config = true
		case top == "content":
			c.content[p] = true
			if !strings.HasSuffix(p, ".md") {
				c.rescan = true // a folder, or a file that may now be reported
			}
		case top == "layouts":
			c.layouts = true
		case top == "assets":
			c.assets = true
		case top == "locales":
			c.locales = true
		}
	}
	return c
}

// Update re-reads the files named in changed (paths relative to the site
// folder, slash or OS separated; a folder stands for all it holds) and
// renders what depends on them; nil re-reads everything, which renders
// nothing that did not change. ctx stops it early; the snapshot is then
// failed.
func (m *Model) Update(ctx context.Context, changed []string) *Snapshot {
	start := time.Now()
	if ctx == nil {
		ctx = context.Background()
	}
	c := classify(changed)
	snap := &Snapshot{}
	var inputs []string

	// site.toml first: everything else is read with what it says.
	if c.all || c.config || m.cfg == nil {
		if m.loadConfig() {
			inputs = append(inputs, InputConfig)
			c.all = true // limits, minify, languages: read the rest again
		}
	}
	if m.cfg == nil || m.cfgDiags.HasErrors() {
		snap.Diags = append(snap.Diags, m.cfgDiags...)
		return m.fail(snap, start)
	}
	if err := m.openFS(); err != nil {
		snap.Diags.Errorf(diag.Pos{File: m.opts.Dir}, "cannot open the site folder: %v", err)
		m.readAll = true // the changes of this update are read by the next
		return m.fail(snap, start)
	}
	if m.readAll {
		c.all, m.readAll = true, false
	}
	ofs := &overlay.FS{Top: m.siteFS, Base: m.opts.Defaults}
	minify := m.cfg.Build.Minify == nil || *m.cfg.Build.Minify

	// Layouts and assets (esbuild) load while the content parses.
	var wg sync.WaitGroup
	var layoutsChanged, assetsChanged bool
	if c.all || c.layouts || c.assets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c.all || c.layouts {
				layoutsChanged = reload(&m.layouts, m.digest(ofs, "layouts", 0), func() (*templates.Set, diag.List) {
					return templates.Load(ofs, "layouts", formatDate)
				})
			}
			if c.all || c.assets {
				salt := uint64(0)
				if minify {
					salt = 1
				}
				assetsChanged = reload(&m.assets, m.digest(ofs, "assets", salt), func() (*assets.Bundle, diag.List) {
					return assets.Build(ofs, minify)
				})
			}
		}()
	}
	localesChanged := false
	if c.all || c.locales {
		localesChanged = m.loadLocales(ofs)
	}
	contentChanged := m.loadContent(c)
	wg.Wait()
	for _, x := range []struct {
		changed bool
		name    string
	}{{contentChanged, InputContent}, {layoutsChanged, InputLayouts}, {assetsChanged, InputAssets}, {localesChanged, InputLocales}} {
		if x.changed {
			inputs = append(inputs, x.name)
		}
	}
	snap.Inputs = inputs

	diags := slices.Clone(m.cfgDiags)
	diags = append(diags, m.locales.diags...)
	diags = append(diags, m.missingLocales()...)
	diags = append(diags, m.layouts.diags...)
	diags = append(diags, m.assets.diags...)
	diags = append(diags, m.listDiags...)
	srcs := m.sourceList(&diags)
	if diags.HasErrors() || m.layouts.value == nil || m.assets.value == nil || m.locales.value == nil {
		snap.Diags = diags
		return m.fail(snap, start)
	}
	regions, d := selectRegions(m.cfg, m.opts.Regions)
	diags = append(diags, d...)
	diags = append(diags, m.uiStrings(regions)...)
	if diags.HasErrors() {
		snap.Diags = diags
		return m.fail(snap, start)
	}

	m.makePlan(srcs)
	diags = append(diags, m.planDiags...)
	if diags.HasErrors() {
		snap.Diags = diags
		return m.fail(snap, start)
	}
	m.makeRenderer()

	files, rendered, pages, d := m.render(ctx, regions)
	diags = append(diags, d...)
	if ctx.Err() != nil {
		snap.Diags = append(diags, &diag.Diagnostic{Message: "interrupted", Hint: "nothing was written"})
		return m.fail(snap, start)
	}
	diags = dedupe(diags)
	diags.Sort()
	snap.Diags = diags
	if diags.HasErrors() {
		return m.fail(snap, start)
	}
	snap.Site, snap.Regions, snap.Files = m.cfg, regions, files
	snap.Plan, snap.Sources, snap.Locales, snap.Layouts, snap.FS = m.plan, srcs, m.locales.value, m.layouts.value, ofs
	snap.Pages, snap.Rendered = pages, rendered
	snap.Changed = changedFiles(m.prev, files)
	snap.Duration = time.Since(start)
	m.prev = snap
	return snap
}

// fail returns a failed snapshot; the previous good one stays the base of
// the next Update's changes.
func (m *Model) fail(snap *Snapshot, start time.Time) *Snapshot {
	snap.Diags = dedupe(snap.Diags)
	snap.Diags.Sort()
	if !snap.Diags.HasErrors() { // a model that cannot go on without saying why is a bug
		snap.Diags.Add(&diag.Diagnostic{Message: "the site could not be loaded"})
	}
	snap.Site = m.cfg
	snap.Duration = time.Since(start)
	return snap
}

// formatDate is the layouts' date function: CLDR's long form in the language.
func formatDate(t time.Time, lang string) string { return i18n.FormatDate(t, lang) }

// loadConfig reads site.toml; it reports whether its bytes changed.
func (m *Model) loadConfig() bool {
	data, err := m.readConfig()
	if err != nil {
		changed := m.cfg != nil || m.cfgBytes != nil
		m.cfg, m.cfgBytes, m.cfgDiags = nil, nil, config.ReadError(m.cfgFile, err)
		m.cfgGen++
		return changed
	}
	if m.cfg != nil && string(data) == string(m.cfgBytes) {
		return false
	}
	m.cfgBytes = data
	m.cfg, m.cfgDiags = config.Parse(m.cfgFile, data, m.opts.Sets)
	if m.cfg != nil && !m.cfgDiags.HasErrors() && m.opts.Preview != nil && m.opts.Preview.BaseURL != nil {
		for _, r := range m.cfg.Regions {
			r.BaseURL = m.opts.Preview.BaseURL(r)
		}
	}
	m.cfgGen++
	return true
}

// readConfig reads site.toml with the default size limit: the configured
// one is in the file being read.
func (m *Model) readConfig() ([]byte, error) {
	if m.opts.FS != nil {
		return fs.ReadFile(m.opts.FS, "site.toml")
	}
	return ReadSiteFile(m.opts.Dir, "site.toml")
}

// openFS opens the site with site.toml's size limit, once per limit.
func (m *Model) openFS() error {
	if m.opts.FS != nil {
		m.siteFS = m.opts.FS
		return nil
	}
	if m.siteFS != nil && m.fsMiB == m.cfg.Build.MaxFileMiB {
		return nil
	}
	m.Close()
	sfs, err := sitefs.Open(m.opts.Dir, m.cfg.Build.MaxFileMiB)
	if err != nil {
		m.siteFS = nil
		return err
	}
	m.siteFS, m.closer, m.fsMiB = sfs, sfs, m.cfg.Build.MaxFileMiB
	return nil
}

// reload loads in again when the folder's digest changed, and reports
// whether it did.
func reload[T any](in *input[T], digest uint64, load func() (T, diag.List)) bool {
	if in.gen != 0 && digest == in.digest {
		return false
	}
	in.value, in.diags = load()
	in.digest = digest
	in.gen++
	return true
}

// digest hashes the names and bytes of every file under dir in fsys. A
// file that cannot be read hashes its error: the loader reports it.
func (m *Model) digest(fsys fs.FS, dir string, salt uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(m.seed)
	writeUint(&h, salt)
	fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		h.WriteString(p)
		h.WriteByte(0)
		if err != nil {
			h.WriteString(err.Error())
			return nil
		}
		if !d.IsDir() {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				h.WriteString(err.Error())
			}
			h.Write(b)
			h.WriteByte(0)
		}
		return nil
	})
	return h.Sum64()
}

func writeUint(h *maphash.Hash, v uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	h.Write(b[:])
}

// loadLocales reads locales/ again when a file of it changed, and records
// each language's hash for the keys of the pages in its language. A
// site's locale file merges over the embedded one of its name, so both
// layers count.
func (m *Model) loadLocales(ofs *overlay.FS) bool {
	vers := map[string]uint64{}
	var all maphash.Hash
	all.SetSeed(m.seed)
	// The default language is the end of every fallback chain: catalogs
	// set to another one are other catalogs.
	all.WriteString(m.cfg.DefaultLanguage)
	all.WriteByte(0)
	for layer, fsys := range []fs.FS{ofs.Base, ofs.Top} {
		if fsys == nil {
			continue
		}
		fs.WalkDir(fsys, "locales", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				all.WriteString(err.Error()) // a refusal: the loader reports it
				return nil
			}
			if d.IsDir() {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				b = []byte(err.Error())
			}
			v := maphash.Bytes(m.seed, b)
			// By the language as i18n reads it: locales/NL.toml is nl.
			key := p
			if stem, ok := strings.CutSuffix(path.Base(p), ".toml"); ok {
				if chain := i18n.Chain(stem, ""); len(chain) > 0 {
					key = "locales/" + chain[0] + ".toml"
				}
			}
			// Two spellings of one language, or both layers: all count.
			var h maphash.Hash
			h.SetSeed(m.seed)
			writeUint(&h, vers[key])
			writeUint(&h, uint64(layer))
			writeUint(&h, v)
			vers[key] = h.Sum64()
			writeUint(&all, uint64(layer))
			all.WriteString(p)
			writeUint(&all, v)
			return nil
		})
	}
	if !reload(&m.locales, all.Sum64(), func() (*i18n.Catalogs, diag.List) { return i18n.Load(ofs, "locales") }) {
		return false
	}
	if m.locales.value != nil {
		m.locales.value.SetDefault(m.cfg.DefaultLanguage)
	}
	m.langVers = vers
	return true
}

// uiStrings reports, for the languages of regions, the UI strings the
// layouts look up that no locale in a language's fallback chain defines,
// the placeholders of the default language's strings that a layout's
// call or charter's code does not fill in (and the names a call passes
// that no placeholder takes), and the placeholders translations use that
// the default language's strings lack: pages would show each as
// written. It is found again
// only when the layouts, the locales, site.toml or the regions changed.
func (m *Model) uiStrings(regions []*config.Region) diag.List {
	var h maphash.Hash
	h.SetSeed(m.seed)
	for _, v := range []uint64{m.cfgGen, m.layouts.gen, m.locales.gen} {
		writeUint(&h, v)
	}
	var langs []string
	for _, r := range regions {
		h.WriteString(r.ID)
		h.WriteByte(0)
		langs = append(langs, r.Languages...)
	}
	key := h.Sum64()
	if key == m.uiAt && m.uiAt != 0 {
		return m.uiDiags
	}
	m.uiAt = key
	var uses []i18n.Use
	var calls []i18n.Call
	for _, k := range m.layouts.value.UIKeys() {
		if k.Pattern {
			continue
		}
		uses = append(uses, i18n.Use{Key: k.Key, Pos: k.Pos})
		call := i18n.Call{Key: k.Key, Pos: k.Pos, Open: k.Open}
		for _, a := range k.Args {
			call.Args = append(call.Args, i18n.Arg{Name: a.Name, Pos: a.Pos, NoValue: a.NoValue})
		}
		calls = append(calls, call)
	}
	for _, k := range render.UIKeys(m.cfg) {
		if !k.Optional {
			uses = append(uses, i18n.Use{Key: k.Key, Pos: k.Pos})
		}
		call := i18n.Call{Key: k.Key, Code: true}
		for _, name := range k.Args {
			call.Args = append(call.Args, i18n.Arg{Name: name})
		}
		calls = append(calls, call)
	}
	diags := m.locales.value.Undefined(langs, uses)
	diags = append(diags, m.locales.value.Arguments(calls)...)
	m.layouts.value.AddExcerpts(diags)
	diag.NewSource(m.cfgFile, m.cfgBytes).AddExcerpts(diags)
	m.uiDiags = append(diags, m.locales.value.Placeholders(langs)...)
	return m.uiDiags
}

// UsedUIKeys are the UI strings the snapshot's layouts and charter's
// code look up, for i18n.Catalogs.Completeness: the layouts' literal keys
// and printf patterns (templates.Set.UIKeys), and the code's keys for
// the site (render.UIKeys).
func (s *Snapshot) UsedUIKeys() map[string]bool {
	used := map[string]bool{}
	for _, k := range s.Layouts.UIKeys() {
		used[k.Key] = true
	}
	if s.Site != nil {
		for _, k := range render.UIKeys(s.Site) {
			used[k.Key] = true
		}
	}
	return used
}

// missingLocales reports region languages without a locale file.
func (m *Model) missingLocales() diag.List {
	var diags diag.List
	if m.locales.value == nil {
		return nil
	}
	broken := map[string]bool{} // locale files already reported
	for _, e := range m.locales.diags {
		if e.Severity == diag.Error {
			broken[e.File] = true
		}
	}
	for _, r := range m.cfg.Regions {
		for i, lang := range r.Languages {
			if m.locales.value.Has(lang) || broken[path.Join("locales", lang+".toml")] {
				continue
			}
			pos := r.Pos
			if i < len(r.LanguagesPos) {
				pos = r.LanguagesPos[i]
			}
			diags.Errorf(pos, "region %s lists language %q but there is no locale for it", r.ID, lang).
				WithHint("add locales/%s.toml (copy locales/en.toml and translate it)", lang)
		}
	}
	return diags
}

// loadContent reads the changed Markdown files again (all of them when
// site.toml changed what content reads), and reports whether any source
// changed.
func (m *Model) loadContent(c changes) bool {
	key := content.ConfigKey(m.cfg)
	keyChanged := key != m.content
	m.content = key
	var files []string
	if c.all || c.rescan || keyChanged || len(m.sources) == 0 {
		files, m.listDiags = content.List(m.siteFS)
	} else {
		for f := range m.sources {
			files = append(files, f)
		}
		for f := range c.content {
			if !m.hasSource(f) {
				files = append(files, f)
			}
		}
	}
	slices.Sort(files)
	keep := map[string]bool{}
	var toRead []string
	for _, f := range files {
		keep[f] = true
		e := m.sources[f]
		if e == nil || c.all || c.rescan || c.content[f] || e.key != key {
			toRead = append(toRead, f)
		}
	}
	changed := false
	for f := range m.sources {
		if !keep[f] {
			delete(m.sources, f)
			changed = true
		}
	}
	type result struct {
		bytes []byte
		err   error
	}
	contents := make([]result, len(toRead))
	eachParallel(len(toRead), func(i int) {
		contents[i].bytes, contents[i].err = fs.ReadFile(m.siteFS, toRead[i])
	})
	var parse []string
	for i, f := range toRead {
		r := contents[i]
		if errors.Is(r.err, fs.ErrNotExist) {
			if _, ok := m.sources[f]; ok {
				delete(m.sources, f)
				changed = true
			}
			continue
		}
		e := m.sources[f]
		if e != nil && r.err == nil && e.key == key && string(e.bytes) == string(r.bytes) {
			continue // saved unchanged, or written twice
		}
		if r.err != nil {
			m.sources[f] = &sourceEntry{diags: diag.List{sitefs.ReadError(f, r.err)}, key: key}
			changed = true
			continue
		}
		m.sources[f] = &sourceEntry{bytes: r.bytes, key: key}
		parse = append(parse, f)
		changed = true
	}
	read := content.ReadBytes
	if m.once() {
		read = content.ReadFrontMatter // the Markdown is read when it renders
	}
	eachParallel(len(parse), func(i int) {
		e := m.sources[parse[i]]
		e.src, e.diags = read(parse[i], e.bytes, m.cfg)
	})
	for _, f := range parse {
		m.sources[f].gen = nextGen()
	}
	return changed
}

// once reports whether the model serves one build: the caller takes the
// pages (Options.Rendered), and nothing is kept for a next update.
func (m *Model) once() bool { return m.opts.Rendered != nil }

func (m *Model) hasSource(f string) bool { _, ok := m.sources[f]; return ok }

var genMu sync.Mutex
var lastGen uint64

// nextGen is a number no source read before has had.
func nextGen() uint64 {
	genMu.Lock()
	defer genMu.Unlock()
	lastGen++
	return lastGen
}

// sourceList is the sources to plan, in file order, with their
// diagnostics added to diags; drafts are left out unless opts.Drafts.
func (m *Model) sourceList(diags *diag.List) []*content.Source {
	files := make([]string, 0, len(m.sources))
	for f := range m.sources {
		files = append(files, f)
	}
	slices.Sort(files)
	var srcs []*content.Source
	for _, f := range files {
		e := m.sources[f]
		*diags = append(*diags, e.diags...)
		if e.src != nil {
			srcs = append(srcs, e.src)
		}
	}
	srcs, d := content.Unique(srcs)
	*diags = append(*diags, d...)
	if m.opts.Drafts {
		return srcs
	}
	return slices.DeleteFunc(srcs, func(s *content.Source) bool { return s.Meta.Draft })
}

func eachParallel(n int, do func(i int)) {
	if n == 1 {
		do(0)
		return
	}
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range min(n, workers()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				do(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// ReadSiteFile reads a file of the site folder dir through sitefs (for
// the excerpt of an error, say); name is relative to dir or, as
// diagnostics name site.toml, joined with it.
func ReadSiteFile(dir, name string) ([]byte, error) {
	if rel, err := filepath.Rel(dir, name); err == nil && filepath.IsAbs(name) {
		name = rel
	} else if d := filepath.Clean(dir); d != "." && strings.HasPrefix(name, d+string(filepath.Separator)) {
		name = strings.TrimPrefix(name, d+string(filepath.Separator))
	}
	fsys, err := sitefs.Open(dir, 0)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return fsys.ReadFile(filepath.ToSlash(name))
}
