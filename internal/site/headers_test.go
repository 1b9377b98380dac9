package site

import (
	"os"
	"path/filepath"
	"testing"

	charter "github.com/charter-ssg/charter"
)

// A _headers in assets/static/ replaces the generated one, for a policy
// the build cannot know (a script's own fetches).
func TestStaticHeadersReplaceGenerated(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	own := "/*\n  Content-Security-Policy: default-src 'self'; connect-src 'self' https://stats.example\n"
	if err := os.MkdirAll(filepath.Join(site, "assets", "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "assets", "static", "_headers"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, diags := Build(BuildOptions{Options: Options{Dir: site, Defaults: charter.Defaults}, OutDir: out}); diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, d := range []string{"fixture.com", "fixture.ca"} {
		if b, err := os.ReadFile(filepath.Join(out, d, "_headers")); err != nil || string(b) != own {
			t.Errorf("%s/_headers = %q, %v; want the static one", d, b, err)
		}
	}
}
