package check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/site"
)

// stampedSite writes legalSite with edits to a folder and stamps the
// German translations, as charter check --stamp does.
func stampedSite(t *testing.T, edits map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range legalSite {
		if edited, ok := edits[name]; ok {
			text = edited
		}
		writeFile(t, dir, name, text)
	}
	snap := diskSnapshot(t, dir)
	for _, f := range []string{"content/privacy.de.md", "content/cookies.de.md"} {
		if _, err := Stamp(snap, dir, f); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// editOnDisk replaces old with new, once, in the file name of the site in dir.
func editOnDisk(t *testing.T, dir, name, old, new string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q (%v):\n%s", name, old, err, b)
	}
	writeFile(t, dir, name, strings.Replace(string(b), old, new, 1))
}

func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func diskSnapshot(t *testing.T, dir string) *site.Snapshot {
	t.Helper()
	m := site.New(site.Options{Dir: dir, Defaults: charter.Defaults})
	t.Cleanup(m.Close)
	snap := m.Update(context.Background(), nil)
	if snap.Failed() {
		t.Fatalf("the site does not load:\n%v", snap.Diags)
	}
	return snap
}

// versionedSite is legalSite's privacy policy and its translation with a
// version and an effective date, and sections below a section to move.
func versionedSite(t *testing.T) map[string]string {
	return map[string]string{
		"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\nversion: \"3.2\"\neffective: 2026-11-01\n") +
			"\n## Data we collect\n\nSome.\n\n### Children\n\nNone.\n\n## Sharing\n\nNever.\n",
		"content/privacy.de.md": replace(t, "content/privacy.de.md", "title: Datenschutz\n", "title: Datenschutz\nversion: \"3.2\"\neffective: 2026-11-01\n"),
	}
}

func TestStaleTranslation(t *testing.T) {
	const hint = "translate what changed, then run charter check --stamp content/privacy.de.md"
	versioned := versionedSite(t)
	vsrc := versioned["content/privacy.md"]
	edit := func(text, old, new string) string {
		t.Helper()
		if !strings.Contains(text, old) {
			t.Fatalf("no %q in %s", old, text)
		}
		return strings.Replace(text, old, new, 1)
	}
	tests := []struct {
		name   string
		before map[string]string // of legalSite, before stamping
		edits  map[string]string // of the stamped site
		then   func(t *testing.T, dir string)
		want   []string
	}{
		{"just stamped", nil, nil, nil, nil},
		{"source rewrapped", nil, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "You have rights.", "You have\n   rights."),
		}, nil, nil},
		{"sections changed, added and removed", nil, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "Who we are.\n\n## Your rights\n\nYou have rights.\n",
				"Who we are now.\n\n## Your rights\n\nYou have more rights.\n\n## Contact\n\nWrite to us.\n"),
			"content/cookies.md": replace(t, "content/cookies.md", "## Cookies we use", "## Cookies"),
		}, nil, []string{
			`content/cookies.de.md:3:1 warning translation-stale: content/cookies.md changed since this translation was stamped (added: "Cookies"; removed: #cookies-we-use) (translate what changed, then run charter check --stamp content/cookies.de.md)`,
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: the text before the first heading, "Your rights"; added: "Contact") (` + hint + `)`,
		}},
		{"a region block around a section", nil, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", `:::region{only="eu"}`, `:::region{only="eu us"}`),
		}, nil, []string{
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: "Data protection officer") (` + hint + `)`,
		}},
		{"a new version and date", versioned, map[string]string{
			"content/privacy.md": edit(vsrc, "version: \"3.2\"\neffective: 2026-11-01", "version: \"3.3\"\neffective: 2026-12-01"),
		}, nil, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped: it is now version 3.3, effective 2026-12-01; this translation follows version 3.2, effective 2026-11-01 (set version: "3.3" and effective: 2026-12-01 here as in the source, ` + hint + `)`,
		}},
		{"a new date, the translation's already set", versioned, map[string]string{
			"content/privacy.md": edit(vsrc, "effective: 2026-11-01", "effective: 2026-12-01"),
		}, func(t *testing.T, dir string) {
			editOnDisk(t, dir, "content/privacy.de.md", "\neffective: 2026-11-01\n", "\neffective: 2026-12-01\n")
		}, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped: it is now version 3.2, effective 2026-12-01; this translation follows version 3.2, effective 2026-11-01 (` + hint + `)`,
		}},
		{"a date and no version", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\neffective: 2026-11-01\n"),
		}, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\neffective: 2026-12-01\n"),
		}, nil, []string{
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped: it is now effective 2026-12-01; this translation follows the text effective 2026-11-01 (set effective: 2026-12-01 here as in the source, ` + hint + `)`,
		}},
		{"a version gone", versioned, map[string]string{
			"content/privacy.md": edit(vsrc, "version: \"3.2\"\n", ""),
		}, nil, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped: it is now no version, effective 2026-11-01; this translation follows version 3.2, effective 2026-11-01 (` + hint + `)`,
		}},
		{"a new title and description", nil, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy policy\ndescription: What we do.\n"),
		}, nil, []string{
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: the title or description) (` + hint + `)`,
		}},
		{"a stamp from before version and meta", versioned, map[string]string{
			"content/privacy.md": edit(edit(vsrc, "version: \"3.2\"\neffective: 2026-11-01", "version: \"3.3\"\neffective: 2026-12-01"), "title: Privacy", "title: Privacy policy"),
		}, func(t *testing.T, dir string) {
			editOnDisk(t, dir, "content/privacy.de.md", "  version: \"3.2\"\n  effective: 2026-11-01\n  meta: \""+hash8For("Privacy\n")+"\" # title and description\n", "")
		}, nil},
		{"a section under another section", versioned, map[string]string{
			"content/privacy.md": edit(vsrc, "### Children\n\nNone.\n\n## Sharing\n\nNever.\n", "## Sharing\n\nNever.\n\n### Children\n\nNone.\n"),
		}, nil, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped (moved: "Children" (now first under "Sharing")) (` + hint + `)`,
		}},
		{"two sections swapped", versioned, map[string]string{
			"content/privacy.md": edit(vsrc, "## Data we collect\n\nSome.\n\n### Children\n\nNone.\n\n## Sharing\n\nNever.\n",
				"## Sharing\n\nNever.\n\n## Data we collect\n\nSome.\n\n### Children\n\nNone.\n"),
		}, nil, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped (moved: "Sharing" (now after "Your rights")) (` + hint + `)`,
		}},
		{"sections moved, changed and added", versioned, map[string]string{
			"content/privacy.md": edit(edit(vsrc, "## Your rights\n", "## Sharing\n\nNever.\n\n## Your rights\n"),
				"### Children\n\nNone.\n\n## Sharing\n\nNever.\n", "## Cookies\n\nSome.\n\n### Children\n\nNone at all.\n"),
		}, nil, []string{
			`content/privacy.de.md:5:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: "Children"; moved: "Sharing" (now first); added: "Cookies") (` + hint + `)`,
		}},
		{"a stamp in the source", nil, map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\ntranslationOf: {intro: \"00000000\"}\n"),
		}, nil, []string{
			`content/privacy.md:3:1 warning translation-stale: content/privacy.md is in the default language (en), so it is a source, not a translation: translationOf compares it with nothing (remove translationOf here; its translations record it)`,
		}},
		{"no source", nil, map[string]string{
			"content/cookies.md": "",
		}, nil, []string{
			`content/cookies.de.md:3:1 warning translation-stale: translationOf: page "cookies" has no source in the default language (en) to compare this translation with (add the page in en, or remove translationOf)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := stampedSite(t, tt.before)
			for name, text := range tt.edits {
				if text == "" {
					os.Remove(filepath.Join(dir, name))
					continue
				}
				writeFile(t, dir, name, text)
			}
			if tt.then != nil {
				tt.then(t, dir)
			}
			expect(t, report(Run(diskSnapshot(t, dir)), StaleRule.ID), tt.want)
		})
	}
}

// Stamp names files as check prints them: from where it runs, here the
// folder holding the site folder review.
func TestStamp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "review")
	for name, text := range legalSite {
		writeFile(t, dir, name, text)
	}
	t.Chdir(filepath.Dir(dir))
	snap := diskSnapshot(t, "review")
	msg, err := Stamp(snap, "review", "content/privacy.de.md")
	if want := "review/content/privacy.de.md: translationOf added, recording review/content/privacy.md as it is (2 sections)"; err != nil || msg != want {
		t.Errorf("stamp: %q, %v; want %q", msg, err, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/privacy.de.md"))
	want := "---\ntitle: Datenschutz\ntranslationOf: # charter check --stamp writes this\n" +
		"  meta: \"" + hash8For("Privacy\n") + "\" # title and description\n" +
		"  intro: \"" + hash8For("Who we are.") + "\"\n  sections:\n" +
		"    your-rights: \"" + hash8For(`## Your rights You have rights.`) + "\"\n" +
		"    dpo: \"" + hash8For(`:::region{only="eu"} ### Data protection officer {#dpo} Write to the DPO. ::: :::region{only="us"} ::form{id="implementation-request"} :::`) + "\"\n" +
		"---\n" + strings.SplitN(legalSite["content/privacy.de.md"], "---\n", 3)[2]
	if string(b) != want {
		t.Errorf("stamped file:\n%s\nwant\n%s", b, want)
	}

	// Stamping again with nothing changed writes nothing.
	snap = diskSnapshot(t, "review")
	msg, err = Stamp(snap, "review", "content/privacy.de.md")
	if want := "review/content/privacy.de.md: already records review/content/privacy.md as it is (2 sections); nothing written"; err != nil || msg != want {
		t.Errorf("again: %q, %v", msg, err)
	}

	// After an edit of the source, the new stamp says what changed.
	writeFile(t, dir, "content/privacy.md", replace(t, "content/privacy.md", "You have rights.", "You have more rights."))
	snap = diskSnapshot(t, "review")
	msg, err = Stamp(snap, "review", "content/privacy.de.md")
	if want := `review/content/privacy.de.md: translationOf now records review/content/privacy.md as it is (changed: "Your rights" since the last stamp)`; err != nil || msg != want {
		t.Errorf("after an edit: %q, %v", msg, err)
	}

	// A new version: the stamp says so, and that the translation does not
	// say it yet.
	writeFile(t, dir, "content/privacy.md", replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\nversion: \"3.3\"\neffective: 2026-12-01\n"))
	snap = diskSnapshot(t, "review")
	msg, err = Stamp(snap, "review", "content/privacy.de.md")
	if want := `review/content/privacy.de.md: translationOf now records review/content/privacy.md as it is (now version 3.3, effective 2026-12-01, was no version, no effective date; changed: "Your rights" since the last stamp); set version: "3.3" and effective: 2026-12-01 in it, as in the source`; err != nil || msg != want {
		t.Errorf("after a new version: %q, %v", msg, err)
	}

	// A stamp from before charter recorded the version, date and meta
	// is rewritten with them; nothing else changed.
	editOnDisk(t, dir, "content/privacy.de.md", "  version: \"3.3\"\n  effective: 2026-12-01\n  meta: \""+hash8For("Privacy\n")+"\" # title and description\n", "")
	snap = diskSnapshot(t, "review")
	msg, err = Stamp(snap, "review", "content/privacy.de.md")
	if want := `review/content/privacy.de.md: translationOf now records review/content/privacy.md as it is (nothing changed since the last stamp; it now records the title and description, and any version and effective date, too); set version: "3.3" and effective: 2026-12-01 in it, as in the source`; err != nil || msg != want {
		t.Errorf("an old stamp: %q, %v", msg, err)
	}

	for file, want := range map[string]string{
		"content/privacy.md":    "review/content/privacy.md: it is in the default language (en), so it is the source, not a translation; stamp its translations: review/content/privacy.de.md",
		"site.toml":             "review/site.toml: not a page under content/",
		"content/../site.toml":  "review/content/../site.toml: not a page under content/",
		"content/missing.de.md": "review/content/missing.de.md: not a page of the site",
	} {
		if _, err := Stamp(snap, "review", file); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", file, err, want)
		}
	}
}

// hash8For is the hash translationOf records for a section's text,
// white space collapsed.
func hash8For(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:4])
}
