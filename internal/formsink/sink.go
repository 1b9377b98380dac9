// Package formsink is the form endpoint of charter serve: every form of
// the preview posts to /_charter/forms/<form id> on its region's own
// origin, where a Sink validates the submission with the page's rules,
// appends it to <site>/.charter/forms/<form id>.jsonl, prints one line
// without any values to the terminal, and answers in the response mode
// chosen for the form (success, invalid, error, slow or drop), so the
// form's every state can be tried without a real endpoint.
//
// A serve-only panel (Script and Stylesheet, served by the sink) puts a
// "Preview only" box above each form: the response mode, and a button
// that fills the form with test data in the page's language.
//
// # Mounting
//
// The server resolves the region from the Host (it does already) and hands
// the sink every request whose path Handles accepts:
//
//	if formsink.Handles(r.URL.Path) {
//		sink.Handle(w, r, regionID)
//		return
//	}
//
// Handle sets its own headers (nosniff, no-store, its own CSP); the
// region's _headers must not be applied on top. Call SetConfig after each
// site.toml that loads (it also rereads the locales, for the messages of
// 422 answers), and Close on shutdown, before http.Server.Shutdown, so a
// slow answer does not hold the shutdown for 10 s. Pages get the panel
// with HeadTags (or Script and Stylesheet) inserted before </head>.
//
// # Answers
//
// By the form's mode (SetMode; the panel posts to /_charter/forms/<id>/mode):
//
//   - success: 200 {"ok":true,"preview":true}, or 422 {"errors":{...}}
//     when the submission is invalid: the server-side validation works in
//     the default mode too;
//   - invalid: 422 with field errors even for a valid submission (an error
//     on the first email field, as an endpoint that refuses the address);
//   - error: 500, whatever was sent;
//   - slow: waits 10 s (cut short by the request's end and by Close), then
//     answers as success;
//   - drop: closes the connection without an answer, whatever was sent.
//     The browser then resends the request on its other connections: the
//     same body again within 2 s is dropped without a new record or line.
//
// A filled-in honeypot is spam: recorded and logged as such, and answered
// 200 in the success, invalid and slow modes, as a real endpoint pretends
// to a bot (error and drop happen before any endpoint looks at it).
//
// form.ts reads a 422 (any status under 500) as "rejected", and the JSON
// body's "errors" object as field name -> message: the sink keys the
// errors by field name (form.ts also tries the fieldMap name) and writes
// the page's own localized messages (forms.New with the site's locales).
// The form without JavaScript posts urlencoded and accepts text/html: it
// gets a small HTML page ("Received (preview)", the errors, or the error)
// with a link back to the form, not a 303 back to the Referer: a redirect
// would show the same empty form, with no way to tell it was received or
// why it was refused.
package formsink

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/overlay"
)

// URL paths the sink answers.
const (
	FormsPrefix = "/_charter/forms/" // POST <prefix><id>; GET/POST <prefix><id>/mode
	ScriptPath  = "/_charter/formsink.js"
	StylePath   = "/_charter/formsink.css"
)

// MaxBody is the largest submission body accepted (413 beyond).
const MaxBody = 64 << 10

// Response modes.
const (
	ModeSuccess = "success"
	ModeInvalid = "invalid"
	ModeError   = "error"
	ModeSlow    = "slow"
	ModeDrop    = "drop"
)

// Modes are the response modes, in the panel's order.
var Modes = []string{ModeSuccess, ModeInvalid, ModeError, ModeSlow, ModeDrop}

// SlowDelay is how long the slow mode waits before it answers.
const SlowDelay = 10 * time.Second

// Handles reports whether the sink answers path: the panel's script and
// stylesheet and everything under FormsPrefix.
func Handles(path string) bool {
	return path == ScriptPath || path == StylePath || strings.HasPrefix(path, FormsPrefix)
}

// Sink receives the preview's form submissions. It is safe for concurrent use.
type Sink struct {
	dir  string
	log  io.Writer
	slow atomic.Int64 // the slow mode's wait in nanoseconds: SlowDelay; tests shorten it
	now  func() time.Time
	cop  *http.CrossOriginProtection

	mu       sync.Mutex
	cfg      *config.Site
	modes    map[string]string // form id -> mode; absent: success
	catalogs *i18n.Catalogs    // the site's locales, read on first need
	lastDrop struct {          // the last body dropped, to tell the browser's retries
		sum [sha256.Size]byte
		at  time.Time
	}

	logMu    sync.Mutex
	recordMu sync.Mutex

	closed    chan struct{}
	closeOnce sync.Once
}

// New returns a sink for the site in dir (the folder with site.toml) as cfg
// configures it, printing one line per submission to log.
func New(cfg *config.Site, dir string, log io.Writer) *Sink {
	if log == nil {
		log = io.Discard
	}
	s := &Sink{
		dir: dir, log: log, now: time.Now,
		cop: http.NewCrossOriginProtection(), cfg: cfg, modes: map[string]string{},
		closed: make(chan struct{}),
	}
	s.slow.Store(int64(SlowDelay))
	return s
}

// SetConfig replaces the configuration after site.toml changed. Modes of
// forms that still exist are kept; the locales are read again.
func (s *Sink) SetConfig(cfg *config.Site) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg = cfg
	s.catalogs = nil
	for id := range s.modes {
		if cfg == nil || cfg.Forms[id] == nil {
			delete(s.modes, id)
		}
	}
}

// Close ends the waits of slow answers (they answer 503) and makes later
// slow answers immediate. The sink keeps answering otherwise.
func (s *Sink) Close() error {
	s.closeOnce.Do(func() { close(s.closed) })
	return nil
}

// Mode is the response mode of the form.
func (s *Sink) Mode(form string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.modes[form]; m != "" {
		return m
	}
	return ModeSuccess
}

// SetMode sets the response mode of the form.
func (s *Sink) SetMode(form, mode string) error {
	if !slices.Contains(Modes, mode) {
		return fmt.Errorf("unknown mode %q; use one of %s", mode, strings.Join(Modes, ", "))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cfg == nil || s.cfg.Forms[form] == nil {
		return fmt.Errorf("there is no form %q", form)
	}
	s.modes[form] = mode
	return nil
}

func (s *Sink) config() *config.Site {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// translator is T of the site's locales (the site's own over charter's
// defaults, as the build reads them) for lang.
func (s *Sink) translator(lang string) func(string, ...any) string {
	s.mu.Lock()
	c := s.catalogs
	if c == nil {
		c, _ = i18n.Load(overlay.New(s.dir, charter.Defaults), "locales") // a broken file: its valid keys, and the defaults
		if s.cfg != nil {
			c.SetDefault(s.cfg.DefaultLanguage)
		}
		s.catalogs = c
	}
	s.mu.Unlock()
	return func(key string, args ...any) string { return c.T(lang, key, args...) }
}

func (s *Sink) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log, format+"\n", args...)
}

// Handle answers a request for a path Handles accepts, on the origin of
// the region regionID (which the server knows from the Host).
func (s *Sink) Handle(w http.ResponseWriter, r *http.Request, regionID string) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("Referrer-Policy", "same-origin")
	switch p := r.URL.Path; {
	case p == ScriptPath:
		serveAsset(w, r, scriptAsset)
	case p == StylePath:
		serveAsset(w, r, styleAsset)
	case strings.HasPrefix(p, FormsPrefix):
		id, sub, _ := strings.Cut(strings.TrimPrefix(p, FormsPrefix), "/")
		cfg := s.config()
		var f *config.Form
		if cfg != nil {
			f = cfg.Forms[id]
		}
		switch {
		case f == nil:
			s.refuse(w, r, http.StatusNotFound, "There is no form with this id in site.toml.")
		case sub == "mode":
			s.handleMode(w, r, f)
		case sub == "":
			s.handleSubmit(w, r, cfg, f, regionID)
		default:
			s.refuse(w, r, http.StatusNotFound, "Not found.")
		}
	default:
		s.refuse(w, r, http.StatusNotFound, "Not found.")
	}
}

// handleSubmit receives one submission.
func (s *Sink) handleSubmit(w http.ResponseWriter, r *http.Request, cfg *config.Site, f *config.Form, regionID string) {
	var reg *config.Region
	for _, rg := range cfg.Regions {
		if rg.ID == regionID {
			reg = rg
		}
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.refuse(w, r, http.StatusMethodNotAllowed, "Submissions are POST requests.")
		return
	}
	where := fmt.Sprintf("form %s (region %q)", f.ID, regionID)
	fail := func(status int, msg string) {
		s.logf("%s: %d refused: %s", where, status, msg)
		s.refuse(w, r, status, msg)
	}
	if reg == nil {
		fail(http.StatusNotFound, "There is no such region.")
		return
	}
	where = fmt.Sprintf("form %s (%s)", f.ID, reg.ID)
	switch {
	case forms.Endpoint(f, reg.ID) == "":
		fail(http.StatusNotFound, "The form is disabled in this region (its endpoint is \"\").")
		return
	}
	if err := s.cop.Check(r); err != nil {
		fail(http.StatusForbidden, "Cross-origin submissions are refused: the preview's forms post to their own origin.")
		return
	}
	var encoding string
	switch mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt {
	case "application/json":
		encoding = EncodingJSON
	case "application/x-www-form-urlencoded":
		encoding = EncodingURLEncoded
	default:
		w.Header().Set("Accept-Post", "application/json, application/x-www-form-urlencoded")
		fail(http.StatusUnsupportedMediaType, "Send application/json or application/x-www-form-urlencoded.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			fail(http.StatusRequestEntityTooLarge, "The body is larger than 64 KiB.")
		} else {
			s.logf("%s: reading the body failed", where)
		}
		return
	}
	p, err := decodePayload(encoding, body)
	if err != nil {
		fail(http.StatusBadRequest, err.Error())
		return
	}
	sub := p.read(f)
	lang := reg.DefaultLanguage()
	for _, l := range reg.Languages {
		if strings.EqualFold(l, sub.language) {
			lang = l
		}
	}
	problems := Validate(f, sub.fields)
	mode := s.Mode(f.ID)
	if mode == ModeDrop && s.retried(reg.ID, f.ID, body) {
		drop(w) // the same submission again: recorded and logged once
		return
	}
	spam := f.Honeypot != "" && sub.honeypot != ""

	status := http.StatusOK
	switch {
	case mode == ModeDrop:
		status = 0
	case mode == ModeError:
		status = http.StatusInternalServerError
	case spam:
	case len(problems) > 0 || mode == ModeInvalid:
		status = http.StatusUnprocessableEntity
	}
	rec := &Record{
		Time: s.now().UTC(), Region: reg.ID, Language: lang, Form: f.ID, Mode: mode, Status: status,
		Spam: spam, Encoding: encoding, Fields: sub.fields, Other: sub.other,
	}
	if len(problems) > 0 {
		rec.Errors = map[string]string{}
		for _, pr := range problems {
			rec.Errors[pr.Field] = pr.Kind
		}
	}
	where = fmt.Sprintf("form %s (%s, %s)", f.ID, reg.ID, lang)
	if err := s.record(rec); err != nil {
		s.logf("%s: 500, the submission could not be recorded: %v", where, err)
		s.refuse(w, r, http.StatusInternalServerError, "The sink could not record the submission; see the terminal.")
		return
	}
	slow := time.Duration(s.slow.Load())
	s.logf("%s: %s — %s", where, outcome(rec, problems, slow), fieldList(sub.sent(f)))

	switch mode {
	case ModeDrop:
		drop(w)
		return
	case ModeSlow:
		t := time.NewTimer(slow)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			s.logf("%s: the browser stopped waiting for the slow answer", where)
			return
		case <-s.closed:
			s.refuse(w, r, http.StatusServiceUnavailable, "The preview server is shutting down.")
			return
		}
	}
	s.answer(w, r, &answer{status: status, form: f, mode: mode, lang: lang, errors: s.messages(f, reg, lang, problems, status)})
}

// retryWindow is how soon after a dropped request the same body again
// counts as the browser's retry. Chromium resends a request whose
// connection closes unanswered on each idle keep-alive connection it
// has to the origin (up to six), within milliseconds.
const retryWindow = 2 * time.Second

// retried reports whether a body to drop is the browser's retry of the
// one dropped last, and remembers it.
func (s *Sink) retried(region, form string, body []byte) bool {
	sum := sha256.Sum256(append([]byte(region+"\x00"+form+"\x00"), body...))
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	again := s.lastDrop.sum == sum && now.Sub(s.lastDrop.at) < retryWindow
	s.lastDrop.sum, s.lastDrop.at = sum, now
	return again
}

func (s *Sink) record(rec *Record) error {
	s.recordMu.Lock()
	defer s.recordMu.Unlock()
	return appendRecord(s.dir, rec)
}

// outcome is the log's summary of an answer: status, mode and what made it.
func outcome(rec *Record, problems []Problem, slow time.Duration) string {
	var b strings.Builder
	if rec.Status == 0 {
		b.WriteString("connection dropped") // the drop mode
	} else {
		fmt.Fprintf(&b, "%d %s", rec.Status, rec.Mode)
	}
	if rec.Mode == ModeSlow {
		fmt.Fprintf(&b, " (answering in %s)", slow)
	}
	if rec.Spam {
		b.WriteString(", spam: the honeypot is filled in")
	}
	if len(problems) > 0 {
		b.WriteString(", errors:")
		for i, p := range problems {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, " %s (%s)", p.Field, p.Kind)
		}
	}
	return b.String()
}

// fieldList is the names (never the values) of the fields sent.
func fieldList(names []string) string {
	if len(names) == 0 {
		return "no fields"
	}
	return strings.Join(names, ", ")
}

// messages are the field errors of a 422 answer in the page's language:
// the page's own messages for problems, or in the invalid mode with no
// problem one made up for the first email field (else the first field).
func (s *Sink) messages(f *config.Form, reg *config.Region, lang string, problems []Problem, status int) map[string]string {
	if status != http.StatusUnprocessableEntity {
		return nil
	}
	t := s.translator(lang)
	v := forms.New(forms.Input{Form: f, Region: reg, Lang: lang, T: t})
	msg := func(field, kind string) string {
		if m := v.Script.Errors[field][kind]; m != "" {
			return m
		}
		for _, fd := range v.Fields {
			if fd.Name != field {
				continue
			}
			switch fd.Type {
			case "select", "country":
				return forms.Message(t, "form.error.choose", fd.Label, 0)
			case "choice":
				return forms.Message(t, "form.error.answer", fd.Label, 0)
			}
			return forms.Message(t, "form.error.required", fd.Label, 0)
		}
		return t("form.error.rejected")
	}
	out := map[string]string{}
	for _, p := range problems {
		out[p.Field] = msg(p.Field, p.Kind)
	}
	if len(out) == 0 && len(f.Fields) > 0 {
		fd := f.Fields[0]
		for _, e := range f.Fields {
			if e.Type == "email" {
				fd = e
				break
			}
		}
		kind := KindRequired
		if fd.Type == "email" {
			kind = KindFormat
		}
		out[fd.Name] = msg(fd.Name, kind)
	}
	return out
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // HTTP/2: the server resets the stream
}

// handleMode reads (GET) or sets (POST {"mode":"..."}) a form's mode.
// Setting it needs a same-origin request (Sec-Fetch-Site or Origin, as
// http.CrossOriginProtection checks them) and a JSON body, which no other
// site can send without a CORS preflight the sink never allows.
func (s *Sink) handleMode(w http.ResponseWriter, r *http.Request, f *config.Form) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		if err := s.cop.Check(r); err != nil {
			s.logf("form %s: 403 refused a cross-origin request to change the mode", f.ID)
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "cross-origin requests cannot change the mode"})
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"error": `send {"mode":"..."} as application/json`})
			return
		}
		var req struct {
			Mode string `json:"mode"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<10)).Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": `send {"mode":"..."}`})
			return
		}
		if err := s.SetMode(f.ID, req.Mode); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.logf("form %s: response mode is now %s", f.ID, req.Mode)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "GET or POST"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"form": f.ID, "mode": s.Mode(f.ID), "modes": Modes})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// wantsHTML tells the form without JavaScript (a navigation, Accept:
// text/html) from form.ts's fetch (Accept: application/json).
func wantsHTML(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// answer is the response to a submission.
type answer struct {
	status int
	form   *config.Form
	mode   string
	lang   string
	errors map[string]string // field name -> message, for a 422
}

func (s *Sink) answer(w http.ResponseWriter, r *http.Request, a *answer) {
	if !wantsHTML(r) {
		switch a.status {
		case http.StatusOK:
			writeJSON(w, a.status, map[string]any{"ok": true, "preview": true})
		case http.StatusUnprocessableEntity:
			writeJSON(w, a.status, map[string]any{"errors": a.errors})
		default:
			writeJSON(w, a.status, map[string]any{"error": "the form sink answers 500 in the error mode"})
		}
		return
	}
	pg := &resultPage{Status: a.status, Back: back(r, a.form), Lang: a.lang}
	file := RecordDir + "/" + a.form.ID + ".jsonl"
	switch a.status {
	case http.StatusOK:
		pg.Title = "Received (preview)"
		pg.Text = "charter serve's form sink received this submission and added it to " + file +
			". Nothing was sent anywhere: the published form posts to its real endpoint."
	case http.StatusUnprocessableEntity:
		pg.Title = "Not accepted (preview)"
		pg.Text = "The form sink found these problems, with the rules the page checks (recorded in " + file + "):"
		if a.mode == ModeInvalid {
			pg.Text = "The form sink is in the “422 invalid” mode and refused this submission on purpose (recorded in " + file + "):"
		}
		for _, fd := range a.form.Fields {
			if m, ok := a.errors[fd.Name]; ok {
				pg.Errors = append(pg.Errors, m)
			}
		}
	default:
		pg.Title = "Server error (preview)"
		pg.Text = "The form sink is in the “500 error” mode and answered with an error on purpose (recorded in " + file + ")."
	}
	s.page(w, pg)
}

// refuse answers a request the sink does not take, as JSON for the form
// script or as a page for the form without JavaScript.
func (s *Sink) refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if !wantsHTML(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	s.page(w, &resultPage{Status: status, Title: http.StatusText(status) + " (preview)", Text: msg, Back: "/"})
}

// back is where the page's link goes: the form on the page that posted
// it (the Referer, when it is on this origin), else the region's home.
func back(r *http.Request, f *config.Form) string {
	ref, err := url.Parse(r.Header.Get("Referer"))
	if err != nil || ref.Host != r.Host || ref.Scheme != "http" && ref.Scheme != "https" {
		return "/"
	}
	u := url.URL{Path: ref.Path, RawQuery: ref.RawQuery, Fragment: "form-" + f.ID}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return u.String()
}

// pageCSP is the policy of the sink's answers: its pages load its
// stylesheet and nothing else.
const pageCSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type resultPage struct {
	Status      int
	Title, Text string
	Errors      []string // in Lang, the page's language
	Lang        string
	Back        string
	CSS, SRI    string
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ .CSS }}" integrity="{{ .SRI }}" crossorigin="anonymous">
</head>
<body class="charter-sink-page">
<main class="charter-sink">
<p class="charter-sink-badge">Preview only</p>
<h1>{{ .Title }}</h1>
<p>{{ .Text }}</p>
{{- with .Errors }}
<ul lang="{{ $.Lang }}">
{{- range . }}
<li>{{ . }}</li>
{{- end }}
</ul>
{{- end }}
<p><a href="{{ .Back }}">Back to the form</a></p>
</main>
</body>
</html>
`))

func (s *Sink) page(w http.ResponseWriter, pg *resultPage) {
	pg.CSS, pg.SRI = Stylesheet()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(pg.Status)
	pageTemplate.Execute(w, pg)
}
