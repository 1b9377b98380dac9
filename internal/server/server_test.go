package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/build"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/headers"
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
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src ") {
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
	// The same through a real connection, where no client cleans the path.
	for _, target := range []string{"/../../../../../../../../../../etc/passwd", "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd"} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, de)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		c.Close()
		if resp.StatusCode != 404 || strings.Contains(string(b), "root:") {
			t.Errorf("raw %s: %d\n%.200s", target, resp.StatusCode, b)
		}
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

// builtServer is a Server that has built the golden tests' fixture site
// (regions us, eu, ca) once, not listening: tests call ServeHTTP.
func builtServer(t *testing.T) *Server {
	t.Helper()
	s := &Server{
		opts: Options{Build: build.Options{SiteDir: "../build/testdata/site", Defaults: charter.Defaults}, Log: io.Discard},
		port: "1313",
		out:  filepath.Join(t.TempDir(), "public"),
	}
	s.rebuild()
	if !s.built {
		t.Fatalf("fixture build failed: %v", s.diags)
	}
	return s
}

// serveRaw serves the request line's target as written: httptest.NewRequest
// does not clean the path as Go's client and ServeMux would.
func serveRaw(s *Server, host, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", target, nil)
	req.Host = host
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

func fileHeaders(t *testing.T, s *Server, domain string) headers.File {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.out, domain, "_headers"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := headers.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Everything that is not a file of the output gets the same answer, so
// the server tells nothing about the rest of the disk.
func TestServeOneAnswerForWhatIsNotAFile(t *testing.T) {
	s := builtServer(t)
	root := filepath.Join(s.out, "fixture.com")
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "passwd")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "privacy"), filepath.Join(root, "linked")); err != nil {
		t.Fatal(err)
	}
	want := serveRaw(s, "us.localhost:1313", "/no/such/page/")
	page404, _ := os.ReadFile(filepath.Join(root, "404.html"))
	if want.Code != 404 || !bytes.Equal(want.Body.Bytes(), page404) {
		t.Fatalf("missing page: %d, body is the 404 page: %v", want.Code, bytes.Equal(want.Body.Bytes(), page404))
	}
	// As many ".." as it takes to reach / from the output folder, in each
	// spelling: the short forms below stay inside the test's temp folder.
	up := strings.Count(root, "/")
	for _, target := range []string{
		strings.Repeat("/..", up) + "/etc/passwd",
		strings.Repeat("/%2e%2e", up) + "/etc/passwd",
		"/" + strings.Repeat("..%2f", up) + "etc/passwd",
		"/../../../../etc/passwd",
		"/%2e%2e/%2e%2e/etc/passwd",
		"/..%2f..%2fetc/passwd",
		"/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
		"/../" + filepath.Base(s.out) + "/fixture.com/index.html",
		"/passwd",                  // a symlink out of the output
		"/linked/index.html",       // a symlink inside it
		"/no-such-dir",             // no redirect for what does not exist
		"/privacy/index.html/",     // a file is no folder
		"/assets/",                 // a folder without index.html
		"/_headers", "/_redirects", // read by the host, not served
	} {
		got := serveRaw(s, "us.localhost:1313", target)
		if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
			t.Errorf("%s: %d, %d bytes; a missing page gets %d, %d bytes", target, got.Code, got.Body.Len(), want.Code, want.Body.Len())
		}
		for _, h := range []string{"Content-Security-Policy", "Cache-Control", "Content-Type", "Content-Length"} {
			if got.Header().Get(h) != want.Header().Get(h) {
				t.Errorf("%s: %s = %q, a missing page gets %q", target, h, got.Header().Get(h), want.Header().Get(h))
			}
		}
	}
	// Paths that clean to a file of the output are that file.
	for _, target := range []string{"/../privacy/", "/../../../../", "/%2e%2e/privacy/"} {
		if got := serveRaw(s, "us.localhost:1313", target); got.Code != 200 {
			t.Errorf("%s: %d, want 200", target, got.Code)
		}
	}
	if got := serveRaw(s, "us.localhost:1313", "/privacy"); got.Code != 301 || got.Header().Get("Location") != "/privacy/" {
		t.Errorf("/privacy: %d to %q, want 301 to /privacy/", got.Code, got.Header().Get("Location"))
	}
}

// Each region is served with its own _headers, the preview's no-store on
// what the file gives no Cache-Control, and the server's own pages with
// a strict policy.
func TestServeHeadersOfTheFile(t *testing.T) {
	s := builtServer(t)
	for _, reg := range []struct{ id, domain string }{{"us", "fixture.com"}, {"ca", "fixture.ca"}} {
		f := fileHeaders(t, s, reg.domain)
		got := serveRaw(s, reg.id+".localhost:1313", "/privacy/")
		if got.Code != 200 {
			t.Fatalf("%s /privacy/: %d", reg.id, got.Code)
		}
		want := f.For("/privacy/")
		want.Set("Cache-Control", "no-store")
		for k := range want {
			if got.Header().Get(k) != want.Get(k) {
				t.Errorf("%s /privacy/: %s = %q, want %q", reg.id, k, got.Header().Get(k), want.Get(k))
			}
		}
		if !strings.Contains(got.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q is not the file's", reg.id, got.Header().Get("Content-Security-Policy"))
		}
		if got.Header().Get("Permissions-Policy") == "" {
			t.Errorf("%s: no Permissions-Policy", reg.id)
		}
	}
	assets, _ := filepath.Glob(filepath.Join(s.out, "fixture.com", "assets", "site.*.css"))
	if len(assets) != 1 {
		t.Fatalf("assets: %v", assets)
	}
	got := serveRaw(s, "us.localhost:1313", "/assets/"+filepath.Base(assets[0]))
	if got.Code != 200 || got.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("asset: %d, Cache-Control %q", got.Code, got.Header().Get("Cache-Control"))
	}
	if got := serveRaw(s, "us.localhost:1313", "/assets/site.0000000000.css"); got.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("a missing asset gets Cache-Control %q, want no-store", got.Header().Get("Cache-Control"))
	}

	if got := serveRaw(s, "localhost:1313", "/"); got.Code != 200 || got.Header().Get("Content-Security-Policy") != PreviewCSP {
		t.Errorf("index page: %d, CSP %q", got.Code, got.Header().Get("Content-Security-Policy"))
	}
	s.diags = diagsForTest()
	if got := serveRaw(s, "us.localhost:1313", "/privacy/"); got.Code != 500 || got.Header().Get("Content-Security-Policy") != PreviewCSP {
		t.Errorf("error page: %d, CSP %q", got.Code, got.Header().Get("Content-Security-Policy"))
	}
}

func diagsForTest() diag.List {
	var l diag.List
	l.Errorf(diag.Pos{File: "site.toml", Line: 1, Col: 1}, "broken")
	return l
}

// Only localhost names reach the server's pages: a site whose name an
// attacker rebinds to 127.0.0.1 gets 400 and nothing else, neither the
// region list nor, while a build fails, the errors with their paths.
func TestServeChecksHost(t *testing.T) {
	s := builtServer(t)
	for host, want := range map[string]int{
		"localhost": 200, "localhost:1313": 200, "LOCALHOST:1313": 200, "127.0.0.1:1313": 200, "127.0.0.1": 200,
		"[::1]:1313": 200, "[::1]": 200,
		"us.localhost:1313": 200, "US.localhost:1313": 200, "eu.LOCALHOST": 200, "ca.localhost": 200,
		"evil.example": 400, "evil.example:1313": 400, "us": 400, "us:1313": 400, "de": 400,
		"xx.localhost:1313": 400, "us.evil.localhost": 400, ".localhost": 400, "us.localhost.evil.example": 400,
		"localhost.evil.example": 400, "127.0.0.1.nip.io": 400, "localhost:http": 400, "localhost:": 400,
		"::1": 400, "[::2]:1313": 400, "": 400, "us.localhost:1313:1313": 400,
	} {
		got := serveRaw(s, host, "/")
		if got.Code != want {
			t.Errorf("Host %q: %d, want %d", host, got.Code, want)
			continue
		}
		if want == 400 {
			if ct := got.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Host %q: Content-Type %q", host, ct)
			}
			if b := got.Body.String(); strings.Contains(b, "localhost:1313") || strings.Contains(b, "<html") || strings.Contains(b, "us.localhost") {
				t.Errorf("Host %q: body %q tells more than that the host is wrong", host, b)
			}
		}
	}
	s.mu.Lock()
	s.diags = diag.List{diag.Errorf(diag.Pos{File: "/home/jane/site/content/secret.md", Line: 1}, "boom")}
	s.mu.Unlock()
	if got := serveRaw(s, "evil.example", "/"); got.Code != 400 || strings.Contains(got.Body.String(), "secret") {
		t.Errorf("failed build, Host evil.example: %d %q", got.Code, got.Body.String())
	}
	if got := serveRaw(s, "localhost:1313", "/"); got.Code != 500 || !strings.Contains(got.Body.String(), "secret.md") {
		t.Errorf("failed build, Host localhost: %d, want the error page", got.Code)
	}
}
