// Package sitetest gives tests the example site: on disk, in a folder of
// their own to edit, or in memory as an fstest.MapFS.
package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/i18n"
)

// Example loads the example site's configuration and charter's embedded
// locales (which are the example's), with English as the default.
func Example(t testing.TB) (*config.Site, *i18n.Catalogs) {
	t.Helper()
	cfg, diags := config.Load(Root(), nil)
	if diags.HasErrors() {
		t.Fatalf("site.toml: %s", diags)
	}
	cat, diags := i18n.Load(charter.Defaults, "locales")
	if diags.HasErrors() {
		t.Fatalf("locales: %s", diags)
	}
	cat.SetDefault("en")
	return cfg, cat
}

// Root is the repository root: the example site.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Parts of the example site; the layouts, assets and locales are also
// the embedded defaults, so a copy without them looks the same, but for
// the example's own static file, the demo script site.toml gates, which
// charter does not embed.
var (
	Sources = []string{"site.toml", "content", "assets/static/demo-analytics.js"}
	All     = []string{"site.toml", "content", "layouts", "assets", "locales"}
)

// Copy copies parts of the example site (Sources when none) into a new
// temporary folder and returns it.
func Copy(t testing.TB, parts ...string) string {
	t.Helper()
	if len(parts) == 0 {
		parts = Sources
	}
	dir := t.TempDir()
	root := os.DirFS(Root())
	for _, part := range parts {
		err := fs.WalkDir(root, part, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, p), 0o755)
			}
			b, err := fs.ReadFile(root, p)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, p), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// MapFS is parts of the example site (Sources when none) in memory.
func MapFS(t testing.TB, parts ...string) fstest.MapFS {
	t.Helper()
	if len(parts) == 0 {
		parts = Sources
	}
	m := fstest.MapFS{}
	root := os.DirFS(Root())
	for _, part := range parts {
		err := fs.WalkDir(root, part, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// Write writes files (slash paths relative to dir, text) into dir,
// making folders as needed, and returns dir.
func Write(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
