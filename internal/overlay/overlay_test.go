package overlay

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{
		"layouts/base.html": {Data: []byte("base")},
		"layouts/page.html": {Data: []byte("page")},
		"locales/en.toml":   {Data: []byte("en")},
	}
	top := fstest.MapFS{
		"layouts/page.html":  {Data: []byte("mine")},
		"layouts/extra.html": {Data: []byte("extra")},
	}
	o := &FS{Top: top, Base: base}
	for name, want := range map[string]string{
		"layouts/base.html": "base", "layouts/page.html": "mine", "layouts/extra.html": "extra",
	} {
		b, err := o.ReadFile(name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
		f, err := o.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	ents, err := o.ReadDir("layouts")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if got := len(names); got != 3 || names[0] != "base.html" || names[2] != "page.html" {
		t.Errorf("ReadDir = %v", names)
	}
	if o.Origin("layouts/page.html") != "site" || o.Origin("layouts/base.html") != "embedded" {
		t.Error("Origin wrong")
	}
	if _, err := o.ReadFile("nope"); err == nil {
		t.Error("want error for a missing file")
	}
	if _, err := o.ReadDir("nope"); err == nil {
		t.Error("want error for a missing dir")
	}
	g, _ := o.Glob("layouts/*.html")
	if len(g) != 3 {
		t.Errorf("Glob = %v", g)
	}
	var _ fs.ReadDirFS = o
}

// The site's side is read through sitefs: a FIFO or a link out of the
// site is an error, never a hang, and never a silent fall back to the
// embedded file.
func TestSiteFilesReadSafely(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	if err := syscall.Mkfifo(filepath.Join(dir, "layouts/page.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Symlink("/dev/zero", filepath.Join(dir, "layouts/base.html"))
	os.Symlink(t.TempDir(), filepath.Join(dir, "locales"))
	base := fstest.MapFS{
		"layouts/base.html": {Data: []byte("base")},
		"layouts/page.html": {Data: []byte("page")},
		"locales/en.toml":   {Data: []byte("en")},
	}
	o := New(dir, base)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for name, want := range map[string]string{
			"layouts/page.html": "layouts/page.html: a named pipe (FIFO), not a regular file",
			"layouts/base.html": "layouts/base.html: a symbolic link out of the site (to /dev/zero)",
		} {
			if _, err := o.ReadFile(name); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("ReadFile(%s): %v, want %q", name, err, want)
			}
		}
		if _, err := o.ReadDir("locales"); err == nil || !strings.Contains(err.Error(), "a symbolic link out of the site") {
			t.Errorf("ReadDir(locales): %v, want a link-out error", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading the overlay blocked")
	}
}
