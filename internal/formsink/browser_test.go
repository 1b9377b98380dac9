package formsink

// The sink and its panel in a real browser (Debian's chromium through
// chromedp), until charter serve mounts the sink and the browser tests
// move onto it. The harness is small: it builds the example site with the
// request form posting to /_charter/forms/<id> on each region's own origin
// (http://<region>.localhost:PORT), serves each region's folder with the
// headers of its built _headers file (so its real CSP applies), injects
// the panel's tags before </head> as the server will, and hands
// /_charter/ paths to a Sink. Without /usr/bin/chromium the tests skip,
// or fail when CHARTER_BROWSER_REQUIRED=1.
//
// FORMSINK_SCREENSHOTS=<folder> keeps the panel's screenshots there.

import (
	"bytes"
	"context"
	"fmt"
	"github.com/charter-ssg/charter/internal/formdriver"
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

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/headers"
	"github.com/charter-ssg/charter/internal/site"
)

const (
	chromiumPath = "/usr/bin/chromium"
	formPath     = "/implementation-request/"
)

// sinkRegions post to the sink; the others keep site.toml's endpoints.
var sinkRegions = []string{"us", "de", "eu", "jp"}

// harness is the example site built once for the test binary, served
// with a sink.
type harness struct {
	port    int
	out     string
	sink    *Sink
	records string // the sink's site folder, where .charter/forms is
	log     *syncBuffer
	domains map[string]string
	headers map[string]headers.File
}

var (
	harnessOnce sync.Once
	theHarness  *harness
	harnessErr  error
	cleanups    []func()
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}

// requireBrowser skips (or fails) when there is no chromium.
func requireBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatalf("CHARTER_BROWSER_REQUIRED=1 but %s is missing: %v", chromiumPath, err)
		}
		t.Skipf("%s not found; install Debian's chromium to run the browser tests", chromiumPath)
	}
}

func getHarness(t *testing.T) *harness {
	t.Helper()
	requireBrowser(t)
	harnessOnce.Do(func() { theHarness, harnessErr = startHarness() })
	if harnessErr != nil {
		t.Fatal(harnessErr)
	}
	return theHarness
}

func startHarness() (*harness, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &harness{port: ln.Addr().(*net.TCPAddr).Port, log: &syncBuffer{}, domains: map[string]string{}, headers: map[string]headers.File{}}
	var sets []string
	for _, r := range sinkRegions {
		sets = append(sets, fmt.Sprintf("forms.%s.endpoints.%s=%s%s%s", formID, r, h.origin(r), FormsPrefix, formID))
	}
	if h.out, err = os.MkdirTemp("", "charter-formsink-"); err != nil {
		return nil, err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(h.out) })
	if _, diags := site.Build(site.BuildOptions{Options: site.Options{Dir: siteDir, Defaults: charter.Defaults, Sets: sets}, OutDir: h.out}); diags.HasErrors() {
		return nil, fmt.Errorf("building the example site: %s", diags)
	}
	cfg, diags := config.Load(siteDir, sets)
	if diags.HasErrors() {
		return nil, fmt.Errorf("site.toml: %s", diags)
	}
	for _, r := range cfg.Regions {
		b, err := os.ReadFile(filepath.Join(h.out, r.Domain, "_headers"))
		if err != nil {
			return nil, err
		}
		if h.headers[r.ID], err = headers.Parse(b); err != nil {
			return nil, err
		}
		h.domains[r.ID] = r.Domain
	}
	// The records go to a folder of their own, not into the repository.
	if h.records, err = os.MkdirTemp("", "charter-formsink-site-"); err != nil {
		return nil, err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(h.records) })
	h.sink = New(cfg, h.records, h.log)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	cleanups = append(cleanups, func() { h.sink.Close(); srv.Close() })
	return h, nil
}

func (h *harness) origin(region string) string {
	return fmt.Sprintf("http://%s.localhost:%d", region, h.port)
}

func (h *harness) url(region, path string) string { return h.origin(region) + path }

// ServeHTTP serves the region named by the Host's first label: the sink's
// paths by the sink, files with their _headers, HTML with the panel.
func (h *harness) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := strings.Cut(r.Host, ":")
	region, _, _ := strings.Cut(host, ".")
	domain, ok := h.domains[region]
	if !ok {
		http.Error(w, "no region "+region, http.StatusNotFound)
		return
	}
	if Handles(r.URL.Path) {
		h.sink.Handle(w, r, region)
		return
	}
	for k, v := range h.headers[region].For(r.URL.Path) {
		w.Header()[k] = v
	}
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	name := filepath.Join(h.out, domain, filepath.FromSlash(r.URL.Path))
	if strings.HasSuffix(r.URL.Path, "/") {
		name = filepath.Join(name, "index.html")
	}
	if strings.HasSuffix(name, ".html") {
		b, err := os.ReadFile(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		b = bytes.Replace(b, []byte("</head>"), []byte(HeadTags()+"</head>"), 1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
		return
	}
	http.FileServer(http.Dir(filepath.Join(h.out, domain))).ServeHTTP(w, r)
}

// records are the sink's JSONL lines so far.
func (h *harness) recordList(t *testing.T) []Record {
	t.Helper()
	return (&fixture{dir: h.records}).records(t)
}

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
)

func browser(t *testing.T) context.Context {
	t.Helper()
	requireBrowser(t)
	browserOnce.Do(func() {
		profile, err := os.MkdirTemp("", "charter-chromium-")
		if err != nil {
			browserErr = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
			chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true), chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
		)
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(allocCtx)
		cleanups = append(cleanups, func() { cancel(); cancelAlloc(); os.RemoveAll(profile) })
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatalf("starting %s: %v", chromiumPath, browserErr)
	}
	return browserCtx
}

// reportCSP turns CSP violations into console errors.
const reportCSP = `document.addEventListener('securitypolicyviolation', e =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));`

// tab is a fresh browser context (no cookies or storage shared). Console
// errors, exceptions and CSP violations fail the test, except those
// allowed (the browser logs a failed request as an error: a 422, a 500
// and a dropped connection are failed requests).
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

func newTab(t *testing.T, allow ...string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser(t), chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	tb := &tab{ctx: ctx}
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
	next:
		for _, p := range tb.problems {
			for _, a := range allow {
				if strings.Contains(p, a) {
					continue next
				}
			}
			t.Errorf("browser reported: %s", p)
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
				tb.mu.Lock()
				tb.problems = append(tb.problems, m.String()+" ("+m.URL+")")
				tb.mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: reportCSP}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := formdriver.Eval[T](ctx, js)
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// The messages a failed request leaves in the console.
const failedRequest = "Failed to load resource"

func TestBrowserFillsTestData(t *testing.T) {
	h := getHarness(t)
	for _, c := range []struct{ region, path, lang, first, status string }{
		{"de", formPath, "de", "Lena", "German"},
		{"us", formPath, "en", "Olivia", "English"},
		{"jp", formPath, "ja", "美咲", "Japanese"},
	} {
		t.Run(c.region, func(t *testing.T) {
			tb := newTab(t)
			must(t, formdriver.OpenForm(tb.ctx, h.url(c.region, c.path), formID))
			if lang := mustEval[string](t, tb.ctx, `document.documentElement.lang`); lang != c.lang {
				t.Fatalf("page language %q, want %q", lang, c.lang)
			}
			status, err := formdriver.FillTestData(tb.ctx, formID)
			must(t, err)
			if !strings.Contains(status, c.status) {
				t.Errorf("panel status %q, want the language %s", status, c.status)
			}
			fields, err := formdriver.CheckFields(tb.ctx, formID)
			must(t, err)
			if len(fields) != 9 {
				t.Errorf("%d fields: %v", len(fields), fields)
			}
			values := map[string]string{}
			for name, f := range fields {
				values[name] = f.Value
				if !f.Valid || f.Value == "" {
					t.Errorf("%s = %q: valid %v (%s)", name, f.Value, f.Valid, f.Message)
				}
			}
			if values["firstName"] != c.first || values["partnerContact"] != "yes" {
				t.Errorf("values %v", values)
			}
			if p := Validate(h.sink.config().Forms[formID], values); len(p) != 0 {
				t.Errorf("the sink finds problems in the test data: %v", p)
			}
			// The panel is outside the form, and in English whatever the page.
			if !mustEval[bool](t, tb.ctx, `(() => { const p = `+formdriver.PanelSel(formID)+`; return !p.closest('form') && p.lang === 'en'
				&& p.nextElementSibling.classList.contains('cf') && p.getAttribute('aria-labelledby') === p.querySelector('.charter-sink-head').id; })()`) {
				t.Error("the panel is not just before the form's box, in English, labelled")
			}
			// Nothing of the panel's is stored: only the form's own draft.
			stored := mustEval[[]string](t, tb.ctx, `[...Object.keys(localStorage), ...Object.keys(sessionStorage).filter(k => !k.startsWith('charter-form:'))]`)
			if len(stored) != 0 {
				t.Errorf("storage keys %v", stored)
			}
		})
	}
}

// TestBrowserTestDataEveryLanguage fills the form with each language's test
// data (the page's lang attribute changed) and checks the browser's and
// the sink's verdict on it.
func TestBrowserTestDataEveryLanguage(t *testing.T) {
	h := getHarness(t)
	tb := newTab(t)
	must(t, formdriver.OpenForm(tb.ctx, h.url("eu", formPath), formID))
	for _, lang := range []string{"en", "de", "fr", "es", "it", "pt-BR", "nl", "pl", "ja", "zh-Hans", "zh-Hant", "ar", "tr", "id", "ms", "th", "vi", "xx"} {
		mustEval[bool](t, tb.ctx, `document.documentElement.lang = `+formdriver.Quote(lang)+`, true`)
		_, err := formdriver.FillTestData(tb.ctx, formID)
		must(t, err)
		fields, err := formdriver.CheckFields(tb.ctx, formID)
		must(t, err)
		values := map[string]string{}
		for name, f := range fields {
			values[name] = f.Value
			if !f.Valid || f.Value == "" {
				t.Errorf("%s: %s = %q: valid %v (%s)", lang, name, f.Value, f.Valid, f.Message)
			}
		}
		if p := Validate(h.sink.config().Forms[formID], values); len(p) != 0 {
			t.Errorf("%s: the sink finds problems: %v", lang, p)
		}
		if !strings.HasSuffix(values["email"], "@example.com") && !strings.HasSuffix(values["email"], "@example.org") {
			t.Errorf("%s: email %q", lang, values["email"])
		}
		t.Logf("%s: %s %s, %s, %s", lang, values["firstName"], values["lastName"], values["city"], values["country"])
	}
}

func TestBrowserModes(t *testing.T) {
	h := getHarness(t)
	h.sink.slow.Store(int64(1500 * time.Millisecond))
	defer h.sink.SetMode(formID, ModeSuccess)
	tb := newTab(t, failedRequest, "net::ERR_")
	must(t, formdriver.OpenForm(tb.ctx, h.url("us", formPath), formID))
	ctx := tb.ctx
	en := func(key string, args ...any) string { return tr("en", key, args...) }

	send := func(mode, want string) formdriver.FormState {
		t.Helper()
		must(t, formdriver.ChooseMode(ctx, formID, mode))
		if got := h.sink.Mode(formID); got != mode {
			t.Fatalf("sink mode %q after choosing %q", got, mode)
		}
		_, err := formdriver.FillTestData(ctx, formID)
		must(t, err)
		before := len(h.recordList(t))
		must(t, formdriver.SubmitForm(ctx, formID))
		must(t, formdriver.WaitState(ctx, formID, want, 10*time.Second))
		st, err := formdriver.ReadState(ctx, formID)
		must(t, err)
		if recs := h.recordList(t); len(recs) <= before || recs[len(recs)-1].Mode != mode {
			t.Errorf("%s: not recorded (%d records)", mode, len(recs))
		}
		return st
	}

	st := send(ModeSuccess, "sent")
	if st.Busy || len(st.Errors) != 0 {
		t.Errorf("success: %+v", st)
	}
	must(t, formdriver.SendAnother(ctx, formID))

	st = send(ModeInvalid, "failed")
	if st.Reason != en("form.error.rejected") || st.Errors["email"] != en("form.error.email") ||
		len(st.Invalid) != 1 || st.Invalid[0] != "email" || len(st.Summary) != 1 || st.Summary[0] != en("form.error.email") {
		t.Errorf("invalid: %+v", st)
	}

	mustEval[bool](t, ctx, formdriver.FormSel(formID)+`.querySelector('.cf-summary').scrollIntoView({behavior: 'instant'}), true`)
	keepShot(t, ctx, "state-invalid")

	st = send(ModeError, "failed")
	if st.Reason != en("form.error.server") {
		t.Errorf("error: %+v", st)
	}

	st = send(ModeDrop, "failed")
	if st.Reason != en("form.error.network") {
		t.Errorf("drop: %+v", st)
	}

	// Slow: "sending" (busy) first, then sent.
	must(t, formdriver.ChooseMode(ctx, formID, ModeSlow))
	_, err := formdriver.FillTestData(ctx, formID)
	must(t, err)
	start := time.Now()
	must(t, formdriver.SubmitForm(ctx, formID))
	must(t, formdriver.WaitState(ctx, formID, "sending", 2*time.Second))
	if st, _ := formdriver.ReadState(ctx, formID); !st.Busy {
		t.Errorf("sending without aria-busy: %+v", st)
	}
	must(t, formdriver.WaitState(ctx, formID, "sent", 10*time.Second))
	if d := time.Since(start); d < 1400*time.Millisecond {
		t.Errorf("slow answered after %s", d)
	}

	// The panel reads the mode back on a new page.
	tb2 := newTab(t)
	must(t, formdriver.OpenForm(tb2.ctx, h.url("us", formPath), formID))
	if m, _ := formdriver.PanelMode(tb2.ctx, formID); m != ModeSlow {
		t.Errorf("a new page's panel shows %q", m)
	}
	log := h.log.String()
	for _, v := range []string{"olivia", "Olivia", "Bennett", "Springfield", "555 010"} {
		if strings.Contains(log, v) {
			t.Errorf("the log shows %q:\n%s", v, log)
		}
	}
	t.Logf("sink log:\n%s", log)
}

func TestBrowserServerValidationInGerman(t *testing.T) {
	h := getHarness(t)
	tb := newTab(t, failedRequest)
	ctx := tb.ctx
	must(t, formdriver.OpenForm(ctx, h.url("de", formPath), formID))
	_, err := formdriver.FillTestData(ctx, formID)
	must(t, err)
	// What a browser would not send: an option that is not offered.
	mustEval[bool](t, ctx, `(() => { const s = `+formdriver.FormSel(formID)+`.elements.product; s.add(new Option('x', 'enterprise')); s.value = 'enterprise'; return true; })()`)
	must(t, formdriver.SubmitForm(ctx, formID))
	must(t, formdriver.WaitState(ctx, formID, "failed", 10*time.Second))
	st, err := formdriver.ReadState(ctx, formID)
	must(t, err)
	want := tr("de", "form.error.choose", "label", tr("de", "form."+formID+".product.label"))
	if st.Errors["product"] != want || st.Reason != tr("de", "form.error.rejected") {
		t.Errorf("state %+v, want the product error %q", st, want)
	}
}

func TestBrowserWithoutJavaScript(t *testing.T) {
	h := getHarness(t)
	tb := newTab(t)
	ctx := tb.ctx
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(h.url("de", formPath))))
	id := func(name string) string { return "#form-implementation-request-" + name }
	before := len(h.recordList(t))
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(id("firstName")), "Lena"),
		chromedp.SendKeys(chromedp.CSS(id("lastName")), "Schneider"),
		chromedp.SendKeys(chromedp.CSS(id("email")), "lena.schneider@example.com"),
		chromedp.SendKeys(chromedp.CSS(id("message")), "Ohne JavaScript"),
		chromedp.SetValue(chromedp.CSS(id("product")), "training"),
		// Space on the focused radio selects it, as a keyboard user does; a
		// click by coordinates missed it now and then under load.
		chromedp.Focus(chromedp.CSS(id("partnerContact-yes"))),
		chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(".cf-submit")),
	))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)))
	must(t, formdriver.WaitJS(ctx, `document.querySelector('h1') && document.querySelector('h1').textContent === 'Received (preview)'`, 10*time.Second))
	if back := mustEval[string](t, ctx, `document.querySelector('main a').getAttribute('href')`); back != formPath+"#form-"+formID {
		t.Errorf("link back %q", back)
	}
	keepShot(t, ctx, "nojs-received")
	recs := h.recordList(t)
	if len(recs) != before+1 {
		t.Fatalf("%d new records", len(recs)-before)
	}
	r := recs[len(recs)-1]
	if r.Encoding != EncodingURLEncoded || r.Region != "de" || r.Language != "de" || r.Fields["message"] != "Ohne JavaScript" ||
		r.Fields["country"] != "DE" || r.Status != 200 || r.Errors != nil || r.Other["website"] != "" {
		t.Errorf("record %+v", r)
	}
}

func TestBrowserPanelKeyboard(t *testing.T) {
	h := getHarness(t)
	defer h.sink.SetMode(formID, ModeSuccess)
	tb := newTab(t)
	ctx := tb.ctx
	must(t, formdriver.OpenForm(ctx, h.url("us", formPath), formID))
	must(t, formdriver.ChooseMode(ctx, formID, ModeSuccess))
	// Arrow keys move through the modes, each one set at the sink.
	must(t, chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`.charter-sink input[value=success]`))))
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)))
	must(t, formdriver.WaitJS(ctx, `document.activeElement.value === 'invalid' && `+formdriver.PanelSel(formID)+`.querySelector('.charter-sink-status').textContent.includes('422')`, 5*time.Second))
	if m := h.sink.Mode(formID); m != ModeInvalid {
		t.Errorf("sink mode %q after ArrowDown", m)
	}
	// Tab reaches the button; Space presses it.
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent(" ")))
	if !mustEval[bool](t, ctx, `document.activeElement.classList.contains('charter-sink-fill') && `+formdriver.FormSel(formID)+`.elements.firstName.value === 'Olivia'`) {
		t.Error("Tab and Space did not fill the form from the button")
	}
}

// keepShot saves a screenshot of the viewport in $FORMSINK_SCREENSHOTS.
func keepShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(t, err)
	if dir := os.Getenv("FORMSINK_SCREENSHOTS"); dir != "" {
		must(t, os.MkdirAll(dir, 0o755))
		must(t, os.WriteFile(filepath.Join(dir, name+".png"), shot, 0o644))
	}
}

func TestBrowserPanelScreenshots(t *testing.T) {
	h := getHarness(t)
	for _, c := range []struct {
		region string
		width  int64
		scheme string
	}{{"de", 390, "light"}, {"us", 1280, "light"}, {"jp", 390, "light"}, {"eu", 1280, "dark"}} {
		name := fmt.Sprintf("%s-%d-%s", c.region, c.width, c.scheme)
		t.Run(name, func(t *testing.T) {
			tb := newTab(t)
			ctx := tb.ctx
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(c.width, 900)))
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: c.scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			must(t, formdriver.OpenForm(ctx, h.url(c.region, formPath), formID))
			// Out of the way: the consent banner covers the page's end.
			// (Rejecting may reload the page, to stop a script that ran.)
			mustEval[bool](t, ctx, `(document.querySelector('[data-consent-action=reject-all]') || document.querySelector('[data-consent-action=accept-all]') || {click() {}}).click(), true`)
			time.Sleep(300 * time.Millisecond)
			must(t, formdriver.WaitJS(ctx, `document.readyState === 'complete' && `+formdriver.PanelSel(formID)+` && !document.querySelector('#cc-banner:not([hidden])')`, 10*time.Second))
			_, err := formdriver.FillTestData(ctx, formID)
			must(t, err)
			// The panel must fit the viewport: no sideways scrolling.
			if w := mustEval[float64](t, ctx, `document.documentElement.scrollWidth`); w > float64(c.width) {
				t.Errorf("the page is %v px wide at %d px", w, c.width)
			}
			if w := mustEval[float64](t, ctx, formdriver.PanelSel(formID)+`.getBoundingClientRect().right`); w > float64(c.width) {
				t.Errorf("the panel ends at %v px at %d px", w, c.width)
			}
			mustEval[bool](t, ctx, formdriver.PanelSel(formID)+`.scrollIntoView({block: 'start', behavior: 'instant'}), window.scrollBy({top: -16, behavior: 'instant'}), true`)
			keepShot(t, ctx, "panel-"+name)
		})
	}
}

// A form that does not post to the sink gets no mode choice; a disabled
// one only a note.
func TestBrowserPanelOtherEndpoints(t *testing.T) {
	h := getHarness(t)
	for _, c := range []struct{ region, note string }{
		{"fr", "This form posts to https://api.acme24.example, not to the preview’s form sink"},
		{"cn", "The form is disabled in this region"},
	} {
		t.Run(c.region, func(t *testing.T) {
			tb := newTab(t)
			must(t, formdriver.OpenForm(tb.ctx, h.url(c.region, formPath), formID))
			got := mustEval[map[string]any](t, tb.ctx, `(() => { const p = `+formdriver.PanelSel(formID)+`;
				return {note: p.querySelector('.charter-sink-note').textContent, modes: !!p.querySelector('fieldset'), fill: !!p.querySelector('.charter-sink-fill')}; })()`)
			if note, _ := got["note"].(string); !strings.HasPrefix(note, c.note) || got["modes"] != false {
				t.Errorf("panel %v", got)
			}
			if c.region == "fr" {
				_, err := formdriver.FillTestData(tb.ctx, formID)
				must(t, err)
				fields, err := formdriver.CheckFields(tb.ctx, formID)
				must(t, err)
				if f := fields["firstName"]; f.Value != "Camille" || !f.Valid {
					t.Errorf("firstName %+v", f)
				}
			} else if got["fill"] != false {
				t.Error("a disabled form's panel offers to fill it")
			}
		})
	}
}
