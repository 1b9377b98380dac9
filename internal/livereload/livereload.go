// Package livereload tells the pages of charter's preview server that the
// site was rebuilt: it streams build events to each page over Server-Sent
// Events, and its script (live.js) reloads the pages that changed, swaps
// changed stylesheets in place and shows the errors of a failed build over
// the page.
//
// # What the server does
//
//   - Mount [Hub.Handler] (or [Hub.ServeEvents] and [ServeAsset]) at
//     /_charter/ on every region's origin: /_charter/events streams that
//     region's events; /_charter/live.js and /_charter/live.css are the
//     script and its stylesheet. The stream needs a ResponseWriter that
//     flushes (no buffering or compressing middleware in front of it).
//   - Add to every HTML page, 404 page included, in <head>:
//     <link rel="stylesheet" href="{url}" integrity="{integrity}"> with
//     [Stylesheet] and <script defer src="{url}" integrity="{integrity}">
//     with [Script]. Both are same-origin files, so a page's CSP of
//     default-src 'self' (or script-src, style-src and connect-src 'self')
//     allows them and the event stream; nothing is inline.
//   - Add <meta name="charter-page" content="/404.html"> to the 404 page:
//     it is served at every missing URL, so its location tells nothing.
//   - Number every build attempt, good or failed, with an increasing
//     number, and after each one [Hub.Publish] to each region a "change"
//     (it succeeded) or a "failed" event. Publish the first build too:
//     nobody listens yet, but it sets what later connections are told in
//     their "hello". Starting the numbers at a value of its own run (Unix
//     milliseconds) makes the pages left open across a restart reload.
//   - Call [Hub.Close] when shutting down (http.Server.RegisterOnShutdown
//     does it): Shutdown waits for handlers, and event streams otherwise
//     never end.
//
// # Events
//
// Every event is one SSE message, "event: NAME" and "data: JSON":
//
//	hello   {"build": N, "errors": [Diagnostic...]}
//	change  {"build": N, "reload": ["/fr/privacy/", "/404.html"], "all": false,
//	         "css": [{"from": "/assets/site.3f2a1b9c.css", "to": "/assets/site.77aa00ee.css",
//	                  "integrity": "sha384-..."}]}
//	failed  {"build": N, "errors": [Diagnostic...]}
//
// hello is the first event of every connection, sent by the hub: N is the
// number of the last build published to the region (0 before any), with
// "errors" only when that build failed. A page shows the errors, if any,
// or removes its overlay. A page that reconnects (after a dropped
// connection or a restart of the server) and hears of another build than
// it last heard of reloads: it may have missed a change.
//
// change: the build succeeded. A page removes the error overlay; then it
// reloads if "all" is true or its own path is in "reload", else it swaps
// each stylesheet whose href's path is a "from" for "to" (keeping the old
// one until the new one has loaded, so nothing shows unstyled; the page
// reloads if the new one fails to load). A page's path is its location's
// path, or the content of its <meta name="charter-page">; "/a/" and
// "/a/index.html" are the same page, and so are percent-encoded and
// decoded, composed and decomposed (NFC) forms of a path. "reload", "all"
// and "css" may be absent.
//
// failed: the build failed; the page keeps showing the last good build
// with the errors over it, until a change, or until the visitor closes
// them (Close or Escape; the next failed build shows again). A
// [Diagnostic] is
//
//	{"severity": "error"|"warning", "file": "content/privacy.md", "line": 3, "col": 5,
//	 "message": "...", "hint": "...", "excerpt": {"line": "the source line", "col": 5, "width": 3}}
//
// where every field but message may be absent. Line, col and width count
// from 1, in characters (Unicode code points), as diag does; the overlay
// expands tabs to every 4th column.
//
// Comment lines (": heartbeat") are sent every [HeartbeatInterval] so that
// proxies and browsers do not time the stream out. Any other event name
// reaches the pages too; live.js ignores it.
//
// # In the page
//
// live.js keeps the scroll position across its own reloads in
// sessionStorage ("charter-live-scroll", removed when the page loads) and
// stores nothing else. window.charterLive.build is the build the page
// last heard of (null before its hello); a second copy of the script does
// nothing.
//
// # Slow pages
//
// Publish never waits: each connection has a buffer of 32 events, and a
// connection whose buffer is full is ended. Its page's EventSource
// reconnects a second later, gets a hello with the current build and,
// having missed events, reloads.
package livereload

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Event names.
const (
	Hello  = "hello"
	Change = "change"
	Failed = "failed"
)

// EventsPath is the URL path of the event stream on every region's origin.
const EventsPath = "/_charter/events"

// HeartbeatInterval is how often an idle stream gets a comment line.
// Tests may shorten it; it is read when a stream starts.
var HeartbeatInterval = 15 * time.Second

// writeTimeout bounds the writing of one frame: a page that reads nothing
// cannot hold its handler (and the server's shutdown) for longer.
var writeTimeout = 10 * time.Second

// bufferSize is how many frames wait for a slow connection before it is
// dropped.
const bufferSize = 32

// retryMillis is the reconnection delay the stream asks the browser for.
const retryMillis = 1000

// Event is one message to the pages of a region. Data is marshalled to
// JSON; see the package comment for what each Name carries.
type Event struct {
	Name string
	Data any
}

// ChangeData is the Data of a "change" event.
type ChangeData struct {
	Build  int       `json:"build"`
	Reload []string  `json:"reload,omitempty"` // URL paths of the pages to reload
	All    bool      `json:"all,omitempty"`    // reload every page
	CSS    []CSSSwap `json:"css,omitempty"`
}

// CSSSwap replaces a stylesheet without reloading the page.
type CSSSwap struct {
	From      string `json:"from"` // URL path of the old stylesheet
	To        string `json:"to"`   // URL path of the new one
	Integrity string `json:"integrity,omitempty"`
}

// FailedData is the Data of a "failed" event.
type FailedData struct {
	Build  int          `json:"build"`
	Errors []Diagnostic `json:"errors"`
}

// Diagnostic is one problem of a failed build, as the overlay shows it.
type Diagnostic struct {
	Severity string   `json:"severity,omitempty"` // "error" or "warning"
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	Excerpt  *Excerpt `json:"excerpt,omitempty"`
}

// Excerpt is the source line of a diagnostic and the characters it is
// about: Width characters from Col (1-based).
type Excerpt struct {
	Line  string `json:"line"`
	Col   int    `json:"col"`
	Width int    `json:"width,omitempty"`
}

// Hub sends events to the pages of each region. It is safe for
// concurrent use; its zero value is not: use NewHub.
type Hub struct {
	mu      sync.Mutex
	regions map[string]*region
	done    chan struct{}
	closed  bool
}

type region struct {
	subs    map[*sub]struct{}
	build   int
	errors  json.RawMessage // of the last build, when it failed
	streams int             // connections so far, for tests
}

type sub struct {
	frames chan []byte
	gone   chan struct{} // closed when the hub drops the connection
}

// NewHub returns a hub with no regions.
func NewHub() *Hub {
	return &Hub{regions: map[string]*region{}, done: make(chan struct{})}
}

func (h *Hub) region(id string) *region {
	r := h.regions[id]
	if r == nil {
		r = &region{subs: map[*sub]struct{}{}}
		h.regions[id] = r
	}
	return r
}

// Publish sends ev to every page of the region now connected, without
// waiting for any. A "change" or "failed" event also becomes the
// region's state, which new connections get in their "hello": its Data's
// "build", and for "failed" its "errors". Publish fails for an empty name,
// a name with a line break or "hello" (the hub sends those), for Data
// that does not marshal, and for the Data of a change or failed event
// that has no "build" number. After Close it does nothing.
func (h *Hub) Publish(regionID string, ev Event) error {
	if ev.Name == "" || ev.Name == Hello || strings.ContainsAny(ev.Name, "\r\n") {
		return fmt.Errorf("livereload: cannot publish an event named %q", ev.Name)
	}
	data, err := json.Marshal(ev.Data)
	if err != nil {
		return fmt.Errorf("livereload: %s event: %w", ev.Name, err)
	}
	var state struct {
		Build  *int            `json:"build"`
		Errors json.RawMessage `json:"errors"`
	}
	if ev.Name == Change || ev.Name == Failed {
		if err := json.Unmarshal(data, &state); err != nil || state.Build == nil {
			return fmt.Errorf("livereload: %s event: data %s is not an object with a build number", ev.Name, data)
		}
	}
	f := frame(ev.Name, data)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	r := h.region(regionID)
	switch ev.Name {
	case Change:
		r.build, r.errors = *state.Build, nil
	case Failed:
		r.build, r.errors = *state.Build, state.Errors
		if len(r.errors) == 0 || string(r.errors) == "null" {
			r.errors = json.RawMessage("[]")
		}
	}
	for s := range r.subs {
		select {
		case s.frames <- f:
		default: // too slow: drop it; it reconnects and hears hello
			delete(r.subs, s)
			close(s.gone)
		}
	}
	return nil
}

// hello is the region's hello frame. h.mu is held.
func (r *region) hello() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `{"build":%d`, r.build)
	if r.errors != nil {
		b.WriteString(`,"errors":`)
		b.Write(r.errors)
	}
	b.WriteString("}")
	return frame(Hello, []byte(b.String()))
}

// frame is one SSE message. JSON from encoding/json has no line breaks,
// but a data line per line keeps any data intact.
func frame(name string, data []byte) []byte {
	var b strings.Builder
	b.WriteString("event: " + name + "\n")
	for line := range strings.SplitSeq(string(data), "\n") {
		b.WriteString("data: " + strings.TrimSuffix(line, "\r") + "\n")
	}
	b.WriteString("\n")
	return []byte(b.String())
}

// Close ends every stream and refuses new ones; Publish then does
// nothing. It is safe to call more than once.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	h.regions = map[string]*region{}
}

// ServeEvents streams the region's events to one page as
// text/event-stream: a hello first, then every event published, with a
// comment line when idle for HeartbeatInterval. It returns when the
// request's context ends, when the hub drops the connection (too slow)
// and when the hub is closed. It extends the connection's write deadline
// for each frame, so an http.Server's WriteTimeout does not cut streams.
func (h *Hub) ServeEvents(w http.ResponseWriter, r *http.Request, regionID string) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet {
		hd.Set("Allow", "GET")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s := &sub{frames: make(chan []byte, bufferSize), gone: make(chan struct{})}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		http.Error(w, "503 the preview server is stopping", http.StatusServiceUnavailable)
		return
	}
	reg := h.region(regionID)
	reg.subs[s] = struct{}{}
	reg.streams++
	s.frames <- append([]byte(fmt.Sprintf("retry: %d\n", retryMillis)), reg.hello()...)
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(reg.subs, s)
		h.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	hd.Set("Content-Type", "text/event-stream; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	write := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(writeTimeout)) // unsupported by some writers: fine
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	heartbeat := time.NewTicker(HeartbeatInterval)
	defer heartbeat.Stop()
	for {
		select {
		case <-s.gone: // dropped: stop now, not after what is queued
			return
		default:
		}
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-s.gone:
			return
		case f := <-s.frames:
			if !write(f) {
				return
			}
		case <-heartbeat.C:
			if !write([]byte(": heartbeat\n\n")) {
				return
			}
		}
	}
}

// Handler serves everything under /_charter/ on the region's origin: the
// event stream and the assets (see ServeAsset); 404 for other paths.
func (h *Hub) Handler(regionID string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == EventsPath {
			h.ServeEvents(w, r, regionID)
			return
		}
		ServeAsset(w, r)
	})
}

// streams is how many connections the region has had (for tests).
func (h *Hub) streams(regionID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.regions[regionID]; r != nil {
		return r.streams
	}
	return 0
}

// connected is how many pages of the region are connected now.
func (h *Hub) connected(regionID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.regions[regionID]; r != nil {
		return len(r.subs)
	}
	return 0
}

// drop ends the region's connections as if they were too slow (for tests).
func (h *Hub) drop(regionID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r := h.regions[regionID]; r != nil {
		for s := range r.subs {
			delete(r.subs, s)
			close(s.gone)
		}
	}
}
