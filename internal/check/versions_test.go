package check

import (
	"slices"
	"strings"
	"testing"
)

// An earlier version in English only: the German privacy page of eu lists
// no earlier version. Written in German too, nothing is found.
func TestMissingVersionTranslation(t *testing.T) {
	old := "---\ntitle: Privacy\ndescription: How we handled data.\neffective: 2026-01-01\nversion: \"1\"\n---\n\n## Who we were\n\nWe were Fixture.\n"
	current := "---\ntitle: Privacy\ndescription: How we handle data.\neffective: 2026-06-01\nversion: \"2\"\n---\n\n## Who we are\n\nWe are Fixture.\n"
	currentDE := "---\ntitle: Datenschutz\ndescription: Wie wir Daten verarbeiten.\neffective: 2026-06-01\nversion: \"2\"\n---\n\n## Wer wir sind\n\nWir sind Fixture.\n"
	oldDE := "---\ntitle: Datenschutz\ndescription: Wie wir Daten verarbeiteten.\neffective: 2026-01-01\nversion: \"1\"\n---\n\n## Wer wir waren\n\nWir waren Fixture.\n"
	edits := map[string]string{
		"content/privacy.md":                     current,
		"content/privacy.de.md":                  currentDE,
		"content/privacy/versions/2026-01-01.md": old,
	}
	got := runCheck(t, writeSite(t, edits))
	want := []string{"content/privacy/versions/2026-01-01.md:1:1 warning " + RuleMissingVersionTranslation + " [eu]"}
	if f := findings(got); !slices.Equal(f, want) {
		t.Fatalf("got\n%s\nwant\n%s\n(%v)", strings.Join(f, "\n"), strings.Join(want, "\n"), got)
	}
	if msg := got[0].Message; !strings.Contains(msg, "version 1 of privacy (2026-01-01) has no German (de) text") {
		t.Errorf("message %q does not name the version and the language", msg)
	}
	if hint := got[0].Hint; !strings.Contains(hint, "content/privacy/versions/2026-01-01.de.md") {
		t.Errorf("hint %q does not name the file to write", hint)
	}

	edits["content/privacy/versions/2026-01-01.de.md"] = oldDE
	if got := runCheck(t, writeSite(t, edits)); len(got) > 0 {
		t.Fatalf("with the German text: %v", got)
	}
}
