package site

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/benchsite"
)

func BenchmarkBuild1700(b *testing.B) {
	site := b.TempDir()
	if err := benchsite.Write(site, 100); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	cpu0 := cpuTime(b)
	for i := 0; i < b.N; i++ {
		res, diags := Build(BuildOptions{Options: Options{Dir: site, Defaults: charter.Defaults}, OutDir: out})
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		if res.Pages != 1700 {
			b.Fatalf("built %d pages, want 1700", res.Pages)
		}
	}
	// CPU time (user+system, all threads, GC included) is the measure that
	// does not depend on what else the machine runs.
	b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A cold load against an update that reads every file again and finds
// nothing changed (what a cached build does), on the 1,700-page site:
// go test ./internal/site -run XXX -bench 'Load1700|NoChange1700'
func BenchmarkLoad1700(b *testing.B) {
	site := b.TempDir()
	if err := benchsite.Write(site, 100); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		m := New(Options{Dir: site, Defaults: charter.Defaults})
		if s := m.Update(nil, nil); s.Failed() {
			b.Fatal(s.Diags)
		}
		m.Close()
	}
}

func BenchmarkNoChange1700(b *testing.B) {
	site := b.TempDir()
	if err := benchsite.Write(site, 100); err != nil {
		b.Fatal(err)
	}
	m := New(Options{Dir: site, Defaults: charter.Defaults})
	defer m.Close()
	if s := m.Update(nil, nil); s.Failed() {
		b.Fatal(s.Diags)
	}
	for b.Loop() {
		if s := m.Update(nil, nil); s.Failed() || s.Rendered != 0 {
			b.Fatalf("failed %v, %d rendered", s.Failed(), s.Rendered)
		}
	}
}

// The same on the example site: a cold load is what charter serve does
// before it is ready.
func BenchmarkLoadExample(b *testing.B) {
	for b.Loop() {
		m := New(Options{Dir: "../..", Defaults: charter.Defaults})
		if s := m.Update(nil, nil); s.Failed() {
			b.Fatal(s.Diags)
		}
		m.Close()
	}
}

func BenchmarkNoChangeExample(b *testing.B) {
	m := New(Options{Dir: "../..", Defaults: charter.Defaults})
	defer m.Close()
	m.Update(nil, nil)
	for b.Loop() {
		if s := m.Update(nil, nil); s.Failed() || s.Rendered != 0 {
			b.Fatalf("failed %v, %d rendered", s.Failed(), s.Rendered)
		}
	}
}
