// Package sitefs reads a site's files safely: only regular files, only
// inside the site folder, and only up to a size limit.
//
// It is built on os.Root, so no path and no symbolic link can lead out of
// the site folder. A link inside the site to another file inside the site
// is followed (it must be relative, as os.Root requires). Files are opened
// with O_NONBLOCK and checked with fstat before they are read, so a named
// pipe cannot block a build and a device cannot feed it without end; a file
// is read through a limit of MaxBytes+1 bytes, so a file that grows while
// it is read is refused too, whatever its size said.
//
// Every refusal is a *diag.Diagnostic (an error) naming the file, so that
// callers can report it as it is.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/charter-ssg/charter/internal/diag"
)

// DefaultMaxFileMiB is the size limit of one site file, in MiB, unless
// site.toml sets [build] maxFileMiB. site.toml itself is always read with
// this limit.
const DefaultMaxFileMiB = 16

// LimitKey is the site.toml key that raises the limit, for hints.
const LimitKey = "[build] maxFileMiB"

// FS is a read-only view of a site folder. It implements fs.FS,
// fs.ReadDirFS, fs.ReadFileFS and fs.StatFS; names are slash-separated
// and relative to the site folder, as io/fs requires.
type FS struct {
	root     *os.Root
	dir      string
	maxBytes int64
}

// Open opens the site folder dir; files larger than maxMiB MiB are
// refused (maxMiB <= 0 means DefaultMaxFileMiB). The FS holds the folder
// open until Close (or until it is garbage collected).
func Open(dir string, maxMiB int) (*FS, error) {
	if maxMiB <= 0 {
		maxMiB = DefaultMaxFileMiB
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: r, dir: dir, maxBytes: int64(maxMiB) << 20}, nil
}

// Close releases the site folder.
func (f *FS) Close() error { return f.root.Close() }

// MaxBytes is the size limit of one file.
func (f *FS) MaxBytes() int64 { return f.maxBytes }

func (f *FS) refuse(name, format string, args ...any) *diag.Diagnostic {
	return diag.Errorf(diag.Pos{File: name}, format, args...)
}

// check turns an error from os.Root into a diagnostic when it is a
// refusal (a link out of the site), and leaves other errors as they are
// (fs.ErrNotExist must stay recognisable, for the overlay's fallback).
func (f *FS) check(op, name string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	if strings.Contains(err.Error(), "path escapes from parent") {
		return f.linkOut(name)
	}
	if errors.Is(err, syscall.ELOOP) {
		return f.refuse(name, "a loop of symbolic links").WithHint("make the link point to a file")
	}
	if errors.Is(err, syscall.ENXIO) || errors.Is(err, syscall.EOPNOTSUPP) {
		// A socket cannot be opened; say what it is.
		if st, serr := f.root.Lstat(name); serr == nil {
			return f.notRegular(name, st.Mode())
		}
	}
	return &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// linkOut describes a link that leads out of the site, with where it
// leads.
func (f *FS) linkOut(name string) *diag.Diagnostic {
	full := filepath.Join(f.dir, filepath.FromSlash(name))
	target, err := filepath.EvalSymlinks(full)
	if err != nil {
		if t, lerr := os.Readlink(full); lerr == nil {
			target = t
		} else {
			target = "?"
		}
	} else if dir, derr := filepath.EvalSymlinks(f.dir); derr == nil {
		if rel, rerr := filepath.Rel(dir, target); rerr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return f.refuse(name, "a symbolic link with an absolute target (%s); charter follows only relative links inside the site folder", target).
				WithHint("make the link relative: ln -sf %s", filepath.ToSlash(rel))
		}
	}
	return f.refuse(name, "a symbolic link out of the site (to %s); charter reads only files inside the site folder", target).
		WithHint("copy the file into the site folder instead of linking to it")
}

func (f *FS) notRegular(name string, m fs.FileMode) *diag.Diagnostic {
	kind := "not a regular file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeIrregular != 0:
		kind = "an irregular file"
	}
	return f.refuse(name, "%s, not a regular file; charter reads only regular files", kind).
		WithHint("replace it with a regular file, or remove it")
}

func (f *FS) tooLarge(name string, size string) *diag.Diagnostic {
	return f.refuse(name, "the file is %s, larger than the limit of %d MiB per file", size, f.maxBytes>>20).
		WithHint("raise the limit with %s in site.toml", LimitKey)
}

func valid(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return nil
}

// Open opens name. A directory can be listed; a regular file can be read
// up to the limit (a read past it fails); anything else is refused.
func (f *FS) Open(name string) (fs.File, error) {
	if err := valid("open", name); err != nil {
		return nil, err
	}
	file, err := f.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, f.check("open", name, err)
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, &fs.PathError{Op: "stat", Path: name, Err: unwrap(err)}
	}
	switch {
	case st.IsDir():
		// A link to a folder could lead into the output folder, which a
		// build would then copy into itself, build after build.
		if lst, err := f.root.Lstat(name); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			file.Close()
			return nil, f.refuse(name, "a symbolic link to a folder; charter does not follow links to folders").
				WithHint("move or copy the folder here, or link the files in it one by one")
		}
		return &dirFile{File: file, fs: f, name: name}, nil
	case !st.Mode().IsRegular():
		file.Close()
		return nil, f.notRegular(name, st.Mode())
	case st.Size() > f.maxBytes:
		file.Close()
		return nil, f.tooLarge(name, mib(st.Size()))
	}
	return &regularFile{File: file, fs: f, name: name, left: f.maxBytes}, nil
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// ReadFile reads name whole, refusing it when it is larger than the
// limit: it reads at most limit+1 bytes, whatever the file's size says.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	rf, ok := file.(*regularFile)
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	// Size the buffer by the file's size (one read, no regrowing); the
	// limit still holds if the file grows meanwhile.
	size := int64(512)
	if st, err := rf.File.Stat(); err == nil && st.Size() < f.maxBytes {
		size = st.Size() + 1 // +1: the read that finds the end
	}
	b, err := readAll(io.LimitReader(rf.File, f.maxBytes+1), size)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	if int64(len(b)) > f.maxBytes {
		return nil, f.tooLarge(name, "over "+mib(f.maxBytes))
	}
	return b, nil
}

// readAll is io.ReadAll into a buffer of the expected size, as
// os.ReadFile reads: a 30 KB page is read without growing the buffer.
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// ReadDir lists the directory name, sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, ok := file.(*dirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	ents, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return ents, nil
}

// Stat describes name, following links inside the site.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if err := valid("stat", name); err != nil {
		return nil, err
	}
	st, err := f.root.Stat(name)
	if err != nil {
		return nil, f.check("stat", name, err)
	}
	return st, nil
}

// regularFile is an open regular file that cannot be read past the limit.
type regularFile struct {
	*os.File
	fs   *FS
	name string
	left int64
}

func (r *regularFile) Read(p []byte) (int, error) {
	if r.left < 0 {
		return 0, r.fs.tooLarge(r.name, "over "+mib(r.fs.maxBytes))
	}
	if int64(len(p)) > r.left+1 {
		p = p[:r.left+1]
	}
	n, err := r.File.Read(p)
	r.left -= int64(n)
	if r.left < 0 {
		return n, r.fs.tooLarge(r.name, "over "+mib(r.fs.maxBytes))
	}
	return n, err
}

// dirFile is an open directory; its entries describe themselves through
// the site's root, not the process's working directory.
type dirFile struct {
	*os.File
	fs   *FS
	name string
}

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	ents, err := d.File.ReadDir(n)
	for i, e := range ents {
		ents[i] = entry{DirEntry: e, fs: d.fs, name: pathJoin(d.name, e.Name())}
	}
	return ents, err
}

func pathJoin(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

type entry struct {
	fs.DirEntry
	fs   *FS
	name string
}

func (e entry) Info() (fs.FileInfo, error) { return e.fs.root.Lstat(e.name) }

var (
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// Refusal returns the diagnostic in err if err is a refusal of this
// package (a file that is not regular, a link out of the site, a file over
// the limit), else nil.
func Refusal(err error) *diag.Diagnostic {
	var d *diag.Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return nil
}

// ReadError is the diagnostic for a site file that could not be read: a
// refusal as it is, any other error as "cannot read: ..." at file.
func ReadError(file string, err error) *diag.Diagnostic {
	if d := Refusal(err); d != nil {
		return d
	}
	return diag.Errorf(diag.Pos{File: file}, "cannot read: %v", unwrap(err))
}
