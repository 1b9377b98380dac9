// Package overlay merges a site's own layouts/, assets/ and locales/ over
// the defaults embedded in the charter binary, file by file: a file the
// site has wins over the embedded one of the same name.
package overlay

import (
	"errors"
	"io/fs"

	"github.com/charter-ssg/charter/internal/sitefs"
	"path"
	"sort"
)

// FS is an fs.FS that reads from Top first and from Base where Top has no
// such file. Directories list the union of both.
type FS struct {
	Top  fs.FS // the site's files (may be nil)
	Base fs.FS // the embedded defaults
}

// New returns the overlay of the site directory dir over base. The site
// is read through sitefs with the default size limit (a build sets Top to
// a sitefs.FS with the site's own limit); a folder that cannot be opened
// leaves only base.
func New(dir string, base fs.FS) *FS {
	var top fs.FS
	if dir != "" {
		if s, err := sitefs.Open(dir, 0); err == nil {
			top = s
		}
	}
	return &FS{Top: top, Base: base}
}

// Open opens name from Top, else from Base.
func (o *FS) Open(name string) (fs.File, error) {
	if o.Top != nil {
		f, err := o.Top.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Base.Open(name)
}

// ReadFile reads name from Top, else from Base.
func (o *FS) ReadFile(name string) ([]byte, error) {
	if o.Top != nil {
		b, err := fs.ReadFile(o.Top, name)
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return fs.ReadFile(o.Base, name)
}

// ReadDir lists the union of name in Top and Base, sorted by name; an
// entry in Top hides the Base entry of the same name.
func (o *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	found := false
	for _, f := range []fs.FS{o.Base, o.Top} {
		if f == nil {
			continue
		}
		ents, err := fs.ReadDir(f, name)
		if err != nil {
			if sitefs.Refusal(err) != nil {
				return nil, err // the site's folder is a link out of it: no silent fallback
			}
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range ents {
			seen[e.Name()] = e
		}
	}
	if !found {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Origin tells whether name comes from the site ("site") or the embedded
// defaults ("embedded"), for diagnostics that must name the right file.
func (o *FS) Origin(name string) string {
	if o.Top != nil {
		if _, err := fs.Stat(o.Top, name); err == nil {
			return "site"
		}
	}
	return "embedded"
}

// EmbeddedName is how diagnostics name the embedded default at name
// ("(embedded)/locales/de.toml") where both layers are read: locale files
// merge key by key, so a key the site's locales/de.toml does not set
// comes from the embedded file of that name, and its position must say
// so. A file of the site keeps its own name.
func EmbeddedName(name string) string { return "(embedded)/" + name }

// Glob returns the names matching pattern in the union, sorted.
func (o *FS) Glob(pattern string) ([]string, error) {
	ents, err := o.ReadDir(path.Dir(pattern))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range ents {
		name := path.Join(path.Dir(pattern), e.Name())
		if ok, _ := path.Match(pattern, name); ok {
			out = append(out, name)
		}
	}
	return out, nil
}
