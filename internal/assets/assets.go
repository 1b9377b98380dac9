// Package assets turns a site's assets/ folder into the files a region
// serves: TypeScript entry points bundled by esbuild, CSS minified with
// tdewolff/minify, both fingerprinted and with Subresource Integrity, and
// assets/static/ copied as it is.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
	"github.com/tdewolff/parse/v2"
)

// Dir is the folder of fsys that Build reads.
const Dir = "assets"

// staticDir holds files copied verbatim, under a stable URL.
const staticDir = Dir + "/static"

// fingerprintLen is how many hex digits of the sha256 go into a file name.
const fingerprintLen = 10

// Asset is one output file.
type Asset struct {
	Name      string // logical name: "site.css", "consent.js", "static/favicon.svg"
	Path      string // output path relative to a region root: "assets/site.1a2b3c4d5e.css", "favicon.svg"
	Integrity string // "sha384-<base64>" of Data
	Data      []byte
	Inlined   bool // a stylesheet @imported into another: not written on its own
}

// Bundle is the set of assets built from one assets/ folder.
type Bundle struct {
	byName map[string]*Asset
	all    []*Asset // sorted by Path
}

// Get returns the asset with the logical name, such as "consent.js".
func (b *Bundle) Get(name string) (*Asset, bool) {
	a, ok := b.byName[name]
	return a, ok
}

// All returns every asset to write, sorted by Path: stylesheets inlined
// into another are left out (Get still finds them).
func (b *Bundle) All() []*Asset {
	out := make([]*Asset, 0, len(b.all))
	for _, a := range b.all {
		if !a.Inlined {
			out = append(out, a)
		}
	}
	return out
}

// GzipSize returns the size of the named asset's data compressed with
// gzip at its best compression (as gzip -9), or -1 if there is no such
// asset.
func (b *Bundle) GzipSize(name string) int {
	a, ok := b.byName[name]
	if !ok {
		return -1
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	zw.Write(a.Data)
	zw.Close()
	return buf.Len()
}

// Build reads assets/ in fsys and builds every asset in it. With minify
// false, scripts are still bundled but neither scripts nor styles are
// minified. The result is the same bytes for the same input.
func Build(fsys fs.FS, minify bool) (*Bundle, diag.List) {
	var diags diag.List
	b := &Bundle{byName: map[string]*Asset{}}

	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			diags.Add(sitefs.ReadError(Dir, err))
		}
		return b, diags
	}

	var scripts, styles []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		switch {
		case isEntryPoint(name):
			scripts = append(scripts, name)
		case path.Ext(name) == ".css":
			styles = append(styles, name)
		}
	}

	// Bundle the scripts concurrently: each esbuild run is independent.
	type result struct {
		name  string
		data  []byte
		diags diag.List
	}
	results := make([]result, len(scripts))
	var wg sync.WaitGroup
	for i, name := range scripts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, d := bundleScript(fsys, Dir+"/"+name, minify)
			results[i] = result{name, data, d}
		}()
	}
	wg.Wait()

	seen := map[string]bool{} // an error in a shared module is reported once
	for _, r := range results {
		for _, d := range r.diags {
			if key := d.Error(); !seen[key] {
				seen[key] = true
				diags.Add(d)
			}
		}
		if r.data != nil {
			b.add(&diags, fingerprinted(strings.TrimSuffix(r.name, ".ts")+".js", r.data))
		}
	}

	m := NewMinifier()
	imported := map[string]bool{}
	for _, name := range styles {
		file := Dir + "/" + name
		src, err := fs.ReadFile(fsys, file)
		if err != nil {
			diags.Add(sitefs.ReadError(file, err))
			continue
		}
		src, bad := sitefs.Text(file, src)
		if bad != nil {
			diags.Add(bad)
			continue
		}
		src, err = inlineImports(fsys, file, src, imported)
		if err != nil {
			diags.Add(err.(*diag.Diagnostic))
			continue
		}
		if minify {
			out, err := m.CSS(src)
			if err != nil {
				diags.Add(cssError(file, err))
				continue
			}
			src = out
		}
		b.add(&diags, fingerprinted(name, src))
	}

	// A stylesheet inlined into another is not a file of its own: the page
	// loads one stylesheet, not two render-blocking requests. It stays in
	// the bundle under its name, so its weight can still be measured.
	for _, a := range b.all {
		a.Inlined = imported[a.Name]
	}
	copyStatic(fsys, b, &diags)

	sort.Slice(b.all, func(i, j int) bool { return b.all[i].Path < b.all[j].Path })
	diags.Sort()
	return b, diags
}

// isEntryPoint reports whether a top-level file of assets/ is a script
// entry point: a .ts file that is neither a declaration file nor a
// module meant only to be imported ("_name.ts").
func isEntryPoint(name string) bool {
	return strings.HasSuffix(name, ".ts") &&
		!strings.HasSuffix(name, ".d.ts") &&
		!strings.HasPrefix(name, "_")
}

// copyStatic adds every file under assets/static/ without fingerprint.
func copyStatic(fsys fs.FS, b *Bundle, diags *diag.List) {
	err := fs.WalkDir(fsys, staticDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == staticDir {
				return fs.SkipAll
			}
			diags.Add(sitefs.ReadError(p, err))
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Add(sitefs.ReadError(p, err))
			return nil
		}
		rel := strings.TrimPrefix(p, staticDir+"/")
		b.add(diags, &Asset{
			Name:      "static/" + rel,
			Path:      rel,
			Integrity: Integrity(data),
			Data:      data,
		})
		return nil
	})
	if err != nil {
		diags.Errorf(diag.Pos{File: staticDir}, "cannot read folder: %v", err)
	}
}

// add records a, reporting an output path that two assets would share.
func (b *Bundle) add(diags *diag.List, a *Asset) {
	for _, o := range b.all {
		if o.Path == a.Path {
			diags.Errorf(diag.Pos{File: Dir + "/" + a.Name}, "writes %s, which %s writes too", a.Path, Dir+"/"+o.Name).
				WithHint("rename one of the two files")
			return
		}
	}
	b.byName[a.Name] = a
	b.all = append(b.all, a)
}

// fingerprinted makes the asset name ("site.css") with its content hash
// in the output path ("assets/site.0123456789.css").
func fingerprinted(name string, data []byte) *Asset {
	sum := sha256.Sum256(data)
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	return &Asset{
		Name:      name,
		Path:      Dir + "/" + base + "." + hex.EncodeToString(sum[:])[:fingerprintLen] + ext,
		Integrity: Integrity(data),
		Data:      data,
	}
}

// Integrity is the Subresource Integrity value of data ("sha384-...").
func Integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// cssError turns a minifier error into a diagnostic in file.
func cssError(file string, err error) *diag.Diagnostic {
	var pe *parse.Error
	if errors.As(err, &pe) {
		return diag.Errorf(diag.Pos{File: file, Line: pe.Line, Col: pe.Column}, "%s", pe.Message)
	}
	return diag.Errorf(diag.Pos{File: file}, "cannot minify: %v", err)
}
