// Package output owns the output folder. It proves that a folder may be
// replaced (it is empty, or charter wrote it: its manifest.json lists every
// file in it), writes a build's files into a staging folder beside it, and
// swaps the staging folder in atomically when the build succeeded. It
// deletes only what it can prove it wrote, never follows a symbolic link,
// and never writes outside the output folder.
package output

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// ManifestName is the file, at the top of the output folder, that lists
// every file charter wrote there. Its presence is what lets a later build
// replace the folder.
const ManifestName = "manifest.json"

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

// Error is a refusal to use an output folder. Dir is the folder as the
// user gave it (--out DIR).
type Error struct {
	Dir     string
	Message string // says what is wrong, naming Dir
	Hint    string // how to fix it
}

func (e *Error) Error() string {
	s := "--out " + e.Dir + ": " + e.Message
	if e.Hint != "" {
		s += "; " + e.Hint
	}
	return s
}

// Conflict is two producers writing one output path, or one writing a file
// where another needs a folder.
type Conflict struct {
	Path          string // the path in the output ("acme24.de/a/index.html")
	Owner, Before string // who wrote it now, and who wrote it (or below it) first
}

func (c *Conflict) Error() string {
	return fmt.Sprintf("%s and %s both write %s", c.Before, c.Owner, c.Path)
}

// Staging is a build's files on their way to the output folder: they are
// written into a staging folder beside it as they come, then Commit swaps
// that folder in, or Discard removes it.
type Staging struct {
	outDir  string   // the output folder, absolute
	shown   string   // ... as the user gave it, for messages
	staging string   // the staging folder beside it
	root    *os.Root // ... through which every file is written
	lock    *lockFile

	queue chan queued
	wg    sync.WaitGroup

	mu      sync.Mutex
	entries []ManifestFile
	files   map[string]string // output path -> owner
	dirs    map[string]string // folder path -> owner of the first file in it
	err     error             // the first failure to write

	manifest Manifest // what Commit wrote to manifest.json
}

type queued struct {
	name string
	data []byte
}

// ioWorkers is how many files are written at once: file system calls wait
// more than they compute, so more workers than cores help.
const ioWorkers = 8

// Open checks that outDir may be written by a build of the site in
// siteDir, removes the staging folders that killed builds of the same
// output left, and starts a staging folder.
func Open(outDir, siteDir string) (*Staging, error) {
	abs, err := filepath.Abs(outDir)
	if err != nil {
		return nil, &Error{Dir: outDir, Message: err.Error()}
	}
	if err := checkPlace(abs, outDir, siteDir); err != nil {
		return nil, err
	}
	// The manifest now, to fail before the work; the files it must list
	// are checked by Commit, just before the swap.
	if _, err := readOwned(abs, outDir, false); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, &Error{Dir: outDir, Message: fmt.Sprintf("cannot create %s: %v", parent, errors.Unwrap(err))}
	}
	removeStale(abs)
	s := &Staging{outDir: abs, shown: outDir, queue: make(chan queued, 64), files: map[string]string{}, dirs: map[string]string{}}
	if err := s.start(); err != nil {
		return nil, &Error{Dir: outDir, Message: fmt.Sprintf("cannot create a staging folder beside it: %v", err)}
	}
	for range ioWorkers {
		s.wg.Add(1)
		go s.writer()
	}
	return s, nil
}

// stagingPrefix is the name of a staging folder of outDir, without its
// random part: ".public.staging-".
func stagingPrefix(outDir string) string { return "." + filepath.Base(outDir) + ".staging-" }

// start creates the staging folder and its lock. The lock, a file beside
// the folder held locked for the build's lifetime, tells a later build
// that the folder is a live build's (locked) or a dead one's (unlocked).
func (s *Staging) start() error {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return err
	}
	s.staging = filepath.Join(filepath.Dir(s.outDir), stagingPrefix(s.outDir)+hex.EncodeToString(rnd[:]))
	lock, err := createLock(s.staging + ".lock")
	if err != nil {
		return err
	}
	// 0755 less the umask, like any folder the user makes: a web server
	// must be able to read what rsync copies.
	if err := os.Mkdir(s.staging, 0o755); err != nil {
		lock.release()
		return err
	}
	root, err := os.OpenRoot(s.staging)
	if err != nil {
		os.Remove(s.staging)
		lock.release()
		return err
	}
	s.lock, s.root = lock, root
	return nil
}

// removeStale removes the staging folders of outDir whose build died
// (SIGKILL, a crash): those whose lock file exists and is not held.
// Folders of live builds, of other outputs, and anything without a lock
// file of charter's are left alone.
func removeStale(outDir string) {
	parent := filepath.Dir(outDir)
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := stagingPrefix(outDir)
	for _, e := range ents {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".lock") || !e.Type().IsRegular() {
			continue
		}
		lockPath := filepath.Join(parent, name)
		l, ok := tryLock(lockPath)
		if !ok {
			continue
		}
		dir := strings.TrimSuffix(lockPath, ".lock")
		for _, d := range []string{dir, dir + ".old"} {
			if st, err := os.Lstat(d); err == nil && st.IsDir() {
				os.RemoveAll(d) // does not follow symbolic links
			}
		}
		l.release()
	}
}

// Put queues a file by its path in the output ("acme24.de/privacy/index.html");
// owner names what produced it (a source file), for conflict messages. A
// path that is not clean and relative, or that another file already holds
// (or needs as a folder), is refused and nothing is queued.
func (s *Staging) Put(name, owner string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	s.mu.Lock()
	if before, dup := s.files[name]; dup {
		s.mu.Unlock()
		return &Conflict{Path: name, Owner: owner, Before: before}
	}
	if before, dir := s.dirs[name]; dir {
		s.mu.Unlock()
		return &Conflict{Path: name, Owner: owner, Before: before}
	}
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if before, file := s.files[d]; file {
			s.mu.Unlock()
			return &Conflict{Path: d, Owner: owner, Before: before}
		}
	}
	s.files[name] = owner
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := s.dirs[d]; ok {
			break
		}
		s.dirs[d] = owner
	}
	s.mu.Unlock()
	s.queue <- queued{name, data}
	return nil
}

// checkName proves that name stays inside the output folder: a clean,
// relative, slash-separated path of ordinary names.
func checkName(name string) error {
	bad := name == "" || path.Clean(name) != name || path.IsAbs(name) ||
		strings.ContainsAny(name, "\\\x00") || name == ".." || strings.HasPrefix(name, "../")
	if !bad {
		for _, seg := range strings.Split(name, "/") {
			if seg == "." || seg == ".." || seg == "" {
				bad = true
			}
		}
	}
	if bad || !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", name)
	}
	return nil
}

func (s *Staging) writer() {
	defer s.wg.Done()
	for f := range s.queue {
		e := entryFor(f.name, f.data)
		err := s.write(f.name, f.data)
		s.mu.Lock()
		s.entries = append(s.entries, e)
		if err != nil && s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
	}
}

// write writes a file into the staging folder, through s.root: no link,
// whoever put it there, leads a write out of the staging folder.
func (s *Staging) write(name string, data []byte) error {
	p := filepath.FromSlash(name)
	if dir := filepath.Dir(p); dir != "." {
		if err := s.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return s.root.WriteFile(p, data, 0o644)
}

// finish waits for the queued files to be written.
func (s *Staging) finish() error {
	if s.queue != nil {
		close(s.queue)
		s.wg.Wait()
		s.queue = nil
	}
	return s.err
}

// Manifest is the manifest.json that Commit wrote: every file of the
// output, the regions it kept included.
func (s *Staging) Manifest() Manifest { return s.manifest }

// Files is how many files the build wrote.
func (s *Staging) Files() int { return len(s.entries) }

// Discard removes what the build wrote; the output folder stays as it was.
func (s *Staging) Discard() {
	s.finish()
	if s.lock != nil {
		s.root.Close()
		os.RemoveAll(s.staging)
		s.lock.release()
		s.lock = nil
	}
}

// Commit swaps the staging folder in for the output folder. The top-level
// folders named in keep (regions this build did not render) are carried
// over from the previous output. Commits of one output take turns, so
// that two --region builds do not lose each other's regions; ctx stops it
// until the swap. It returns how many files differ from the previous
// output, and warnings (the previous output could not be removed
// completely).
func (s *Staging) Commit(ctx context.Context, keep []string) (changed int, warnings []string, err error) {
	ok := false
	defer func() {
		if !ok {
			s.Discard()
		}
	}()
	if err := s.finish(); err != nil {
		return 0, nil, err
	}
	turn, err := waitForTurn(ctx, filepath.Dir(s.outDir))
	if err != nil {
		return 0, nil, err
	}
	defer turn.unlock()
	// Prove again, now, that the folder about to be replaced is charter's:
	// something may have been put into it while the build ran.
	old, err := readOwned(s.outDir, s.shown, true)
	if err != nil {
		return 0, nil, err
	}
	entries := slices.Clone(s.entries)
	for _, dir := range keep {
		if err := ctx.Err(); err != nil {
			return 0, nil, err
		}
		src := filepath.Join(s.outDir, dir)
		if st, err := os.Lstat(src); err != nil || !st.IsDir() {
			continue
		}
		copied, err := s.copyTree(src, dir)
		if err != nil {
			return 0, nil, err
		}
		entries = append(entries, copied...)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Path < entries[j].Path })

	man, err := json.MarshalIndent(Manifest{Files: entries}, "", "  ")
	if err != nil {
		return 0, nil, err
	}
	if err := s.root.WriteFile(ManifestName, append(man, '\n'), 0o644); err != nil {
		return 0, nil, err
	}
	changed = countChanged(old, entries)
	s.manifest = Manifest{Files: entries}
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}

	s.root.Close()
	replaced, err := exchange(s.staging, s.outDir)
	if err != nil {
		return 0, nil, err
	}
	ok = true
	// The previous output is now at s.staging (or gone, if there was
	// none). Remove what charter wrote of it; anything else stays.
	if replaced {
		if left, why := removeOwned(s.staging, old); left != "" {
			warnings = append(warnings, fmt.Sprintf("the previous output, now in %s, %s: %s; it was left there, remove it by hand", s.staging, why, left))
		}
	}
	s.lock.release()
	s.lock = nil
	return changed, warnings, nil
}

func entryFor(name string, b []byte) ManifestFile {
	sum := sha256.Sum256(b)
	return ManifestFile{Path: name, Size: len(b), SHA256: hex.EncodeToString(sum[:])}
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

// copyTree copies the regular files of src, a folder of the previous
// output, into the staging folder under prefix, and returns their
// entries. Anything but folders and regular files is an error: readOwned
// already proved the tree holds nothing else.
func (s *Staging) copyTree(src, prefix string) ([]ManifestFile, error) {
	var entries []ManifestFile
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return errors.New(p + ": not a regular file")
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		name := path.Join(prefix, filepath.ToSlash(rel))
		entries = append(entries, entryFor(name, b))
		return s.write(name, b)
	})
	return entries, err
}

// parseManifest reads a manifest.json, strictly (see ParseManifest): a
// file that is not charter's (a web app manifest has the same name) is
// not proof.
func parseManifest(file string) (Manifest, error) {
	st, err := os.Lstat(file)
	if err != nil {
		return Manifest{}, err
	}
	if !st.Mode().IsRegular() {
		return Manifest{}, errors.New("not a regular file")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return Manifest{}, err
	}
	m, diags := ParseManifest(file, b)
	if len(diags) > 0 {
		return Manifest{}, diags[0]
	}
	return m, nil
}
