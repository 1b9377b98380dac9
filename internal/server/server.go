// Package server is charter's preview server: it builds the site into a
// temporary folder, serves each region on its own origin
// (http://de.localhost:1313/), watches the site and rebuilds on every
// change. While a build fails, pages show its errors instead.
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
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/charter-ssg/charter/internal/build"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/headers"
)

// Options configure the preview server.
type Options struct {
	Build build.Options // SiteDir, Sets and Defaults; OutDir is chosen by the server
	Log   io.Writer
}

// Server serves the last good build and reports the last failed one.
type Server struct {
	opts    Options
	port    string
	mu      sync.RWMutex
	regions []*config.Region
	diags   diag.List // errors of the last build; nil when it succeeded
	built   bool      // some build succeeded: there is output to serve
	out     string
	headers map[string]headers.File // region id -> its built _headers
	ids     []string                // region ids of the last site.toml that loaded, for checkHost
}

// PreviewCSP is the Content-Security-Policy of the server's own pages
// (the region list, the build errors): they load nothing.
const PreviewCSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// fallbackHeaders are sent for a region whose _headers file is missing or
// does not parse (a broken one in assets/static/): strict, not open.
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

// Serve builds the site, serves it on ln and rebuilds on changes until
// ctx is done.
func Serve(ctx context.Context, ln net.Listener, opts Options) error {
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	out, err := os.MkdirTemp("", "charter-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(out)
	s := &Server{opts: opts, port: port, out: filepath.Join(out, "public")}
	s.rebuild()

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	if err := watchTree(w, opts.Build.SiteDir, s.out); err != nil {
		return err
	}
	go s.watch(ctx, w)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(opts.Log, "serving on http://localhost:%s/ (one origin per region, e.g. http://%s.localhost:%s/); Ctrl-C stops\n",
		port, s.firstRegion(), port)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) firstRegion() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.regions) == 0 {
		return "region"
	}
	return s.regions[0].ID
}

// rebuild builds the site with every region's baseURL on its preview
// origin, so links, canonicals and the switchers stay on this server.
func (s *Server) rebuild() {
	opts := s.opts.Build
	opts.OutDir = s.out
	opts.Drafts = true
	cfg, diags := config.Load(opts.SiteDir, opts.Sets)
	if cfg != nil {
		ids := make([]string, len(cfg.Regions))
		for i, r := range cfg.Regions {
			ids[i] = r.ID
		}
		s.mu.Lock()
		s.ids = ids
		s.mu.Unlock()
	}
	if cfg != nil && !diags.HasErrors() {
		sets := append([]string(nil), opts.Sets...)
		for _, r := range cfg.Regions {
			sets = append(sets, fmt.Sprintf("regions.%s.baseURL=http://%s.localhost:%s/", r.ID, r.ID, s.port))
		}
		opts.Sets = sets
		var res *build.Result
		res, diags = build.Build(opts)
		if !diags.HasErrors() {
			fmt.Fprintln(s.opts.Log, res)
		}
	}
	for _, d := range diags {
		fmt.Fprintln(s.opts.Log, d.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if diags.HasErrors() {
		s.diags = diags
		return
	}
	s.diags, s.built, s.regions = nil, true, cfg.Regions
	s.headers = map[string]headers.File{}
	for _, r := range cfg.Regions {
		f, err := readHeaders(filepath.Join(s.out, r.Domain, "_headers"))
		if err != nil {
			fmt.Fprintf(s.opts.Log, "%s: %v; serving it with a fallback policy\n", r.Domain, err)
			f = fallbackHeaders
		}
		s.headers[r.ID] = f
	}
}

func readHeaders(name string) (headers.File, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return headers.Parse(b)
}

// watch rebuilds after changes, waiting for a quiet 100 ms so that an
// editor's save (often several events) triggers one build.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) {
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if strings.HasPrefix(ev.Name, s.out) || strings.HasPrefix(filepath.Base(ev.Name), ".") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					watchTree(w, ev.Name, s.out)
				}
			}
			timer = time.After(100 * time.Millisecond)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(s.opts.Log, "watch:", err)
		case <-timer:
			timer = nil
			s.rebuild()
		}
	}
}

// watchTree watches dir and its folders, except the output and hidden ones.
func watchTree(w *fsnotify.Watcher, dir, skip string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || p == skip || d.Name() == "public") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// ServeHTTP serves a region's folder by the request's host name
// (<region id>.localhost), the list of regions on plain localhost, and the
// errors of a failed build on every page.
//
// Any other Host is answered 400 before anything else: a page of another
// site whose name an attacker rebinds to 127.0.0.1 could otherwise read
// the drafts, the region list and the paths in build errors.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	diags, built, regions, hdrs, ids := s.diags, s.built, s.regions, s.headers, s.ids
	s.mu.RUnlock()
	id, ok := checkHost(r.Host, ids)
	if !ok {
		h := w.Header()
		h.Set("Content-Security-Policy", PreviewCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "400 bad request: the preview server answers only localhost and <region>.localhost\n")
		return
	}
	if diags != nil || !built {
		ownPage(w)
		w.WriteHeader(http.StatusInternalServerError)
		errorPage.Execute(w, diags)
		return
	}
	for _, reg := range regions {
		if reg.ID == id {
			serveRegion(w, r, filepath.Join(s.out, reg.Domain), hdrs[reg.ID])
			return
		}
	}
	ownPage(w)
	if id != "" {
		w.WriteHeader(http.StatusNotFound) // a region of an older site.toml
	}
	indexPage.Execute(w, map[string]any{"Regions": regions, "Port": s.port})
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

// serveRegion serves a file of the region's built folder root with the
// headers its _headers file gives that path. Everything that is not a
// regular file of the output (a missing path, a path that climbs out of
// root, a symlink, a folder without index.html) gets one answer: the
// region's 404 page, status 404, so that no request can tell what exists
// outside the output. Responses the file gives no Cache-Control (HTML,
// unfingerprinted files) get no-store: a preview must show the last save.
func serveRegion(w http.ResponseWriter, r *http.Request, root string, hf headers.File) {
	urlPath := path.Clean("/" + r.URL.Path)
	name := urlPath
	if strings.HasSuffix(r.URL.Path, "/") || urlPath == "/" {
		name = path.Join(urlPath, "index.html")
	}
	f, st, err := openFile(root, name)
	if err == nil && (name == "/_headers" || name == "/_redirects") {
		// The host reads them; it does not serve them.
		f.Close()
		err = fs.ErrNotExist
	}
	if err != nil && st != nil && st.IsDir() {
		// A folder asked for without its slash: send the browser to it,
		// as a host does, when it has an index.html.
		if idx, _, err := openFile(root, path.Join(urlPath, "index.html")); err == nil {
			idx.Close()
			setHeaders(w, hf, urlPath+"/")
			http.Redirect(w, r, urlPath+"/", http.StatusMovedPermanently)
			return
		}
	}
	if err != nil {
		notFound(w, root, hf)
		return
	}
	defer f.Close()
	setHeaders(w, hf, urlPath)
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// openFile opens name ("/privacy/index.html") in root only if every part
// of it is a real folder or file there: no symlinks, nothing outside
// root. On failure it still reports what name is, when it is a folder.
func openFile(root, name string) (*os.File, fs.FileInfo, error) {
	rt, err := os.OpenRoot(root)
	if err != nil {
		return nil, nil, err
	}
	defer rt.Close()
	rel := strings.TrimPrefix(name, "/")
	if rel == "" || !fs.ValidPath(rel) {
		return nil, nil, fs.ErrNotExist
	}
	parts := strings.Split(rel, "/")
	var st fs.FileInfo
	for i := range parts {
		if st, err = rt.Lstat(strings.Join(parts[:i+1], "/")); err != nil {
			return nil, nil, err
		}
		if st.Mode()&fs.ModeSymlink != 0 || (i < len(parts)-1 && !st.IsDir()) {
			return nil, nil, fs.ErrNotExist
		}
	}
	if !st.Mode().IsRegular() {
		return nil, st, fs.ErrNotExist
	}
	f, err := rt.Open(rel)
	if err != nil {
		return nil, nil, err
	}
	return f, st, nil
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
// cached as immutable).
func notFound(w http.ResponseWriter, root string, hf headers.File) {
	setHeaders(w, hf, "/404.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if f, _, err := openFile(root, "/404.html"); err == nil {
		defer f.Close()
		io.Copy(w, f)
	}
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>charter: build failed</title>
<h1>The build failed</h1>
<p>Fix these and save; charter rebuilds, then reload this page.</p>
<ul>{{ range . }}<li><code>{{ .Error }}</code></li>{{ else }}<li>No build has succeeded yet.</li>{{ end }}</ul>
</html>
`))

var indexPage = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><meta charset="utf-8"><title>charter preview</title>
<h1>charter preview</h1>
<p>Each region is served on its own origin:</p>
<ul>{{ range .Regions }}<li><a href="http://{{ .ID }}.localhost:{{ $.Port }}/">{{ .Label }}</a> ({{ .Domain }})</li>{{ end }}</ul>
</html>
`))
