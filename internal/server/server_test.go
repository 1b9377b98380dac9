package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/headers"
)

// get fetches path from the server as the browser would from host.
func get(t testing.TB, addr, host, path string) (int, string) {
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
func waitFor(t testing.TB, addr, host, path string, ok func(int, string) bool) string {
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
	s := New(Options{Dir: "../site/testdata/site", Defaults: charter.Defaults}, "1313")
	t.Cleanup(s.model.Close)
	s.update(context.Background(), nil)
	if s.good == nil {
		t.Fatalf("fixture build failed: %v", s.errs)
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
	f, err := headers.Parse(s.good.Files[domain+"/_headers"].Data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Everything that is not a file of the output gets the same answer, so
// the server tells nothing about the rest of the disk.
func TestServeOneAnswerForWhatIsNotAFile(t *testing.T) {
	s := builtServer(t)
	root := "/home/jane/site/public/fixture.com" // as deep as an output folder may be
	want := serveRaw(s, "us.localhost:1313", "/no/such/page/")
	page404 := s.good.Files["fixture.com/404.html"].Data
	if want.Code != 404 || !bytes.Contains(want.Body.Bytes(), page404[200:]) || !strings.Contains(want.Body.String(), `<meta name="charter-page" content="/404.html">`) {
		t.Fatalf("missing page: %d, body is the 404 page: %v", want.Code, bytes.Contains(want.Body.Bytes(), page404[200:]))
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
		"/../fixture.com/index.html",
		"/manifest.json",
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
	var assets []string
	for name := range s.good.Files {
		if strings.HasPrefix(name, "fixture.com/assets/site.") && strings.HasSuffix(name, ".css") {
			assets = append(assets, name)
		}
	}
	if len(assets) != 1 {
		t.Fatalf("assets: %v", assets)
	}
	got := serveRaw(s, "us.localhost:1313", strings.TrimPrefix(assets[0], "fixture.com"))
	if got.Code != 200 || got.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("asset: %d, Cache-Control %q", got.Code, got.Header().Get("Cache-Control"))
	}
	if got := serveRaw(s, "us.localhost:1313", "/assets/site.0000000000.css"); got.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("a missing asset gets Cache-Control %q, want no-store", got.Header().Get("Cache-Control"))
	}

	if got := serveRaw(s, "localhost:1313", "/"); got.Code != 200 || got.Header().Get("Content-Security-Policy") != PreviewCSP {
		t.Errorf("index page: %d, CSP %q", got.Code, got.Header().Get("Content-Security-Policy"))
	}
	s.errs, s.good = diagsForTest(), nil
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
	s.errs = diag.List{diag.Errorf(diag.Pos{File: "/home/jane/site/content/secret.md", Line: 1}, "boom")}
	s.mu.Unlock()
	if got := serveRaw(s, "evil.example", "/"); got.Code != 400 || strings.Contains(got.Body.String(), "secret") {
		t.Errorf("failed build, Host evil.example: %d %q", got.Code, got.Body.String())
	}
	if got := serveRaw(s, "localhost:1313", "/"); !strings.Contains(got.Body.String(), "secret.md") {
		t.Errorf("failed build, Host localhost: %d, want the errors on the region list", got.Code)
	}
	if got := serveRaw(s, "us.localhost:1313", "/privacy/"); got.Code != 200 {
		t.Errorf("failed build: %d, want the last good page", got.Code)
	}
}
