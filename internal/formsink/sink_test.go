package formsink

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/i18n"
)

const formID = "implementation-request"

// siteDir is the example site: the repository root.
const siteDir = "../.."

func loadSite(t testing.TB, sets ...string) *config.Site {
	t.Helper()
	cfg, diags := config.Load(siteDir, sets)
	if diags.HasErrors() {
		t.Fatalf("site.toml: %s", diags)
	}
	return cfg
}

// syncBuffer is a log the handler and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type fixture struct {
	sink *Sink
	dir  string
	log  *syncBuffer
}

func newFixture(t *testing.T, sets ...string) *fixture {
	t.Helper()
	f := &fixture{dir: t.TempDir(), log: &syncBuffer{}}
	f.sink = New(loadSite(t, sets...), f.dir, f.log)
	t.Cleanup(func() { f.sink.Close() })
	return f
}

// handler serves the sink for the region named by the Host's first label.
func (f *fixture) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		region, _, _ := strings.Cut(r.Host, ".")
		f.sink.Handle(w, r, region)
	})
}

// req is a submission request as form.ts sends it from the region's page.
func req(region, method, path, contentType, body string) *http.Request {
	r := httptest.NewRequest(method, "http://"+region+".localhost:1313"+path, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Origin", "http://"+region+".localhost:1313")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return r
}

func (f *fixture) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	f.handler().ServeHTTP(w, r)
	return w
}

func (f *fixture) records(t *testing.T) []Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, ".charter", "forms", formID+".jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

func leadJSON(t *testing.T, change map[string]string) string {
	t.Helper()
	v := validLead()
	v["region"], v["language"], v["form"], v["idempotencyKey"] = "de", "de", formID, "0b5e2c3e-1111-4222-8333-944455556666"
	for k, x := range change {
		v[k] = x
	}
	b, _ := json.Marshal(v)
	return string(b)
}

var catalogs = sync.OnceValue(func() *i18n.Catalogs {
	c, _ := i18n.Load(charter.Defaults, "locales")
	return c
})

func tr(lang, key string, args ...any) string { return catalogs().T(lang, key, args...) }

func decode(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q: %v", w.Body.String(), err)
	}
	return m
}

// noValues fails if the log holds any value of the lead.
func noValues(t *testing.T, log string) {
	t.Helper()
	for name, v := range validLead() {
		if len(v) > 2 && strings.Contains(log, v) {
			t.Errorf("the log shows the value of %s (%q):\n%s", name, v, log)
		}
	}
}

func TestSubmitJSON(t *testing.T) {
	f := newFixture(t)
	w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json; charset=utf-8", leadJSON(t, nil)))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"ok":true`) {
		t.Fatalf("answer %d %s", w.Code, w.Body)
	}
	for k, v := range map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"} {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	recs := f.records(t)
	if len(recs) != 1 {
		t.Fatalf("%d records, want 1", len(recs))
	}
	r := recs[0]
	if r.Region != "de" || r.Language != "de" || r.Form != formID || r.Mode != ModeSuccess || r.Status != 200 || r.Encoding != EncodingJSON || r.Errors != nil || r.Spam {
		t.Errorf("record %+v", r)
	}
	for k, v := range validLead() {
		if r.Fields[k] != v {
			t.Errorf("record field %s = %q, want %q", k, r.Fields[k], v)
		}
	}
	if r.Other["idempotencyKey"] == "" || r.Other["form"] != formID || time.Since(r.Time) > time.Minute {
		t.Errorf("record other %v, time %v", r.Other, r.Time)
	}
	log := f.log.String()
	want := "form implementation-request (de, de): 200 success — firstName, lastName, email, phone, country, city, product, message, partnerContact\n"
	if log != want {
		t.Errorf("log %q\nwant %q", log, want)
	}
	noValues(t, log)
	st, err := os.Stat(filepath.Join(f.dir, ".charter", "forms", formID+".jsonl"))
	if err != nil || st.Mode().Perm() != 0o644&^umask() {
		t.Errorf("record file mode %v (%v)", st.Mode(), err)
	}
}

// umask is the process's umask, which applies to the sink's files.
func umask() os.FileMode {
	d, _ := os.MkdirTemp("", "umask")
	defer os.RemoveAll(d)
	name := filepath.Join(d, "f")
	os.WriteFile(name, nil, 0o777)
	st, _ := os.Stat(name)
	return 0o777 &^ st.Mode().Perm()
}

func TestSubmitWithoutJavaScript(t *testing.T) {
	f := newFixture(t)
	v := url.Values{}
	for k, x := range validLead() {
		v.Set(k, x)
	}
	v.Set("website", "")
	v.Set("region", "us")
	v.Set("language", "en")
	r := req("us", "POST", "/_charter/forms/"+formID, "application/x-www-form-urlencoded", v.Encode())
	r.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	r.Header.Set("Referer", "http://us.localhost:1313/implementation-request/?x=1")
	w := f.do(r)
	body := w.Body.String()
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") || !strings.Contains(body, "Received (preview)") {
		t.Fatalf("answer %d %s: %s", w.Code, w.Header().Get("Content-Type"), body)
	}
	if !strings.Contains(body, `href="/implementation-request/?x=1#form-implementation-request"`) {
		t.Errorf("no link back to the form: %s", body)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "style-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
	recs := f.records(t)
	if len(recs) != 1 || recs[0].Encoding != EncodingURLEncoded || recs[0].Fields["message"] != validLead()["message"] || recs[0].Spam {
		t.Errorf("records %+v", recs)
	}

	// A Referer of another origin is not linked to.
	r = req("us", "POST", "/_charter/forms/"+formID, "application/x-www-form-urlencoded", v.Encode())
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Referer", "https://elsewhere.example/page")
	if body := f.do(r).Body.String(); !strings.Contains(body, `href="/"`) || strings.Contains(body, "elsewhere") {
		t.Errorf("foreign Referer: %s", body)
	}
}

func TestSubmitInvalidGets422InEveryAnsweringMode(t *testing.T) {
	f := newFixture(t)
	f.sink.slow.Store(int64(time.Millisecond))
	bad := leadJSON(t, map[string]string{"email": "lena.example.com", "message": "", "product": "enterprise"})
	for _, mode := range []string{ModeSuccess, ModeInvalid, ModeSlow} {
		t.Run(mode, func(t *testing.T) {
			if err := f.sink.SetMode(formID, mode); err != nil {
				t.Fatal(err)
			}
			w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json", bad))
			if w.Code != 422 {
				t.Fatalf("answer %d %s", w.Code, w.Body)
			}
			errs, _ := decode(t, w)["errors"].(map[string]any)
			label := func(n string) string { return tr("de", "form."+formID+"."+n+".label") }
			want := map[string]any{
				"email":   tr("de", "form.error.email", "label", label("email")),
				"message": tr("de", "form.error.required", "label", label("message")),
				"product": tr("de", "form.error.choose", "label", label("product")),
			}
			if len(errs) != len(want) {
				t.Errorf("errors %v, want %v", errs, want)
			}
			for k, v := range want {
				if errs[k] != v || strings.HasPrefix(v.(string), "form.") {
					t.Errorf("errors[%s] = %v, want %v", k, errs[k], v)
				}
			}
		})
	}
	recs := f.records(t)
	if len(recs) != 3 || recs[0].Errors["email"] != KindFormat || recs[0].Errors["message"] != KindRequired || recs[0].Errors["product"] != KindOption {
		t.Errorf("records %+v", recs)
	}
	if log := f.log.String(); !strings.Contains(log, "422 success, errors: email (format), product (option), message (required) — ") {
		t.Errorf("log %q", log)
	}
}

func TestModes(t *testing.T) {
	f := newFixture(t)
	f.sink.slow.Store(int64(30 * time.Millisecond))
	post := func(region string) *httptest.ResponseRecorder {
		return f.do(req(region, "POST", "/_charter/forms/"+formID, "application/json", leadJSON(t, map[string]string{"language": "en"})))
	}

	f.sink.SetMode(formID, ModeInvalid)
	w := post("us")
	if errs, _ := decode(t, w)["errors"].(map[string]any); w.Code != 422 || errs["email"] != tr("en", "form.error.email") {
		t.Errorf("invalid mode: %d %s", w.Code, w.Body)
	}

	f.sink.SetMode(formID, ModeError)
	if w := post("us"); w.Code != 500 || decode(t, w)["error"] == nil {
		t.Errorf("error mode: %d %s", w.Code, w.Body)
	}

	f.sink.SetMode(formID, ModeSlow)
	start := time.Now()
	if w := post("us"); w.Code != 200 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("slow mode: %d after %s", w.Code, time.Since(start))
	}

	modes := []string{}
	for _, r := range f.records(t) {
		modes = append(modes, r.Mode+":"+http.StatusText(r.Status))
	}
	if got := strings.Join(modes, " "); got != "invalid:Unprocessable Entity error:Internal Server Error slow:OK" {
		t.Errorf("recorded %s", got)
	}
	noValues(t, f.log.String())
	if err := f.sink.SetMode(formID, "sometimes"); err == nil {
		t.Error("SetMode took an unknown mode")
	}
	if err := f.sink.SetMode("nope", ModeDrop); err == nil {
		t.Error("SetMode took an unknown form")
	}
}

func TestSlowIsInterruptible(t *testing.T) {
	f := newFixture(t)
	f.sink.slow.Store(int64(time.Hour))
	f.sink.SetMode(formID, ModeSlow)

	// The browser gives up.
	ctx, cancel := context.WithCancel(context.Background())
	r := req("de", "POST", "/_charter/forms/"+formID, "application/json", leadJSON(t, nil)).WithContext(ctx)
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- f.do(r) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the slow answer did not end with its request")
	}
	if !strings.Contains(f.log.String(), "stopped waiting") {
		t.Errorf("log %q", f.log.String())
	}

	// The server shuts down.
	r = req("de", "POST", "/_charter/forms/"+formID, "application/json", leadJSON(t, nil))
	go func() { done <- f.do(r) }()
	time.Sleep(50 * time.Millisecond)
	f.sink.Close()
	select {
	case w := <-done:
		if w.Code != 503 {
			t.Errorf("after Close: %d", w.Code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end the slow answer")
	}
}

func TestDropClosesTheConnection(t *testing.T) {
	f := newFixture(t)
	f.sink.SetMode(formID, ModeDrop)
	srv := httptest.NewServer(f.handler())
	defer srv.Close()
	send := func(body string) {
		t.Helper()
		r, _ := http.NewRequest("POST", srv.URL+"/_charter/forms/"+formID, strings.NewReader(body))
		r.Host = "de.localhost"
		r.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(r)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("drop mode answered %s", resp.Status)
		}
	}
	// The same body again at once is the browser's retry: one record.
	send(leadJSON(t, nil))
	send(leadJSON(t, nil))
	send(leadJSON(t, map[string]string{"city": "Halle"}))
	if recs := f.records(t); len(recs) != 2 || recs[0].Status != 0 || recs[0].Mode != ModeDrop || recs[1].Fields["city"] != "Halle" {
		t.Errorf("records %+v", recs)
	}
	if log := f.log.String(); !strings.Contains(log, "): connection dropped — firstName") {
		t.Errorf("log %q", log)
	}
}

func TestHoneypotIsSpam(t *testing.T) {
	f := newFixture(t)
	f.sink.SetMode(formID, ModeInvalid)
	w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json", leadJSON(t, map[string]string{"website": "https://spam.example/", "email": "x"})))
	if w.Code != 200 {
		t.Errorf("spam answered %d %s", w.Code, w.Body)
	}
	recs := f.records(t)
	if len(recs) != 1 || !recs[0].Spam || recs[0].Other["website"] != "" {
		t.Errorf("records %+v", recs)
	}
	if log := f.log.String(); !strings.Contains(log, "spam") || strings.Contains(log, "spam.example") {
		t.Errorf("log %q", log)
	}
}

func TestFieldMap(t *testing.T) {
	f := newFixture(t, "forms."+formID+".fieldMap.email=fields[EMAIL][0][VALUE]", "forms."+formID+".fieldMap.firstName=fields[NAME]")
	body := `{"fields":{"NAME":"Lena","EMAIL":[{"VALUE":"not-an-address"}]},"lastName":"S","country":"DE","product":"cloud","message":"Hallo","partnerContact":"yes","language":"de"}`
	w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json", body))
	errs, _ := decode(t, w)["errors"].(map[string]any)
	if w.Code != 422 || len(errs) != 1 || errs["email"] == nil {
		t.Errorf("answer %d %s", w.Code, w.Body)
	}
	if r := f.records(t); len(r) != 1 || r[0].Fields["firstName"] != "Lena" || r[0].Fields["email"] != "not-an-address" {
		t.Errorf("records %+v", r)
	}

	v := url.Values{"fields[NAME]": {"Lena"}, "fields[EMAIL][0][VALUE]": {"lena@example.com"}, "lastName": {"S"}, "country": {"DE"},
		"product": {"cloud"}, "message": {"Hallo"}, "partnerContact": {"no"}}
	if w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/x-www-form-urlencoded", v.Encode())); w.Code != 200 {
		t.Errorf("urlencoded with fieldMap: %d %s", w.Code, w.Body)
	}
}

func TestRefusals(t *testing.T) {
	f := newFixture(t)
	ok := leadJSON(t, nil)
	crossSite := req("de", "POST", "/_charter/forms/"+formID, "application/json", ok)
	crossSite.Header.Set("Origin", "https://evil.example")
	crossSite.Header.Set("Sec-Fetch-Site", "cross-site")
	tests := []struct {
		name string
		r    *http.Request
		code int
	}{
		{"unknown form", req("de", "POST", "/_charter/forms/newsletter", "application/json", ok), 404},
		{"unknown path", req("de", "POST", "/_charter/forms/"+formID+"/x", "application/json", ok), 404},
		{"unknown region", req("mars", "POST", "/_charter/forms/"+formID, "application/json", ok), 404},
		{"disabled in the region", req("cn", "POST", "/_charter/forms/"+formID, "application/json", ok), 404},
		{"GET", req("de", "GET", "/_charter/forms/"+formID, "", ""), 405},
		{"text/plain", req("de", "POST", "/_charter/forms/"+formID, "text/plain", ok), 415},
		{"multipart", req("de", "POST", "/_charter/forms/"+formID, "multipart/form-data; boundary=x", "--x--"), 415},
		{"too large", req("de", "POST", "/_charter/forms/"+formID, "application/json", `{"message":"`+strings.Repeat("a", MaxBody)+`"}`), 413},
		{"broken JSON", req("de", "POST", "/_charter/forms/"+formID, "application/json", `{"email":`), 400},
		{"cross-site", crossSite, 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if w := f.do(tc.r); w.Code != tc.code {
				t.Errorf("answer %d %s, want %d", w.Code, w.Body, tc.code)
			}
		})
	}
	if recs := f.records(t); len(recs) != 0 {
		t.Errorf("refused requests were recorded: %+v", recs)
	}
	// Exactly at the limit is fine.
	pad := MaxBody - len(ok)
	w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json", ok[:len(ok)-1]+`,"pad":"`+strings.Repeat("a", pad-10)+`"}`))
	if w.Code != 200 {
		t.Errorf("a body under 64 KiB: %d %s", w.Code, w.Body)
	}
}

func TestSymlinkedRecordDirIsNotFollowed(t *testing.T) {
	for _, link := range []string{".charter", ".charter/forms", ".charter/forms/" + formID + ".jsonl"} {
		t.Run(link, func(t *testing.T) {
			f := newFixture(t)
			outside := t.TempDir()
			target := outside
			if strings.HasSuffix(link, ".jsonl") {
				target = filepath.Join(outside, "stolen.jsonl")
			}
			if err := os.MkdirAll(filepath.Dir(filepath.Join(f.dir, link)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, filepath.Join(f.dir, link)); err != nil {
				t.Fatal(err)
			}
			w := f.do(req("de", "POST", "/_charter/forms/"+formID, "application/json", leadJSON(t, nil)))
			if w.Code != 500 {
				t.Errorf("answer %d %s", w.Code, w.Body)
			}
			entries, _ := os.ReadDir(outside)
			if len(entries) != 0 {
				t.Errorf("the sink wrote outside the site: %v", entries)
			}
			if log := f.log.String(); !strings.Contains(log, "could not be recorded") {
				t.Errorf("log %q", log)
			}
			noValues(t, f.log.String())
		})
	}
}

func TestModeEndpoint(t *testing.T) {
	f := newFixture(t)
	path := "/_charter/forms/" + formID + "/mode"
	w := f.do(req("de", "GET", path, "", ""))
	if m := decode(t, w); w.Code != 200 || m["mode"] != ModeSuccess || len(m["modes"].([]any)) != len(Modes) {
		t.Fatalf("GET mode: %d %s", w.Code, w.Body)
	}
	set := func(mutate func(*http.Request)) *httptest.ResponseRecorder {
		r := req("de", "POST", path, "application/json", `{"mode":"drop"}`)
		mutate(r)
		return f.do(r)
	}
	tests := []struct {
		name   string
		mutate func(*http.Request)
		code   int
	}{
		{"foreign Origin", func(r *http.Request) { r.Header.Del("Sec-Fetch-Site"); r.Header.Set("Origin", "https://evil.example") }, 403},
		{"cross-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, 403},
		{"another region's page", func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "same-site")
			r.Header.Set("Origin", "http://us.localhost:1313")
		}, 403},
		{"form-encoded (a cross-site form could send it)", func(r *http.Request) {
			r.Header.Del("Origin")
			r.Header.Del("Sec-Fetch-Site")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, 415},
		{"text/plain", func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, 415},
		{"unknown mode", func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader(`{"mode":"chaos"}`)) }, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if w := set(tc.mutate); w.Code != tc.code {
				t.Errorf("answer %d %s, want %d", w.Code, w.Body, tc.code)
			}
			if m := f.sink.Mode(formID); m != ModeSuccess {
				t.Errorf("the mode changed to %s", m)
			}
		})
	}
	w = set(func(*http.Request) {})
	if m := decode(t, w); w.Code != 200 || m["mode"] != ModeDrop || f.sink.Mode(formID) != ModeDrop {
		t.Errorf("same-origin POST: %d %s", w.Code, w.Body)
	}
	if !strings.Contains(f.log.String(), "form implementation-request: response mode is now drop") {
		t.Errorf("log %q", f.log.String())
	}
	if w := f.do(req("de", "DELETE", path, "", "")); w.Code != 405 {
		t.Errorf("DELETE: %d", w.Code)
	}

	// A new site.toml keeps the mode of a form that still exists.
	f.sink.SetConfig(loadSite(t))
	if f.sink.Mode(formID) != ModeDrop {
		t.Error("SetConfig reset the mode")
	}
}

func TestPanelAssets(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		get  func() (string, string)
		body []byte
		ct   string
	}{{Script, panelJS, "text/javascript; charset=utf-8"}, {Stylesheet, panelCSS, "text/css; charset=utf-8"}} {
		u, sri := c.get()
		if !Handles(u) {
			t.Errorf("Handles(%s) = false", u)
		}
		w := f.do(req("de", "GET", u, "", ""))
		if w.Code != 200 || !bytes.Equal(w.Body.Bytes(), c.body) || w.Header().Get("Content-Type") != c.ct ||
			w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d %v", u, w.Code, w.Header())
		}
		if !strings.HasPrefix(sri, "sha384-") || len(sri) != len("sha384-")+64 {
			t.Errorf("integrity %q", sri)
		}
		if !strings.Contains(HeadTags(), `"`+u+`" integrity="`+sri+`"`) {
			t.Errorf("HeadTags %s lacks %s", HeadTags(), u)
		}
	}
	if Handles("/assets/site.css") || Handles("/_charter/other") {
		t.Error("Handles takes paths that are not the sink's")
	}
}
