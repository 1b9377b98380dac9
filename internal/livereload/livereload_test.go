package livereload

import (
	"bufio"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
)

// hang bounds every wait of these tests: a broken hub fails them, it does
// not hang them. Nothing waits for it when the hub works.
const hang = 10 * time.Second

// msg is one SSE message as a browser would dispatch it, or a comment.
type msg struct {
	Event, Data, Comment string
	Retry                string
}

// stream is a client of the event stream.
type stream struct {
	t    *testing.T
	resp *http.Response
	msgs chan msg
	done chan error // the read's end: io.EOF when the server ended the stream
}

// open connects to the test server's stream for region.
func open(t *testing.T, srv *httptest.Server, region string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+EventsPath+"?region="+region, nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	s := &stream{t: t, resp: resp, msgs: make(chan msg, 100), done: make(chan error, 1)}
	go s.read()
	return s
}

// read parses the stream as the EventSource spec says: field lines, a
// blank line ends a message.
func (s *stream) read() {
	defer s.resp.Body.Close()
	br := bufio.NewReader(s.resp.Body)
	var m msg
	var data []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			s.done <- err
			close(s.msgs)
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if data != nil || m.Event != "" {
				m.Data = strings.Join(data, "\n")
				s.msgs <- m
			}
			m, data = msg{}, nil
		case strings.HasPrefix(line, ":"):
			s.msgs <- msg{Comment: strings.TrimSpace(line[1:])}
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				m.Event = value
			case "data":
				data = append(data, value)
			case "retry":
				m.Retry = value
			default:
				s.msgs <- msg{Comment: "unknown field " + line}
			}
		}
	}
}

// next is the next message, comments skipped unless comments is true.
func (s *stream) next(comments bool) msg {
	s.t.Helper()
	timeout := time.After(hang)
	for {
		select {
		case m, ok := <-s.msgs:
			if !ok {
				s.t.Fatalf("the stream ended: %v", <-s.done)
			}
			if m.Comment != "" && !comments {
				continue
			}
			return m
		case <-timeout:
			s.t.Fatal("no message")
		}
	}
}

// expect is the next event, which must be named name; its data decoded.
func (s *stream) expect(name string) any {
	s.t.Helper()
	m := s.next(false)
	if m.Event != name {
		s.t.Fatalf("got event %q (%s), want %q", m.Event, m.Data, name)
	}
	var v any
	if err := json.Unmarshal([]byte(m.Data), &v); err != nil {
		s.t.Fatalf("%s data %q: %v", name, m.Data, err)
	}
	return v
}

// ended waits for the server to end the stream.
func (s *stream) ended() {
	s.t.Helper()
	select {
	case err := <-s.done:
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			s.t.Errorf("the stream ended with %v, want EOF", err)
		}
	case <-time.After(hang):
		s.t.Fatal("the stream did not end")
	}
}

func newServer(t *testing.T, h *Hub) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.Handler(r.URL.Query().Get("region")).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(h.Close) // before srv.Close, which waits for the streams
	return srv
}

func TestFrame(t *testing.T) {
	for _, c := range []struct{ data, want string }{
		{`{"build":1}`, "event: change\ndata: {\"build\":1}\n\n"},
		{"a\nb", "event: change\ndata: a\ndata: b\n\n"},
		{"a\r\nb", "event: change\ndata: a\ndata: b\n\n"},
		{"", "event: change\ndata: \n\n"},
	} {
		if got := string(frame("change", []byte(c.data))); got != c.want {
			t.Errorf("frame(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}

func TestStream(t *testing.T) {
	h := NewHub()
	srv := newServer(t, h)
	s := open(t, srv, "de")
	for k, want := range map[string]string{
		"Content-Type":           "text/event-stream; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := s.resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	first := s.next(false)
	if first.Event != Hello || first.Data != `{"build":0}` || first.Retry != "1000" {
		t.Errorf("first message %+v, want hello {\"build\":0} with retry 1000", first)
	}

	// A message with line breaks in it still is one data line of JSON.
	errs := []Diagnostic{{Severity: "error", File: "content/a.md", Line: 3, Col: 5,
		Message: "two\nlines\r\nand </script>", Hint: "h", Excerpt: &Excerpt{Line: "\tx = 1", Col: 2, Width: 3}}}
	if err := h.Publish("de", Event{Name: Failed, Data: FailedData{Build: 1, Errors: errs}}); err != nil {
		t.Fatal(err)
	}
	m := s.next(false)
	if m.Event != Failed || strings.Contains(m.Data, "\n") {
		t.Fatalf("failed event: %+v", m)
	}
	var got FailedData
	if err := json.Unmarshal([]byte(m.Data), &got); err != nil {
		t.Fatal(err)
	}
	if got.Build != 1 || len(got.Errors) != 1 || got.Errors[0].Message != errs[0].Message || *got.Errors[0].Excerpt != *errs[0].Excerpt {
		t.Errorf("failed data %+v, want %+v", got, errs)
	}

	change := ChangeData{Build: 2, Reload: []string{"/fr/privacy/"}, CSS: []CSSSwap{{From: "/a.1.css", To: "/a.2.css", Integrity: "sha384-x"}}}
	if err := h.Publish("de", Event{Name: Change, Data: change}); err != nil {
		t.Fatal(err)
	}
	if m := s.next(false); m.Event != Change ||
		m.Data != `{"build":2,"reload":["/fr/privacy/"],"css":[{"from":"/a.1.css","to":"/a.2.css","integrity":"sha384-x"}]}` {
		t.Errorf("change event: %+v", m)
	}
	// Any other name and data go through as they are.
	if err := h.Publish("de", Event{Name: "custom", Data: []int{1, 2}}); err != nil {
		t.Fatal(err)
	}
	if m := s.next(false); m.Event != "custom" || m.Data != "[1,2]" {
		t.Errorf("custom event: %+v", m)
	}

	resp, err := srv.Client().Post(srv.URL+EventsPath+"?region=de", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET" {
		t.Errorf("POST: %s, Allow %q", resp.Status, resp.Header.Get("Allow"))
	}
}

// TestHelloState: a page that connects late hears the last build, and its
// errors while it failed.
func TestHelloState(t *testing.T) {
	h := NewHub()
	srv := newServer(t, h)
	early := open(t, srv, "de")
	early.expect(Hello)

	errs := []Diagnostic{{Message: "broken", File: "content/a.md", Line: 1}}
	if err := h.Publish("de", Event{Name: Failed, Data: FailedData{Build: 7, Errors: errs}}); err != nil {
		t.Fatal(err)
	}
	early.expect(Failed)
	if m := open(t, srv, "de").next(false); m.Event != Hello || m.Data != `{"build":7,"errors":[{"file":"content/a.md","line":1,"message":"broken"}]}` {
		t.Errorf("hello after a failed build: %+v", m)
	}
	// A failed build without a list still shows an overlay.
	if err := h.Publish("de", Event{Name: Failed, Data: map[string]any{"build": 8}}); err != nil {
		t.Fatal(err)
	}
	if m := open(t, srv, "de").next(false); m.Data != `{"build":8,"errors":[]}` {
		t.Errorf("hello after a failed build without errors: %+v", m)
	}
	if err := h.Publish("de", Event{Name: Change, Data: ChangeData{Build: 9, All: true}}); err != nil {
		t.Fatal(err)
	}
	if m := open(t, srv, "de").next(false); m.Data != `{"build":9}` {
		t.Errorf("hello after a good build: %+v", m)
	}
	// Other events change nothing.
	if err := h.Publish("de", Event{Name: "custom", Data: map[string]any{"build": 99}}); err != nil {
		t.Fatal(err)
	}
	if m := open(t, srv, "de").next(false); m.Data != `{"build":9}` {
		t.Errorf("hello after a custom event: %+v", m)
	}
	// The early page got every event in order.
	for _, want := range []string{Failed, Change, "custom"} {
		early.expect(want)
	}
}

// TestRegionsIsolated: an event for one region reaches only its pages,
// and its state only theirs.
func TestRegionsIsolated(t *testing.T) {
	h := NewHub()
	srv := newServer(t, h)
	de, fr := open(t, srv, "de"), open(t, srv, "fr")
	de.expect(Hello)
	fr.expect(Hello)
	if err := h.Publish("de", Event{Name: Failed, Data: FailedData{Build: 1}}); err != nil {
		t.Fatal(err)
	}
	if err := h.Publish("fr", Event{Name: "sentinel", Data: 0}); err != nil {
		t.Fatal(err)
	}
	de.expect(Failed)
	fr.expect("sentinel") // not the failed event before it
	if m := open(t, srv, "fr").next(false); m.Data != `{"build":0}` {
		t.Errorf("fr hello after de failed: %+v", m)
	}
}

// TestCloseEndsStreams: Close ends every open stream, refuses new ones,
// and http.Server.Shutdown with Close registered returns at once.
func TestCloseEndsStreams(t *testing.T) {
	h := NewHub()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeEvents(w, r, r.URL.Query().Get("region"))
	}))
	srv.Config.RegisterOnShutdown(h.Close)
	srv.Start()
	defer srv.Close()
	streams := []*stream{open(t, srv, "de"), open(t, srv, "de"), open(t, srv, "fr")}
	for _, s := range streams {
		s.expect(Hello)
	}
	ctx, cancel := context.WithTimeout(context.Background(), hang)
	defer cancel()
	if err := srv.Config.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v (open streams held it)", err)
	}
	for _, s := range streams {
		s.ended()
	}
	if err := h.Publish("de", Event{Name: Change, Data: ChangeData{Build: 1}}); err != nil {
		t.Errorf("Publish after Close: %v", err)
	}
	h.Close() // twice is fine

	w := httptest.NewRecorder()
	h.ServeEvents(w, httptest.NewRequest("GET", EventsPath, nil), "de")
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("a stream after Close: %d, want 503", w.Code)
	}
}

// TestRequestEnds: a stream ends with its request, and leaves the hub.
func TestRequestEnds(t *testing.T) {
	h := NewHub()
	ctx, cancel := context.WithCancel(context.Background())
	w := &recorder{header: http.Header{}, wrote: make(chan struct{}, 100)}
	done := make(chan struct{})
	go func() {
		h.ServeEvents(w, httptest.NewRequest("GET", EventsPath, nil).WithContext(ctx), "de")
		close(done)
	}()
	<-w.wrote // the hello
	if n := h.connected("de"); n != 1 {
		t.Errorf("%d connected, want 1", n)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(hang):
		t.Fatal("ServeEvents did not return when its request ended")
	}
	if n := h.connected("de"); n != 0 {
		t.Errorf("%d connected after the request ended, want 0", n)
	}
}

// recorder is a ResponseWriter that reports each write and can block
// them, as a page that reads nothing does.
type recorder struct {
	header http.Header
	mu     sync.Mutex
	body   strings.Builder
	wrote  chan struct{}
	block  chan struct{} // when set, each write waits for it to close
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(int)     {}
func (r *recorder) Flush()              {}
func (r *recorder) Write(b []byte) (int, error) {
	if r.block != nil {
		<-r.block
	}
	r.mu.Lock()
	r.body.Write(b)
	r.mu.Unlock()
	select {
	case r.wrote <- struct{}{}:
	default:
	}
	return len(b), nil
}

// TestSlowPageDoesNotBlock: a page that reads nothing does not hold up
// Publish; it is dropped when its buffer is full and its handler returns.
func TestSlowPageDoesNotBlock(t *testing.T) {
	h := NewHub()
	srv := newServer(t, h)
	fast := open(t, srv, "de")
	fast.expect(Hello)

	slow := &recorder{header: http.Header{}, wrote: make(chan struct{}, 1), block: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		h.ServeEvents(slow, httptest.NewRequest("GET", EventsPath, nil), "de")
		close(done)
	}()
	for h.connected("de") < 2 { // the slow page's hello write is now blocked, or about to be
		select {
		case <-done:
			t.Fatal("the slow page's stream ended early")
		case <-time.After(time.Millisecond):
		}
	}
	// The fast page reads each event before the next is published, so
	// only the slow page's buffer fills.
	for i := range 3 * bufferSize {
		publishWithin(t, h, "de", Event{Name: "n", Data: i})
		fast.expect("n")
	}
	if c := h.connected("de"); c != 1 {
		t.Errorf("%d connected after the slow page's buffer filled, want 1 (the fast page)", c)
	}
	close(slow.block)
	select {
	case <-done:
	case <-time.After(hang):
		t.Fatal("the dropped page's handler did not return")
	}
}

// publishWithin publishes ev and fails the test if that waits.
func publishWithin(t *testing.T, h *Hub, region string, ev Event) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- h.Publish(region, ev) }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(hang):
		t.Fatal("Publish waited for a page that reads nothing")
	}
}

func TestHeartbeat(t *testing.T) {
	old := HeartbeatInterval
	HeartbeatInterval = 5 * time.Millisecond
	t.Cleanup(func() { HeartbeatInterval = old })
	h := NewHub()
	s := open(t, newServer(t, h), "de")
	s.expect(Hello)
	if m := s.next(true); m.Comment != "heartbeat" {
		t.Errorf("got %+v, want the heartbeat comment", m)
	}
}

func TestPublishRefuses(t *testing.T) {
	h := NewHub()
	for _, ev := range []Event{
		{Name: ""},
		{Name: Hello, Data: map[string]int{"build": 1}},
		{Name: "a\nevent: b", Data: 1},
		{Name: "x", Data: make(chan int)},
		{Name: Change, Data: []int{1}},
		{Name: Change, Data: map[string]int{"other": 1}},
		{Name: Failed, Data: nil},
	} {
		if err := h.Publish("de", ev); err == nil {
			t.Errorf("Publish(%+v) = nil, want an error", ev)
		}
	}
}

func TestServeAsset(t *testing.T) {
	h := NewHub()
	srv := newServer(t, h)
	for _, c := range []struct {
		url, path, ctype string
		urlIntegrity     func() (string, string)
	}{
		{ScriptPath, ScriptPath, "text/javascript; charset=utf-8", Script},
		{StylesheetPath, StylesheetPath, "text/css; charset=utf-8", Stylesheet},
	} {
		url, integ := c.urlIntegrity()
		if url != c.path {
			t.Errorf("url %q, want %q", url, c.path)
		}
		resp, err := srv.Client().Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		sum := sha512.Sum384(body)
		if want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:]); integ != want {
			t.Errorf("%s: integrity %q, want %q (of the body served)", c.path, integ, want)
		}
		if resp.StatusCode != 200 || len(body) == 0 || resp.Header.Get("Content-Type") != c.ctype ||
			resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: %s, headers %v", c.path, resp.Status, resp.Header)
		}
	}
	for _, c := range []struct {
		method, path string
		code         int
	}{
		{"HEAD", ScriptPath, 200},
		{"POST", ScriptPath, 405},
		{"GET", "/_charter/other.js", 404},
		{"GET", "/_charter/", 404},
	} {
		req, _ := http.NewRequest(c.method, srv.URL+c.path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("%s %s: %s, want %d", c.method, c.path, resp.Status, c.code)
		}
	}
}

// TestAssetsSmall: live.js stays small and holds nothing the page's CSP
// refuses.
func TestAssetsSmall(t *testing.T) {
	if len(liveJS) > 8<<10 {
		t.Errorf("live.js is %d bytes", len(liveJS))
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "eval(", "new Function", "document.write", ".style.", "setAttribute(\"style"} {
		if strings.Contains(string(liveJS), bad) {
			t.Errorf("live.js uses %s", bad)
		}
	}
	// Every class of live.css is the overlay's.
	for _, f := range strings.FieldsFunc(string(liveCSS), func(r rune) bool { return strings.ContainsRune(" \n,{>+~:()", r) }) {
		if strings.HasPrefix(f, ".") && !strings.HasPrefix(f, ".charter-live-") && strings.Trim(f, ".0123456789") != "" {
			t.Errorf("live.css has class %q", f)
		}
	}
}

func TestFromDiag(t *testing.T) {
	d := diag.Errorf(diag.Pos{File: "content/a.md", Line: 2, Col: 3}, "bad %s", "thing").WithHint("fix it")
	got := FromDiag(d, []byte("first\r\nsec\tond\r\nthird"))
	want := Diagnostic{Severity: "error", File: "content/a.md", Line: 2, Col: 3, Message: "bad thing", Hint: "fix it",
		Excerpt: &Excerpt{Line: "sec\tond", Col: 3, Width: 1}}
	if b, w := mustJSON(got), mustJSON(want); b != w {
		t.Errorf("FromDiag = %s, want %s", b, w)
	}
	if got := FromDiag(d, nil); got.Excerpt != nil {
		t.Errorf("no source, excerpt %+v", got.Excerpt)
	}
	if got := FromDiag(&diag.Diagnostic{Pos: diag.Pos{File: "f", Line: 9}, Message: "m", Severity: diag.Warning}, []byte("x")); got.Excerpt != nil || got.Severity != "warning" {
		t.Errorf("line past the end: %+v", got)
	}
	if got := FromDiag(&diag.Diagnostic{Pos: diag.Pos{File: "f", Line: 1}}, []byte("x")); *got.Excerpt != (Excerpt{Line: "x"}) {
		t.Errorf("no column: %+v", got.Excerpt)
	}
	long := strings.Repeat("a", 1000) + "é" + strings.Repeat("b", 1000)
	got = FromDiag(&diag.Diagnostic{Pos: diag.Pos{File: "f", Line: 1, Col: 1001}}, []byte(long))
	if r := []rune(got.Excerpt.Line); len(r) != maxExcerpt || r[got.Excerpt.Col-1] != 'é' {
		t.Errorf("long line: %d characters, col %d", len(r), got.Excerpt.Col)
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
