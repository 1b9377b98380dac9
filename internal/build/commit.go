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

// Commit writes the output into a staging folder beside outDir and swaps
// it in. Regions that were not built keep their previous files. It returns
// how many files differ from the previous output.
func (o *Output) Commit(outDir string, built, all []*config.Region) (int, error) {
	outDir = filepath.Clean(outDir)
	parent := filepath.Dir(outDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return 0, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(outDir)+".staging-")
	if err != nil {
		return 0, err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(staging)
		}
	}()

	old := readManifest(outDir)
	names := o.Files()
	entries, err := writeFiles(staging, names, o.files)
	if err != nil {
		return 0, err
	}

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

// ioWorkers is how many files are written or removed at once: file system
// calls wait more than they compute, so more workers than cores help.
const ioWorkers = 8

// parallel calls do(i) for every i in [0, n) from ioWorkers goroutines and
// returns the first error by index (a full disk fails every file alike).
func parallel(n int, do func(i int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(ioWorkers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// writeFiles writes files into root and returns their manifest entries in
// the order of names.
func writeFiles(root string, names []string, files map[string][]byte) ([]ManifestFile, error) {
	entries := make([]ManifestFile, len(names))
	err := parallel(len(names), func(i int) error {
		n := names[i]
		entries[i] = entryFor(n, files[n])
		p := filepath.Join(root, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, files[n], 0o644)
	})
	if err != nil {
		return nil, err
	}
	return entries, nil
}

// removeTree removes dir and everything in it, its entries (one folder per
// region) in parallel.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	if err := parallel(len(entries), func(i int) error {
		return os.RemoveAll(filepath.Join(dir, entries[i].Name()))
	}); err != nil {
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
