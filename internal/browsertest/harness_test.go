// Package browsertest runs the example site, built by charter, in a real
// browser (Debian's chromium through chromedp) and checks what visitors see.
//
// The harness builds the site once per set of --set overrides, serves each
// build over HTTP with one origin per region (http://<region>.localhost:PORT/,
// which Chromium resolves to loopback) with exactly the headers of each
// region's built _headers file (its per-region Content-Security-Policy,
// Permissions-Policy, ...; Cache-Control: no-store where the file sets
// none), read with the parser the preview server uses, and starts
// one browser per test binary. Each Page is a fresh browser context (like an
// incognito window), so tests share no cookies and may run in parallel.
// Console errors, uncaught exceptions and CSP violations of every page fail
// the test that opened it unless the test calls Page.AllowProblems.
//
// Without /usr/bin/chromium the tests skip, or fail when the environment sets
// CHARTER_BROWSER_REQUIRED=1 (CI does).
package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/headers"
	"github.com/charter-ssg/charter/internal/site"
)

// ChromiumPath is where Debian installs chromium.
const ChromiumPath = "/usr/bin/chromium"

// siteDir is the example site: the repository root.
const siteDir = "../.."

// pageTimeout bounds every browser action of one page.
const pageTimeout = 30 * time.Second

// Site is one build of the example site, served over HTTP.
type Site struct {
	Dir     string // the build output: one folder per region domain
	Config  *config.Site
	Port    int
	domains map[string]string       // region id -> domain folder
	headers map[string]headers.File // region id -> its built _headers
}

// newSite is the build in out of the site as cfg says, for port.
func newSite(t testing.TB, out string, cfg *config.Site, port int) *Site {
	t.Helper()
	s := &Site{Dir: out, Config: cfg, Port: port, domains: map[string]string{}, headers: map[string]headers.File{}}
	for _, r := range cfg.Regions {
		s.domains[r.ID] = r.Domain
		b, err := os.ReadFile(filepath.Join(out, r.Domain, "_headers"))
		if err != nil {
			t.Fatalf("the build wrote no _headers for %s: %v", r.ID, err)
		}
		if s.headers[r.ID], err = headers.Parse(b); err != nil {
			t.Fatalf("%s: %v", r.Domain, err)
		}
	}
	return s
}

// Headers are the headers the test server sends for path on the region's
// origin: those of its _headers file, plus the preview's no-store where
// the file sets no Cache-Control.
func (s *Site) Headers(region, path string) http.Header {
	h := s.headers[region].For(path)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	return h
}

var (
	sitesMu  sync.Mutex
	sites    = map[string]*Site{} // by the joined --set overrides
	cleanups []func()
)

// BuildSite returns the example site built with the given --set overrides
// (none for the site as it is), building and serving it on first use. Builds
// are shared by all tests of the binary.
func BuildSite(t testing.TB, sets ...string) *Site {
	t.Helper()
	key := strings.Join(sets, "\x00")
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if s, ok := sites[key]; ok {
		return s
	}
	out, err := os.MkdirTemp("", "charter-browsertest-")
	if err != nil {
		t.Fatal(err)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(out) })
	opts := site.BuildOptions{Options: site.Options{Dir: siteDir, Defaults: charter.Defaults, Sets: sets}, OutDir: out}
	if _, diags := site.Build(opts); diags.HasErrors() {
		t.Fatalf("building the example site (sets %q):\n%s", sets, diags)
	}
	cfg, diags := config.Load(siteDir, sets)
	if diags.HasErrors() {
		t.Fatalf("loading site.toml: %s", diags)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, out, cfg, ln.Addr().(*net.TCPAddr).Port)
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	cleanups = append(cleanups, func() { srv.Close() })
	sites[key] = s
	return s
}

// ServeHTTP serves the region named by the host's first label
// (de.localhost:PORT -> the acme24.de folder) with the headers of its
// _headers file.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := strings.Cut(r.Host, ":")
	region, _, _ := strings.Cut(host, ".")
	domain, ok := s.domains[region]
	if !ok {
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "no region "+region, http.StatusNotFound)
		return
	}
	for k, v := range s.Headers(region, r.URL.Path) {
		w.Header()[k] = v
	}
	if marker := r.URL.Query().Get("pause-after"); marker != "" {
		s.serveInTwoParts(w, r, domain, marker)
		return
	}
	http.FileServer(http.Dir(filepath.Join(s.Dir, domain))).ServeHTTP(w, r)
}

// serveInTwoParts sends a page up to and including the first marker,
// flushes, waits 300 ms and sends the rest, as a slow network would: the
// browser parses and may paint the first part alone.
func (s *Site) serveInTwoParts(w http.ResponseWriter, r *http.Request, domain, marker string) {
	name := filepath.Join(s.Dir, domain, filepath.FromSlash(r.URL.Path))
	if strings.HasSuffix(r.URL.Path, "/") {
		name = filepath.Join(name, "index.html")
	}
	b, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	i := bytes.Index(b, []byte(marker))
	if i < 0 {
		http.Error(w, "no "+marker+" in "+r.URL.Path, http.StatusInternalServerError)
		return
	}
	i += len(marker)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b[:i])
	w.(http.Flusher).Flush()
	time.Sleep(300 * time.Millisecond)
	w.Write(b[i:])
}

// Origin is the region's origin: http://<region>.localhost:PORT.
func (s *Site) Origin(region string) string {
	return fmt.Sprintf("http://%s.localhost:%d", region, s.Port)
}

// URL is path ("/", "/privacy/") on the region's origin.
func (s *Site) URL(region, path string) string { return s.Origin(region) + path }

// Get fetches path from the region's origin without the browser (Go's
// resolver does not map *.localhost to loopback, so it dials 127.0.0.1 and
// sends the region's Host header).
func (s *Site) Get(t testing.TB, region, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", s.Port, path), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = fmt.Sprintf("%s.localhost:%d", region, s.Port)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// File reads a file of the build: region domain folder relative name.
func (s *Site) File(t testing.TB, region, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.Dir, s.domains[region], filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

// browser returns the context of the one browser of this test binary.
func browser(t testing.TB) context.Context {
	t.Helper()
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatalf("CHARTER_BROWSER_REQUIRED=1 but %s is missing: %v", ChromiumPath, err)
		}
		t.Skipf("%s not found; install Debian's chromium to run the browser tests", ChromiumPath)
	}
	browserOnce.Do(func() {
		profile, err := os.MkdirTemp("", "charter-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(ChromiumPath),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.UserDataDir(profile),
			chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		cleanups = append(cleanups, func() {
			cancel()
			cancelAlloc()
			os.RemoveAll(profile)
		})
		browserErr = chromedp.Do(ctx) // start the browser
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatalf("starting %s: %v", ChromiumPath, browserErr)
	}
	return browserCtx
}

// TestMain stops the browser and the servers and removes the builds.
func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// Page is one browser tab in its own browser context.
type Page struct {
	t   testing.TB
	Ctx context.Context

	mu       sync.Mutex
	problems []string
	allow    bool
}

// PageOption configures a Page before its first navigation.
type PageOption func(*pageConfig)

type pageConfig struct{ initScripts []string }

// WithInitScript runs js in every document of the page before the
// document's own scripts (Page.addScriptToEvaluateOnNewDocument).
func WithInitScript(js string) PageOption {
	return func(c *pageConfig) { c.initScripts = append(c.initScripts, js) }
}

// reportCSP turns every CSP violation into a console error the harness sees.
const reportCSP = `document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

// NewPage opens a blank tab in a fresh browser context. It is closed when
// the test ends; its console errors, exceptions and CSP violations then
// fail the test unless AllowProblems was called.
func NewPage(t testing.TB, opts ...PageOption) *Page {
	t.Helper()
	parent := browser(t)
	var cfg pageConfig
	for _, o := range opts {
		o(&cfg)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	p := &Page{t: t, Ctx: ctx}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.allow {
			for _, msg := range p.problems {
				t.Errorf("browser reported: %s", msg)
			}
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				if strings.HasSuffix(m.URL, "/favicon.ico") {
					// Chromium's own request for a document without an icon
					// link (the endpoint's JSON answer to a form posted
					// without JavaScript), not the page's: pages link
					// /favicon.svg, and charter check reports any file a
					// page loads that is missing.
					continue
				}
				where := ""
				if m.URL != "" {
					where = fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
				}
				p.mu.Lock()
				p.problems = append(p.problems, m.String()+where)
				p.mu.Unlock()
			}
		}
	}()
	for _, js := range append([]string{reportCSP}, cfg.initScripts...) {
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
			t.Fatalf("adding an init script: %v", err)
		}
	}
	return p
}

// Open is NewPage and a navigation to path on the region's origin.
func (s *Site) Open(t testing.TB, region, path string, opts ...PageOption) *Page {
	t.Helper()
	p := NewPage(t, opts...)
	p.Navigate(s.URL(region, path))
	return p
}

// AllowProblems stops console errors from failing the test (for tests that
// provoke them on purpose).
func (p *Page) AllowProblems() {
	p.mu.Lock()
	p.allow = true
	p.mu.Unlock()
}

// Problems are the console errors, exceptions and CSP violations so far.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Do runs actions with the page's timeout and fails the test on error.
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

// Navigate loads url and waits for its load event.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	p.Do("navigating to "+url, chromedp.Navigate(url))
}

// Reload reloads the page and waits for its load event.
func (p *Page) Reload() {
	p.t.Helper()
	p.Do("reloading", chromedp.Reload())
}

// Eval evaluates a JavaScript expression in the page and decodes its
// result into T (use chromedp.Void to ignore it). Promises are awaited.
func Eval[T any](p *Page, js string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, pageTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// WaitFor polls a JavaScript expression until it is truthy.
func (p *Page) WaitFor(js string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+js+")", chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		p.t.Fatalf("waiting for %s: %v", js, err)
	}
}

// Click clicks the first element matching the CSS selector with the mouse.
func (p *Page) Click(css string) {
	p.t.Helper()
	p.Do("clicking "+css, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
}

// Press sends key presses to the focused element: text, or kb constants
// such as kb.Tab, kb.Enter, kb.Escape (github.com/chromedp/chromedp/kb).
func (p *Page) Press(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.Do("pressing keys", chromedp.KeyEvent(keys, opts...))
}

// Cookies are the browser's cookies for the current page's URL.
func (p *Page) Cookies() []*network.Cookie {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, pageTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		p.t.Fatalf("reading cookies: %v", err)
	}
	return res.Cookies
}

// Cookie is the cookie of that name for the current page, if any.
func (p *Page) Cookie(name string) (*network.Cookie, bool) {
	p.t.Helper()
	for _, c := range p.Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// SetCookie sets a cookie for the current page's URL (to simulate an old or
// expired choice).
func (p *Page) SetCookie(name, value string) {
	p.t.Helper()
	url := Eval[string](p, "location.href")
	ctx, cancel := context.WithTimeout(p.Ctx, pageTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{
		Name: name, Value: value, URL: url, Path: "/", SameSite: network.CookieSameSiteLax,
	}); err != nil {
		p.t.Fatalf("setting cookie %s: %v", name, err)
	}
}
