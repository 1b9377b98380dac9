package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// watchUpdates runs a watcher on dir and returns its updates.
func watchUpdates(t *testing.T, dir string) <-chan []string {
	t.Helper()
	w, err := newWatcher(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	updates := make(chan []string, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.run(ctx, 5*time.Millisecond, func(p []string) { updates <- p }, func(err error) { t.Error(err) })
	}()
	t.Cleanup(func() { cancel(); <-done; w.Close() })
	return updates
}

// waitPaths reads updates until every path in want was in one.
func waitPaths(t *testing.T, updates <-chan []string, want ...string) {
	t.Helper()
	seen := map[string]bool{}
	timeout := time.After(10 * time.Second)
	for {
		missing := slices.DeleteFunc(slices.Clone(want), func(p string) bool { return seen[p] })
		if len(missing) == 0 {
			return
		}
		select {
		case paths := <-updates:
			for _, p := range paths {
				seen[p] = true
			}
		case <-timeout:
			t.Fatalf("no update for %q in 10 s", missing)
		}
	}
}

func mustWrite(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A renamed folder is watched under its new name, its subfolders too
// (inotify keeps a moved folder's watch under the old name).
func TestWatchRenamedFolder(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/legal/eu/terms.md"), "a")
	mustWrite(t, filepath.Join(dir, "content/legal/top.md"), "a")
	updates := watchUpdates(t, dir)
	if err := os.Rename(filepath.Join(dir, "content/legal"), filepath.Join(dir, "content/policies")); err != nil {
		t.Fatal(err)
	}
	waitPaths(t, updates, "content/legal", "content/policies")
	mustWrite(t, filepath.Join(dir, "content/policies/eu/terms.md"), "b")
	mustWrite(t, filepath.Join(dir, "content/policies/top.md"), "b")
	waitPaths(t, updates, "content/policies/eu/terms.md", "content/policies/top.md")
}

// Hidden files that a build publishes (assets/static/.well-known/) are
// watched; hidden files under content/, which it skips, are not.
func TestWatchHiddenStaticFiles(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "assets/static/.well-known/x"), "")
	updates := watchUpdates(t, dir)
	mustWrite(t, filepath.Join(dir, "content/.notes.md"), "x")
	mustWrite(t, filepath.Join(dir, "assets/static/.well-known/security.txt"), "Contact: mailto:security@example.com")
	waitPaths(t, updates, "assets/static/.well-known/security.txt")
	select {
	case paths := <-updates:
		if slices.Contains(paths, "content/.notes.md") {
			t.Errorf("a hidden file under content/ was reported: %q", paths)
		}
	default:
	}
}
