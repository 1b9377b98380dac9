package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/output"
	"github.com/charter-ssg/charter/internal/overlay"
	"github.com/charter-ssg/charter/internal/sitefs"
	"github.com/charter-ssg/charter/internal/templates"
)

// Options say what to build and where.
type Options struct {
	SiteDir  string   // the site root (holds site.toml)
	OutDir   string   // default <SiteDir>/public
	Regions  []string // build only these region ids (all when empty)
	Sets     []string // --set KEY=VALUE overrides
	Defaults fs.FS    // the embedded layouts/, assets/, locales/
	Drafts   bool     // include draft pages (for preview)
	// Context stops the build when it is done (SIGINT, SIGTERM): what was
	// written is removed and the previous output stays. Nil never stops.
	Context context.Context
}

// Result summarises a build.
type Result struct {
	Regions  int
	Pages    int
	Files    int
	Changed  int // files whose bytes differ from the previous build
	Duration time.Duration
	OutDir   string // where the output is
	Warnings diag.List
}

func (r *Result) String() string {
	return fmt.Sprintf("built %d regions, %d pages, %d files (%d changed) in %s into %s",
		r.Regions, r.Pages, r.Files, r.Changed, r.Duration.Round(time.Millisecond), r.OutDir)
}

// Site is everything loaded from a site's sources, ready to render.
type Site struct {
	Config  *config.Site
	Locales *i18n.Catalogs
	Sources []*content.Source // every page but drafts (unless Options.Drafts)
	drafts  []*content.Source // parsed for their errors, not rendered
	Layouts *templates.Set
	Assets  *assets.Bundle
	fs      *overlay.FS
}

// Load reads and checks every input of a site. It reports all the errors
// it can find, not only the first.
func Load(opts Options) (*Site, diag.List) {
	var diags diag.List
	cfg, d := config.Load(opts.SiteDir, opts.Sets)
	diags = append(diags, d...)
	if cfg == nil || d.HasErrors() {
		return nil, diags
	}
	// Every site file is read through sitefs: regular files inside the
	// site folder, up to the configured size.
	sfs, err := sitefs.Open(opts.SiteDir, cfg.Build.MaxFileMiB)
	if err != nil {
		diags.Errorf(diag.Pos{File: opts.SiteDir}, "cannot open the site folder: %v", err)
		return nil, diags
	}
	ofs := &overlay.FS{Top: sfs, Base: opts.Defaults}
	site := &Site{Config: cfg, fs: ofs}

	locales, d := i18n.Load(ofs, "locales")
	diags = append(diags, d...)
	if locales != nil {
		locales.SetDefault(cfg.DefaultLanguage)
		broken := map[string]bool{} // locale files already reported
		for _, e := range d {
			if e.Severity == diag.Error {
				broken[e.File] = true
			}
		}
		for _, r := range cfg.Regions {
			for i, lang := range r.Languages {
				if locales.Has(lang) || broken[path.Join("locales", lang+".toml")] {
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
	}
	site.Locales = locales

	// Layouts and assets (esbuild) load while the content parses.
	var layoutDiags, assetDiags diag.List
	done := make(chan struct{})
	go func() {
		defer close(done)
		site.Layouts, layoutDiags = templates.Load(ofs, "layouts", formatDate)
		minify := cfg.Build.Minify == nil || *cfg.Build.Minify
		site.Assets, assetDiags = assets.Build(ofs, minify)
	}()

	// Front matter only: Render parses each source's Markdown just before
	// it renders its pages.
	srcs, d := content.Scan(sfs, cfg)
	diags = append(diags, d...)
	for _, s := range srcs {
		if s.Meta.Draft && !opts.Drafts {
			site.drafts = append(site.drafts, s)
		} else {
			site.Sources = append(site.Sources, s)
		}
	}

	<-done
	diags = append(diags, layoutDiags...)
	diags = append(diags, assetDiags...)
	return site, diags
}

func formatDate(t time.Time, lang string) string { return t.Format("2006-01-02") }

// Build loads the site, renders the selected regions and swaps the result
// into OutDir. On any error, or when opts.Context is done, the previous
// output is left as it was.
func Build(opts Options) (*Result, diag.List) {
	start := time.Now()
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.SiteDir, "public")
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	site, diags := Load(opts)
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}
	regions, d := selectRegions(site.Config, opts.Regions)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return nil, diags
	}
	out, err := output.Open(opts.OutDir, opts.SiteDir)
	if err != nil {
		diags.Merge(err)
		return nil, diags
	}
	pages, d := site.Render(ctx, regions, out)
	diags = append(diags, d...)
	if ctx.Err() != nil {
		out.Discard()
		diags.Add(&diag.Diagnostic{Message: "interrupted", Hint: "nothing was written"})
		return nil, diags
	}
	if diags.HasErrors() {
		out.Discard()
		diags.Sort()
		return nil, diags
	}
	// Regions this build did not render keep their previous files.
	var keep []string
	for _, r := range site.Config.Regions {
		if !slices.Contains(regions, r) {
			keep = append(keep, r.Domain)
		}
	}
	changed, warnings, err := out.Commit(ctx, keep)
	if err != nil {
		diags.Merge(err)
		return nil, diags
	}
	for _, w := range warnings {
		diags.Add(&diag.Diagnostic{Severity: diag.Warning, Message: w})
	}
	diags.Sort() // pages render in any order; their warnings print in one
	res := &Result{
		Regions:  len(regions),
		Pages:    pages,
		Files:    out.Files(),
		Changed:  changed,
		Duration: time.Since(start),
		OutDir:   opts.OutDir,
		Warnings: diags,
	}
	return res, diags
}

// generated names, in messages, the files a build makes of its own.
const generated = "the generated "

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
	var out []*config.Region
	seen := map[string]bool{}
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			d := diags.Errorf(diag.Pos{File: "--region"}, "no region %q in %s", id, cfg.File)
			if s := diag.Suggest(id, known); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint("regions are: %s", strings.Join(known, ", "))
			}
			continue
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, r)
		}
	}
	// Keep site.toml order, whatever order the flags came in.
	sort.SliceStable(out, func(i, j int) bool { return indexOf(cfg.Regions, out[i]) < indexOf(cfg.Regions, out[j]) })
	return out, diags
}

func indexOf(rs []*config.Region, r *config.Region) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

// Render renders the given regions into out, on every core, and returns
// how many pages it rendered. It stops early when ctx is done.
func (s *Site) Render(ctx context.Context, regions []*config.Region, out *output.Staging) (int, diag.List) {
	p, diags := makePlan(s.Config, s.Sources)
	if diags.HasErrors() {
		return 0, diags
	}
	r := newRenderer(s, p)
	var dmu sync.Mutex
	report := func(err error) { // a diag.List, a *diag.Diagnostic or any error
		dmu.Lock()
		diags.Merge(err)
		dmu.Unlock()
	}
	// Pages are unique by plan and aliases are checked against them; any
	// other two files at one path (an alias, a file of assets/, a
	// generated file) are an error naming both. An owner is a file, with
	// its position for an alias, or "the generated ...".
	add := func(domain, name, owner string, b []byte) {
		err := out.Put(domain+"/"+name, owner, b)
		var c *output.Conflict
		if errors.As(err, &c) {
			at := c.Owner // a file of the user's, rather than a generated one
			if strings.HasPrefix(at, generated) {
				at = c.Before
			}
			err = diag.Errorf(diag.Pos{File: at}, "%s gets two files at /%s: from %s and from %s", domain, strings.TrimPrefix(c.Path, domain+"/"), c.Before, c.Owner).
				WithHint("a page, an alias, a file of assets/ and a generated file each need a path of their own: rename or remove one of them")
		}
		if err != nil {
			report(err)
		}
	}
	var jobs []*instance
	for _, reg := range regions {
		jobs = append(jobs, p.byRegion[reg.ID]...)
	}
	pages := map[*content.Source][]*instance{}
	for _, in := range jobs {
		pages[in.src] = append(pages[in.src], in)
	}
	// A worker parses a source, renders every page that shows it and lets
	// it go: the Markdown is parsed once, and the build holds only a few
	// compiled documents at a time. Sources no selected region shows, and
	// drafts, are parsed too, so that a build reports every error.
	work := make(chan *content.Source)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for src := range work {
				if ctx.Err() != nil {
					continue // drain: the build stops
				}
				d := src.Parse(s.Config)
				if len(d) > 0 {
					report(d)
				}
				if !d.HasErrors() {
					for _, in := range pages[src] {
						b, err := r.renderPage(in)
						if err != nil {
							report(err)
							continue
						}
						r.origins.scan(in.region, b)
						add(in.region.Domain, outFile(in.relURL), in.src.File, b)
					}
				}
				src.Release()
			}
		}()
	}
	for _, src := range append(slices.Clip(s.Sources), s.drafts...) {
		if ctx.Err() != nil {
			break
		}
		work <- src
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return 0, diags
	}

	for _, reg := range regions {
		if ctx.Err() != nil {
			return 0, diags
		}
		files, d := r.regionFiles(reg)
		diags = append(diags, d...)
		for _, f := range files {
			add(reg.Domain, f.name, f.owner, f.data)
		}
	}
	return len(jobs), diags
}
