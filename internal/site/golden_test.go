package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	charter "github.com/charter-ssg/charter"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// assetHash matches fingerprints and integrity hashes, which change with
// every edit of the default theme's assets; the golden files keep the
// markup, not the hashes.
var assetHash = regexp.MustCompile(`(\.)[0-9a-f]{10}(\.(?:css|js))|sha384-[A-Za-z0-9+/=&#;]+`)

func normalize(b []byte) []byte {
	return assetHash.ReplaceAllFunc(b, func(m []byte) []byte {
		if bytes.HasPrefix(m, []byte("sha384-")) {
			return []byte("sha384-HASH")
		}
		sub := assetHash.FindSubmatch(m)
		return append(append(append([]byte{}, sub[1]...), "HASH"...), sub[2]...)
	})
}

// The fixture site's rendered pages, compared with testdata/golden.
// Run `go test ./internal/site -run Golden -update` after an intended
// change of the output, and review the diff.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	_, diags := Build(BuildOptions{Options: Options{Dir: "testdata/site", Defaults: charter.Defaults}, OutDir: out})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	pages := []string{
		"fixture.com/index.html",
		"fixture.com/privacy/index.html",
		"fixture.com/privacy-policy/index.html",
		"fixture.com/sitemap.xml",
		"fixture.com/_redirects",
		"fixture.com/_headers",
		"fixture.eu/privacy/index.html",    // German, with the EU block
		"fixture.eu/pl/privacy/index.html", // Polish UI, English text: a fallback
		"fixture.eu/pl/index.html",         // a fallback too, whose link to /privacy/ goes to /pl/privacy/
		"fixture.eu/404.html",
		"fixture.eu/robots.txt",
		"fixture.ca/privacy/index.html", // consent = "none": no widget
		"fixture.ca/_headers",
	}
	for _, p := range pages {
		got, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		got = normalize(got)
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(p))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run with -update and review the diff.\n--- got ---\n%s", p, golden, got)
		}
	}
}
