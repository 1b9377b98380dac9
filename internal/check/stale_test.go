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

// stampedSite writes legalSite to a folder and stamps the German
// translations, as charter check --stamp does.
func stampedSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range legalSite {
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

func TestStaleTranslation(t *testing.T) {
	tests := []struct {
		name  string
		edits map[string]string // of the stamped site
		want  []string
	}{
		{"just stamped", nil, nil},
		{"source rewrapped", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "You have rights.", "You have\n   rights."),
		}, nil},
		{"sections changed, added and removed", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "Who we are.\n\n## Your rights\n\nYou have rights.\n",
				"Who we are now.\n\n## Your rights\n\nYou have more rights.\n\n## Contact\n\nWrite to us.\n"),
			"content/cookies.md": replace(t, "content/cookies.md", "## Cookies we use", "## Cookies"),
		}, []string{
			`content/cookies.de.md:3:1 warning translation-stale: content/cookies.md changed since this translation was stamped (added: "Cookies"; removed: #cookies-we-use) (translate what changed, then run charter check --stamp content/cookies.de.md)`,
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: the text before the first heading, "Your rights"; added: "Contact") (translate what changed, then run charter check --stamp content/privacy.de.md)`,
		}},
		{"a region block around a section", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", `:::region{only="eu"}`, `:::region{only="eu us"}`),
		}, []string{
			`content/privacy.de.md:3:1 warning translation-stale: content/privacy.md changed since this translation was stamped (changed: "Data protection officer") (translate what changed, then run charter check --stamp content/privacy.de.md)`,
		}},
		{"a stamp in the source", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", "title: Privacy\n", "title: Privacy\ntranslationOf: {intro: \"00000000\"}\n"),
		}, []string{
			`content/privacy.md:3:1 warning translation-stale: content/privacy.md is in the default language (en), so it is a source, not a translation: translationOf compares it with nothing (remove translationOf here; its translations record it)`,
		}},
		{"no source", map[string]string{
			"content/cookies.md": "",
		}, []string{
			`content/cookies.de.md:3:1 warning translation-stale: translationOf: page "cookies" has no source in the default language (en) to compare this translation with (add the page in en, or remove translationOf)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := stampedSite(t)
			for name, text := range tt.edits {
				if text == "" {
					os.Remove(filepath.Join(dir, name))
					continue
				}
				writeFile(t, dir, name, text)
			}
			expect(t, report(Run(diskSnapshot(t, dir)), StaleRule.ID), tt.want)
		})
	}
}

func TestStamp(t *testing.T) {
	dir := t.TempDir()
	for name, text := range legalSite {
		writeFile(t, dir, name, text)
	}
	snap := diskSnapshot(t, dir)
	msg, err := Stamp(snap, dir, "content/privacy.de.md")
	if want := "content/privacy.de.md: translationOf added, recording content/privacy.md as it is (2 sections)"; err != nil || msg != want {
		t.Errorf("stamp: %q, %v; want %q", msg, err, want)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content/privacy.de.md"))
	want := "---\ntitle: Datenschutz\ntranslationOf: # charter check --stamp writes this\n  intro: \"" + hash8For("Who we are.") + "\"\n  sections:\n" +
		"    your-rights: \"" + hash8For(`## Your rights You have rights.`) + "\"\n" +
		"    dpo: \"" + hash8For(`:::region{only="eu"} ### Data protection officer {#dpo} Write to the DPO. ::: :::region{only="us"} ::form{id="implementation-request"} :::`) + "\"\n" +
		"---\n" + strings.SplitN(legalSite["content/privacy.de.md"], "---\n", 3)[2]
	if string(b) != want {
		t.Errorf("stamped file:\n%s\nwant\n%s", b, want)
	}

	// Stamping again with nothing changed writes nothing.
	snap = diskSnapshot(t, dir)
	msg, err = Stamp(snap, dir, "content/privacy.de.md")
	if want := "content/privacy.de.md: already records content/privacy.md as it is (2 sections); nothing written"; err != nil || msg != want {
		t.Errorf("again: %q, %v", msg, err)
	}

	// After an edit of the source, the new stamp says what changed.
	writeFile(t, dir, "content/privacy.md", replace(t, "content/privacy.md", "You have rights.", "You have more rights."))
	snap = diskSnapshot(t, dir)
	msg, err = Stamp(snap, dir, "content/privacy.de.md")
	if want := `content/privacy.de.md: translationOf now records content/privacy.md as it is (changed: "Your rights" since the last stamp)`; err != nil || msg != want {
		t.Errorf("after an edit: %q, %v", msg, err)
	}

	for file, want := range map[string]string{
		"content/privacy.md":    "content/privacy.md: it is in the default language (en), so it is the source, not a translation; stamp its translations: content/privacy.de.md",
		"site.toml":             "site.toml: not a page under content/",
		"content/../site.toml":  "content/../site.toml: not a page under content/",
		"content/missing.de.md": "content/missing.de.md: not a page of the site",
	} {
		if _, err := Stamp(snap, dir, file); err == nil || err.Error() != want {
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
