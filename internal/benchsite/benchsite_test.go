package benchsite

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The Hugo site must hold the same pages as the charter site, or the
// comparison in scripts/bench-hugo measures different work.
func TestHugoSiteHasTheSamePages(t *testing.T) {
	charterDir, hugoDir := t.TempDir(), t.TempDir()
	if err := Write(charterDir, 3); err != nil {
		t.Fatal(err)
	}
	if err := WriteHugo(hugoDir, 3); err != nil {
		t.Fatal(err)
	}
	toCharter := strings.NewReplacer(
		hugoSyntax.blockOpen, charterSyntax.blockOpen,
		hugoSyntax.blockClose, charterSyntax.blockClose,
		"{{< param ", ":param[", " >}}", "]")
	count := func(dir string) int {
		n := 0
		filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".md") {
				n++
			}
			return err
		})
		return n
	}
	if c, h := count(charterDir), count(hugoDir); c != 3*len(Languages) || h != c {
		t.Fatalf("charter site has %d pages, Hugo site %d, want %d each", c, h, 3*len(Languages))
	}
	for _, lang := range Languages {
		suffix := "." + lang
		if lang == "en" {
			suffix = ""
		}
		for p := 0; p < 3; p++ {
			c := bodyOf(t, filepath.Join(charterDir, "content", fmt.Sprintf("page%03d%s.md", p, suffix)))
			h := bodyOf(t, filepath.Join(hugoDir, "content", lang, fmt.Sprintf("page%03d.md", p)))
			if toCharter.Replace(h) != c {
				t.Fatalf("%s page %d: the Hugo body differs from the charter body", lang, p)
			}
			if len(c) < 30<<10 {
				t.Fatalf("%s page %d: body is %d bytes, want about 30 KB", lang, p, len(c))
			}
		}
	}
	cfg, err := os.ReadFile(filepath.Join(hugoDir, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^\[languages\.r\d\d\]$`).FindAll(cfg, -1)); n != Regions {
		t.Fatalf("hugo.toml has %d languages, want one per region (%d)", n, Regions)
	}
}

func bodyOf(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(b), "\n---\n\n")
	if !ok {
		t.Fatalf("%s: no front matter", path)
	}
	return body
}
