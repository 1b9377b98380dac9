package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
	toml "github.com/pelletier/go-toml/v2"
)

// Load reads and validates siteDir/site.toml, with the --set overrides in
// sets (each "KEY=VALUE") applied before validation. Diagnostics name the
// file as filepath.Join(siteDir, "site.toml"). The Site is nil only when the
// file could not be read or parsed; otherwise it is returned, with defaults
// filled in, even when the list has errors.
func Load(siteDir string, sets []string) (*Site, diag.List) {
	file := filepath.Join(siteDir, "site.toml")
	data, err := readSiteFile(siteDir, "site.toml")
	if err != nil {
		return nil, ReadError(file, err)
	}
	return Parse(file, data, sets)
}

// ReadError is the diagnostic for a site.toml that could not be read.
func ReadError(file string, err error) diag.List {
	var l diag.List
	var refused *diag.Diagnostic
	if errors.As(err, &refused) { // a FIFO, a link out of the site, too large
		d := *refused
		d.File = file
		if strings.Contains(d.Hint, sitefs.LimitKey) {
			d.Hint = "site.toml is always read with the default limit; keep it smaller"
		}
		l.Add(&d)
		return l
	}
	cause := errors.Unwrap(err)
	if cause == nil {
		cause = err
	}
	d := l.Errorf(diag.Pos{File: file}, "cannot read site configuration: %v", cause)
	if errors.Is(err, os.ErrNotExist) {
		d.Message = "no site.toml found"
		d.Hint = "run charter in the site's folder, pass --site DIR, or create one with charter init"
	}
	return l
}

// readSiteFile reads name in siteDir through sitefs, with the default
// size limit: the configured one is in the file being read.
func readSiteFile(siteDir, name string) ([]byte, error) {
	fsys, err := sitefs.Open(siteDir, 0)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	return fsys.ReadFile(name)
}

// Parse validates the site.toml in data; file names it in diagnostics. See
// Load.
func Parse(file string, data []byte, sets []string) (*Site, diag.List) {
	l := &loader{file: file, sets: map[string]string{}}
	data, bad := sitefs.Text(file, data)
	if bad != nil {
		l.diags.Add(bad)
		diag.NewSource(file, data).AddExcerpts(l.diags)
		return nil, l.diags
	}
	src := diag.NewSource(file, data)
	doc := map[string]any{}
	if err := toml.Unmarshal(data, &doc); err != nil {
		l.syntaxError(err, src)
		return nil, l.diags
	}
	l.doc = doc
	l.ix = buildIndex(src)
	for _, s := range sets {
		l.applySet(s)
	}
	site := l.decodeSite()
	l.validate(site)
	src.AddExcerpts(l.diags)
	l.diags.Sort()
	return site, l.diags
}

func (l *loader) syntaxError(err error, src *diag.Source) {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		l.diags.Errorf(diag.Pos{File: l.file}, "%s", strings.TrimPrefix(err.Error(), "toml: "))
		return
	}
	line, byteCol := de.Position() // go-toml counts bytes
	l.diags.Add(src.Errorf(src.Offset(line, 1)+byteCol-1, 0, "%s", strings.TrimPrefix(de.Error(), "toml: ")))
}

// decodeSite turns the document into a Site. Regions are decoded one by
// one, in the order site.toml first mentions them.
func (l *loader) decodeSite() *Site {
	site := &Site{File: l.file}
	l.decodeStruct(l.doc, reflect.ValueOf(site).Elem(), nil, map[string]bool{"regions": true})

	for id, f := range site.Forms {
		if _, ok := child(l.doc["forms"], id).(map[string]any); !ok {
			delete(site.Forms, id) // reported by decode; checking it further only adds noise
			continue
		}
		f.ID = id
		f.Pos, _ = l.where(path{"forms", id}, false)
	}

	raw, ok := l.doc["regions"]
	if !ok {
		return site
	}
	regions, ok := raw.(map[string]any)
	if !ok {
		l.valueErr(path{"regions"}, "regions must be a table of [regions.<id>] tables, not %s", typeName(raw))
		return site
	}
	for _, id := range l.regionOrder(regions) {
		p := path{"regions", id}
		if _, ok := regions[id].(map[string]any); !ok {
			l.valueErr(p, "%s must be a [regions.%s] table, not %s", id, id, typeName(regions[id]))
			continue
		}
		r := &Region{ID: id}
		l.decode(regions[id], reflect.ValueOf(r).Elem(), p)
		r.Pos, _ = l.where(p, false)
		site.Regions = append(site.Regions, r)
	}
	return site
}

// regionOrder lists region ids in the order site.toml writes them.
func (l *loader) regionOrder(regions map[string]any) []string {
	var ids []string
	seen := map[string]bool{}
	for _, p := range l.ix.order {
		if len(p) == 2 && p[0] == "regions" && !seen[p[1]] {
			if _, ok := regions[p[1]]; ok {
				ids = append(ids, p[1])
				seen[p[1]] = true
			}
		}
	}
	var rest []string // not from the file (cannot happen today); keep them stable
	for id := range regions {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	sort.Strings(rest)
	return append(ids, rest...)
}
