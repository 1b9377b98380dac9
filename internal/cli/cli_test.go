package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/charter-ssg/charter/internal/sitetest"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"golang.org/x/net/html"
)

// repoRoot is the example site: the repository itself.
const repoRoot = "../.."

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// exampleOnce builds the example site once for all tests that only read it.
var exampleOnce struct {
	sync.Once
	dir    string
	code   int
	stderr string
}

func exampleBuild(t *testing.T) string {
	t.Helper()
	exampleOnce.Do(func() {
		dir, err := os.MkdirTemp("", "charter-example-")
		if err != nil {
			panic(err)
		}
		exampleOnce.dir = filepath.Join(dir, "public")
		var out, errb bytes.Buffer
		exampleOnce.code = Run([]string{"build", "--site", repoRoot, "--out", exampleOnce.dir}, &out, &errb)
		exampleOnce.stderr = errb.String()
	})
	if exampleOnce.code != 0 {
		t.Fatalf("example build failed (exit %d):\n%s", exampleOnce.code, exampleOnce.stderr)
	}
	return exampleOnce.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if exampleOnce.dir != "" {
		os.RemoveAll(filepath.Dir(exampleOnce.dir))
	}
	os.Exit(code)
}

// regions are the example site's regions, from site.toml.
func regions(t *testing.T) []*config.Region {
	t.Helper()
	cfg, diags := config.Load(repoRoot, nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg.Regions
}

// regions --json is one line, a GitHub Actions matrix of one job a region
// (include entries only), each with the region's id, domain and base URL.
func TestRegionsJSON(t *testing.T) {
	code, out, errs := run(t, "regions", "--site", repoRoot, "--json")
	if code != 0 {
		t.Fatalf("regions: exit %d: %s", code, errs)
	}
	if strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, "\n") {
		t.Errorf("not one line: %q", out)
	}
	var v struct {
		Include []map[string]string
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("regions --json: %v\n%s", err, out)
	}
	rs := regions(t)
	if len(v.Include) != 18 || len(rs) != 18 {
		t.Fatalf("got %d entries for %d regions, want 18", len(v.Include), len(rs))
	}
	for i, r := range rs {
		want := map[string]string{"region": r.ID, "domain": r.Domain, "baseURL": r.BaseURL}
		if !mapsEqual(v.Include[i], want) {
			t.Errorf("entry %d = %v, want %v", i, v.Include[i], want)
		}
	}
	if v.Include[0]["region"] != "us" || v.Include[0]["domain"] != "acme24.com" {
		t.Errorf("first entry = %v, want us/acme24.com", v.Include[0])
	}
	// --set applies, as everywhere.
	code, out, _ = run(t, "regions", "--site", repoRoot, "--json", "--set", "regions.us.baseURL=https://staging.acme24.com/")
	if code != 0 || !strings.HasPrefix(out, `{"include":[{"region":"us","domain":"acme24.com","baseURL":"https://staging.acme24.com/"}`) {
		t.Errorf("--set: exit %d: %s", code, out)
	}
}

func TestExampleSiteEveryRegionDeployable(t *testing.T) {
	out := exampleBuild(t)
	for _, r := range regions(t) {
		for _, f := range []string{"index.html", "privacy/index.html", "cookies/index.html",
			"implementation-request/index.html", "404.html", "sitemap.xml", "robots.txt", "_redirects", "favicon.svg"} {
			if _, err := os.Stat(filepath.Join(out, r.Domain, f)); err != nil {
				t.Errorf("%s: %v", r.Domain, err)
			}
		}
		robots, _ := os.ReadFile(filepath.Join(out, r.Domain, "robots.txt"))
		if !strings.Contains(string(robots), "Sitemap: "+r.BaseURL+"sitemap.xml") {
			t.Errorf("%s robots.txt does not point to its sitemap:\n%s", r.Domain, robots)
		}
		for _, lang := range r.Languages[1:] {
			p := filepath.Join(out, r.Domain, strings.ToLower(lang), "privacy", "index.html")
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s: further language %s: %v", r.Domain, lang, err)
			}
		}
	}
}

var (
	reHTMLLang  = regexp.MustCompile(`<html[^>]* lang="?([^" >]+)`)
	reAlternate = regexp.MustCompile(`<link[^>]+rel="?alternate"?[^>]*>`)
	reHreflang  = regexp.MustCompile(`hreflang="?([^" >]+)`)
	reHref      = regexp.MustCompile(`href="?([^" >]+)`)
	reCanonical = regexp.MustCompile(`<link[^>]+rel="?canonical"?[^>]*>`)
)

// pageFiles maps each page's absolute URL to its file, from the output.
func pageFiles(t *testing.T, out string) map[string]string {
	t.Helper()
	base := map[string]string{}
	for _, r := range regions(t) {
		base[r.Domain] = strings.TrimSuffix(r.BaseURL, "/")
	}
	files := map[string]string{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		parts := strings.SplitN(filepath.ToSlash(rel), "/", 2)
		url := base[parts[0]] + "/" + strings.TrimSuffix(parts[1], "index.html")
		files[url] = p
		return nil
	})
	return files
}

func alternatesOf(t *testing.T, file string) (canonical string, alts map[string]string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	alts = map[string]string{}
	for _, l := range reAlternate.FindAllString(string(b), -1) {
		hl, href := reHreflang.FindStringSubmatch(l), reHref.FindStringSubmatch(l)
		if hl == nil || href == nil {
			t.Errorf("%s: malformed alternate %s", file, l)
			continue
		}
		if prev, dup := alts[hl[1]]; dup && prev != href[1] {
			t.Errorf("%s: hreflang %s twice (%s, %s)", file, hl[1], prev, href[1])
		}
		alts[hl[1]] = href[1]
	}
	if c := reCanonical.FindString(string(b)); c != "" {
		canonical = reHref.FindStringSubmatch(c)[1]
	}
	return canonical, alts
}

// Every page's hreflang set names itself, every target exists and carries
// the same set back, and x-default is present.
func TestHreflangCompleteAndReciprocal(t *testing.T) {
	out := exampleBuild(t)
	files := pageFiles(t, out)
	checked := 0
	for url, file := range files {
		canonical, alts := alternatesOf(t, file)
		if len(alts) == 0 {
			continue // alias redirect pages carry none
		}
		checked++
		if canonical != url {
			t.Errorf("%s: canonical %q", url, canonical)
		}
		if _, ok := alts["x-default"]; !ok {
			t.Errorf("%s: no x-default", url)
		}
		self := false
		for hl, target := range alts {
			if target == url && hl != "x-default" {
				self = true
			}
			tf, ok := files[target]
			if !ok {
				t.Errorf("%s: hreflang %s points to %s, which was not built", url, hl, target)
				continue
			}
			_, back := alternatesOf(t, tf)
			if !mapsEqual(alts, back) {
				t.Errorf("%s and %s have different hreflang sets", url, target)
			}
		}
		if !self {
			t.Errorf("%s: its hreflang set does not include itself", url)
		}
	}
	if checked < 18*4 {
		t.Errorf("checked only %d pages", checked)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The sitemap follows the sitemaps.org 0.9 schema: a urlset in its
// namespace of url elements, each with one absolute loc (at most 2,048
// characters) on the site's own host, an optional W3C date lastmod, and
// xhtml:link alternates; at most 50,000 URLs and 50 MB.
func TestSitemapsFollowSchema(t *testing.T) {
	out := exampleBuild(t)
	reDate := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$`)
	for _, r := range regions(t) {
		b, err := os.ReadFile(filepath.Join(out, r.Domain, "sitemap.xml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 50<<20 {
			t.Errorf("%s: sitemap over 50 MB", r.Domain)
		}
		var doc struct {
			XMLName xml.Name
			URLs    []struct {
				XMLName xml.Name
				Loc     []string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
				LastMod string   `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
				Links   []struct {
					Rel      string `xml:"rel,attr"`
					Hreflang string `xml:"hreflang,attr"`
					Href     string `xml:"href,attr"`
				} `xml:"http://www.w3.org/1999/xhtml link"`
				Any []xml.Name `xml:",any"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", r.Domain, err)
		}
		if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || doc.XMLName.Local != "urlset" {
			t.Errorf("%s: root is %v", r.Domain, doc.XMLName)
		}
		if n := len(doc.URLs); n == 0 || n > 50000 {
			t.Errorf("%s: %d urls", r.Domain, n)
		}
		for _, u := range doc.URLs {
			if u.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
				t.Errorf("%s: url element in namespace %q", r.Domain, u.XMLName.Space)
			}
			if len(u.Loc) != 1 || !strings.HasPrefix(u.Loc[0], r.BaseURL) || len(u.Loc[0]) > 2048 {
				t.Errorf("%s: bad loc %v", r.Domain, u.Loc)
			}
			if u.LastMod != "" && !reDate.MatchString(u.LastMod) {
				t.Errorf("%s: lastmod %q is not a W3C date", r.Domain, u.LastMod)
			}
			if len(u.Links) == 0 {
				t.Errorf("%s: %v has no alternates", r.Domain, u.Loc)
			}
			for _, l := range u.Links {
				if l.Rel != "alternate" || l.Hreflang == "" || !strings.HasPrefix(l.Href, "https://") {
					t.Errorf("%s: bad xhtml:link %+v", r.Domain, l)
				}
			}
		}
	}
}

func TestPagesCarryLangAndAssets(t *testing.T) {
	out := exampleBuild(t)
	tests := []struct{ file, lang string }{
		{"acme24.de/privacy/index.html", "de"},
		{"acme24.eu/fr/privacy/index.html", "fr"},
		{"acme24.com.br/privacy/index.html", "pt-BR"},
		{"acme24.jp/privacy/index.html", "ja"},
		{"acme24.co.th/privacy/index.html", "th"},
		{"acme24.pl/privacy/index.html", "pl"},
	}
	for _, tt := range tests {
		b, err := os.ReadFile(filepath.Join(out, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if m := reHTMLLang.FindStringSubmatch(s); m == nil || m[1] != tt.lang {
			t.Errorf("%s: html lang = %v, want %s", tt.file, m, tt.lang)
		}
		if !regexp.MustCompile(`integrity="?sha384-`).MatchString(s) {
			t.Errorf("%s: no SRI on assets", tt.file)
		}
		if regexp.MustCompile(`<script(?:\s[^>]*)?>[^<]`).MatchString(strings.ReplaceAll(s, `type=application/json`, ``)) &&
			!strings.Contains(s, "application/json") {
			t.Errorf("%s: has an inline script", tt.file)
		}
		if strings.Contains(s, " style=") || strings.Contains(s, "<style") {
			t.Errorf("%s: has inline style", tt.file)
		}
	}
}

// Turkish has no translation of the policy: the page is served in Turkish
// UI with the English text marked lang="en" and a notice.
func TestFallbackIsVisible(t *testing.T) {
	out := exampleBuild(t)
	b, err := os.ReadFile(filepath.Join(out, "acme24.com.tr/privacy/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !regexp.MustCompile(`<article[^>]* lang="?en`).MatchString(s) {
		t.Errorf("fallback article has no lang=en")
	}
	if !strings.Contains(s, "İngilizce") { // English, in Turkish
		t.Errorf("no Turkish fallback notice naming English")
	}
}

func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		sums[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return sums
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	first := hashTree(t, exampleBuild(t))
	out := filepath.Join(t.TempDir(), "public")
	if code, _, errs := run(t, "build", "--site", repoRoot, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	second := hashTree(t, out)
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	var diff []string
	for k, v := range first {
		if second[k] != v {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("files differ between builds: %v", diff)
	}
}

// copySite copies the example's site.toml and content/ into a new folder.
func copySite(t *testing.T) string { return sitetest.Copy(t) }

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", path, old)
	}
	writeFile(t, path, strings.Replace(string(b), old, new, 1))
}

// Each broken input fails with file:line:col, exit 1, and leaves the
// previous output exactly as it was.
func TestBadInputKeepsPreviousOutput(t *testing.T) {
	page := func(front, body string) string { return "---\n" + front + "\n---\n\n" + body + "\n" }
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string)
		want   string // regexp the stderr must match
	}{
		{"malformed front matter", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), "---\ntitle: [unclosed\n---\n\ntext\n")
		}, `content/bad\.md:\d+:\d+: `},
		{"misspelled front matter key", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\ndescripton: x", "text"))
		}, `content/bad\.md:3:1: .*descripton.*did you mean "description"`},
		{"unknown region in directive", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad", "intro\n\n:::region{only=\"eu xx\"}\ntext\n:::"))
		}, `content/bad\.md:7:\d+: .*xx`},
		{"unknown param", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad", "Hello :param[nosuchparam]."))
		}, `content/bad\.md:5:\d+: .*nosuchparam`},
		// Pages are parsed just before they render: a page that no built
		// region shows, or a draft, must still be checked.
		{"unknown param in a page of a region not built", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\nregions: [us]", "Hello :param[nosuchparam]."))
		}, `content/bad\.md:6:\d+: .*nosuchparam`},
		{"unknown param in a draft", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\ndraft: true", "Hello :param[nosuchparam]."))
		}, `content/bad\.md:6:\d+: .*nosuchparam`},
		{"unclosed directive", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad", "intro\n\n:::region{only=\"eu\"}\ntext"))
		}, `content/bad\.md:7:1: .*unclosed`},
		{"missing locale for a region language", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "site.toml"), `languages = ["pl"]`, `languages = ["pl", "cy"]`)
		}, `site\.toml:\d+:\d+: .*"cy".*locale`},
		{"locale file that does not parse", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "locales/de.toml"), "[nav]\nhome = \"Start\n")
		}, `locales/de\.toml:2:\d+: `},
		{"template error in an overridden layout", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "layouts/404.html"), "{{ define \"main\" }}\n<p>{{ .Title </p>\n{{ end }}")
		}, `layouts/404\.html:2:\d*:? ?`},
		{"duplicate domain", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "site.toml"), `domain    = "acme24.fr"`, `domain    = "acme24.de"`)
		}, `site\.toml:\d+:\d+: .*acme24\.de`},
		{"alias that collides with a page", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/privacy/\"]", "text"))
		}, `content/bad\.md:\d+:\d+: .*alias.*privacy`},
		{"alias out of the output folder", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/../../../../tmp/charter-escape/x/\"]", "text"))
		}, `content/bad\.md:3:\d+: alias "/\.\./\.\./\.\./\.\./tmp/charter-escape/x/" holds a "\.\." segment`},
		{"alias into another region's folder", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases:\n  - /old/\n  - /../acme24.de/privacy/", "text"))
		}, `content/bad\.md:5:\d+: alias .*"\.\." segment`},
		{"alias with an escaped dot segment", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/%2e%2e/%2E%2E/x/\"]", "text"))
		}, `content/bad\.md:3:\d+: alias .*"\.\." segment`},
		{"alias with a newline: an open redirect in _redirects", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/a\\nhttps://evil.example/ 302\"]", "text"))
		}, `content/bad\.md:3:\d+: alias .*holds '\\n'`},
		{"alias with a space", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/a https://evil.example/\"]", "text"))
		}, `content/bad\.md:3:\d+: alias .*holds ' '`},
		{"alias with a query and a fragment", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/old?x=1#frag\"]", "text"))
		}, `content/bad\.md:3:\d+: alias .*without a query or a fragment`},
		{"alias with a file extension", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/policy.pdf\"]", "text"))
		}, `content/bad\.md:3:\d+: alias .*ends in \.pdf`},
		{"alias of two pages", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/privacy-policy/\"]", "text"))
		}, `content/privacy\.md:7:\d+: alias /privacy-policy/ is also an alias of bad \(content/bad\.md\)`},
		{"two sources of one URL", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/a.md"), page("title: A", "text"))
			writeFile(t, filepath.Join(dir, "content/a/index.md"), page("title: A too", "text"))
		}, `content/a/index\.md:1:1: content/a\.md and content/a/index\.md are both served at /a/`},
		{"a page in a language folder's place", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/fr/privacy.md"), page("title: Fr", "text"))
		}, `content/privacy\.fr\.md:1:1: content/fr/privacy\.md and content/privacy\.fr\.md are both served at /fr/privacy/ \(region eu\)`},
		{"page at the path of a generated file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/_redirects.md"), page("title: R", "text"))
		}, `content/_redirects\.md: .*two files at /_redirects: from content/_redirects\.md and from the generated _redirects`},
		{"page at the path of a static file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/favicon.svg/index.md"), page("title: F", "text"))
		}, `assets/static/favicon\.svg: .*two files at /favicon\.svg: from content/favicon\.svg/index\.md and from assets/static/favicon\.svg`},
		{"file name whose suffix is not a language", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/robots.txt.md"), page("title: Robots", "User-agent: *"))
		}, `content/robots\.txt\.md: "txt" in the file name is not a language tag \(.*assets/static/`},
		{"invalid UTF-8 in a content body", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad", "Stra\xDFe"))
		}, `content/bad\.md:5:5: invalid UTF-8 \(byte 0xDF\) \(save the file as UTF-8\)`},
		{"invalid UTF-8 in a locale", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "locales/de.toml"), "[nav]\nhome = \"Startseite \xFC\"\n")
		}, `locales/de\.toml:2:20: invalid UTF-8 \(byte 0xFC\)`},
		{"a file name that cannot be a URL", func(t *testing.T, dir string) {
			for _, name := range []string{"%2e%2e", "a?b", "a#b", "a b", "x:y", "st*r", "nl\nx", `a\b`} {
				writeFile(t, filepath.Join(dir, "content", name+".md"), page("title: Odd", "text"))
			}
		}, `(?s)content/%2e%2e\.md: the file name holds '%', which cannot stand in the page's URL.*content/a b\.md: .*' '.*content/a#b\.md: .*content/a\?b\.md: .*content/a\\b\.md: .*content/nl\nx\.md: .*content/st\*r\.md: .*content/x:y\.md: .*'\:'`},
		{"a domain named like the manifest", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "site.toml"), `domain    = "acme24.fr"`, `domain    = "manifest.json"`)
		}, `site\.toml:\d+:\d+: domain "manifest\.json" is the name of the output's manifest`},
		{"two spellings of one page", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/caf\u00e9.md"), page("title: A", "text"))
			writeFile(t, filepath.Join(dir, "content/cafe\u0301.md"), page("title: B", "text"))
		}, `page "café" in language "en" is already defined by content/caf`},
		{"a page under /assets/", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/assets.md"), page("title: Assets", "text"))
		}, `content/assets\.md: the page would be served under /assets/`},
		{"alias at the path of the 404 page", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/404.html\"]", "text"))
		}, `content/bad\.md:3:\d+: .*two files at /404\.html: from the generated 404\.html and from content/bad\.md:3:\d+`},
		{"alias at the path of _redirects", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/_redirects\"]", "text"))
		}, `content/bad\.md:3:\d+: .*two files at /_redirects: from content/bad\.md:3:\d+ and from the generated _redirects`},
		{"two aliases of one file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/legal/privacy/index.html\"]", "text"))
		}, `alias /legal/privacy/ is also an alias of bad \(content/bad\.md\)|alias /legal/privacy/index\.html is also an alias of privacy`},
		{"alias at the path of a page's file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/bad.md"), page("title: Bad\naliases: [\"/cookies/index.html\"]", "text"))
		}, `content/bad\.md:3:\d+: alias /cookies/index\.html collides with page cookies`},
		{"static file at an alias's path", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "assets/static/legal/privacy/index.html"), "<p>old</p>\n")
		}, `assets/static/legal/privacy/index\.html: .*two files at /legal/privacy/index\.html: from content/privacy\.md:7:\d+ and from assets/static/legal/privacy/index\.html`},
		{"static file at a generated file's path", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "assets/static/sitemap.xml"), "<urlset/>\n")
		}, `assets/static/sitemap\.xml: .*two files at /sitemap\.xml: from the generated sitemap\.xml and from assets/static/sitemap\.xml`},
		{"static file that collides with a page", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "assets/static/privacy/index.html"), "<p>old policy</p>\n")
		}, `assets/static/privacy/index\.html: .*two files at /privacy/index\.html`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySite(t)
			out := filepath.Join(dir, "public")
			if code, _, errs := run(t, "build", "--site", dir, "--region", "de", "--region", "eu"); code != 0 {
				t.Fatalf("clean build: exit %d: %s", code, errs)
			}
			before := hashTree(t, out)
			tt.break_(t, dir)
			code, _, errs := run(t, "build", "--site", dir, "--region", "de", "--region", "eu")
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, errs)
			}
			if !regexp.MustCompile(tt.want).MatchString(errs) {
				t.Errorf("stderr does not match %q:\n%s", tt.want, errs)
			}
			after := hashTree(t, out)
			if !mapsEqual(before, after) {
				t.Errorf("the previous output changed")
			}
			if _, err := os.Lstat("/tmp/charter-escape"); err == nil {
				t.Errorf("wrote /tmp/charter-escape, outside the output")
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), "staging") {
					t.Errorf("staging folder left behind: %s", e.Name())
				}
			}
		})
	}
}

// Hostile text never becomes markup, wherever it enters a page.
func TestHostileTextRendersAsText(t *testing.T) {
	const evil = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`
	yamlEvil := `'` + strings.ReplaceAll(evil, `'`, `''`) + `'`
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		file  string
	}{
		{"title", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/evil.md"), "---\ntitle: "+yamlEvil+"\ndescription: "+yamlEvil+"\n---\n\nx\n")
		}, "acme24.de/evil/index.html"},
		{"region param", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "site.toml"), "[regions.de]\n", "[regions.de]\nparams.evil = '"+evil+"'\n")
			writeFile(t, filepath.Join(dir, "content/evil.md"), "---\ntitle: Evil\n---\n\nValue: :param[evil]\n")
		}, "acme24.de/evil/index.html"},
		{"site param", func(t *testing.T, dir string) {
			replaceIn(t, filepath.Join(dir, "site.toml"), "[params]", "[params]\nevil = '"+evil+"'")
			writeFile(t, filepath.Join(dir, "content/evil.md"), "---\ntitle: Evil\n---\n\nValue: :param[evil]\n")
		}, "acme24.de/evil/index.html"},
		{"locale string", func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(repoRoot, "locales/de.toml"))
			if err != nil {
				t.Fatal(err)
			}
			s := strings.Replace(string(b), "[nav]\n", "[nav]\nskip = '"+evil+"'\n", 1)
			s = regexp.MustCompile(`(?m)^skip = "[^"]*"\n`).ReplaceAllString(s, "")
			writeFile(t, filepath.Join(dir, "locales/de.toml"), s)
		}, "acme24.de/privacy/index.html"},
		{"raw HTML in Markdown", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/evil.md"), "---\ntitle: Evil\n---\n\n"+evil+"\n\n"+evil+" inline\n")
		}, "acme24.de/evil/index.html"},
		{"heading", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "content/evil.md"), "---\ntitle: Evil\n---\n\n## "+evil+"\n\ntext\n")
		}, "acme24.de/evil/index.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySite(t)
			tt.setup(t, dir)
			if code, _, errs := run(t, "build", "--site", dir, "--region", "de"); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			b, err := os.ReadFile(filepath.Join(dir, "public", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := checkNoInjectedMarkup(b); err != nil {
				t.Errorf("%s: %v", tt.file, err)
			}
			if !strings.Contains(string(b), "alert(1)") {
				t.Errorf("the text vanished instead of being escaped")
			}
		})
	}
}

// checkNoInjectedMarkup parses a page as a browser would and fails on any
// element or attribute the hostile text could have created. The one image
// the layouts themselves put on every page, the header's logo (params.logo
// of the example, "/favicon.svg"), is allowed once.
func checkNoInjectedMarkup(page []byte) error {
	z := html.NewTokenizer(bytes.NewReader(page))
	logos := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data == "img" {
				if isLogo(tok) && logos == 0 {
					logos++
				} else {
					return fmt.Errorf("an <img> element was injected: %s", tok)
				}
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") {
					return fmt.Errorf("an event handler attribute was injected: %s", tok)
				}
			}
			if tok.Data == "script" && z.Next() == html.TextToken && strings.Contains(string(z.Text()), "alert(1)") {
				return fmt.Errorf("a <script> element was injected")
			}
		}
	}
}

// isLogo reports whether an <img> is the header's logo as the layouts
// write it: src="/favicon.svg" (the example's params.logo), and no
// attribute but the presentational ones a logo has.
func isLogo(tok html.Token) bool {
	src := false
	for _, a := range tok.Attr {
		switch a.Key {
		case "src":
			src = a.Val == "/favicon.svg"
		case "alt", "role", "aria-hidden", "width", "height", "class", "decoding", "loading":
		default:
			return false
		}
	}
	return src
}

func TestInitThenBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	if code, _, errs := run(t, "init", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errs)
	}
	code, out, errs := run(t, "build", "--site", dir)
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "built 2 regions") {
		t.Errorf("summary: %s", out)
	}
	if !strings.Contains(out, "to look at it: charter serve --site "+dir+" ") {
		t.Errorf("the summary does not say how to look at the site: %s", out)
	}
	for _, f := range []string{"example.com/privacy/index.html", "example.eu/de/privacy/index.html", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Error(err)
		}
	}
	if code, _, _ := run(t, "init", dir); code != 1 {
		t.Errorf("init over an existing site: exit %d, want 1", code)
	}

	// What a company starts from: no demo script and no form script,
	// a banner that claims no analytics or advertising, the cookie table
	// from site.toml, a .gitignore and a README.
	var scripts []string
	filepath.WalkDir(filepath.Join(dir, "public"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".js") {
			scripts = append(scripts, filepath.Base(p))
		}
		return err
	})
	for _, s := range scripts {
		if !strings.HasPrefix(s, "consent.") && !strings.HasPrefix(s, "print.") {
			t.Errorf("the new site publishes %s", s)
		}
	}
	home, _ := os.ReadFile(filepath.Join(dir, "public", "example.eu", "index.html"))
	if banner := string(home); !strings.Contains(banner, "only the cookies it needs") || strings.Contains(strings.ToLower(banner), "analytics") || strings.Contains(strings.ToLower(banner), "advertising") {
		t.Errorf("the banner does not match the site's one category:\n%.3000s", banner)
	}
	cookies, _ := os.ReadFile(filepath.Join(dir, "public", "example.eu", "de", "cookies", "index.html"))
	if !strings.Contains(string(cookies), "<code dir=ltr>charter_consent</code>") || !strings.Contains(string(cookies), "182 Tage") {
		t.Errorf("the German cookie policy has no generated table:\n%s", cookies)
	}
	for _, f := range []string{".gitignore", "README.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nosuch"}, {"build", "--nosuchflag"}, {"build", "--set", "novalue"}, {"init"}, {"build", "extra"}} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "charter ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestSetOverridesAndRegionFilter(t *testing.T) {
	dir := copySite(t)
	code, _, errs := run(t, "build", "--site", dir, "--region", "de", "--set", "regions.de.baseURL=https://staging.acme24.de/")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public/acme24.de/privacy/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "https://staging.acme24.de/privacy/") {
		t.Errorf("--set baseURL not applied")
	}
	if _, err := os.Stat(filepath.Join(dir, "public/acme24.fr")); err == nil {
		t.Errorf("--region de built acme24.fr too")
	}
	if code, _, errs := run(t, "build", "--site", dir, "--set", "regions.de.nosuch=1"); code != 1 || !strings.Contains(errs, "--set") {
		t.Errorf("unknown --set key: exit %d: %s", code, errs)
	}
	if code, _, errs := run(t, "build", "--site", dir, "--region", "dee"); code != 1 || !strings.Contains(errs, `"de"`) {
		t.Errorf("unknown --region: exit %d: %s", code, errs)
	}
}

func TestManifestListsEveryFile(t *testing.T) {
	out := exampleBuild(t)
	b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Files []struct{ Path, SHA256 string }
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	tree := hashTree(t, out)
	delete(tree, "manifest.json")
	if len(m.Files) != len(tree) {
		t.Errorf("manifest has %d files, output %d", len(m.Files), len(tree))
	}
	for _, f := range m.Files {
		if tree[filepath.FromSlash(f.Path)] != f.SHA256 {
			t.Errorf("%s: manifest hash differs", f.Path)
		}
	}
}

// Building one region keeps the other regions' folders and their
// manifest entries as they were.
func TestRegionBuildKeepsOtherRegions(t *testing.T) {
	dir := copySite(t)
	out := filepath.Join(dir, "public")
	if code, _, errs := run(t, "build", "--site", dir, "--region", "de", "--region", "fr"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	before := hashTree(t, out)
	replaceIn(t, filepath.Join(dir, "content/privacy.de.md"), "## ", "## Neu ")
	code, stdout, errs := run(t, "build", "--site", dir, "--region", "de")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(stdout, "built 1 regions") {
		t.Errorf("summary: %s", stdout)
	}
	after := hashTree(t, out)
	changed := 0
	for name, sum := range before {
		if strings.HasPrefix(name, "acme24.fr") && after[name] != sum {
			t.Errorf("%s changed though only de was built", name)
		}
		if strings.HasPrefix(name, "acme24.de") && after[name] != sum {
			changed++
		}
	}
	if changed == 0 {
		t.Error("the de region did not change")
	}
	m, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !strings.Contains(string(m), `"acme24.fr/privacy/index.html"`) {
		t.Error("manifest lost the fr entries")
	}
}

// buildDE builds the region de of the site in dir and returns the file
// name of its output.
func buildDE(t *testing.T, dir, name string) []byte {
	t.Helper()
	if code, _, errs := run(t, "build", "--site", dir, "--region", "de"); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public/acme24.de", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A robots.txt of the site's own, in assets/static/, is published instead
// of the generated one.
func TestStaticRobotsReplacesGenerated(t *testing.T) {
	dir := copySite(t)
	writeFile(t, filepath.Join(dir, "assets/static/robots.txt"), "User-agent: *\nDisallow: /drafts/\n")
	b := buildDE(t, dir, "robots.txt")
	if string(b) != "User-agent: *\nDisallow: /drafts/\n" {
		t.Errorf("robots.txt = %q, want the site's own", b)
	}
}

// runGuarded is run with a deadline: a build that blocks on a file fails
// the test instead of hanging it.
func runGuarded(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		c := Run(args, &out, &errb)
		done <- result{c, errb.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(60 * time.Second):
		t.Fatalf("charter %s: still running after 60s", strings.Join(args, " "))
		return 0, ""
	}
}

// charter reads only regular files of a bounded size from the site and
// never follows a link out of it. Each refusal is an error at its path,
// exit 1, and the previous output stays as it was.
func TestUnsafeSiteFilesRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.md")
	writeFile(t, outside, "---\ntitle: Secret\n---\n\nSECRET-OUTSIDE-THE-SITE\n")
	big := "---\ntitle: Big\n---\n\n" + strings.Repeat("word ", (17<<20)/5) + "\n"
	tests := []struct {
		name   string
		break_ func(t *testing.T, dir string) error
		want   string
	}{
		{"FIFO in content", func(t *testing.T, dir string) error {
			return syscall.Mkfifo(filepath.Join(dir, "content/x.md"), 0o644)
		}, `content/x\.md: a named pipe \(FIFO\), not a regular file; charter reads only regular files`},
		{"FIFO in layouts", func(t *testing.T, dir string) error {
			os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
			return syscall.Mkfifo(filepath.Join(dir, "layouts/page.html"), 0o644)
		}, `layouts/page\.html: a named pipe \(FIFO\)`},
		{"link to /dev/zero", func(t *testing.T, dir string) error {
			return os.Symlink("/dev/zero", filepath.Join(dir, "content/x.md"))
		}, `content/x\.md: a symbolic link out of the site \(to /dev/zero\); charter reads only files inside the site folder`},
		{"link to a file outside the site", func(t *testing.T, dir string) error {
			return os.Symlink(outside, filepath.Join(dir, "content/x.md"))
		}, `content/x\.md: a symbolic link out of the site \(to ` + regexp.QuoteMeta(outside) + `\)`},
		{"17 MiB file", func(t *testing.T, dir string) error {
			return os.WriteFile(filepath.Join(dir, "content/big.md"), []byte(big), 0o644)
		}, `content/big\.md: the file is 17\.0 MiB, larger than the limit of 16 MiB per file \(raise the limit with \[build\] maxFileMiB in site\.toml\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySite(t)
			out := filepath.Join(dir, "public")
			if code, errs := runGuarded(t, "build", "--site", dir, "--region", "de"); code != 0 {
				t.Fatalf("clean build: exit %d: %s", code, errs)
			}
			before := hashTree(t, out)
			if err := tt.break_(t, dir); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			code, errs := runGuarded(t, "build", "--site", dir, "--region", "de")
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, errs)
			}
			if !regexp.MustCompile(tt.want).MatchString(errs) {
				t.Errorf("stderr does not match %q:\n%s", tt.want, errs)
			}
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("the failed build took %s", d)
			}
			if !mapsEqual(before, hashTree(t, out)) {
				t.Errorf("the previous output changed")
			}
		})
	}
}

func TestSiteFilesThatAreAllowed(t *testing.T) {
	dir := copySite(t)
	// A link inside the site to a file inside it is followed.
	if err := os.Symlink("index.de.md", filepath.Join(dir, "content/datenschutz.de.md")); err != nil { // a page without aliases: two pages may not share one
		t.Fatal(err)
	}
	// A file over the default limit passes with a higher one.
	writeFile(t, filepath.Join(dir, "content/big.md"), "---\ntitle: Big\n---\n\n"+strings.Repeat("word ", (17<<20)/5)+"\n")
	replaceIn(t, filepath.Join(dir, "site.toml"), "maxFileMiB = 16", "maxFileMiB = 32")
	code, errs := runGuarded(t, "build", "--site", dir, "--region", "de")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"acme24.de/datenschutz/index.html", "acme24.de/big/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Error(err)
		}
	}
}

// A leading BOM is accepted in every text file the site has, and never
// reaches a page.
func TestBOMAccepted(t *testing.T) {
	dir := copySite(t)
	const bom = "\xEF\xBB\xBF"
	for _, f := range []string{"site.toml", "content/privacy.de.md"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, f), bom+string(b))
	}
	for _, f := range []string{"locales/de.toml", "layouts/page.html"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, f))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, f), bom+string(b))
	}
	code, errs := runGuarded(t, "build", "--site", dir, "--region", "de")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "public/acme24.de/privacy/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(bom)) {
		t.Error("a BOM reached the page")
	}
}

// Every file in content/ is a page or a diagnostic: files no region shows
// and files that are not Markdown are warnings (the build succeeds), and
// names starting with "." are skipped without a word.
func TestNoSilentlyDroppedContent(t *testing.T) {
	dir := copySite(t)
	page := "---\ntitle: T\n---\n\nText\n"
	writeFile(t, filepath.Join(dir, "content/privacy.de-DE.md"), page)
	writeFile(t, filepath.Join(dir, "content/x.und.md"), page)
	writeFile(t, filepath.Join(dir, "content/notes.txt"), "notes")
	writeFile(t, filepath.Join(dir, "content/.gitkeep"), "")
	writeFile(t, filepath.Join(dir, "content/legal/.DS_Store"), "\x00\x00\x00\x01Bud1")
	code, _, errs := run(t, "build", "--site", dir, "--region", "de")
	if code != 0 {
		t.Fatalf("exit %d, want 0: %s", code, errs)
	}
	for _, want := range []string{
		"content/privacy.de-DE.md: warning: no region serves de-DE; charter ignores this file (rename it privacy.de.md?)",
		"content/x.und.md: warning: no region serves und; charter ignores this file",
		"content/notes.txt: warning: not a Markdown file (.md); charter ignores it (",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, ".gitkeep") || strings.Contains(errs, ".DS_Store") {
		t.Errorf("dotfiles reported:\n%s", errs)
	}
}

// Under each diagnostic the CLI prints the source line and a caret under
// the problem, aligned across tabs and wide characters.
func TestPrintDiagsExcerpt(t *testing.T) {
	src := diag.NewSource("content/a.md", []byte("---\ntitle: T\n---\n\t名前 :::x\n"))
	l := diag.List{
		src.Errorf(src.Offset(4, 5), src.Offset(4, 9), "unknown directive :::x").WithHint("did you mean :::region?"),
		diag.Errorf(diag.Pos{File: "site.toml"}, "no excerpt"),
	}
	var b bytes.Buffer
	printDiags(&b, l)
	want := "content/a.md:4:5: unknown directive :::x (did you mean :::region?)\n" +
		"    \t名前 :::x\n" +
		"    \t     ^~~~\n" +
		"site.toml: no excerpt\n"
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

// A failed build prints the excerpt of each error that has one: a page's
// directive, site.toml's value.
func TestBuildPrintsExcerpts(t *testing.T) {
	dir := copySite(t)
	writeFile(t, filepath.Join(dir, "content/bad.md"), "---\ntitle: Bad\n---\n\nPrix à payer :parm[x] ici\n")
	code, _, errs := run(t, "build", "--site", dir, "--region", "de")
	want := "content/bad.md:5:14: unknown directive :parm (did you mean :param?)\n" +
		"    Prix à payer :parm[x] ici\n" +
		"                 ^~~~~\n"
	if code != 1 || !strings.Contains(errs, want) {
		t.Errorf("exit %d, want 1 and stderr with\n%s\ngot:\n%s", code, want, errs)
	}
	replaceIn(t, filepath.Join(dir, "site.toml"), `domain    = "acme24.fr"`, `domain    = "acme24.de"`)
	code, _, errs = run(t, "regions", "--site", dir)
	re := regexp.MustCompile(`site\.toml:\d+:13: [^\n]*acme24\.de[^\n]*\n    domain    = "acme24\.de"\n {16}\^~{10}\n`)
	if code != 1 || !re.MatchString(errs) {
		t.Errorf("exit %d, want 1 and stderr matching %s, got:\n%s", code, re, errs)
	}
}

// A site's locale file that overrides one string keeps the other
// embedded strings of its language.
func TestLocaleOverrideKeepsEmbeddedStrings(t *testing.T) {
	dir := copySite(t)
	writeFile(t, filepath.Join(dir, "locales/de.toml"), "[nav]\nfooter = \"Impressum und Recht\"\n")
	page := string(buildDE(t, dir, "privacy/index.html"))
	for _, want := range []string{"Impressum und Recht", "Zum Hauptinhalt springen", "Alle akzeptieren"} {
		if !strings.Contains(page, want) {
			t.Errorf("the German page lacks %q", want)
		}
	}
	if strings.Contains(page, "nav.skip") {
		t.Error("the German page shows the raw key nav.skip")
	}
}

// A UI string no locale defines and a placeholder the default language
// lacks fail the build at their positions, with the source line.
func TestBuildUIStringErrors(t *testing.T) {
	key := embeddedPos(t, "layouts/partials/footer.html", `<nav aria-label="{{ .T "nav.footer" }}">`, `"nav.footer"`)
	de := embeddedPos(t, "locales/de.toml", "\neffective = \"Gültig ab {date}\"", "effective")
	tests := []struct {
		name, file, old, new string
		want                 string
	}{
		{"a misspelt key in a layout", "layouts/partials/footer.html", `.T "nav.footer"`, `.T "nav.fooder"`,
			key + ": UI string \"nav.fooder\" is not defined in any locale (did you mean \"nav.footer\"? To add it, write fooder = \"...\" under [nav] in locales/en.toml)\n" +
				"    <nav aria-label=\"{{ .T \"nav.fooder\" }}\">\n" +
				"                           ^~~~~~~~~~~~\n"},
		{"a placeholder the en string does not have", "locales/de.toml", `effective = "Gültig ab {date}"`, `effective = "Gültig ab {datum}"`,
			de + ": \"page.effective\" uses {datum}, which the en string does not have (it has {date}) (nothing fills {datum} in, so the page shows it as written; use the en string's placeholders, spelled as there)\n" +
				"    effective = \"Gültig ab {datum}\"\n" +
				"    ^~~~~~~~~\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copySite(t)
			b, err := fs.ReadFile(charter.Defaults, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, tt.file), string(b))
			replaceIn(t, filepath.Join(dir, tt.file), tt.old, tt.new)
			code, _, errs := run(t, "build", "--site", dir, "--region", "de")
			if code != 1 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, want 1 and stderr with\n%s\ngot:\n%s", code, tt.want, errs)
			}
		})
	}
}

// init writes nothing through a link: not through a dangling link at one
// of its files' paths, nor into a linked folder.
func TestInitFollowsNoLink(t *testing.T) {
	outside := t.TempDir()
	dir := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(dir, 0o755)
	if err := os.Symlink(filepath.Join(outside, "README.md"), filepath.Join(dir, "README.md")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "init", dir); code != 1 || !strings.Contains(errs, "README.md exists") {
		t.Errorf("a dangling link at README.md: exit %d: %s", code, errs)
	}
	dir2 := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(dir2, 0o755)
	if err := os.Symlink(outside, filepath.Join(dir2, "content")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "init", dir2); code != 1 || !strings.Contains(errs, "content is a symbolic link") {
		t.Errorf("a linked content/: exit %d: %s", code, errs)
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("init wrote outside the site: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir2, "site.toml")); err == nil {
		t.Error("init wrote part of the site before refusing")
	}
}
