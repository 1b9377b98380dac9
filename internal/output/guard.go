package output

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// sourceFolders are the site's folders the output may never be in.
var sourceFolders = []string{"content", "layouts", "assets", "locales"}

// checkPlace refuses an output folder that is the site's own folder, is
// inside one of its source folders, contains the site, or is a symbolic
// link (charter never writes or deletes through one).
func checkPlace(outDir, shown, siteDir string) error {
	st, err := os.Lstat(outDir)
	switch {
	case err == nil && st.Mode()&fs.ModeSymlink != 0:
		to, _ := os.Readlink(outDir)
		return &Error{Dir: shown, Message: fmt.Sprintf("%s is a symbolic link (to %s); charter does not write or delete through links", shown, to),
			Hint: "pass the folder itself as --out, or remove the link"}
	case err == nil && !st.IsDir():
		return &Error{Dir: shown, Message: fmt.Sprintf("%s exists and is not a folder", shown),
			Hint: "choose another folder for --out"}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return &Error{Dir: shown, Message: err.Error()}
	}
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return &Error{Dir: shown, Message: err.Error()}
	}
	out, site := realPath(outDir), realPath(site)
	switch {
	case out == site:
		return &Error{Dir: shown, Message: fmt.Sprintf("%s is the site's own folder", shown),
			Hint: "build into a folder of its own, such as the default <site>/public"}
	case within(site, out):
		return &Error{Dir: shown, Message: fmt.Sprintf("%s contains the site (%s)", shown, siteDir),
			Hint: "build into a folder of its own, such as the default <site>/public"}
	}
	for _, name := range sourceFolders {
		if src := realPath(filepath.Join(site, name)); out == src {
			return &Error{Dir: shown, Message: fmt.Sprintf("%s is the site's %s/ folder", shown, name),
				Hint: "build into a folder of its own, such as the default <site>/public"}
		} else if within(out, src) {
			return &Error{Dir: shown, Message: fmt.Sprintf("%s is inside the site's %s/ folder", shown, name),
				Hint: "build into a folder of its own, such as the default <site>/public"}
		}
	}
	return nil
}

// within reports whether p is strictly inside dir; both are clean and
// absolute.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// realPath is the absolute path p with the symbolic links of its longest
// existing ancestor resolved, so that two names of one folder compare
// equal.
func realPath(p string) string {
	p = filepath.Clean(p)
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// readOwned proves that charter may replace outDir: it does not exist, is
// empty, or holds charter's manifest.json, which lists every file in it
// (checked when all is true). It returns that manifest.
func readOwned(outDir, shown string, all bool) (Manifest, error) {
	ents, err := os.ReadDir(outDir)
	if errors.Is(err, fs.ErrNotExist) {
		return Manifest{}, nil
	}
	if err != nil {
		return Manifest{}, &Error{Dir: shown, Message: err.Error()}
	}
	if len(ents) == 0 {
		return Manifest{}, nil
	}
	m, err := parseManifest(filepath.Join(outDir, ManifestName))
	if err != nil {
		msg := fmt.Sprintf("%s exists and was not written by charter (no manifest.json)", shown)
		if !errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("%s exists and was not written by charter (its manifest.json is not charter's: %v)", shown, err)
		}
		return Manifest{}, &Error{Dir: shown, Message: msg, Hint: "choose another folder or empty it"}
	}
	if !all {
		return m, nil
	}
	if foreign := foreignFiles(outDir, m); len(foreign) > 0 {
		list := strings.Join(foreign[:min(3, len(foreign))], ", ")
		if len(foreign) > 3 {
			list += fmt.Sprintf(" and %d more", len(foreign)-3)
		}
		return Manifest{}, &Error{Dir: shown,
			Message: fmt.Sprintf("%s holds files that charter did not write (not in its manifest.json): %s", shown, list),
			Hint:    "charter replaces the output folder whole: move them out of it, or choose another folder"}
	}
	if changed := changedFiles(outDir, m); len(changed) > 0 {
		list := strings.Join(changed[:min(3, len(changed))], ", ")
		if len(changed) > 3 {
			list += fmt.Sprintf(" and %d more", len(changed)-3)
		}
		return Manifest{}, &Error{Dir: shown,
			Message: fmt.Sprintf("%s holds files changed since charter wrote them (their sha256 differs from manifest.json): %s", shown, list),
			Hint:    "a build would replace them: change the sources instead, or move the edited files out of the folder"}
	}
	return m, nil
}

// changedFiles lists the files of outDir whose bytes are not those its
// manifest lists (an edit by hand). Charter writes manifest.json after
// every other file of a build, so a file with another size, or modified
// after manifest.json, is hashed; the others are as charter wrote them,
// unless someone edited one and set its time back. (Hashing them all
// would read the whole output on every build: 25 % more build time on
// the benchmark site.)
func changedFiles(outDir string, m Manifest) []string {
	mst, err := os.Lstat(filepath.Join(outDir, ManifestName))
	if err != nil {
		return nil
	}
	var suspects []ManifestFile
	for _, f := range m.Files {
		if checkName(f.Path) != nil {
			continue
		}
		st, err := os.Lstat(filepath.Join(outDir, filepath.FromSlash(f.Path)))
		if err != nil || st.Size() != int64(f.Size) || st.ModTime().After(mst.ModTime()) {
			suspects = append(suspects, f)
		}
	}
	files := make(chan ManifestFile)
	var mu sync.Mutex
	var changed []string
	var wg sync.WaitGroup
	for range ioWorkers {
		wg.Go(func() {
			for f := range files {
				b, err := os.ReadFile(filepath.Join(outDir, filepath.FromSlash(f.Path)))
				if err != nil || len(b) != f.Size || entryFor(f.Path, b).SHA256 != f.SHA256 {
					mu.Lock()
					changed = append(changed, f.Path)
					mu.Unlock()
				}
			}
		})
	}
	for _, f := range suspects {
		files <- f
	}
	close(files)
	wg.Wait()
	slices.Sort(changed)
	return changed
}

// foreignFiles lists what is in outDir that its manifest does not: files
// it does not list, and anything that is neither a folder nor a regular
// file (a symbolic link charter never writes).
func foreignFiles(outDir string, m Manifest) []string {
	listed := make(map[string]bool, len(m.Files)+1)
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	listed[ManifestName] = true
	var foreign []string
	filepath.WalkDir(outDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			foreign = append(foreign, p)
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(outDir, p)
		if !d.Type().IsRegular() || !listed[filepath.ToSlash(rel)] {
			foreign = append(foreign, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(foreign)
	return foreign
}

// removeOwned removes from dir the files m lists, the manifest itself,
// then the folders that are left empty, and dir. Commit proved, just
// before, that every listed path is a regular file and nothing else is
// there; a folder that is not empty now (something appeared since) stays.
// It returns what it left behind ("" when dir is gone) and why.
func removeOwned(dir string, m Manifest) (left, why string) {
	files := make(chan string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range ioWorkers {
		wg.Go(func() {
			for f := range files {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(f))); err != nil && !errors.Is(err, fs.ErrNotExist) {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	folders := map[string]bool{}
	for _, f := range m.Files {
		if checkName(f.Path) != nil {
			continue
		}
		files <- f.Path
		for d := path.Dir(f.Path); d != "." && !folders[d]; d = path.Dir(d) {
			folders[d] = true
		}
	}
	files <- ManifestName
	close(files)
	wg.Wait()

	// Folders, deepest first: a folder sorts after its parent.
	sorted := slices.Sorted(maps.Keys(folders))
	for i := len(sorted) - 1; i >= 0; i-- {
		os.Remove(filepath.Join(dir, filepath.FromSlash(sorted[i])))
	}
	if os.Remove(dir) == nil {
		return "", ""
	}
	if firstErr != nil {
		return firstErr.Error(), "could not be removed completely"
	}
	rest := foreignFiles(dir, Manifest{})
	if len(rest) == 0 {
		return "empty folders", "could not be removed completely"
	}
	return strings.Join(rest[:min(3, len(rest))], ", "), "held files that charter did not write"
}
