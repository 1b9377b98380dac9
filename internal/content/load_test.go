package content

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
)

func TestLoad(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"content/index.md":               "---\ntitle: Home\n---\nWelcome\n",
		"content/privacy.md":             "---\ntitle: Privacy\n---\nText\n",
		"content/privacy.de.md":          "---\ntitle: Datenschutz\n---\nText\n",
		"content/privacy.pt-br.md":       "---\ntitle: Privacidade\n---\nText\n",
		"content/legal/terms.zh-hans.md": "---\ntitle: 条款\ndraft: true\n---\n正文\n",
		"content/notes.txt":              "a warning",
		"content/.gitkeep":               "",
		"content/legal/.DS_Store":        "\x00\x01",
		"content/.drafts/old.md":         "not even front matter",
		"site.toml":                      "ignored",
	})
	sources, diags := Load(dir, testSite())
	if len(diags) != 1 || diags[0].Severity != diag.Warning ||
		diags[0].Error() != "content/notes.txt: warning: not a Markdown file (.md); charter ignores it (content/ holds pages as .md files; put files to publish as they are in assets/static/, and others outside content/)" {
		t.Fatalf("want one warning for notes.txt, got:\n%v", diags)
	}
	var got []string
	for _, s := range sources {
		got = append(got, s.File+" "+s.Page+" "+s.Lang+" "+s.Meta.Title)
	}
	want := []string{
		"content/index.md index en Home",
		"content/legal/terms.zh-hans.md legal/terms zh-Hans 条款",
		"content/privacy.de.md privacy de Datenschutz",
		"content/privacy.md privacy en Privacy",
		"content/privacy.pt-br.md privacy pt-BR Privacidade",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !sources[1].Meta.Draft {
		t.Error("draft not set")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"content/privacy.md":        "---\ntitle: Privacy\n---\nText\n",
		"content/privacy.en.md":     "---\ntitle: Privacy again\n---\nText\n",
		"content/cookies.xx-yy1.md": "---\ntitle: Cookies\n---\nText\n",
		"content/terms.md":          "---\ntitle: Terms\n---\nIn :param[nosuch].\n",
		"content/ok.md":             "---\ntitle: OK\n---\nText\n",
		"content/robots.txt.md":     "---\ntitle: Robots\n---\nUser-agent: *\n",
		"content/bad.md":            "---\ntitle: Bad\n---\n\nText\nbad \xFF\n",
		"content/bom.md":            "\xEF\xBB\xBF--\xFE-\ntitle: BOM\n---\nText\n",
		"content/und.und.md":        "---\ntitle: Undetermined\n---\nText\n",
	})
	sources, diags := Load(dir, testSite())
	for _, want := range []struct{ pos, msg string }{
		{"content/privacy.md:1:1", `page "privacy" in language "en" is already defined by content/privacy.en.md`},
		{"content/cookies.xx-yy1.md", `"xx-yy1" in the file name is not a language tag`},
		{"content/robots.txt.md", `"txt" in the file name is not a language tag`}, // txt is an ISO 639-3 code
		{"content/bad.md:6:5", `invalid UTF-8 (byte 0xFF)`},
		{"content/bom.md:1:3", `invalid UTF-8 (byte 0xFE)`}, // the BOM takes no column
		{"content/terms.md:4:4", `unknown param "nosuch"`},
	} {
		if findDiag(diags, want.pos, want.msg) == nil {
			t.Errorf("want %s: %s, got:\n%v", want.pos, want.msg, diags)
		}
	}
	// Files with errors are left out; the first of a duplicate pair stays.
	var files []string
	for _, s := range sources {
		files = append(files, s.File)
	}
	if strings.Join(files, " ") != "content/ok.md content/privacy.en.md content/und.und.md" {
		t.Errorf("sources = %v", files)
	}
}

func TestLoadNoContentDir(t *testing.T) {
	_, diags := Load(t.TempDir(), testSite())
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "cannot read content") {
		t.Errorf("got %v", diags)
	}
}

func TestHostileText(t *testing.T) {
	const script = `<script>alert(1)</script>`
	const img = `"><img src=x onerror=alert(1)>`
	s, diags := parseString(t, "---\ntitle: '"+script+"'\ndescription: '"+img+"'\n---\n"+
		"## Heading "+script+"\n\n## Img "+img+"\n\nParam :param[hostile] and :param[attack].\n\n"+
		"<div onclick=\"x()\">raw</div>\n\n[link](javascript:alert(1))\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	// Front matter is kept as text; layouts escape it with html/template.
	if s.Meta.Title != script || s.Meta.Description != img {
		t.Errorf("meta = %+v", s.Meta)
	}
	html := string(mustRender(t, s, "de").HTML)
	for _, bad := range []string{"<script", "<img", "<div", "javascript:"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q:\n%s", bad, html)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks escaped %q:\n%s", want, html)
		}
	}
	toc := mustRender(t, s, "de").TOC
	// Raw HTML in a heading is markup, not text: it is not in the TOC.
	if toc[0].Text != "Heading alert(1)" || toc[1].Text != "Img \u201c>" {
		t.Errorf("toc text = %q, %q", toc[0].Text, toc[1].Text)
	}
	if strings.ContainsAny(toc[0].ID+toc[1].ID, `<>"' `) {
		t.Errorf("ids = %q %q", toc[0].ID, toc[1].ID)
	}
}

func TestUnsafeHTML(t *testing.T) {
	s := mustParse(t, "<div class=\"note\">raw</div>\n\ninline <b>bold</b>\n")
	site := testSite()
	safe, err := s.Render(RenderContext{Site: site, Region: region(site, "eu")})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(safe.HTML), "<div") || strings.Contains(string(safe.HTML), "<b>") {
		t.Errorf("raw HTML passed by default:\n%s", safe.HTML)
	}
	site.Build.UnsafeHTML = true
	unsafe, err := s.Render(RenderContext{Site: site, Region: region(site, "eu")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(unsafe.HTML), `<div class="note">raw</div>`) || !strings.Contains(string(unsafe.HTML), "<b>bold</b>") {
		t.Errorf("raw HTML dropped with UnsafeHTML:\n%s", unsafe.HTML)
	}
}

// Column alignment is a class: the inline style goldmark writes by
// default is blocked by the strict Content-Security-Policy.
func TestTableAlignmentWithoutInlineStyle(t *testing.T) {
	s := mustParse(t, "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n")
	html := string(mustRender(t, s, "eu").HTML)
	for _, w := range []string{`<th class="align-left">a`, `<th class="align-center">b`, `<td class="align-right" data-label="c">3`, `<td data-label="d">4`} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("inline style:\n%s", html)
	}
}

// Body cells carry their column's header text, which narrow screens show
// when the rows stack; header markup is dropped, and an empty header
// gives no label.
func TestTableCellLabels(t *testing.T) {
	s := mustParse(t, "| *Zweck* | | Dauer `x` |\n|---|---|---|\n| a \"q\" | b | c |\n")
	html := string(mustRender(t, s, "eu").HTML)
	for _, w := range []string{`<td data-label="Zweck">a`, `<td>b</td>`, `<td data-label="Dauer x">c`} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
	if strings.Contains(html, "<th data-label") {
		t.Errorf("a header cell is labelled:\n%s", html)
	}
}

func TestMarkdownExtensions(t *testing.T) {
	s := mustParse(t, `| a | b |
|---|---|
| 1 | 2 |

~~gone~~ www.acme24.example

- [x] done
- [ ] open

Text[^1].

[^1]: A note.

Term
: Definition

"Quotes" -- and... it's

„Deutsch“ « français »
`)
	html := string(mustRender(t, s, "eu").HTML)
	for _, w := range []string{"<table>", "<del>gone</del>", `<a href="http://www.acme24.example">`,
		`<input checked="" disabled="" type="checkbox"`, `<sup id="fnref:1">`, "<dd>Definition</dd>",
		"&ldquo;Quotes&rdquo; &ndash; and&hellip; it&rsquo;s", "„Deutsch“ « français »"} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
}

func TestRenderConcurrent(t *testing.T) {
	s := mustParse(t, benchDocument(5_000))
	want := map[string]string{}
	for _, id := range []string{"eu", "de", "us"} {
		want[id] = string(mustRender(t, s, id).HTML)
	}
	if want["eu"] == want["de"] {
		t.Fatal("regions render the same; the test document lost its region blocks")
	}
	var wg sync.WaitGroup
	for i := range 24 {
		id := []string{"eu", "de", "us"}[i%3]
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := string(mustRender(t, s, id).HTML); got != want[id] {
				t.Errorf("concurrent render for %s differs", id)
			}
		}()
	}
	wg.Wait()
}

// Scan reads through sitefs: what it refuses is an error at its path, and
// nothing blocks or grows without end.
func TestScanRefuses(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.md")
	os.WriteFile(outside, []byte("---\ntitle: Outside\n---\nSecret\n"), 0o644)
	tests := []struct {
		name string
		make func(dir string) error
		want string // the diagnostic at content/x.md; "" for none
	}{
		{"fifo", func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "content/x.md"), 0o644) },
			"content/x.md: a named pipe (FIFO), not a regular file; charter reads only regular files"},
		{"link to /dev/zero", func(dir string) error { return os.Symlink("/dev/zero", filepath.Join(dir, "content/x.md")) },
			"content/x.md: a symbolic link out of the site (to /dev/zero); charter reads only files inside the site folder"},
		{"link to a file outside", func(dir string) error { return os.Symlink(outside, filepath.Join(dir, "content/x.md")) },
			"content/x.md: a symbolic link out of the site (to " + outside + ")"},
		{"link inside the site", func(dir string) error { return os.Symlink("ok.md", filepath.Join(dir, "content/x.md")) }, ""},
		{"link to a folder outside", func(dir string) error { return os.Symlink(filepath.Dir(outside), filepath.Join(dir, "content/x.md")) },
			"content/x.md: a symbolic link out of the site"},
		{"link to a folder inside", func(dir string) error {
			os.MkdirAll(filepath.Join(dir, "shared"), 0o755)
			return os.Symlink("../shared", filepath.Join(dir, "content/x.md"))
		}, "content/x.md: warning: a symbolic link to a folder; charter does not follow links to folders in content/"},
		{"17 MiB", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "content/x.md"), append([]byte("---\ntitle: Big\n---\n"), bytes.Repeat([]byte("x"), 17<<20)...), 0o644)
		}, "content/x.md: the file is 17.0 MiB, larger than the limit of 16 MiB per file (raise the limit with [build] maxFileMiB in site.toml)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"content/ok.md": "---\ntitle: OK\n---\nText\n"})
			if err := tt.make(dir); err != nil {
				t.Fatal(err)
			}
			done := make(chan diag.List)
			go func() { _, d := Load(dir, testSite()); done <- d }()
			var diags diag.List
			select {
			case diags = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("Scan blocked")
			}
			if tt.want == "" {
				if len(diags) > 0 {
					t.Errorf("unexpected diagnostics:\n%v", diags)
				}
				return
			}
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), tt.want) {
				t.Errorf("want one error starting with\n  %s\ngot:\n%v", tt.want, diags)
			}
		})
	}
}

func TestScanLimitConfigurable(t *testing.T) {
	dir := writeFiles(t, map[string]string{"content/big.md": "---\ntitle: Big\n---\n" + strings.Repeat("x", 17<<20)})
	fsys, err := sitefs.Open(dir, 32)
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	srcs, diags := Scan(fsys, testSite())
	if len(diags) > 0 || len(srcs) != 1 {
		t.Errorf("with maxFileMiB = 32: %d sources, %v", len(srcs), diags)
	}
}

// HTML comments are notes for editors and tools (markdownlint): they are
// dropped, with raw HTML on or off, and the rest of the HTML is treated as
// before.
func TestHTMLComments(t *testing.T) {
	tests := []struct {
		name           string
		body           string
		unsafe         bool
		want, notWant  []string
		wantExactEmpty bool
	}{
		{"block comment", "<!-- markdownlint-disable MD033 -->\n\n# Title\n", false,
			[]string{`<h1 id="title">Title</h1>`}, []string{"markdownlint", "&lt;!--", "<p>"}, false},
		{"multi-line block comment", "<!--\nTODO: ask legal\n-->\nText\n", false,
			[]string{"<p>Text</p>"}, []string{"TODO", "--&gt;"}, false},
		{"only a comment", "<!-- x -->\n", false, nil, nil, true},
		{"inline comment", "Text <!-- note --> more\n", false,
			[]string{"<p>Text  more</p>"}, []string{"note", "&lt;!--"}, false},
		{"html after a comment stays escaped", "<!-- c --> <b>x</b>\n", false,
			[]string{"&lt;b&gt;x&lt;/b&gt;"}, []string{"c --", "<b>"}, false},
		{"comment in an html block", "<div>\n<!-- c -->\nx\n</div>\n", false,
			[]string{"&lt;div&gt;", "x"}, []string{"c --", "<div>"}, false},
		{"other raw html stays escaped", "<b>x</b> and <i>y</i>\n", false,
			[]string{"&lt;b&gt;x&lt;/b&gt;", "&lt;i&gt;"}, []string{"<b>"}, false},
		{"unclosed comment stays visible", "<!-- oops\n\ntext\n", false,
			[]string{"&lt;!-- oops"}, nil, false},
		{"short comments", "x <!--> a <!---> b\n", false,
			[]string{"<p>x  a  b</p>"}, []string{"&lt;!"}, false},
		{"unsafe: block comment", "<!-- markdownlint-disable -->\n\n<div>raw</div>\n", true,
			[]string{"<div>raw</div>"}, []string{"markdownlint", "<!--"}, false},
		{"unsafe: inline comment", "Text <!-- note --> <b>b</b>\n", true,
			[]string{"<p>Text  <b>b</b></p>"}, []string{"note"}, false},
		{"unsafe: comment in an html block", "<div>\n<!-- c -->\nx\n</div>\n", true,
			[]string{"<div>", "x\n</div>"}, []string{"c --"}, false},
		{"unsafe: comment in a script stays", "<script>\n<!-- c -->\n</script>\n", true,
			[]string{"<!-- c -->"}, nil, false},
		{"unsafe: html after a comment", "<!-- c --> <b>x</b>\n", true,
			[]string{"<b>x</b>"}, []string{"c --"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.body)
			site := testSite()
			site.Build.UnsafeHTML = tt.unsafe
			r, err := s.Render(RenderContext{Site: site, Region: region(site, "eu")})
			if err != nil {
				t.Fatal(err)
			}
			html := string(r.HTML)
			if tt.wantExactEmpty && strings.TrimSpace(html) != "" {
				t.Errorf("want no output, got %q", html)
			}
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(html, w) {
					t.Errorf("HTML has %q:\n%s", w, html)
				}
			}
		})
	}
}
