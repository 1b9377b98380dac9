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
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/charter-ssg/charter/internal/build"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
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
}

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
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	diags, built, regions := s.diags, s.built, s.regions
	s.mu.RUnlock()
	w.Header().Set("Content-Security-Policy", "default-src 'self'")
	w.Header().Set("Cache-Control", "no-store")
	if diags != nil || !built {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		errorPage.Execute(w, diags)
		return
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	id := strings.TrimSuffix(host, ".localhost")
	for _, reg := range regions {
		if reg.ID == id {
			s.serveRegion(w, r, filepath.Join(s.out, reg.Domain))
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if id != "localhost" && id != "127.0.0.1" {
		w.WriteHeader(http.StatusNotFound)
	}
	indexPage.Execute(w, map[string]any{"Regions": regions, "Port": s.port})
}

func (s *Server) serveRegion(w http.ResponseWriter, r *http.Request, root string) {
	p := filepath.Join(root, filepath.FromSlash(r.URL.Path))
	if st, err := os.Stat(p); err != nil || (st.IsDir() && !exists(filepath.Join(p, "index.html"))) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if b, err := os.ReadFile(filepath.Join(root, "404.html")); err == nil {
			w.Write(b)
		}
		return
	}
	http.FileServer(http.Dir(root)).ServeHTTP(w, r)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
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
