package server

import (
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/build"
)

// copyExample copies the example's site.toml and content/ into a new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"site.toml", "content"} {
		err := filepath.WalkDir(filepath.Join("../..", name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// get fetches path from the server as the browser would from host.
func get(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+path, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if csp := resp.Header.Get("Content-Security-Policy"); csp != "default-src 'self'" {
		t.Errorf("CSP header = %q", csp)
	}
	return resp.StatusCode, string(b)
}

// waitFor polls until the page at path satisfies ok.
func waitFor(t *testing.T, addr, host, path string, ok func(int, string) bool) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := get(t, addr, host, path)
		if ok(code, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s%s: gave up waiting; last answer %d:\n%.400s", host, path, code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestServeRebuildsAndShowsErrors(t *testing.T) {
	site := copyExample(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, Options{Build: build.Options{SiteDir: site, Defaults: charter.Defaults}, Log: io.Discard})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()

	de := "de.localhost:" + port
	body := waitFor(t, addr, de, "/privacy/", func(c int, b string) bool { return c == 200 })
	if !strings.Contains(body, "Datenschutzerklärung") {
		t.Errorf("de privacy page is not German")
	}
	if !strings.Contains(body, "http://de.localhost:"+port+"/privacy/") {
		t.Errorf("canonical and switcher links are not on the preview origin")
	}
	if code, _ := get(t, addr, de, "/no/such/page/"); code != 404 {
		t.Errorf("missing page: %d, want 404", code)
	}
	if code, b := get(t, addr, "localhost:"+port, "/"); code != 200 || !strings.Contains(b, "http://jp.localhost:"+port+"/") {
		t.Errorf("index page: %d\n%s", code, b)
	}

	// An edit shows up without restarting.
	page := filepath.Join(site, "content", "privacy.de.md")
	src, _ := os.ReadFile(page)
	os.WriteFile(page, []byte(strings.Replace(string(src), "## ", "## Frisch geändert ", 1)), 0o644)
	waitFor(t, addr, de, "/privacy/", func(c int, b string) bool { return strings.Contains(b, "Frisch geändert") })

	// A broken file shows its error with its position, then recovers.
	os.WriteFile(filepath.Join(site, "content", "bad.md"), []byte("---\ntitle: Bad\n---\n\n:::region{only=\"xx\"}\nx\n:::\n"), 0o644)
	body = waitFor(t, addr, de, "/privacy/", func(c int, b string) bool { return c == 500 })
	if !strings.Contains(body, "content/bad.md:5:") {
		t.Errorf("error page does not name the position:\n%s", body)
	}
	os.Remove(filepath.Join(site, "content", "bad.md"))
	waitFor(t, addr, de, "/privacy/", func(c int, b string) bool { return c == 200 })
}

func TestCheckAddr(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:1313": true, "localhost:1313": true, "[::1]:1313": true,
		"0.0.0.0:1313": false, ":1313": false, "192.168.1.2:1313": false, "nonsense": false,
	} {
		if err := CheckAddr(addr); (err == nil) != ok {
			t.Errorf("CheckAddr(%q) = %v", addr, err)
		}
	}
}
