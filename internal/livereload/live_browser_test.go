package livereload

// The browser tests run live.js in Debian's chromium (headless, through
// chromedp) on a tiny site served with a strict CSP, as the harness of
// internal/browsertest does for the example site: one origin per test
// (http://<region>.localhost:PORT/, which Chromium resolves to loopback),
// one browser per test binary, a fresh browser context per page, and
// console errors, exceptions and CSP violations fail the test. Without
// /usr/bin/chromium they skip, or fail when CHARTER_BROWSER_REQUIRED=1.
// With CHARTER_SCREENSHOTS=dir the overlay's screenshots are kept there.

import (
	"context"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const chromiumPath = "/usr/bin/chromium"

// siteCSP is the policy of every response of the test site.
const siteCSP = "default-src 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'"

// The test site's stylesheets: the page's own rules are rude on purpose
// (big margins and colours on bare elements), to show that the overlay
// keeps its own look.
var (
	site1CSS = []byte(`body { margin: 0; background: rgb(255, 255, 255); font: 18px/1.6 Georgia, serif; }
main { padding: 24px; }
h1 { color: rgb(180, 0, 0); }
h2 { color: lime; font-size: 48px; margin: 80px; }
p, pre, ol, li { margin: 40px; color: rgb(90, 0, 90); }
button { background: yellow; font-size: 30px; }
.tall main { height: 6000px; }
body > div { display: none !important; }
`)
	site2CSS = []byte(`body { margin: 0; background: rgb(0, 128, 0); }
`)
)

func sri(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// testSite serves the pages of every region (the host's first label)
// with one hub; a region's site.2.css waits for its gate when one is set.
type testSite struct {
	hub  *Hub
	port int
	mu   sync.Mutex
	gate map[string]chan struct{}
	n    int // regions handed out
}

var (
	siteOnce sync.Once
	site     *testSite
	cleanups []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

func getSite(t *testing.T) *testSite {
	siteOnce.Do(func() {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		site = &testSite{hub: NewHub(), port: ln.Addr().(*net.TCPAddr).Port, gate: map[string]chan struct{}{}}
		srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
		srv.RegisterOnShutdown(site.hub.Close)
		go srv.Serve(ln)
		cleanups = append(cleanups, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		})
	})
	return site
}

// region is a new region for one test: its own origin and events.
func (s *testSite) region() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return fmt.Sprintf("r%d", s.n)
}

func (s *testSite) url(region, path string) string {
	return fmt.Sprintf("http://%s.localhost:%d%s", region, s.port, path)
}

// hold makes the region's site.2.css wait until release is called.
func (s *testSite) hold(region string) (release func()) {
	c := make(chan struct{})
	s.mu.Lock()
	s.gate[region] = c
	s.mu.Unlock()
	return sync.OnceFunc(func() { close(c) })
}

func (s *testSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := strings.Cut(r.Host, ":")
	region, _, _ := strings.Cut(host, ".")
	h := w.Header()
	h.Set("Content-Security-Policy", siteCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/_charter/"):
		s.hub.Handler(region).ServeHTTP(w, r)
	case p == "/favicon.svg":
		h.Set("Content-Type", "image/svg+xml")
		w.Write([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`))
	case p == "/assets/site.1.css":
		h.Set("Content-Type", "text/css")
		w.Write(site1CSS)
	case p == "/assets/site.2.css":
		s.mu.Lock()
		gate := s.gate[region]
		s.mu.Unlock()
		if gate != nil {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		h.Set("Content-Type", "text/css")
		w.Write(site2CSS)
	case p == "/a/" || p == "/a/index.html":
		servePage(w, http.StatusOK, pageOpts{title: "Page A", crossorigin: true})
	case p == "/b/":
		servePage(w, http.StatusOK, pageOpts{title: "Page B"})
	case p == "/tall/":
		servePage(w, http.StatusOK, pageOpts{title: "A tall page", class: "tall"})
	case p == "/rtl/":
		servePage(w, http.StatusOK, pageOpts{title: "سياسة الخصوصية", lang: "ar", dir: "rtl"})
	case p == "/twice/":
		servePage(w, http.StatusOK, pageOpts{title: "Twice", twice: true})
	default:
		servePage(w, http.StatusNotFound, pageOpts{title: "Not found", meta: "/404.html"})
	}
}

type pageOpts struct {
	title, class, lang, dir, meta string
	crossorigin, twice            bool
}

func servePage(w http.ResponseWriter, code int, o pageOpts) {
	if o.lang == "" {
		o.lang, o.dir = "en", "ltr"
	}
	js, jsSRI := Script()
	css, cssSRI := Stylesheet()
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q dir=%q><head><meta charset=\"utf-8\">\n", o.lang, o.dir)
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", html.EscapeString(o.title))
	b.WriteString(`<link rel="icon" href="/favicon.svg">` + "\n")
	if o.meta != "" {
		fmt.Fprintf(&b, "<meta name=\"charter-page\" content=%q>\n", o.meta)
	}
	co := ""
	if o.crossorigin {
		co = ` crossorigin="anonymous"`
	}
	fmt.Fprintf(&b, "<link rel=\"stylesheet\" href=\"/assets/site.1.css\" integrity=%q%s>\n", sri(site1CSS), co)
	fmt.Fprintf(&b, "<link rel=\"stylesheet\" href=%q integrity=%q>\n", css, cssSRI)
	script := fmt.Sprintf("<script defer src=%q integrity=%q></script>\n", js, jsSRI)
	b.WriteString(script)
	if o.twice {
		b.WriteString(script)
	}
	fmt.Fprintf(&b, "</head><body class=%q><main id=\"main\"><h1>%s</h1>\n", o.class, html.EscapeString(o.title))
	for i := range 6 {
		fmt.Fprintf(&b, "<p>Paragraph %d of the page: the overlay must not move it, nor anything else.</p>\n", i+1)
	}
	b.WriteString("<button type=\"button\" id=\"page-button\">A button of the page</button>\n</main></body></html>\n")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write([]byte(b.String()))
}

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatalf("CHARTER_BROWSER_REQUIRED=1 but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("%s not found; install Debian's chromium to run the browser tests", chromiumPath)
	}
	browserOnce.Do(func() {
		profile, err := os.MkdirTemp("", "charter-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath),
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
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatalf("starting %s: %v", chromiumPath, browserErr)
	}
	return browserCtx
}

// reportCSP turns every CSP violation into a console error.
const reportCSP = `document.addEventListener('securitypolicyviolation', function (e) {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

// tab is one browser tab in its own browser context.
type tab struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	problems []string
	allow    bool
	missing  map[string]bool // URLs opened for their 404 page: not a problem
}

// newTab opens a blank tab; its console errors, exceptions and CSP
// violations fail the test when it ends.
func newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	p := &tab{t: t, ctx: ctx}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.allow {
			for _, m := range p.problems {
				t.Errorf("browser reported: %s", m)
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
				p.mu.Lock()
				if p.missing[m.URL] && strings.Contains(m.Text, "status of 404") {
					p.mu.Unlock()
					continue
				}
				p.problems = append(p.problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				p.mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: reportCSP}); err != nil {
		t.Fatalf("adding the CSP reporter: %v", err)
	}
	return p
}

func (p *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](p *tab, js string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript expression until it is truthy.
func (p *tab) waitFor(js string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+js+")", chromedp.WithPollingInterval(10*time.Millisecond)))
		if err == nil {
			return
		}
		// A reload under way ends the document the poll runs in: poll the next.
		if ctx.Err() != nil || !strings.Contains(err.Error(), "navigated or closed") && !strings.Contains(err.Error(), "context with specified id") {
			p.t.Fatalf("waiting for %s: %v", js, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// open loads path of the region and waits until its script has heard the
// hello (whose build is that of the region's last event, or 0).
func (p *tab) open(s *testSite, region, path string) {
	p.t.Helper()
	if strings.HasPrefix(path, "/missing/") {
		p.mu.Lock()
		if p.missing == nil {
			p.missing = map[string]bool{}
		}
		p.missing[s.url(region, path)] = true
		p.mu.Unlock()
	}
	p.do("navigating to "+path, chromedp.Navigate(s.url(region, path)))
	p.waitFor(`window.charterLive && window.charterLive.build !== null`)
}

// reloaded waits for the page to have been reloaded (the mark that mark
// set is gone) and its script to have heard the hello.
func (p *tab) reloaded() {
	p.t.Helper()
	p.waitFor(`!window.__mark && document.readyState === 'complete' && window.charterLive && window.charterLive.build !== null`)
}

func (p *tab) mark() { eval[bool](p, `window.__mark = true`) }

func (p *tab) press(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.do("pressing keys", chromedp.KeyEvent(keys, opts...))
}

// viewport emulates a phone (390 px) or a desktop (1280 px) screen.
func (p *tab) viewport(width int64) {
	p.t.Helper()
	params := emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 844, DeviceScaleFactor: 2, Mobile: true}
	if width > 800 {
		params = emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1}
	}
	if _, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, params); err != nil {
		p.t.Fatalf("emulating a %d px screen: %v", width, err)
	}
}

// screenshot saves the viewport as name.png in CHARTER_SCREENSHOTS, or in
// a temporary folder.
func (p *tab) screenshot(name string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := os.Getenv("CHARTER_SCREENSHOTS")
	if dir == "" {
		dir = p.t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

func (s *testSite) publish(t *testing.T, region string, ev Event) {
	t.Helper()
	if err := s.hub.Publish(region, ev); err != nil {
		t.Fatal(err)
	}
}

// waitConnected waits until n pages of the region are connected.
func (s *testSite) waitConnected(t *testing.T, region string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for s.hub.connected(region) != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d pages connected, want %d", s.hub.connected(region), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestReloadsOnlyItsPages: a change reloads the pages it names and no
// other; "/a/" is also "/a/index.html"; the 404 page is /404.html at any
// URL; "all" reloads every page.
func TestReloadsOnlyItsPages(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	region := s.region()
	a, b := newTab(t), newTab(t)
	a.open(s, region, "/a/")
	b.open(s, region, "/b/")
	a.mark()
	b.mark()
	s.waitConnected(t, region, 2)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1, Reload: []string{"/a/", "/c/"}}})
	a.reloaded()
	b.waitFor(`window.charterLive.build === 1`)
	s.waitConnected(t, region, 2) // a's new page
	if !eval[bool](b, `window.__mark === true`) || s.hub.streams(region) != 3 {
		t.Errorf("/b/ reloaded for a change of /a/ (%d streams, want 3)", s.hub.streams(region))
	}

	p := newTab(t) // one tab for what follows: a tab takes a second to open
	for _, c := range []struct {
		path   string
		reload []string
		all    bool
	}{
		{"/a/index.html", []string{"/a/"}, false},
		{"/a/", []string{"/a/index.html"}, false},
		{"/missing/page/", []string{"/404.html"}, false},
		{"/b/", nil, true},
	} {
		region := s.region()
		p.open(s, region, c.path)
		p.mark()
		s.waitConnected(t, region, 1)
		s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1, Reload: c.reload, All: c.all}})
		p.reloaded()
	}

	// The 404 page is not reloaded for a change of the path it is at.
	region = s.region()
	p.open(s, region, "/missing/")
	p.mark()
	s.waitConnected(t, region, 1)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1, Reload: []string{"/missing/"}}})
	p.waitFor(`window.charterLive.build === 1`)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 2, Reload: []string{"/404.html"}}})
	p.reloaded()
	if n := s.hub.streams(region); n != 2 {
		t.Errorf("the 404 page connected %d times, want 2 (one reload)", n)
	}
}

// TestReconnectAfterMissedEvents: a page whose connection was dropped
// reloads when it comes back to another build.
func TestReconnectAfterMissedEvents(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	region := s.region()
	p := newTab(t)
	p.open(s, region, "/b/")
	p.mark()
	s.waitConnected(t, region, 1)
	s.hub.drop(region)
	// The page reconnects a second later: it misses this.
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1}})
	p.reloaded()
}

// TestStylesheetSwap: a css change swaps the stylesheet without a reload,
// keeping the old one until the new one has loaded.
func TestStylesheetSwap(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	region := s.region()
	release := s.hold(region)
	defer release()
	p := newTab(t)
	p.open(s, region, "/a/")
	p.mark()
	bg := `getComputedStyle(document.body).backgroundColor`
	links := `document.querySelectorAll('link[rel=stylesheet][href^="/assets/site."]')`
	if got := eval[string](p, bg); got != "rgb(255, 255, 255)" {
		t.Fatalf("background %s before the swap", got)
	}
	s.waitConnected(t, region, 1)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1, Reload: []string{"/b/"},
		CSS: []CSSSwap{{From: "/assets/site.1.css", To: "/assets/site.2.css", Integrity: sri(site2CSS)}}}})
	p.waitFor(links + `.length === 2`)
	if got := eval[string](p, bg); got != "rgb(255, 255, 255)" {
		t.Errorf("background %s while the new stylesheet loads: the old one went too early", got)
	}
	release()
	p.waitFor(bg + ` === 'rgb(0, 128, 0)' && ` + links + `.length === 1`)
	link := eval[map[string]string](p, `(l => ({href: l.getAttribute('href'), integrity: l.integrity, crossorigin: l.getAttribute('crossorigin'), next: l.nextElementSibling.getAttribute('href')}))(`+links+`[0])`)
	want := map[string]string{"href": "/assets/site.2.css", "integrity": sri(site2CSS), "crossorigin": "anonymous", "next": "/_charter/live.css"}
	for k, v := range want {
		if link[k] != v {
			t.Errorf("the new link's %s is %q, want %q (in the old one's place)", k, link[k], v)
		}
	}
	if !eval[bool](p, `window.__mark === true`) {
		t.Error("the page reloaded for a stylesheet swap")
	}

	// A stylesheet that does not load: the page reloads instead (and gets
	// the stylesheets its server now names).
	region = s.region()
	p = newTab(t)
	p.allow = true // the 404 of the stylesheet is a console error
	p.open(s, region, "/b/")
	p.mark()
	s.waitConnected(t, region, 1)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1,
		CSS: []CSSSwap{{From: "/assets/site.1.css", To: "/assets/gone.css"}}}})
	p.reloaded()
}

// overlayErrors are the errors of the failed builds the tests publish;
// marked are the characters the Latin excerpts mark.
var (
	overlayErrors = []Diagnostic{
		{Severity: "error", File: "content/privacy.md", Line: 3, Col: 10,
			Message: `unknown shortcode "tabel"`, Hint: `did you mean "table"?`,
			Excerpt: &Excerpt{Line: "\tSee {{< tabel >}} for the list of processors we use.", Col: 10, Width: 5}},
		{Severity: "warning", File: "locales/fr.toml", Line: 12,
			Message: "the key footer.legal_notice_for_the_long_regions_name has no translation in fr; the English text is shown"},
		{Severity: "error", File: "layouts/partials/a-very-long-folder-name/with-more-folders/footer.html", Line: 120, Col: 49,
			Message: "template: footer.html:120:61: executing \"footer\" at <.Site.Params.legal>: map has no entry for key \"legal\"",
			Excerpt: &Excerpt{Line: `<footer class="site-footer"><p class="legal">{{ .Site.Params.legal.notice }} &middot; {{ .Site.Params.legal.address }}</p></footer>`, Col: 49, Width: 18}},
		{Severity: "error", File: "content/jp/privacy.md", Line: 7, Col: 4,
			Message: "個人情報: unclosed emphasis", Hint: "close it with *",
			Excerpt: &Excerpt{Line: "第３条\t個人情報の*利用目的", Col: 4, Width: 6}},
	}
	marked = []string{"tabel", ".Site.Params.legal"}
)

// TestOverlay: a failed build shows its errors over the page, which does
// not move; the overlay is a keyboard-usable dialog; a page that opens
// while the build is failed shows them too; a change removes them.
func TestOverlay(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	for _, c := range []struct{ path, name string }{{"/a/", "ltr"}, {"/rtl/", "rtl"}} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			region := s.region()
			p := newTab(t)
			p.open(s, region, c.path)
			p.mark()
			eval[bool](p, `document.getElementById('page-button').focus(), true`)
			layout := `JSON.stringify([document.querySelector('h1').getBoundingClientRect(), document.querySelector('p').getBoundingClientRect(), scrollX, scrollY, document.documentElement.scrollWidth, document.documentElement.scrollHeight])`
			s.waitConnected(t, region, 1)
			for i, w := range []int64{1280, 390} {
				build := i + 1
				p.viewport(w)
				p.waitFor(fmt.Sprintf(`innerWidth === %d`, w))
				before := eval[string](p, layout)
				s.publish(t, region, Event{Name: Failed, Data: FailedData{Build: build, Errors: overlayErrors}})
				p.waitFor(fmt.Sprintf(`window.charterLive.build === %d && document.querySelector('.charter-live-overlay')`, build))
				if after := eval[string](p, layout); after != before {
					t.Errorf("%d px: the overlay moved the page:\n before %s\n after  %s", w, before, after)
				}
				checkOverlay(t, p)
				// It covers the viewport and scrolls sideways nowhere but in an excerpt.
				box := eval[[]float64](p, `(r => [r.left, r.top, r.width, r.height, innerWidth, innerHeight, document.querySelector('.charter-live-panel').scrollWidth - document.querySelector('.charter-live-panel').clientWidth])(document.querySelector('.charter-live-overlay').getBoundingClientRect())`)
				if box[0] != 0 || box[1] != 0 || box[2] != box[4] || box[3] != box[5] || box[6] > 0 {
					t.Errorf("%d px: overlay box %v, want the viewport; panel overflows by %v px", w, box[:4], box[6])
				}
				p.screenshot(fmt.Sprintf("overlay-%s-%d", c.name, w))
			}

			// Keyboard: Tab reaches the close button and stays in the dialog.
			p.press(kb.Tab)
			if !eval[bool](p, `document.activeElement.classList.contains('charter-live-close')`) {
				t.Errorf("Tab from the heading went to %s, want the close button", eval[string](p, `document.activeElement.outerHTML.slice(0, 80)`))
			}
			// Shift+Tab from the first goes to the last (an excerpt, which
			// scrolls), Tab from the last back to the first.
			p.press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
			if !eval[bool](p, `document.activeElement === [...document.querySelectorAll('.charter-live-excerpt')].pop()`) {
				t.Errorf("Shift+Tab from the close button went to %s, want the last excerpt", eval[string](p, `document.activeElement.outerHTML.slice(0, 80)`))
			}
			p.press(kb.Tab)
			if !eval[bool](p, `document.activeElement.classList.contains('charter-live-close')`) {
				t.Errorf("Tab from the last excerpt went to %s, want the close button", eval[string](p, `document.activeElement.outerHTML.slice(0, 80)`))
			}
			for range 5 {
				p.press(kb.Tab)
			}
			if !eval[bool](p, `document.querySelector('.charter-live-overlay').contains(document.activeElement)`) {
				t.Error("Tab left the dialog")
			}
			p.press(kb.Escape)
			p.waitFor(`!document.querySelector('.charter-live-overlay')`)
			if id := eval[string](p, `document.activeElement.id`); id != "page-button" {
				t.Errorf("after Escape the focus is on %q, want back on #page-button", id)
			}
			// The same build does not show again when dismissed; the next does.
			s.publish(t, region, Event{Name: Failed, Data: FailedData{Build: 2, Errors: overlayErrors}})
			s.publish(t, region, Event{Name: Failed, Data: FailedData{Build: 3, Errors: overlayErrors[:1]}})
			p.waitFor(`document.querySelector('.charter-live-overlay')`)
			if got := eval[string](p, `document.querySelector('.charter-live-title').textContent`); got != "Build failed: 1 error" {
				t.Errorf("title %q", got)
			}
			p.do("clicking close", chromedp.Click(chromedp.CSS(".charter-live-close"), chromedp.NodeVisible))
			p.waitFor(`!document.querySelector('.charter-live-overlay')`)

			// A page opened now hears of the failure in its hello.
			s.publish(t, region, Event{Name: Failed, Data: FailedData{Build: 4, Errors: overlayErrors}})
			p.waitFor(`document.querySelector('.charter-live-overlay')`)
			late := newTab(t)
			late.open(s, region, "/b/")
			late.waitFor(`document.querySelector('.charter-live-overlay')`)
			checkOverlay(t, late)

			// A change removes the overlay, reloading only the pages it names.
			s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 5, Reload: []string{"/elsewhere/"}}})
			p.waitFor(`!document.querySelector('.charter-live-overlay')`)
			late.waitFor(`!document.querySelector('.charter-live-overlay')`)
			if !eval[bool](p, `window.__mark === true`) {
				t.Error("the page reloaded for a change of another page")
			}
		})
	}
}

// checkOverlay checks the overlay of overlayErrors: a labelled dialog with
// its focus on the heading, left to right, every error's place, message,
// hint and excerpt, and carets under the characters they mark.
func checkOverlay(t *testing.T, p *tab) {
	t.Helper()
	got := eval[map[string]string](p, `(o => ({
	  role: o.getAttribute('role'), dir: o.dir, cssDir: getComputedStyle(o).direction, position: getComputedStyle(o).position,
	  z: getComputedStyle(o).zIndex, label: document.getElementById(o.getAttribute('aria-labelledby')).textContent,
	  focus: document.activeElement.id, text: o.textContent,
	  excerpt: o.querySelector('.charter-live-excerpt').textContent,
	  font: getComputedStyle(o.querySelector('.charter-live-excerpt')).fontFamily,
	}))(document.querySelector('.charter-live-overlay'))`)
	want := map[string]string{"role": "alertdialog", "dir": "ltr", "cssDir": "ltr", "position": "fixed", "z": "2147483647",
		"label": "Build failed: 3 errors, 1 warning", "focus": "charter-live-title"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("overlay %s = %q, want %q", k, got[k], v)
		}
	}
	for _, s := range []string{"content/privacy.md:3:10", `unknown shortcode "tabel"`, `did you mean "table"?`,
		"locales/fr.toml:12", "has no translation in fr", "footer.html:120:49", `map has no entry for key "legal"`} {
		if !strings.Contains(got["text"], s) {
			t.Errorf("the overlay does not say %q", s)
		}
	}
	excerpts := eval[[]string](p, `[...document.querySelectorAll('.charter-live-excerpt')].map(e => e.textContent)`)
	wantExcerpts := []string{
		"   3 |     See {{< tabel >}} for the list of processors we use.\n     |             ^^^^^",
		"", // checked in pixels below
		"   7 | 第３条  個人情報の*利用目的\n     | \u3000\u3000\u3000^^＾＾＾＾＾", // a tab to the next 4th column, wide carets under wide characters
	}
	if len(excerpts) != len(wantExcerpts) {
		t.Fatalf("excerpts %q", excerpts)
	}
	for i, want := range wantExcerpts {
		if want != "" && excerpts[i] != want {
			t.Errorf("excerpt %d\n%q, want\n%q", i, excerpts[i], want)
		}
	}
	if !strings.Contains(got["font"], "monospace") {
		t.Errorf("excerpt font %q, want monospace", got["font"])
	}
	// The carets sit under the characters they mark, in pixels (Latin
	// text: no CJK font may be installed).
	for i, text := range marked {
		x := eval[[]float64](p, fmt.Sprintf(`(pre => {
		  const src = pre.querySelector('.charter-live-source').firstChild, caret = pre.querySelector('.charter-live-caret');
		  const at = src.textContent.indexOf(%q), r = document.createRange();
		  r.setStart(src, at);
		  r.setEnd(src, at + %d);
		  const a = r.getBoundingClientRect(), b = caret.getBoundingClientRect(), box = pre.getBoundingClientRect();
		  return [a.left, b.left, a.right, b.right, box.left, box.right];
		})(document.querySelectorAll('.charter-live-excerpt')[%d])`, text, len(text), i))
		if math.Abs(x[0]-x[1]) > 1 || math.Abs(x[2]-x[3]) > 1 {
			t.Errorf("excerpt %d: %q spans %v..%v px, the carets %v..%v", i, text, x[0], x[2], x[1], x[3])
		}
		if x[1] < x[4] || x[3] > x[5] {
			t.Errorf("excerpt %d: the carets (%v..%v px) are scrolled out of view (%v..%v)", i, x[1], x[3], x[4], x[5])
		}
	}
}

// TestScrollKeptAcrossReload: a reload brings the page back where it was
// scrolled to, and leaves nothing in storage.
func TestScrollKeptAcrossReload(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	region := s.region()
	p := newTab(t)
	p.open(s, region, "/tall/")
	eval[bool](p, `scrollTo(0, 3000), true`)
	p.waitFor(`scrollY === 3000`)
	p.mark()
	s.waitConnected(t, region, 1)
	s.publish(t, region, Event{Name: Change, Data: ChangeData{Build: 1, Reload: []string{"/tall/"}}})
	p.reloaded()
	got := eval[[]any](p, `[scrollY, sessionStorage.length, localStorage.length, history.scrollRestoration]`)
	if got[0] != 3000.0 || got[1] != 0.0 || got[2] != 0.0 || got[3] != "auto" {
		t.Errorf("after the reload [scrollY, sessionStorage.length, localStorage.length, scrollRestoration] = %v, want [3000 0 0 auto]", got)
	}
	// A plain reload by the visitor after that is left to the browser.
	eval[bool](p, `scrollTo(0, 1000), true`)
	p.waitFor(`scrollY === 1000`)
	p.do("reloading", chromedp.Reload())
	p.waitFor(`window.charterLive && window.charterLive.build !== null && scrollY === 1000`) // the browser's own restoring
}

// TestLoadedTwice: a page with the script twice has one connection and
// one overlay.
func TestLoadedTwice(t *testing.T) {
	t.Parallel()
	s := getSite(t)
	region := s.region()
	s.publish(t, region, Event{Name: Failed, Data: FailedData{Build: 1, Errors: overlayErrors[:1]}})
	p := newTab(t)
	p.open(s, region, "/twice/")
	p.waitFor(`document.querySelector('.charter-live-overlay')`)
	if n := eval[float64](p, `document.querySelectorAll('.charter-live-overlay').length`); n != 1 {
		t.Errorf("%v overlays", n)
	}
	if n := s.hub.streams(region); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}
