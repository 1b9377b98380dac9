package check

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/site"
)

// ErrNotStampable is what errors.Is finds in the errors of Stamp that
// refuse the file named (it is not a translation of the site under
// content/), as opposed to errors reading or writing it.
var ErrNotStampable = errors.New("not a translation")

// refusal is an error of Stamp that refuses its file.
type refusal struct{ msg string }

func (r refusal) Error() string { return r.msg }
func (r refusal) Unwrap() error { return ErrNotStampable }

// Stamp records in a translation which text of its source it follows: it
// sets the front matter key translationOf of file (a page under content/,
// named as the site names it: "content/privacy.de.md") to the version,
// effective date, title, description and sections of the page's
// default-language source as snap holds them, and changes no other byte
// of the file. It is the one thing charter check writes. It returns what
// it did, in a line; it and its errors name files as check prints them,
// from where the command runs (siteDir is the site folder from there).
func Stamp(snap *site.Snapshot, siteDir, file string) (string, error) {
	base := FileBase(siteDir)
	shown := base + file
	refuse := func(format string, args ...any) (string, error) {
		return "", refusal{shown + ": " + fmt.Sprintf(format, args...)}
	}
	if clean := path.Clean(file); clean != file || !strings.HasPrefix(file, "content/") || !strings.HasSuffix(file, ".md") {
		return refuse("not a page under content/")
	}
	tr := (&Site{Snapshot: snap}).source(file)
	if tr == nil {
		return refuse("not a page of the site")
	}
	def := snap.Site.DefaultLanguage
	if tr.Lang == def {
		var langs []string
		for _, src := range snap.Sources {
			if src.Page == tr.Page && src.Lang != def {
				langs = append(langs, base+src.File)
			}
		}
		hint := "it has no translations yet"
		if len(langs) > 0 {
			hint = "stamp its translations: " + strings.Join(langs, ", ")
		}
		return refuse("it is in the default language (%s), so it is the source, not a translation; %s", def, hint)
	}
	src := defaultSources(snap.Sources, def)[tr.Page]
	if src == nil {
		return refuse("page %q has no source in the default language (%s) to record", tr.Page, def)
	}
	o, err := src.Outline(snap.Site)
	if err != nil {
		return "", err
	}
	rec := o.TranslationOf()

	name := filepath.Join(siteDir, filepath.FromSlash(file))
	if err := plainFile(siteDir, name); err != nil {
		return "", fmt.Errorf("%s: %v", shown, err)
	}
	old, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	updated, err := content.SetTranslationOf(file, old, rec, snap.Site)
	if err != nil {
		return "", fmt.Errorf("%s: %v", shown, err)
	}
	n := len(rec.Sections)
	note := "" // the translation's own version and date
	if own := ownDrift(tr, src); own != "" {
		note = "; set " + own + " in it, as in the source"
	}
	srcShown := base + src.File
	if bytes.Equal(updated, old) {
		return fmt.Sprintf("%s: already records %s as it is (%s); nothing written%s", shown, srcShown, plural(n, "section"), note), nil
	}
	if err := replaceFile(name, updated); err != nil {
		return "", fmt.Errorf("%s: %v", shown, err)
	}
	if prev := tr.Meta.TranslationOf; prev != nil {
		changes := staleSince(prev, o).since()
		switch {
		case changes == "" && prev.Meta == "":
			changes = "nothing changed since the last stamp; it now records the title and description, and any version and effective date, too"
		case changes == "":
			changes = "nothing changed since the last stamp; rewritten as charter writes it"
		default:
			changes += " since the last stamp"
		}
		return fmt.Sprintf("%s: translationOf now records %s as it is (%s)%s", shown, srcShown, changes, note), nil
	}
	return fmt.Sprintf("%s: translationOf added, recording %s as it is (%s)%s", shown, srcShown, plural(n, "section"), note), nil
}

// plainFile refuses name unless it is a regular file that is reached
// from the site folder without a symbolic link: Stamp replaces it, and a
// link's target may be outside the site.
func plainFile(siteDir, name string) error {
	st, err := os.Lstat(name)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("not a regular file (a symbolic link?); charter check --stamp writes only regular files")
	}
	root, err := filepath.EvalSymlinks(siteDir)
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(siteDir, name)
	if err != nil || filepath.Join(root, rel) != real {
		return fmt.Errorf("reached through a symbolic link; charter check --stamp writes only files inside the site folder")
	}
	return nil
}

// replaceFile writes data to a new file beside name and renames it over
// name, keeping name's permissions: a reader never sees half a file.
func replaceFile(name string, data []byte) error {
	st, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".charter-stamp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(st.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
