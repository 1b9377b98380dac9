package sitefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
)

// guard fails the test instead of hanging it when a read blocks.
func guard(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still blocked after 10s", what)
	}
}

func site(t *testing.T) (string, *FS) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return dir, f
}

func wantRefusal(t *testing.T, err error, file, msg string) {
	t.Helper()
	var d *diag.Diagnostic
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want a diagnostic", err)
	}
	if d.File != file || !strings.Contains(d.Error(), msg) {
		t.Fatalf("diagnostic = %q, want file %s and %q", d.Error(), file, msg)
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a refusal must not look like a missing file: %v", err)
	}
}

func TestReadsRegularFile(t *testing.T) {
	_, f := site(t)
	b, err := f.ReadFile("content/a.md")
	if err != nil || string(b) != "hello" {
		t.Fatalf("ReadFile = %q, %v", b, err)
	}
	if err := fstest.TestFS(f, "content/a.md"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadFile("content/none.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, want ErrNotExist", err)
	}
}

func TestFIFORefused(t *testing.T) {
	dir, f := site(t)
	if err := syscall.Mkfifo(filepath.Join(dir, "content/x.md"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	guard(t, "ReadFile of a FIFO", func() {
		_, err := f.ReadFile("content/x.md")
		wantRefusal(t, err, "content/x.md", "named pipe (FIFO), not a regular file")
	})
	guard(t, "Open of a FIFO", func() {
		_, err := f.Open("content/x.md")
		wantRefusal(t, err, "content/x.md", "named pipe")
	})
}

func TestLinkOutOfSiteRefused(t *testing.T) {
	dir, f := site(t)
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("secret"), 0o644)
	for name, target := range map[string]string{"content/zero.md": "/dev/zero", "content/secret.md": outside} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		guard(t, name, func() {
			b, err := f.ReadFile(name)
			if err == nil {
				t.Fatalf("%s: read %d bytes through a link out of the site", name, len(b))
			}
			wantRefusal(t, err, name, "a symbolic link out of the site (to "+target+"); charter reads only files inside the site folder")
		})
	}
	// A relative link up and out, and a directory link out.
	os.Symlink("../../"+filepath.Base(filepath.Dir(outside))+"/secret.md", filepath.Join(dir, "content/up.md"))
	if _, err := f.ReadFile("content/up.md"); err == nil {
		t.Fatal("read through ../ link out of the site")
	}
	os.Symlink(filepath.Dir(outside), filepath.Join(dir, "content/ext"))
	if _, err := f.ReadFile("content/ext/secret.md"); err == nil {
		t.Fatal("read through a directory link out of the site")
	}
}

func TestLinkInsideSiteFollowed(t *testing.T) {
	dir, f := site(t)
	if err := os.Symlink("a.md", filepath.Join(dir, "content/b.md")); err != nil {
		t.Fatal(err)
	}
	b, err := f.ReadFile("content/b.md")
	if err != nil || string(b) != "hello" {
		t.Fatalf("ReadFile through an inside link = %q, %v", b, err)
	}
}

func TestSizeLimit(t *testing.T) {
	dir, f := site(t)
	big := make([]byte, 17<<20)
	os.WriteFile(filepath.Join(dir, "content/big.md"), big, 0o644)
	_, err := f.ReadFile("content/big.md")
	wantRefusal(t, err, "content/big.md", "limit of 16 MiB")
	wantRefusal(t, err, "content/big.md", "[build] maxFileMiB")

	f32, err := Open(dir, 32)
	if err != nil {
		t.Fatal(err)
	}
	defer f32.Close()
	if b, err := f32.ReadFile("content/big.md"); err != nil || len(b) != len(big) {
		t.Fatalf("with 32 MiB: %d bytes, %v", len(b), err)
	}
}

// The limit holds on reading, not only on the size fstat reports.
func TestReadPastLimitFails(t *testing.T) {
	dir, _ := site(t)
	f, err := Open(dir, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := f.Open("content/a.md")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	rf := file.(*regularFile)
	rf.left = 2 // as if the file had grown since fstat
	_, err = io.ReadAll(file)
	wantRefusal(t, err, "content/a.md", "limit of 1 MiB")
}

// fstest.MapFS can stand in for the site in tests of its readers.
var _ interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
} = fstest.MapFS{}
