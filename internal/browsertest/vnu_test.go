package browsertest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The Nu Html Checker (the W3C validator, vnu.jar from the vnu-jar npm
// package, run with Java) finds no error on any page of the example, in
// any region. scripts/test installs it into .cache/vnu and exports
// CHARTER_VNU, the path of vnu.jar.
//
// One message is expected, and only on the element it names: the
// checker (26.9.27) does not know <link rel="expect" blocking="render">,
// which the HTML standard defines (the link type "expect",
// html.spec.whatwg.org/#link-type-expect, with the blocking attribute:
// the page is right and the checker is behind; Chromium 124+ and WebKit
// implement it).
// Every page but the redirects has exactly one such element, so the test
// asks for exactly that many of those messages, not for a filter.
func TestHTMLValidates(t *testing.T) {
	t.Parallel()
	jar := os.Getenv("CHARTER_VNU")
	if jar == "" {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatal("CHARTER_BROWSER_REQUIRED=1 but CHARTER_VNU is unset; scripts/test installs vnu-jar and sets it")
		}
		t.Skip("CHARTER_VNU is unset; run scripts/test, which installs the Nu Html Checker")
	}
	s := BuildSite(t)
	var pages, expecting []string
	filepath.WalkDir(s.Dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			pages = append(pages, path)
			if b, err := os.ReadFile(path); err == nil && strings.Contains(string(b), "<link rel=expect") {
				expecting = append(expecting, path)
			}
		}
		return err
	})
	if len(pages) < 80 {
		t.Fatalf("only %d pages built", len(pages))
	}
	cmd := exec.Command("java", "-jar", jar, "--format", "json", "--exit-zero-always", "--skip-non-html", s.Dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine                             int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu output: %v\n%.2000s", err, out)
	}
	const expect = `A “link” element with a “blocking” attribute must have a “rel” attribute whose value is “stylesheet”.`
	expected := 0
	for _, m := range report.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		file := strings.TrimPrefix(strings.TrimPrefix(m.URL, "file:"), s.Dir+"/")
		if m.Message == expect && strings.Contains(m.Extract, `rel=expect`) {
			expected++
			continue
		}
		t.Errorf("%s:%d: %s\n    %s", file, m.LastLine, m.Message, m.Extract)
	}
	if expected != len(expecting) || len(expecting) < 80 {
		t.Errorf("%d pages have <link rel=expect blocking=render>, the checker reports it %d times; want one report each", len(expecting), expected)
	}
}
