package output

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

func commit(t *testing.T, out, site string, files map[string]string) {
	t.Helper()
	s, err := Open(out, site)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := s.Put(name, "test", []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if _, warnings, err := s.Commit(context.Background(), nil); err != nil || len(warnings) > 0 {
		t.Fatal(err, warnings)
	}
}

// While builds replace the output, a reader always finds it: the swap is
// one atomic exchange, not "rename aside, rename in".
func TestSwapNeverLeavesNoOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	commit(t, out, filepath.Join(dir, "site"), map[string]string{"a/index.html": "0"})
	var stop atomic.Bool
	var missing atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for !stop.Load() {
			if _, err := os.Stat(filepath.Join(out, "a/index.html")); err != nil {
				missing.Add(1)
			}
		}
	})
	for i := range 40 {
		commit(t, out, filepath.Join(dir, "site"), map[string]string{"a/index.html": string(rune('a' + i%26))})
	}
	stop.Store(true)
	wg.Wait()
	if n := missing.Load(); n > 0 {
		t.Errorf("the output was missing %d times while it was replaced", n)
	}
}

// A build that died (its lock is free) leaves a staging folder that the
// next build removes; a live build's, another output's and a folder
// without charter's lock file stay.
func TestStaleStagingRemovedOnlyIfOurs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	mk := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Join(p, "acme24.de"), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(p, "acme24.de/index.html"), []byte("x"), 0o644)
		return p
	}
	dead := mk(".public.staging-dead")
	os.WriteFile(dead+".lock", nil, 0o644)
	deadOld := mk(".public.staging-dead.old")
	live := mk(".public.staging-live")
	l, err := createLock(live + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	defer l.release()
	noLock := mk(".public.staging-nolock")
	other := mk(".other.staging-dead")
	os.WriteFile(other+".lock", nil, 0o644)
	user := mk("public.staging-dead") // no leading dot: not a name charter makes

	commit(t, out, filepath.Join(dir, "site"), map[string]string{"x/index.html": "x"})
	for _, p := range []string{dead, dead + ".lock", deadOld} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s: a dead build's staging, not removed", filepath.Base(p))
		}
	}
	for _, p := range []string{live, live + ".lock", noLock, other, other + ".lock", user} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s: removed, but it is not a dead build's staging of this output", filepath.Base(p))
		}
	}
}

func TestPutRefusesPathsOutside(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "public"), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Discard()
	for _, name := range []string{
		"", "/etc/passwd", "../x", "acme24.de/../../x", "acme24.de/../acme24.fr/privacy/index.html",
		"acme24.de/./x", "acme24.de//x", "acme24.de/x/", `acme24.de\..\x`, "acme24.de/x\x00", ".", "..",
	} {
		if err := s.Put(name, "test", nil); err == nil {
			t.Errorf("Put(%q) succeeded", name)
		}
	}
	if err := s.Put("acme24.de/.well-known/gpc.json", "test", nil); err != nil {
		t.Errorf("a name starting with a dot: %v", err)
	}
}

// Two producers of one path, or a file where another needs a folder, are
// a conflict naming both; either order.
func TestPutConflicts(t *testing.T) {
	tests := []struct{ first, second, path string }{
		{"d/a/index.html", "d/a/index.html", "d/a/index.html"},
		{"d/_redirects/index.html", "d/_redirects", "d/_redirects"},
		{"d/_redirects", "d/_redirects/index.html", "d/_redirects"},
		{"d/assets/site.css", "d/assets/site.css/index.html", "d/assets/site.css"},
	}
	for _, tt := range tests {
		s, err := Open(filepath.Join(t.TempDir(), "public"), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Put(tt.first, "one", nil); err != nil {
			t.Fatal(err)
		}
		err = s.Put(tt.second, "two", nil)
		var c *Conflict
		if !errors.As(err, &c) || c.Path != tt.path || c.Before != "one" || c.Owner != "two" {
			t.Errorf("Put(%q) after Put(%q) = %v, want a conflict at %s between one and two", tt.second, tt.first, err, tt.path)
		}
		s.Discard()
	}
}

// Files charter did not write survive the replacement of the previous
// output, even when they appear while a build runs.
func TestCommitKeepsWhatAppearsDuringTheBuild(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	commit(t, out, filepath.Join(dir, "site"), map[string]string{"d/index.html": "0"})
	s, err := Open(out, filepath.Join(dir, "site"))
	if err != nil {
		t.Fatal(err)
	}
	s.Put("d/index.html", "test", []byte("1"))
	os.WriteFile(filepath.Join(out, "d/notes.txt"), []byte("mine"), 0o644)
	if _, _, err := s.Commit(context.Background(), nil); err == nil {
		t.Fatal("Commit replaced an output holding a file charter did not write")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "d/notes.txt")); string(b) != "mine" {
		t.Error("the user's file is gone")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "d/index.html")); string(b) != "0" {
		t.Error("the previous output changed")
	}
	if ents, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(ents) > 0 {
		t.Errorf("left behind: %v", ents)
	}
}

// Two --region builds of one output commit in turns: each carries over
// the other's region as the other left it, and neither update is lost.
func TestConcurrentRegionBuildsKeepBoth(t *testing.T) {
	dir := t.TempDir()
	out, site := filepath.Join(dir, "public"), filepath.Join(dir, "site")
	commit(t, out, site, map[string]string{"a/index.html": "a0", "b/index.html": "b0"})
	for round := range 10 {
		var wg sync.WaitGroup
		for _, r := range []struct{ mine, other string }{{"a", "b"}, {"b", "a"}} {
			s, err := Open(out, site)
			if err != nil {
				t.Fatal(err)
			}
			s.Put(r.mine+"/index.html", "test", []byte(r.mine+string(rune('1'+round))))
			wg.Go(func() {
				if _, _, err := s.Commit(context.Background(), []string{r.other}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for _, r := range []string{"a", "b"} {
			if b, _ := os.ReadFile(filepath.Join(out, r, "index.html")); string(b) != r+string(rune('1'+round)) {
				t.Fatalf("round %d: %s/index.html = %q: an update was lost", round, r, b)
			}
		}
	}
}

// A stopped build stops before the swap: the output stays, the staging
// folder goes.
func TestCommitStopsWhenCanceled(t *testing.T) {
	dir := t.TempDir()
	out, site := filepath.Join(dir, "public"), filepath.Join(dir, "site")
	commit(t, out, site, map[string]string{"a/index.html": "0"})
	s, _ := Open(out, site)
	s.Put("a/index.html", "test", []byte("1"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.Commit(ctx, nil); err == nil {
		t.Fatal("Commit swapped though its context was done")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/index.html")); string(b) != "0" {
		t.Error("the output changed")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".public.staging-*")); len(m) > 0 {
		t.Errorf("left %v", m)
	}
}

// A link planted in the staging folder (by another process of the user's)
// does not lead a write out of it.
func TestPlantedLinkDoesNotLeadOut(t *testing.T) {
	dir := t.TempDir()
	out, site := filepath.Join(dir, "public"), filepath.Join(dir, "site")
	victim := filepath.Join(dir, "victim")
	os.Mkdir(victim, 0o755)
	s, err := Open(out, site)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(s.staging, "p99")); err != nil {
		t.Fatal(err)
	}
	s.Put("p99/index.html", "test", []byte("x"))
	if _, _, err := s.Commit(context.Background(), nil); err == nil {
		t.Error("Commit succeeded writing through a planted link")
	}
	if ents, _ := os.ReadDir(victim); len(ents) > 0 {
		t.Errorf("wrote %s outside the output", ents[0].Name())
	}
}
