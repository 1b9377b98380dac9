package site

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/output"
)

// BuildOptions say what to build and where.
type BuildOptions struct {
	Options
	OutDir string // default <Dir>/public
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
	// Domains are the folders of the regions this build rendered, in
	// site.toml order (a --region build keeps the others as they were).
	Domains []string
	// Manifest is the output's manifest.json: every file of the output
	// folder, those of kept regions included.
	Manifest output.Manifest
}

func (r *Result) String() string {
	return fmt.Sprintf("built %d regions, %d pages, %d files (%d changed) in %s into %s",
		r.Regions, r.Pages, r.Files, r.Changed, r.Duration.Round(time.Millisecond), r.OutDir)
}

// Build loads the site cold, renders the selected regions and swaps the
// result into OutDir. On any error, or when the context is done, the
// previous output is left as it was.
func Build(opts BuildOptions) (*Result, diag.List) {
	start := time.Now()
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.Dir, "public")
	}
	ctx := opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	// The output folder is checked first: a build into a folder it must
	// not replace stops before it renders anything.
	out, err := output.Open(opts.OutDir, opts.Dir)
	if err != nil {
		var diags diag.List
		diags.Merge(err)
		return nil, diags
	}
	// Pages go to the staging folder as they render; the rest after.
	var mu sync.Mutex
	var putDiags diag.List
	put := func(name, owner string, data []byte) {
		if err := out.Put(name, owner, data); err != nil {
			mu.Lock()
			putDiags.Merge(conflict(err))
			mu.Unlock()
		}
	}
	opts.Options.Rendered = put // Files then holds the other files only
	m := New(opts.Options)
	defer m.Close()
	snap := m.Update(ctx, nil)
	diags := snap.Diags
	if ctx.Err() != nil || snap.Failed() {
		out.Discard()
		return nil, diags
	}
	names := make([]string, 0, len(snap.Files))
	for name := range snap.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		f := snap.Files[name]
		put(name, f.Owner, f.Data)
		if ctx.Err() != nil {
			break
		}
	}
	diags = append(diags, putDiags...)
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
	var keep, domains []string
	for _, r := range snap.Site.Regions {
		if slices.Contains(snap.Regions, r) {
			domains = append(domains, r.Domain)
		} else {
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
	diags.Sort()
	return &Result{
		Regions:  len(snap.Regions),
		Pages:    snap.Pages,
		Files:    out.Files(),
		Changed:  changed,
		Duration: time.Since(start),
		OutDir:   opts.OutDir,
		Warnings: diags,
		Domains:  domains,
		Manifest: out.Manifest(),
	}, diags
}
