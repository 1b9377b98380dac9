package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/config"
)

// ManifestFile is one entry of manifest.json.
type ManifestFile struct {
	Path   string `json:"path"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// Manifest lists every file of the output with its hash, so CI can tell
// what changed and verify a deploy.
type Manifest struct {
	Files []ManifestFile `json:"files"`
}

// Output is a build's files on their way to the output folder: they are
// written into a staging folder beside it as they are rendered, then
// Commit swaps that folder in, or Discard removes it.
type Output struct {
	outDir, staging string
	pages           int

	queue chan queuedFile
	wg    sync.WaitGroup

	mu      sync.Mutex
	entries []ManifestFile
	names   map[string]bool
	err     error // the first failure to write
}

type queuedFile struct {
	name string
	data []byte
}

// newOutput makes the staging folder for outDir and starts the writers.
func newOutput(outDir string) (*Output, error) {
	outDir = filepath.Clean(outDir)
	parent := filepath.Dir(outDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(outDir)+".staging-")
	if err != nil {
		return nil, err
	}
	o := &Output{outDir: outDir, staging: staging, queue: make(chan queuedFile, 64), names: map[string]bool{}}
	// Writing mostly waits on the file system, so there are more writers
	// than cores; the queue bounds how much rendered output waits in memory.
	for range ioWorkers {
		o.wg.Add(1)
		go o.writer()
	}
	return o, nil
}

// put queues a file, by its path in the output
// ("acme24.de/privacy/index.html"). It reports false, and queues nothing,
// when the build already has a file at that path.
func (o *Output) put(name string, data []byte) bool {
	o.mu.Lock()
	dup := o.names[name]
	o.names[name] = true
	o.mu.Unlock()
	if !dup {
		o.queue <- queuedFile{name, data}
	}
	return !dup
}

func (o *Output) writer() {
	defer o.wg.Done()
	for f := range o.queue {
		e := entryFor(f.name, f.data)
		p := filepath.Join(o.staging, filepath.FromSlash(f.name))
		err := os.MkdirAll(filepath.Dir(p), 0o755)
		if err == nil {
			err = os.WriteFile(p, f.data, 0o644)
		}
		o.mu.Lock()
		o.entries = append(o.entries, e)
		if err != nil && o.err == nil {
			o.err = err
		}
		o.mu.Unlock()
	}
}

// finish waits for the queued files to be written.
func (o *Output) finish() error {
	if o.queue != nil {
		close(o.queue)
		o.wg.Wait()
		o.queue = nil
	}
	return o.err
}

// Files is how many files the build wrote.
func (o *Output) Files() int { return len(o.entries) }

// Discard removes what the build wrote; the output folder stays as it was.
func (o *Output) Discard() {
	o.finish()
	os.RemoveAll(o.staging)
}

// Commit swaps the staging folder in for the output folder. Regions that
// were not built keep their previous files. It returns how many files
// differ from the previous output.
func (o *Output) Commit(built, all []*config.Region) (int, error) {
	ok := false
	defer func() {
		if !ok {
			o.Discard()
		}
	}()
	if err := o.finish(); err != nil {
		return 0, err
	}
	outDir, staging := o.outDir, o.staging
	old := readManifest(outDir)
	entries := slices.Clone(o.entries)

	// Carry over the regions this build did not render.
	builtSet := map[string]bool{}
	for _, r := range built {
		builtSet[r.Domain] = true
	}
	for _, r := range all {
		if builtSet[r.Domain] {
			continue
		}
		src := filepath.Join(outDir, r.Domain)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := copyTree(src, filepath.Join(staging, r.Domain)); err != nil {
			return 0, err
		}
		for _, e := range old.Files {
			if strings.HasPrefix(e.Path, r.Domain+"/") {
				entries = append(entries, e)
			}
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })

	man, err := json.MarshalIndent(Manifest{Files: entries}, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(staging, "manifest.json"), append(man, '\n'), 0o644); err != nil {
		return 0, err
	}

	changed := countChanged(old, entries)
	if err := swap(staging, outDir); err != nil {
		return 0, err
	}
	ok = true
	return changed, nil
}

func entryFor(name string, b []byte) ManifestFile {
	sum := sha256.Sum256(b)
	return ManifestFile{Path: name, Size: len(b), SHA256: hex.EncodeToString(sum[:])}
}

// ioWorkers is how many files are written at once: file system calls wait
// more than they compute, so more workers than cores help.
const ioWorkers = 8

// removeTree removes dir and everything in it, its entries (one folder per
// region) in parallel.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	for i, e := range entries {
		wg.Go(func() { errs[i] = os.RemoveAll(filepath.Join(dir, e.Name())) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.Remove(dir)
}

// swap replaces outDir with staging: the old folder is renamed aside, the
// new one renamed in, the old one removed. Renames within one parent are
// atomic, so readers see the old site or the new one, never a mix.
func swap(staging, outDir string) error {
	aside := ""
	if _, err := os.Stat(outDir); err == nil {
		aside = staging + ".old"
		if err := os.Rename(outDir, aside); err != nil {
			return fmt.Errorf("moving the previous output aside: %w", err)
		}
	}
	if err := os.Rename(staging, outDir); err != nil {
		if aside != "" {
			os.Rename(aside, outDir)
		}
		return fmt.Errorf("moving the new output in: %w", err)
	}
	if aside != "" {
		return removeTree(aside)
	}
	return nil
}

func readManifest(outDir string) Manifest {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(outDir, "manifest.json"))
	if err == nil {
		_ = json.Unmarshal(b, &m)
	}
	return m
}

func countChanged(old Manifest, now []ManifestFile) int {
	prev := make(map[string]string, len(old.Files))
	for _, e := range old.Files {
		prev[e.Path] = e.SHA256
	}
	n := 0
	for _, e := range now {
		if prev[e.Path] != e.SHA256 {
			n++
		}
	}
	return n
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return errors.New(p + ": not a regular file")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
