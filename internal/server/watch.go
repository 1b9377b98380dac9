package server

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site the preview follows, with site.toml
// in the site folder itself.
var watched = []string{"content", "layouts", "assets", "locales"}

// watcher follows a site's inputs with fsnotify: site.toml and every
// folder under content/, layouts/, assets/ and locales/, new ones
// included.
type watcher struct {
	dir string
	w   *fsnotify.Watcher
}

func newWatcher(dir string) (*watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	wt := &watcher{dir: dir, w: w}
	if err := w.Add(dir); err != nil {
		w.Close()
		return nil, err
	}
	for _, d := range watched {
		if err := wt.addTree(filepath.Join(dir, d)); err != nil {
			w.Close()
			return nil, err
		}
	}
	return wt, nil
}

func (wt *watcher) Close() error { return wt.w.Close() }

// addTree watches dir and the folders in it, but hidden ones under
// content/ (which the build skips; assets/static/.well-known/ it
// publishes). A folder that cannot be watched (the system's limit of
// watches, say) is reported: its edits would go unseen.
func (wt *watcher) addTree(dir string) error {
	var first error
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") && wt.underContent(p) {
			return filepath.SkipDir
		}
		if err := wt.w.Add(p); err != nil && first == nil {
			first = fmt.Errorf("cannot watch %s: %w; restart charter serve after an edit there", p, err)
		}
		return nil
	})
	return first
}

func (wt *watcher) underContent(p string) bool {
	r, err := filepath.Rel(wt.dir, p)
	return err == nil && (r == "content" || strings.HasPrefix(filepath.ToSlash(r), "content/"))
}

// forget stops watching name and the folders under it: a folder renamed
// or removed. (inotify keeps a moved folder's watch under its old name,
// and would not watch it under the new one.)
func (wt *watcher) forget(name string) {
	for _, p := range wt.w.WatchList() {
		if p == name || strings.HasPrefix(p, name+string(filepath.Separator)) {
			wt.w.Remove(p)
		}
	}
}

// rel is an event's path relative to the site, or "" when the preview
// does not follow it: the output, .charter/, editors' swap and backup
// files.
func (wt *watcher) rel(name string) string {
	r, err := filepath.Rel(wt.dir, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return ""
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if r != "site.toml" && !slices.Contains(watched, top) {
		return ""
	}
	base := filepath.Base(name)
	if strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") ||
		base == "4913" || // vim's test file
		top == "content" && strings.HasPrefix(base, ".") { // the build skips them there
		return ""
	}
	return r
}

// run calls update with the paths of each burst of events, once the
// site has been quiet for quiet (an editor's save is often a write and a
// chmod, or a write to a new file and a rename over the old one), and at
// most every 10 quiet periods during a long burst.
func (wt *watcher) run(ctx context.Context, quiet time.Duration, update func([]string), report func(error)) {
	var pending []string
	var timer *time.Timer
	var fire <-chan time.Time
	var first time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-wt.w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
				wt.forget(ev.Name)
			}
			r := wt.rel(ev.Name)
			if r == "" {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					// A new folder, or one renamed here: follow it, and
					// read what it holds.
					if err := wt.addTree(ev.Name); err != nil {
						report(err)
					}
				}
			}
			if len(pending) == 0 {
				first = time.Now()
			}
			if !slices.Contains(pending, r) {
				pending = append(pending, r)
			}
			wait := quiet
			if time.Since(first) > 10*quiet {
				wait = 0
			}
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			fire = timer.C
		case err, ok := <-wt.w.Errors:
			if !ok {
				return
			}
			report(err)
			// Events may be lost (the queue overflowed): read everything.
			pending = append(pending, ".")
			if timer == nil {
				timer = time.NewTimer(quiet)
			} else {
				timer.Reset(quiet)
			}
			fire = timer.C
		case <-fire:
			fire = nil
			paths := pending
			pending = nil
			if slices.Contains(paths, ".") {
				paths = nil // all
			}
			update(paths)
		}
	}
}
