// Package server is charter's preview server. It keeps a site model
// (internal/site) and serves its files from memory, each region on its
// own origin (http://de.localhost:1313/), the list of regions on
// http://127.0.0.1:1313/. It watches the site, updates the model with
// what changed and tells the open pages over Server-Sent Events
// (internal/livereload): the pages that changed reload, changed
// stylesheets swap in place, and a failed update shows its errors over
// the last good pages, which keep being served. Forms post to a sink on
// the region's own origin (internal/formsink). Nothing is written to the
// site's output folder.
package server

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/headers"
	"github.com/charter-ssg/charter/internal/livereload"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/site"
	"github.com/charter-ssg/charter/internal/templates"
)

// Options configure the preview server.
type Options struct {
	Dir      string   // the site folder
	Sets     []string // --set overrides
	Defaults fs.FS    // the embedded layouts/, assets/, locales/
	Log      io.Writer
	// Quiet is how long the watcher waits after the last event of a
	// burst before it updates (an editor's save is often several events).
	Quiet time.Duration
}

// DefaultQuiet is Options.Quiet when it is zero.
const DefaultQuiet = 5 * time.Millisecond

// Server serves the last good snapshot of a site model.
type Server struct {
	opts  Options
	port  string
	model *site.Model
	hub   *livereload.Hub
	sink  *sink

	mu      sync.RWMutex
	good    *site.Snapshot            // last good snapshot; nil before one
	errs    diag.List                 // errors of the last update; nil when it succeeded
	build   int                       // updates so far
	ids     []string                  // region ids of the last site.toml that loaded, for checkHost
	headers map[string]headers.File   // region id -> its _headers
	domains map[string]*config.Region // region id -> region of good
	last    livereload.Event          // the last event published, for regions the hub has not heard of
	told    map[string]bool           // regions the hub has heard the state of
}

// PreviewCSP is the Content-Security-Policy of the server's own pages
// (the region list, the build errors): their only script and stylesheet
// are live reload's.
const PreviewCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// fallbackHeaders are sent for a region whose _headers file does not
// parse (a broken one in assets/static/): strict, not open.
var fallbackHeaders = headers.File{{Path: "/*", Fields: []headers.Field{
	{Name: "Content-Security-Policy", Value: "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'"},
	{Name: "X-Content-Type-Options", Value: "nosniff"},
}}}

// CheckAddr refuses addresses other than loopback: the preview server
// shows drafts and unpublished text, so it is never on the network.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr %q: the preview server listens on loopback only (127.0.0.1 or localhost)", addr)
	}
	return nil
}

// New makes a server for a site served on port; Start loads it.
func New(opts Options, port string) *Server {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Quiet == 0 {
		opts.Quiet = DefaultQuiet
	}
	// Builds count from the start time, so that a page left open across a
	// restart hears of another build and reloads.
	s := &Server{opts: opts, port: port, hub: livereload.NewHub(), build: int(time.Now().UnixMilli())}
	s.sink = newSink(opts)
	liveJS, liveJSI := livereload.Script()
	liveCSS, liveCSSI := livereload.Stylesheet()
	scripts := []templates.Asset{{URL: liveJS, Integrity: liveJSI}}
	styles := []templates.Asset{{URL: liveCSS, Integrity: liveCSSI}}
	sinkJS, sinkCSS := s.sink.assets()
	scripts, styles = append(scripts, sinkJS...), append(styles, sinkCSS...)
	s.model = site.New(site.Options{
		Dir: opts.Dir, Sets: opts.Sets, Defaults: opts.Defaults, Drafts: true,
		Preview: &site.Preview{
			BaseURL:    func(r *config.Region) string { return s.origin(r.ID) + "/" },
			FormAction: s.sink.action,
			Scripts:    scripts,
			Styles:     styles,
		},
	})
	return s
}

// origin is a region's origin on this server.
func (s *Server) origin(id string) string {
	return "http://" + id + ".localhost:" + s.port
}

// Serve loads the site, serves it on ln and updates it on changes until
// ctx is done.
func Serve(ctx context.Context, ln net.Listener, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := New(opts, port)
	defer s.model.Close()
	w, err := newWatcher(opts.Dir)
	if err != nil {
		return err
	}
	defer w.Close()
	start := time.Now()
	s.update(ctx, nil)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.hub.Close)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		s.sink.close()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	// The watcher updates the model until ctx is done; Serve waits for
	// it before the model and the watcher close.
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		w.run(ctx, s.opts.Quiet, func(paths []string) { s.update(ctx, paths) }, func(err error) {
			fmt.Fprintln(opts.Log, "watch:", err)
		})
	}()
	s.printURLs(time.Since(start))
	err = srv.Serve(ln)
	if !errors.Is(err, http.ErrServerClosed) {
		cancel() // stop the watcher and the shutdown goroutine
		<-watching
		return err
	}
	<-stopped
	<-watching
	fmt.Fprintln(opts.Log, "stopped")
	return nil
}

func (s *Server) printURLs(took time.Duration) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fmt.Fprintf(s.opts.Log, "charter serve: ready in %d ms; regions and languages on http://127.0.0.1:%s/ (Ctrl-C stops)\n", took.Milliseconds(), s.port)
	if s.good == nil {
		return
	}
	for _, r := range s.good.Site.Regions {
		fmt.Fprintf(s.opts.Log, "  %-8s %s/  %s\n", r.ID, s.origin(r.ID), strings.Join(r.Languages, " "))
	}
}

// update updates the model with the changed paths (nil: all), then
// tells the pages and the terminal.
func (s *Server) update(ctx context.Context, paths []string) {
	snap := s.model.Update(ctx, paths)
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	s.build++
	build := s.build
	prev := s.good
	wasFailed := s.errs != nil
	if snap.Site != nil {
		ids := make([]string, len(snap.Site.Regions))
		for i, r := range snap.Site.Regions {
			ids[i] = r.ID
		}
		s.ids = ids
	}
	if snap.Failed() {
		s.errs = errorsOf(snap.Diags)
	} else {
		s.good, s.errs = snap, nil
		s.sink.setConfig(snap.Site)
		s.headers = map[string]headers.File{}
		s.domains = map[string]*config.Region{}
		for _, r := range snap.Regions {
			s.domains[r.ID] = r
			f, err := headers.Parse(snap.Files[r.Domain+"/_headers"].Data)
			if err != nil {
				fmt.Fprintf(s.opts.Log, "%s/_headers: %v; serving the region with a strict fallback policy\n", r.Domain, err)
				f = fallbackHeaders
			}
			s.headers[r.ID] = f
		}
	}
	ids := slices.Clone(s.ids)
	s.mu.Unlock()

	s.report(snap, paths)
	if snap.Failed() {
		errs := make([]livereload.Diagnostic, 0, len(snap.Diags))
		for _, d := range errorsOf(snap.Diags) {
			errs = append(errs, overlayDiag(d, s.opts.Dir))
		}
		ev := livereload.Event{Name: livereload.Failed, Data: livereload.FailedData{Build: build, Errors: errs}}
		s.publish(append(ids, ""), func(string) livereload.Event { return ev })
		return
	}
	if prev != nil && !wasFailed && len(snap.Changed) == 0 {
		return // saved unchanged: nothing to tell the pages
	}
	s.publish(append(ids, ""), func(id string) livereload.Event {
		return livereload.Event{Name: livereload.Change, Data: changeFor(prev, snap, id, build)}
	})
}

// publish sends each region its event, and keeps the last for regions
// the hub has not heard of: before any site.toml loads, any
// <name>.localhost is a region to tell of the errors.
func (s *Server) publish(ids []string, event func(id string) livereload.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.told == nil {
		s.told = map[string]bool{}
	}
	for id := range s.told {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		s.hub.Publish(id, event(id))
		s.told[id] = true
	}
	s.last = event("")
}

// tell gives a region the hub has not heard of the current state, so
// that its first hello is right.
func (s *Server) tell(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.told[id] || s.last.Name == "" {
		return
	}
	if s.told == nil {
		s.told = map[string]bool{}
	}
	s.told[id] = true
	ev := s.last
	if ev.Name == livereload.Change { // a change would make it reload: only the state
		ev.Data = livereload.ChangeData{Build: ev.Data.(livereload.ChangeData).Build}
	}
	s.hub.Publish(id, ev)
}

// overlayDiag is a diagnostic as the overlay shows it, with the excerpt
// and span diag placed, or, for a diagnostic placed without its file's
// text (a region's language in site.toml, say), the line read now.
func overlayDiag(d *diag.Diagnostic, dir string) livereload.Diagnostic {
	if d.Excerpt == nil {
		var src []byte
		if d.File != "" && d.Line > 0 {
			src, _ = site.ReadSiteFile(dir, d.File)
		}
		return livereload.FromDiag(d, src)
	}
	out := livereload.FromDiag(d, nil)
	out.Excerpt = &livereload.Excerpt{Line: d.Excerpt.Line, Col: d.Excerpt.Col, Width: d.Excerpt.Width}
	return out
}

func errorsOf(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	return out
}

// report prints one line per update, and the errors and warnings.
func (s *Server) report(snap *site.Snapshot, paths []string) {
	what := "site"
	switch {
	case paths == nil:
		what = "site read again"
	case len(paths) == 1:
		what = paths[0]
	case len(paths) > 1:
		what = fmt.Sprintf("%s and %d more", paths[0], len(paths)-1)
	}
	for _, d := range snap.Diags {
		fmt.Fprintln(s.opts.Log, d.FormatLong())
	}
	ms := float64(snap.Duration.Microseconds()) / 1000
	if snap.Failed() {
		n := len(errorsOf(snap.Diags))
		fmt.Fprintf(s.opts.Log, "%s %s: failed with %d error(s) in %.1f ms; serving the last good pages\n", time.Now().Format("15:04:05"), what, n, ms)
		return
	}
	if paths == nil && len(snap.Changed) == len(snap.Files) { // the first load
		fmt.Fprintf(s.opts.Log, "%s loaded the site: %d pages, %d files in %.1f ms\n", time.Now().Format("15:04:05"), snap.Pages, len(snap.Files), ms)
		return
	}
	fmt.Fprintf(s.opts.Log, "%s %s: %d of %d pages rendered, %d files changed in %.1f ms\n",
		time.Now().Format("15:04:05"), what, snap.Rendered, snap.Pages, len(snap.Changed), ms)
}

// changeFor is the change event of region id: the pages whose bytes
// changed, and the stylesheets to swap. When only stylesheets changed,
// the pages swap them without reloading.
func changeFor(prev, snap *site.Snapshot, id string, build int) livereload.ChangeData {
	ch := livereload.ChangeData{Build: build}
	if prev == nil || id == "" || slices.Contains(snap.Inputs, site.InputConfig) {
		ch.All = true // the first good build, the region list, or all URLs may have moved
		return ch
	}
	var reg *config.Region
	for _, r := range snap.Regions {
		if r.ID == id {
			reg = r
		}
	}
	if reg == nil {
		ch.All = true
		return ch
	}
	prefix := reg.Domain + "/"
	var pages []string
	var oldCSS, newCSS []string
	other := false // a changed file that is neither a page nor a stylesheet
	for _, p := range snap.Changed {
		name, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".html"):
			pages = append(pages, pageURL(name))
		case strings.HasPrefix(name, "assets/") && strings.HasSuffix(name, ".css"):
			if _, now := snap.Files[p]; now {
				newCSS = append(newCSS, name)
			} else {
				oldCSS = append(oldCSS, name)
			}
		case name == "_headers" || name == "_redirects" || name == "sitemap.xml" || name == "manifest.json":
		default:
			other = true
		}
	}
	for _, n := range newCSS {
		for _, o := range oldCSS {
			if assetStem(o) == assetStem(n) {
				ch.CSS = append(ch.CSS, livereload.CSSSwap{From: "/" + o, To: "/" + n, Integrity: assets.Integrity(snap.Files[prefix+n].Data)})
			}
		}
	}
	onlyCSS := len(ch.CSS) > 0 && !other && len(snap.Inputs) == 1 && snap.Inputs[0] == site.InputAssets
	if onlyCSS && cssOnlyChange(prev, snap, prefix, pages, ch.CSS) {
		return ch
	}
	ch.Reload = pages
	return ch
}

// cssOnlyChange reports whether every changed page differs from its
// previous version only in the stylesheet links swaps replace.
func cssOnlyChange(prev, snap *site.Snapshot, prefix string, pages []string, swaps []livereload.CSSSwap) bool {
	for _, u := range pages {
		name := prefix + pageFile(u)
		before, now := string(prev.Files[name].Data), string(snap.Files[name].Data)
		for _, sw := range swaps {
			old := prev.Files[prefix+strings.TrimPrefix(sw.From, "/")].Data
			before = strings.ReplaceAll(before, sw.From, sw.To)
			before = strings.ReplaceAll(before, assets.Integrity(old), sw.Integrity)
		}
		if before != now {
			return false
		}
	}
	return true
}

// assetStem is a fingerprinted name without its fingerprint:
// "assets/site.3f2a1b9c.css" -> "assets/site.css".
func assetStem(name string) string {
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	return base + ext
}

// pageURL is the URL path of an HTML file of a region: "privacy/index.html"
// -> "/privacy/", "404.html" -> "/404.html".
func pageURL(name string) string {
	if name == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + name
}

// pageFile is pageURL backwards.
func pageFile(u string) string {
	if strings.HasSuffix(u, "/") {
		return plan.OutFile(u)
	}
	return strings.TrimPrefix(u, "/")
}

// ServeHTTP serves a region's files by the request's host name
// (<region id>.localhost), the list of regions on plain localhost, and
// live reload and the form sink under /_charter/ on both.
//
// Any other Host is answered 400 before anything else: a page of another
// site whose name an attacker rebinds to 127.0.0.1 could otherwise read
// the drafts, the region list and the paths in build errors.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	good, errs, hdrs, ids, regions := s.good, s.errs, s.headers, s.ids, s.domains
	s.mu.RUnlock()
	id, ok := checkHost(r.Host, ids)
	if !ok {
		h := w.Header()
		h.Set("Content-Security-Policy", PreviewCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "400 bad request: the preview server answers only localhost, 127.0.0.1 and <region>.localhost\n")
		return
	}
	if strings.HasPrefix(r.URL.Path, "/_charter/") {
		switch {
		case r.URL.Path == livereload.EventsPath:
			s.tell(id)
			s.hub.ServeEvents(w, r, id)
		case s.sink.handles(r.URL.Path):
			s.sink.serve(w, r, id)
		default:
			livereload.ServeAsset(w, r) // live.js, live.css; 404 for the rest
		}
		return
	}
	reg := regions[id]
	if good == nil || id != "" && reg == nil && errs != nil {
		ownPage(w)
		w.WriteHeader(http.StatusInternalServerError)
		errorPage.Execute(w, pageData(s, errs))
		return
	}
	if reg == nil {
		ownPage(w)
		if id != "" {
			w.WriteHeader(http.StatusNotFound) // a region of an older site.toml
		}
		indexPage.Execute(w, pageData(s, errs))
		return
	}
	serveRegion(w, r, good, reg.Domain, hdrs[reg.ID])
}

func pageData(s *Server, errs diag.List) map[string]any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var regions []*config.Region
	if s.good != nil {
		regions = s.good.Site.Regions
	}
	type link struct {
		Region *config.Region
		Lang   string
		URL    string
	}
	var rows [][]link
	for _, r := range regions {
		var row []link
		for _, lang := range r.Languages {
			u := s.origin(r.ID) + "/"
			if lang != r.DefaultLanguage() {
				u += strings.ToLower(lang) + "/"
			}
			row = append(row, link{r, lang, u})
		}
		rows = append(rows, row)
	}
	js, jsi := livereload.Script()
	css, cssi := livereload.Stylesheet()
	return map[string]any{"Rows": rows, "Errors": errs, "JS": js, "JSI": jsi, "CSS": css, "CSSI": cssi}
}

// checkHost reads a request's Host header: "localhost", "127.0.0.1" and
// "[::1]" (id ""), or "<region id>.localhost" (that id), each with an
// optional port, case-insensitive. Anything else is not ok. Until a
// site.toml has loaded (ids is nil), any one-label name.localhost is.
func checkHost(host string, ids []string) (id string, ok bool) {
	name := host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		port := host[i+1:]
		if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		name = host[:i]
	}
	name = strings.ToLower(name)
	switch name {
	case "localhost", "127.0.0.1", "[::1]":
		return "", true
	}
	label, found := strings.CutSuffix(name, ".localhost")
	if !found || label == "" {
		return "", false
	}
	if ids == nil {
		return label, strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
	}
	for _, id := range ids {
		if strings.EqualFold(id, label) {
			return id, true
		}
	}
	return "", false
}

// ownPage sets the headers of the server's own HTML pages.
func ownPage(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", PreviewCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Type", "text/html; charset=utf-8")
}

// serveRegion serves a file of a region of the snapshot with the headers
// its _headers file gives that path. Everything that is not a file of
// the output (a missing path, a folder without index.html, the host's
// _headers and _redirects) gets one answer: the region's 404 page,
// status 404. Responses the file gives no Cache-Control (HTML,
// unfingerprinted files) get no-store: a preview must show the last save.
func serveRegion(w http.ResponseWriter, r *http.Request, snap *site.Snapshot, domain string, hf headers.File) {
	urlPath := path.Clean("/" + r.URL.Path)
	name := urlPath
	if strings.HasSuffix(r.URL.Path, "/") || urlPath == "/" {
		name = path.Join(urlPath, "index.html")
	}
	f, ok := snap.Files[domain+name]
	if name == "/_headers" || name == "/_redirects" || name == "/manifest.json" {
		ok = false // the host reads them; it does not serve them
	}
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		// A folder asked for without its slash: send the browser to it,
		// as a host does, when it has an index.html.
		if _, dir := snap.Files[domain+path.Join(urlPath, "index.html")]; dir && urlPath != "/" {
			setHeaders(w, hf, urlPath+"/")
			http.Redirect(w, r, urlPath+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !ok {
		notFound(w, snap, domain, hf)
		return
	}
	setHeaders(w, hf, urlPath)
	http.ServeContent(w, r, name, time.Time{}, strings.NewReader(string(f.Data)))
}

func setHeaders(w http.ResponseWriter, hf headers.File, urlPath string) {
	h := w.Header()
	for k, v := range hf.For(urlPath) {
		h[k] = v
	}
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
}

// notFound answers with the region's 404 page and the headers _headers
// gives it (not those of the path asked for: a missing asset must not be
// cached as immutable). The page names itself for live reload, which
// cannot tell it by its URL.
func notFound(w http.ResponseWriter, snap *site.Snapshot, domain string, hf headers.File) {
	setHeaders(w, hf, "/404.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	page := string(snap.Files[domain+"/404.html"].Data)
	if i := strings.Index(page, "<head>"); i >= 0 {
		page = page[:i+6] + `<meta name="charter-page" content="/404.html">` + page[i+6:]
	}
	io.WriteString(w, page)
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>charter: the site does not build</title>
<link rel="stylesheet" href="{{ .CSS }}" integrity="{{ .CSSI }}">
<script defer src="{{ .JS }}" integrity="{{ .JSI }}"></script>
<h1>The site does not build</h1>
<p>Fix these and save: the page updates by itself.</p>
<ul>{{ range .Errors }}<li><code>{{ .Error }}</code></li>{{ else }}<li>No build has succeeded yet.</li>{{ end }}</ul>
</html>
`))

var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>charter preview</title>
<link rel="stylesheet" href="{{ .CSS }}" integrity="{{ .CSSI }}">
<script defer src="{{ .JS }}" integrity="{{ .JSI }}"></script>
<h1>charter preview</h1>
{{ with .Errors }}<h2>The last change does not build</h2><p>The regions show the last good pages until you fix these:</p><ul>{{ range . }}<li><code>{{ .Error }}</code></li>{{ end }}</ul>{{ end }}
<p>Each region is served on its own origin, in each of its languages:</p>
<table><thead><tr><th>Region</th><th>Domain</th><th>Languages</th></tr></thead><tbody>
{{ range .Rows }}{{ $r := (index . 0).Region }}<tr><td><a href="{{ (index . 0).URL }}">{{ $r.Label }}</a> ({{ $r.ID }})</td><td>{{ $r.Domain }}</td><td>{{ range . }}<a href="{{ .URL }}" hreflang="{{ .Lang }}">{{ .Lang }}</a> {{ end }}</td></tr>
{{ end }}</tbody></table>
</html>
`))
