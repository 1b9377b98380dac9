package server

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/benchsite"
	"github.com/charter-ssg/charter/internal/livereload"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// editToEvent measures, per op, a write of file (alternating two
// versions) until the change event that follows reaches a page of
// region: what an editor waits for between saving and the reload.
func editToEvent(b *testing.B, dir, addr, host, file, old string) {
	events := stream(b, addr, host)
	if ev := <-events; ev.name != livereload.Hello {
		b.Fatalf("first event %s", ev.name)
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	if !strings.Contains(string(orig), old) {
		b.Fatalf("%s has no %q", file, old)
	}
	b.ResetTimer()
	for i := range b.N {
		text := strings.Replace(string(orig), old, old+" "+strconv.Itoa(i), 1)
		if err := os.WriteFile(file+".tmp~", []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(file+".tmp~", file); err != nil {
			b.Fatal(err)
		}
		for ev := range events {
			if ev.name == livereload.Change {
				break
			}
			if ev.name == livereload.Failed {
				b.Fatal(ev.data)
			}
		}
	}
}

// go test ./internal/server -run XXX -bench EditToReload
func BenchmarkEditToReloadExample(b *testing.B) {
	dir := sitetest.Copy(b, sitetest.All...)
	addr, port := serveSite(b, dir)
	editToEvent(b, dir, addr, "de.localhost:"+port, filepath.Join(dir, "content", "privacy.de.md"), "## ")
}

func BenchmarkLocaleEditToReloadExample(b *testing.B) {
	dir := sitetest.Copy(b, sitetest.All...)
	addr, port := serveSite(b, dir)
	editToEvent(b, dir, addr, "de.localhost:"+port, filepath.Join(dir, "locales", "de.toml"), `"Cookie-Einstellungen`)
}

func BenchmarkEditToReload1700(b *testing.B) {
	dir := b.TempDir()
	if err := benchsite.Write(dir, 100); err != nil {
		b.Fatal(err)
	}
	addr, port := serveSite(b, dir)
	editToEvent(b, dir, addr, "r01.localhost:"+port, filepath.Join(dir, "content", "page042.de.md"), "## ")
}
