package browsertest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/site"
)

// The form tests build the example site with the request form pointed at a
// Go handler on the same origin as the region pages (/api/lead on
// http://<region>.localhost:PORT). The build puts that origin in the
// region's connect-src and form-action (its baseURL is still the real
// domain), and the pages are served with that _headers policy, so the
// tests prove the computed policy allows the POST.

const (
	formID   = "implementation-request"
	formPath = "/implementation-request/"
	apiPath  = "/api/lead"
)

// formRegions get an endpoint on their own origin; cn keeps site.toml's
// empty override and stays disabled.
var formRegions = []string{"us", "de", "jp", "eu"}

// submission is one request that reached the endpoint.
type submission struct {
	ContentType string
	Key         string // the Idempotency-Key header
	Body        string
}

// Form is the urlencoded body as url.Values.
func (s submission) Form(t *testing.T) url.Values {
	t.Helper()
	v, err := url.ParseQuery(s.Body)
	if err != nil {
		t.Fatalf("urlencoded body %q: %v", s.Body, err)
	}
	return v
}

// JSON is the JSON body.
func (s submission) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s.Body), &m); err != nil {
		t.Fatalf("JSON body %q: %v", s.Body, err)
	}
	return m
}

// reply is how the endpoint answers one request.
type reply struct {
	status int
	body   string
	// drop closes the connection without an answer, for this request and
	// every later one until the next reset: the network is down (Chromium
	// retries a request whose connection closes, so one drop is not enough).
	drop bool
	// delay holds the answer back (longer than timeoutMs: a timeout; well
	// longer, as Chromium throttles the timers of background tabs to 1s).
	delay time.Duration
}

// endpoint records what the form sends and answers with the queued
// replies, then 200 {"ok":true}.
type endpoint struct {
	mu       sync.Mutex
	attempts []submission // every request, answered or dropped
	received []submission // requests answered with 2xx
	replies  []reply
}

func (e *endpoint) reset(replies ...reply) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.attempts, e.received, e.replies = nil, nil, replies
}

func (e *endpoint) snapshot() (attempts, received []submission) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]submission(nil), e.attempts...), append([]submission(nil), e.received...)
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	b, _ := io.ReadAll(r.Body)
	s := submission{ContentType: r.Header.Get("Content-Type"), Key: r.Header.Get("Idempotency-Key"), Body: string(b)}
	e.mu.Lock()
	rep := reply{status: http.StatusOK, body: `{"ok":true}`}
	if len(e.replies) > 0 {
		rep = e.replies[0]
		if !rep.drop {
			e.replies = e.replies[1:]
		}
	}
	e.attempts = append(e.attempts, s)
	e.mu.Unlock()
	if rep.drop {
		// Answer bytes that are not HTTP: the browser fails the request at
		// once (a closed connection would be retried).
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				io.WriteString(conn, "\x00\x01 not http\r\n\r\n")
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if rep.delay > 0 {
		select {
		case <-time.After(rep.delay):
		case <-r.Context().Done():
			return // the browser gave up: not received
		}
	}
	if rep.status < 300 {
		e.mu.Lock()
		e.received = append(e.received, s)
		e.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	io.WriteString(w, rep.body)
}

// formSite is the example site built with the form's endpoint on the test
// server, served with the harness's Site handler plus the endpoint.
type formSite struct {
	*Site
	ep *endpoint
}

var (
	formSitesMu sync.Mutex
	formSites   = map[string]*formSite{}
)

// buildFormSite builds the example site with extra --set overrides for the
// form and serves it; builds are shared by the tests of the binary.
func buildFormSite(t *testing.T, sets ...string) *formSite {
	t.Helper()
	browser(t) // skip (or fail) first when there is no browser
	key := strings.Join(sets, "\x00")
	formSitesMu.Lock()
	defer formSitesMu.Unlock()
	if s, ok := formSites[key]; ok {
		s.ep.reset()
		return s
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := false
	defer func() {
		if !served {
			ln.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	for _, r := range formRegions {
		sets = append(sets, fmt.Sprintf("forms.%s.endpoints.%s=http://%s.localhost:%d%s", formID, r, r, port, apiPath))
	}
	out, err := os.MkdirTemp("", "charter-formtest-")
	if err != nil {
		t.Fatal(err)
	}
	cleanups = append(cleanups, func() { os.RemoveAll(out) })
	start := time.Now()
	if _, diags := site.Build(site.BuildOptions{Options: site.Options{Dir: siteDir, Defaults: charter.Defaults, Sets: sets}, OutDir: out}); diags.HasErrors() {
		t.Fatalf("building the example site (sets %q):\n%s", sets, diags)
	}
	t.Logf("built the site for %q in %s", sets, time.Since(start).Round(time.Millisecond))
	cfg, diags := config.Load(siteDir, sets)
	if diags.HasErrors() {
		t.Fatalf("loading site.toml: %s", diags)
	}
	site := newSite(t, out, cfg, port)
	fs := &formSite{Site: site, ep: &endpoint{}}
	mux := http.NewServeMux()
	mux.Handle(apiPath, fs.ep)
	mux.Handle("/", site)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	served = true
	cleanups = append(cleanups, func() { srv.Close() })
	formSites[key] = fs
	return fs
}

var (
	catalogsOnce sync.Once
	catalogs     *i18n.Catalogs
)

// tr is a UI string as the example's locales have it.
func tr(t *testing.T, lang, key string, args ...any) string {
	t.Helper()
	catalogsOnce.Do(func() {
		c, diags := i18n.Load(charter.Defaults, "locales")
		if diags.HasErrors() {
			t.Fatalf("locales: %s", diags)
		}
		c.SetDefault("en")
		catalogs = c
	})
	return catalogs.T(lang, key, args...)
}

// A valid request; fill sets it through the DOM as a visitor's input
// would (with input events, so the draft is saved too).
var lead = map[string]string{
	"firstName":      "Ada",
	"lastName":       "Lovelace-Müller",
	"email":          "ada.lovelace@example.com",
	"phone":          "+49 30 1234567",
	"country":        "DE",
	"city":           "Berlin",
	"product":        "migration",
	"message":        "We need 40 seats by March & a migration plan <urgent>.",
	"partnerContact": "yes",
}

func fill(p *Page, values map[string]string) {
	p.t.Helper()
	b, _ := json.Marshal(values)
	Eval[chromedp.Void](p, `(() => {
  const f = document.querySelector('form[data-form]'), v = `+string(b)+`;
  for (const n in v) {
    const el = f.elements.namedItem(n);
    if (el instanceof RadioNodeList) {
      for (const r of el) if (r.value === v[n]) r.click();
    } else {
      el.value = v[n];
      el.dispatchEvent(new Event('input', {bubbles: true}));
    }
  }
})()`)
}

// activate focuses the element and presses Enter, as a keyboard user
// would (a click could land on the consent banner instead).
func activate(p *Page, css string) {
	p.t.Helper()
	p.Do("focusing "+css, chromedp.Focus(chromedp.CSS(css)))
	p.Press(kb.Enter)
}

func submit(p *Page) {
	p.t.Helper()
	Eval[chromedp.Void](p, `document.querySelector('form[data-form] .cf-submit').click()`)
}

const sentShown = `!document.querySelector('[data-s=sent]').hidden`
const failedShown = `!document.querySelector('[data-s=failed]').hidden`

// values reads the form's current field values.
func values(p *Page) map[string]string {
	p.t.Helper()
	return Eval[map[string]string](p, `(() => {
  const f = document.querySelector('form[data-form]'), o = {};
  for (const c of f.querySelectorAll('[data-f]')) o[c.dataset.f] = f.elements.namedItem(c.dataset.f).value;
  return o;
})()`)
}

// noPersonalDataStored fails if any of the lead's values is in session or
// local storage, a cookie, or the URL.
func noPersonalDataStored(t *testing.T, p *Page) {
	t.Helper()
	stored := Eval[string](p, `JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage), document.cookie, location.href])`)
	for _, c := range p.Cookies() {
		stored += " " + c.Name + "=" + c.Value
	}
	for _, n := range []string{"firstName", "lastName", "email", "phone", "city", "message"} {
		if strings.Contains(stored, lead[n]) || strings.Contains(stored, url.QueryEscape(lead[n])) {
			t.Errorf("%s (%q) is still stored after sending: %s", n, lead[n], stored)
		}
	}
	if strings.Contains(stored, "charter-form:") {
		t.Errorf("the draft is still in storage after sending: %s", stored)
	}
}

func wantOne(t *testing.T, ep *endpoint) submission {
	t.Helper()
	_, got := ep.snapshot()
	if len(got) != 1 {
		t.Fatalf("endpoint received %d requests, want 1: %+v", len(got), got)
	}
	return got[0]
}

func TestFormSendsJSON(t *testing.T) {
	s := buildFormSite(t)
	p := s.Open(t, "us", formPath)
	if nv := Eval[bool](p, `document.querySelector('form[data-form]').noValidate`); !nv {
		t.Error("the script did not take over validation (novalidate)")
	}
	fill(p, lead)
	submit(p)
	p.WaitFor(sentShown)
	got := wantOne(t, s.ep)
	if !strings.HasPrefix(got.ContentType, "application/json") {
		t.Errorf("Content-Type = %q", got.ContentType)
	}
	body := got.JSON(t)
	for n, v := range lead {
		if body[n] != v {
			t.Errorf("body[%s] = %v, want %q", n, body[n], v)
		}
	}
	want := map[string]string{"region": "us", "language": "en", "form": formID, "pageUrl": s.URL("us", formPath), "idempotencyKey": got.Key}
	for n, v := range want {
		if body[n] != v {
			t.Errorf("body[%s] = %v, want %q", n, body[n], v)
		}
	}
	if len(got.Key) != 36 {
		t.Errorf("Idempotency-Key = %q, want a UUID", got.Key)
	}
	if _, ok := body["website"]; ok {
		t.Error("the honeypot field was sent")
	}

	// Sent: announced, the fields cleared and hidden, focus on the message,
	// and nothing personal left in any storage.
	if txt := Eval[string](p, `document.querySelector('[data-s=sent]').textContent`); !strings.Contains(txt, "Request has been sent!") {
		t.Errorf("sent state says %q", txt)
	}
	if !Eval[bool](p, `document.activeElement === document.querySelector('[data-s=sent]') && !!document.activeElement.closest('[aria-live]')`) {
		t.Error("the sent message neither has focus nor sits in a live region")
	}
	if v := values(p); v["firstName"] != "" || v["message"] != "" || v["partnerContact"] != "" {
		t.Errorf("form not cleared after sending: %v", v)
	}
	noPersonalDataStored(t, p)

	// "Send another request" brings the empty form back.
	activate(p, `[data-a=again]`)
	if !Eval[bool](p, `!document.querySelector('.cf-body').hidden && document.activeElement.name === 'firstName'`) {
		t.Error("Send another request did not show the form with focus on its first field")
	}
	fill(p, lead)
	submit(p)
	p.WaitFor(sentShown)
	_, all := s.ep.snapshot()
	if len(all) != 2 || all[1].Key == all[0].Key {
		t.Errorf("a second request must get a new idempotency key: %+v", all)
	}
}

func TestFormSendsURLEncodedWithFieldMap(t *testing.T) {
	s := buildFormSite(t,
		"forms."+formID+".encoding=urlencoded",
		"forms."+formID+".fieldMap.email=fields[EMAIL][0][VALUE]",
		"forms."+formID+".fieldMap.firstName=fields[NAME]",
		"forms."+formID+".extra.source=legal-site",
	)
	p := s.Open(t, "de", formPath)
	fill(p, lead)
	submit(p)
	p.WaitFor(sentShown)
	got := wantOne(t, s.ep)
	if !strings.HasPrefix(got.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("Content-Type = %q", got.ContentType)
	}
	f := got.Form(t)
	want := map[string]string{
		"fields[EMAIL][0][VALUE]": lead["email"], "fields[NAME]": lead["firstName"], "lastName": lead["lastName"],
		"message": lead["message"], "partnerContact": "yes", "region": "de", "language": "de",
		"source": "legal-site", "idempotencyKey": got.Key,
	}
	for n, v := range want {
		if f.Get(n) != v {
			t.Errorf("%s = %q, want %q (body %s)", n, f.Get(n), v, got.Body)
		}
	}
	if f.Has("email") || f.Has("firstName") {
		t.Errorf("mapped fields are also sent under their own names: %s", got.Body)
	}
}

func TestFormSendsMappedJSON(t *testing.T) {
	s := buildFormSite(t,
		"forms."+formID+".fieldMap.email=fields[EMAIL][0][VALUE]",
		"forms."+formID+".fieldMap.phone=fields[PHONE][0][VALUE]",
		"forms."+formID+".fieldMap.firstName=fields[NAME]",
	)
	p := s.Open(t, "eu", formPath)
	fill(p, lead)
	submit(p)
	p.WaitFor(sentShown)
	got := wantOne(t, s.ep)
	var body struct {
		Fields struct {
			Name  string
			Email []struct{ Value string } `json:"EMAIL"`
			Phone []struct{ Value string } `json:"PHONE"`
		} `json:"fields"`
		LastName string `json:"lastName"`
		Region   string `json:"region"`
	}
	if err := json.Unmarshal([]byte(got.Body), &body); err != nil {
		t.Fatalf("body %s: %v", got.Body, err)
	}
	if body.Fields.Name != lead["firstName"] || len(body.Fields.Email) != 1 || body.Fields.Email[0].Value != lead["email"] ||
		len(body.Fields.Phone) != 1 || body.Fields.Phone[0].Value != lead["phone"] || body.LastName != lead["lastName"] || body.Region != "eu" {
		t.Errorf("mapped JSON body = %s", got.Body)
	}
}

// failThenResend submits, expects the failed state with reason, checks the
// answers are kept, then resends.
func failThenResend(t *testing.T, s *formSite, first reply, reason string) {
	s.ep.reset(first)
	p := s.Open(t, "us", formPath)
	p.AllowProblems() // the failed request is logged by the browser
	fill(p, lead)
	submit(p)
	start := time.Now()
	p.WaitFor(failedShown)
	t.Logf("failed state after %s", time.Since(start))
	if got := Eval[string](p, `document.querySelector('.cf-reason').textContent`); got != reason {
		t.Errorf("failure reason = %q, want %q", got, reason)
	}
	if !Eval[bool](p, `document.activeElement === document.querySelector('[data-s=failed]')`) {
		t.Error("focus is not on the failure message")
	}
	if v := values(p); v["email"] != lead["email"] || v["message"] != lead["message"] || v["partnerContact"] != "yes" {
		t.Errorf("answers lost after a failure: %v", v)
	}
	if Eval[bool](p, `document.querySelector('.cf-submit').disabled || document.querySelector('form[data-form]').hasAttribute('aria-busy')`) {
		t.Error("the form is still busy after the failure")
	}
	before, _ := s.ep.snapshot()
	if len(before) == 0 {
		t.Fatal("the endpoint saw no request")
	}
	s.ep.mu.Lock()
	s.ep.replies = nil // the server is back
	s.ep.mu.Unlock()
	activate(p, `[data-a=resend]`)
	p.WaitFor(sentShown)
	attempts, received := s.ep.snapshot()
	if len(attempts) != len(before)+1 || len(received) != 1 {
		t.Fatalf("Resend made %d requests (%d answered), want exactly 1", len(attempts)-len(before), len(received))
	}
	for _, a := range attempts {
		if a.Key != received[0].Key || a.Key == "" {
			t.Errorf("keys differ between the failed send and the resend: %q vs %q", a.Key, received[0].Key)
		}
	}
	if received[0].JSON(t)["idempotencyKey"] != received[0].Key {
		t.Errorf("the body's idempotencyKey is not the header's")
	}
	for _, msg := range p.Problems() {
		if !strings.Contains(msg, "Failed to load resource") && !strings.Contains(msg, "net::ERR") {
			t.Errorf("unexpected browser problem: %s", msg)
		}
	}
	noPersonalDataStored(t, p)
}

func TestFormServerErrorKeepsDataAndResends(t *testing.T) {
	s := buildFormSite(t)
	failThenResend(t, s, reply{status: 503, body: `{"error":"maintenance"}`}, tr(t, "en", "form.error.server"))
}

func TestFormNetworkDownKeepsDataAndResends(t *testing.T) {
	s := buildFormSite(t)
	failThenResend(t, s, reply{drop: true}, tr(t, "en", "form.error.network"))
}

func TestFormTimeoutKeepsDataAndResends(t *testing.T) {
	s := buildFormSite(t, "forms."+formID+".timeoutMs=400")
	failThenResend(t, s, reply{status: 200, body: `{"ok":true}`, delay: 5 * time.Second}, tr(t, "en", "form.error.network"))
}

func TestFormFieldErrorsFromEndpoint(t *testing.T) {
	s := buildFormSite(t)
	s.ep.reset(reply{status: 422, body: `{"errors":{"email":"This mailbox does not exist"}}`})
	p := s.Open(t, "us", formPath)
	p.AllowProblems()
	fill(p, lead)
	submit(p)
	p.WaitFor(failedShown)
	if got := Eval[string](p, `document.getElementById('form-implementation-request-email-error').textContent`); got != "This mailbox does not exist" {
		t.Errorf("inline email error = %q", got)
	}
	if !Eval[bool](p, `document.getElementById('form-implementation-request-email').getAttribute('aria-invalid') === 'true' && document.activeElement.classList.contains('cf-summary')`) {
		t.Error("the endpoint's field error is not marked invalid with the summary focused")
	}
	if got := Eval[string](p, `document.querySelector('.cf-reason').textContent`); got != tr(t, "en", "form.error.rejected") {
		t.Errorf("reason = %q", got)
	}
}

func TestFormValidationIsLocalized(t *testing.T) {
	s := buildFormSite(t)
	// Japanese asks for the family name first (familyNameFirst), and the
	// summary follows the page's order.
	for _, c := range []struct{ region, lang, first, second string }{{"de", "de", "firstName", "lastName"}, {"jp", "ja", "lastName", "firstName"}} {
		t.Run(c.lang, func(t *testing.T) {
			p := s.Open(t, c.region, formPath)
			fill(p, map[string]string{"email": "not-an-address", "message": "Hallo"})
			submit(p)
			p.WaitFor(`!document.querySelector('.cf-summary').hidden`)
			if !Eval[bool](p, `document.activeElement === document.querySelector('.cf-summary') && document.activeElement.getAttribute('role') === 'alert'`) {
				t.Error("the error summary does not have focus")
			}
			label := func(name string) string { return tr(t, c.lang, "form."+formID+"."+name+".label") }
			want := []string{
				tr(t, c.lang, "form.error.required", "label", label(c.first)),
				tr(t, c.lang, "form.error.required", "label", label(c.second)),
				tr(t, c.lang, "form.error.email"),
				tr(t, c.lang, "form.error.choose", "label", label("product")),
				tr(t, c.lang, "form.error.answer", "label", label("partnerContact")),
			}
			got := Eval[[]string](p, `[...document.querySelectorAll('.cf-summary li a')].map(a => a.textContent)`)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("summary:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if h := Eval[string](p, `document.querySelector('.cf-summary h3').textContent`); h != tr(t, c.lang, "form.error_summary") {
				t.Errorf("summary heading %q", h)
			}
			// Inline: the message is tied to its control.
			if !Eval[bool](p, `(() => { const i = document.getElementById('form-implementation-request-email');
				const ids = i.getAttribute('aria-describedby').split(' ');
				return i.getAttribute('aria-invalid') === 'true' && ids.some(id => document.getElementById(id).textContent === `+jsString(want[2])+`); })()`) {
				t.Error("the email error is not tied to the email field")
			}
			if !Eval[bool](p, `document.getElementById('form-implementation-request-partnerContact').getAttribute('aria-invalid') === 'true'`) {
				t.Error("the unanswered partner-contact choice is not marked invalid")
			}
			// A summary link moves focus to its field. (A click: chromedp's
			// Enter also sends a separate char event, which would reach the
			// newly focused field and submit the form again.)
			Eval[chromedp.Void](p, `document.querySelector('.cf-summary li:nth-child(3) a').click()`)
			if !Eval[bool](p, `document.activeElement.id === 'form-implementation-request-email'`) {
				t.Error("the summary link did not focus the email field")
			}
			// Correcting the field clears its error.
			fill(p, map[string]string{"email": lead["email"]})
			if Eval[bool](p, `document.getElementById('form-implementation-request-email').hasAttribute('aria-invalid')`) {
				t.Error("the error stayed after the email was corrected")
			}
			if a, _ := s.ep.snapshot(); len(a) != 0 {
				t.Errorf("an invalid form was sent: %+v", a)
			}
		})
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestFormPartnerContactNoStillSends(t *testing.T) {
	s := buildFormSite(t)
	p := s.Open(t, "de", formPath)
	declined := map[string]string{}
	for k, v := range lead {
		declined[k] = v
	}
	declined["partnerContact"] = "no"
	fill(p, declined)
	submit(p)
	p.WaitFor(sentShown)
	if got := wantOne(t, s.ep).JSON(t)["partnerContact"]; got != "no" {
		t.Errorf("partnerContact = %v, want no", got)
	}
}

func TestFormHoneypotDrops(t *testing.T) {
	s := buildFormSite(t)
	p := s.Open(t, "us", formPath)
	hp := Eval[map[string]string](p, `(() => { const i = document.querySelector('input[name=website]');
		return {tab: i.getAttribute('tabindex'), ac: i.getAttribute('autocomplete'), hidden: i.closest('[aria-hidden]') ? 'yes' : 'no', w: String(i.closest('.cf-hp').getBoundingClientRect().width)}; })()`)
	if hp["tab"] != "-1" || hp["ac"] != "off" || hp["hidden"] != "yes" || hp["w"] != "1" {
		t.Errorf("honeypot is not hidden from people: %v", hp)
	}
	fill(p, lead)
	Eval[chromedp.Void](p, `document.querySelector('input[name=website]').value = 'https://spam.example/'`)
	submit(p)
	p.WaitFor(sentShown) // the bot is told it worked
	time.Sleep(300 * time.Millisecond)
	if a, _ := s.ep.snapshot(); len(a) != 0 {
		t.Errorf("a submission with the honeypot filled was sent: %+v", a)
	}
}

func TestFormDisabledRegion(t *testing.T) {
	s := buildFormSite(t)
	p := s.Open(t, "cn", formPath)
	got := Eval[map[string]any](p, `(() => { const f = document.querySelector('form[data-form]');
		return {action: f.hasAttribute('action'), novalidate: f.noValidate,
			enabled: [...f.querySelectorAll('input:not([type=hidden]),select,textarea,button')].filter(e => !e.matches(':disabled') && !e.closest('.cf-hp')).map(e => e.name || e.className),
			notice: document.querySelector('.cf-off').textContent}; })()`)
	if got["action"] != false || got["novalidate"] != false {
		t.Errorf("disabled form: %v", got)
	}
	if en, _ := got["enabled"].([]any); len(en) != 0 {
		t.Errorf("controls still enabled in the disabled form: %v", en)
	}
	if n, _ := got["notice"].(string); !strings.Contains(n, tr(t, "zh-Hans", "form.disabled")) {
		t.Errorf("disabled notice = %q, want %q", n, tr(t, "zh-Hans", "form.disabled"))
	}
}

func TestFormWorksWithoutJavaScript(t *testing.T) {
	s := buildFormSite(t)
	p := NewPage(t)
	if _, err := chromedp.Call(p.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disabling JavaScript: %v", err)
	}
	p.Navigate(s.URL("us", formPath))
	id := func(name string) string { return "#form-implementation-request-" + name }
	p.Do("filling the form by keyboard",
		chromedp.SendKeys(chromedp.CSS(id("firstName")), lead["firstName"]),
		chromedp.SendKeys(chromedp.CSS(id("lastName")), lead["lastName"]),
		chromedp.SendKeys(chromedp.CSS(id("email")), lead["email"]),
		chromedp.SendKeys(chromedp.CSS(id("message")), lead["message"]),
		chromedp.SetValue(chromedp.CSS(id("product")), "training"),
		// Space on the focused radio selects it, as a keyboard user does; a
		// click by coordinates missed it now and then while the page still
		// laid out.
		chromedp.Focus(chromedp.CSS(id("partnerContact-no"))),
		chromedp.KeyEvent(" "),
		chromedp.Focus(chromedp.CSS(".cf-submit")),
	)
	p.Press(kb.Enter)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, got := s.ep.snapshot(); len(got) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	got := wantOne(t, s.ep)
	if !strings.HasPrefix(got.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("Content-Type = %q", got.ContentType)
	}
	f := got.Form(t)
	want := map[string]string{"firstName": lead["firstName"], "lastName": lead["lastName"], "email": lead["email"],
		"message": lead["message"], "product": "training", "partnerContact": "no", "country": "US", "region": "us", "form": formID, "website": ""}
	for n, v := range want {
		if f.Get(n) != v || !f.Has(n) {
			t.Errorf("%s = %q, want %q (body %s)", n, f.Get(n), v, got.Body)
		}
	}
}

func TestFormDraftSurvivesReload(t *testing.T) {
	s := buildFormSite(t)
	p := s.Open(t, "de", formPath)
	p.Do("typing", chromedp.SendKeys(chromedp.CSS("#form-implementation-request-firstName"), "Grace"),
		chromedp.SendKeys(chromedp.CSS("#form-implementation-request-message"), "Halb getippt"))
	// A click by coordinates can land on the next radio while the consent
	// banner pads the page's end; this test is about the draft.
	Eval[bool](p, `document.querySelector("#form-implementation-request-partnerContact-yes").click(), true`)
	p.Reload()
	v := values(p)
	if v["firstName"] != "Grace" || v["message"] != "Halb getippt" || v["partnerContact"] != "yes" || v["country"] != "DE" {
		t.Errorf("draft after reload = %v", v)
	}
	stored := Eval[string](p, `JSON.stringify([Object.entries(localStorage), document.cookie, location.href])`)
	if strings.Contains(stored, "Grace") || strings.Contains(stored, "getippt") {
		t.Errorf("the draft leaked outside sessionStorage: %s", stored)
	}
	for _, c := range p.Cookies() {
		if strings.Contains(c.Value, "Grace") {
			t.Errorf("cookie %s holds the draft", c.Name)
		}
	}
	fill(p, lead)
	submit(p)
	p.WaitFor(sentShown)
	noPersonalDataStored(t, p)
	p.Reload()
	if v := values(p); v["firstName"] != "" || v["message"] != "" {
		t.Errorf("the sent draft came back after a reload: %v", v)
	}
}
