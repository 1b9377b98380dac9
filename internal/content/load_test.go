package content

import (
	"strings"
	"sync"
	"testing"
)

func TestLoad(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"content/index.md":               "---\ntitle: Home\n---\nWelcome\n",
		"content/privacy.md":             "---\ntitle: Privacy\n---\nText\n",
		"content/privacy.de.md":          "---\ntitle: Datenschutz\n---\nText\n",
		"content/privacy.pt-br.md":       "---\ntitle: Privacidade\n---\nText\n",
		"content/legal/terms.zh-hans.md": "---\ntitle: 条款\ndraft: true\n---\n正文\n",
		"content/notes.txt":              "ignored",
		"site.toml":                      "ignored",
	})
	sources, diags := Load(dir, testSite())
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%v", diags)
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
	})
	sources, diags := Load(dir, testSite())
	for _, want := range []struct{ pos, msg string }{
		{"content/privacy.md:1:1", `page "privacy" in language "en" is already defined by content/privacy.en.md`},
		{"content/cookies.xx-yy1.md", `"xx-yy1" in the file name is not a language tag`},
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
	if strings.Join(files, " ") != "content/ok.md content/privacy.en.md" {
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
