package content

import (
	"errors"
	"html/template"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
)

func TestDirectivesRender(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		region  string
		want    []string // substrings of the HTML
		notWant []string
	}{
		{"only shows in listed region", ":::region{only=\"eu de\"}\nEU text\n:::\n", "de",
			[]string{"<p>EU text</p>"}, nil},
		{"only hides elsewhere", ":::region{only=\"eu de\"}\nEU text\n:::\n\nafter\n", "us",
			[]string{"<p>after</p>"}, []string{"EU text"}},
		{"only with commas", ":::region{only=\"eu,de\"}\nEU text\n:::\n", "eu",
			[]string{"EU text"}, nil},
		{"except hides listed", ":::region{except=us}\nnot US\n:::\n", "us", nil, []string{"not US"}},
		{"except shows elsewhere", ":::region{except='us'}\nnot US\n:::\n", "eu", []string{"<p>not US</p>"}, nil},
		{"no region: only hidden, except shown", ":::region{only=eu}\nA\n:::\n:::region{except=eu}\nB\n:::\n", "",
			[]string{"<p>B</p>"}, []string{"<p>A</p>"}},
		{"nested with more colons outside", "::::region{only=\"eu de\"}\nouter\n:::region{only=de}\ninner\n:::\nstill outer\n::::\n", "eu",
			[]string{"outer", "still outer"}, []string{"inner"}},
		{"nested inner visible", "::::region{only=\"eu de\"}\nouter\n:::region{only=de}\ninner\n:::\n::::\n", "de",
			[]string{"outer", "inner"}, nil},
		{"closing fence may be longer", ":::region{only=eu}\nA\n:::::\n\nB\n", "us",
			[]string{"<p>B</p>"}, []string{"<p>A</p>"}},
		{"container holds markdown", ":::region{only=eu}\n## Heading\n\n- item *em*\n:::\n", "eu",
			[]string{`<h2 id="heading">Heading</h2>`, "<li>item <em>em</em></li>"}, nil},
		{"container inside list item", "- one\n\n  :::region{only=de}\n  German\n  :::\n- two\n", "eu",
			[]string{"two"}, []string{"German"}},
		{"container interrupts paragraph", "para\n:::region{only=de}\nGerman\n:::\n", "eu",
			[]string{"<p>para</p>"}, []string{"German"}},
		{"consent shows in regions of the model", ":::region{consent=\"opt-in\"}\nasked first\n:::\n", "de", []string{"<p>asked first</p>"}, nil},
		{"consent hides elsewhere", ":::region{consent=opt-in}\nasked first\n:::\n\nafter\n", "us", []string{"<p>after</p>"}, []string{"asked first"}},
		{"consent lists several models", ":::region{consent=\"notice opt-out\"}\nnotice or opt-out\n:::\n", "us", []string{"notice or opt-out"}, nil},
		{"consent no model matches", ":::region{consent=none}\nnowhere\n:::\n", "eu", nil, []string{"nowhere"}},
		{"text param from region", "In :param[storage].", "de", []string{"<p>In Nürnberg.</p>"}, nil},
		{"text param falls back to site", "In :param[storage].", "eu", []string{"<p>In Frankfurt.</p>"}, nil},
		{"text param with attrs", "At :param[domain]{.x}!", "us", []string{"At acme24.com!"}, nil},
		{"text param in emphasis and link", "*:param[company]* [see :param[domain]](/x)", "eu",
			[]string{"<em>Acme24 Ltd</em>", `<a href="/x">see acme24.eu</a>`}, nil},
		{"param at line start", ":param[company] is us.", "eu", []string{"<p>Acme24 Ltd is us.</p>"}, nil},
		{"leaf form without Form func", "::form{id=\"implementation-request\"}\n", "eu", nil, []string{"form"}},
		{"not a directive: note", "Note: this", "eu", []string{"<p>Note: this</p>"}, nil},
		{"not a directive: time", "at 10:30 today", "eu", []string{"<p>at 10:30 today</p>"}, nil},
		{"not a directive: url", "see https://acme24.example/a:b", "eu", []string{`https://acme24.example/a:b`}, nil},
		{"not a directive: word colon bracket", "list:[1] and a:b{c}", "eu", []string{"list:[1] and a:b{c}"}, nil},
		{"not a directive: emoji", "nice :smile: here", "eu", []string{":smile:"}, nil},
		{"not a directive: double colon inline", "x ::param[storage] y", "eu", []string{"::param[storage]"}, nil},
		{"not a directive: ipv6", "::1 is localhost\n", "eu", []string{"<p>::1 is localhost</p>"}, nil},
		{"not a directive: escaped", `\:param[storage]`, "eu", []string{":param[storage]"}, []string{"Frankfurt"}},
		{"not a directive: code span", "`:param[storage]`", "eu", []string{"<code>:param[storage]</code>"}, nil},
		{"not a directive: fenced code", "```\n:::region{only=eu}\n```\n", "us", []string{":::region{only=eu}"}, nil},
		{"definition list still works", "Term\n: Definition\n", "eu", []string{"<dt>Term</dt>", "<dd>Definition</dd>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.body)
			got := string(mustRender(t, s, tt.region).HTML)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("HTML lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("HTML has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestDirectiveErrors(t *testing.T) {
	// The body starts on line 4, after "---", "title: T", "---".
	tests := []struct {
		name string
		body string
		pos  string
		msg  string
		hint string
	}{
		{"unclosed container", "text\n\n:::region{only=eu}\nA\n", "content/x.md:6:1", "unclosed :::region directive opened here", "add a line ::: to close it"},
		{"unclosed with more colons", "::::region{only=eu}\nA\n:::\n", "content/x.md:4:1", "unclosed ::::region", "add a line :::: to close it"},
		{"same colons do not nest", ":::region{only=eu}\n:::region{only=de}\nA\n:::\n:::\n", "content/x.md:5:1", "unclosed :::region", "give that one more colons"},
		{"stray closing fence", "A\n\n:::\n", "content/x.md:6:1", "::: closes no directive", ""},
		{"unknown container", ":::regoin{only=eu}\nA\n:::\n", "content/x.md:4:1", "unknown directive :::regoin", `did you mean :::region?`},
		{"unknown leaf", "::from{id=\"implementation-request\"}\n", "content/x.md:4:1", "unknown directive ::from", "did you mean ::form?"},
		{"leaf used as text", "see :form{id=x} here", "content/x.md:4:5", "unknown directive :form", "leaf directive"},
		{"unknown text", "Hello :parm[storage].", "content/x.md:4:7", "unknown directive :parm", "did you mean :param?"},
		{"unknown region id", "\n:::region{only=\"eu dee\"}\nA\n:::\n", "content/x.md:5:11", `unknown region "dee" in only=`, `did you mean "de"?`},
		{"unknown region id in except", ":::region{except=xx}\nA\n:::\n", "content/x.md:4:11", `unknown region "xx"`, "regions in site.toml: eu, de, us"},
		{"region without only or except", ":::region\nA\n:::\n", "content/x.md:4:1", "needs only=", ""},
		{"region with both", ":::region{only=eu except=us}\nA\n:::\n", "content/x.md:4:19", "not both", ""},
		{"region misspelled attribute", ":::region{onyl=eu}\nA\n:::\n", "content/x.md:4:11", `unknown attribute "onyl"`, `did you mean "only"?`},
		{"unknown form", "::form{id=\"implementaton-request\"}\n", "content/x.md:4:8", `unknown form "implementaton-request"`, `did you mean "implementation-request"?`},
		{"form without id", "::form\n", "content/x.md:4:1", "::form needs an id", ""},
		{"unknown param", "Data in :param[storge].", "content/x.md:4:9", `unknown param "storge"`, `did you mean "storage"?`},
		{"param of any region is known", "x\n\ny :param[nosuch]", "content/x.md:6:3", `unknown param "nosuch"`, ""},
		{"empty param", "x :param[] y", "content/x.md:4:3", "param directive without a name", ""},
		{"consent unknown model", ":::region{consent=\"optin\"}\nA\n:::\n", "content/x.md:4:11", `unknown consent model "optin" in consent=`, `did you mean "opt-in"?`},
		{"consent with only", ":::region{only=eu consent=opt-in}\nA\n:::\n", "content/x.md:4:19", "takes one of only=, except= and consent=", "nest"},
		{"consent empty", ":::region{consent=\"\"}\nA\n:::\n", "content/x.md:4:11", "consent= lists no consent model", ""},
		{"cookies with attributes", "::cookies{category=analytics}\n", "content/x.md:4:11", "::cookies takes no attributes", "write ::cookies alone"},
		{"cookies with a label", "::cookies[Our cookies]\n", "content/x.md:4:1", "::cookies takes no label", "cookies.caption"},
		{"unclosed attributes", ":::region{only=eu\nA\n:::\n", "content/x.md:4:10", "unclosed { in directive attributes", ""},
		{"unclosed quote", "::form{id=\"x}\n", "content/x.md:4:11", "unclosed quote", ""},
		{"unclosed label", "x :param[storage y", "content/x.md:4:9", "unclosed [", ""},
		{"text after leaf", "::form{id=\"implementation-request\"} more\n", "content/x.md:4:36", "unexpected text after ::form", ""},
		{"space after colons", "::: region{only=eu}\n", "content/x.md:4:1", "a space between ::: and the directive name", "write :::region without a space"},
		{"bad attribute char", "::form{id=\"implementation-request\" @x}\n", "content/x.md:4:36", `unexpected '@'`, ""},
		{"position counts runes", "Grüße :parm[x]", "content/x.md:4:7", "unknown directive :parm", ""},
		{"inside list item", "- a\n- b :parm[x]\n", "content/x.md:5:5", "unknown directive :parm", ""},
		{"inside blockquote", "> quote\n> :::region{only=zz}\n> A\n> :::\n", "content/x.md:5:13", `unknown region "zz"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, "---\ntitle: T\n---\n"+tt.body)
			d := findDiag(diags, tt.pos, tt.msg)
			if d == nil {
				t.Fatalf("want error %s: %s, got:\n%v", tt.pos, tt.msg, diags)
			}
			if !strings.Contains(d.Hint, tt.hint) {
				t.Errorf("hint = %q, want it to contain %q", d.Hint, tt.hint)
			}
			if d.Severity != diag.Error {
				t.Errorf("severity = %v, want error", d.Severity)
			}
		})
	}
}

func TestFormDirective(t *testing.T) {
	s := mustParse(t, "Before\n\n::form{id=\"implementation-request\"}\n\nAfter\n\n:::region{only=\"us\"}\n::form{id=\"implementation-request\"}\n:::\n")
	site := testSite()
	if ids := s.FormIDs(site); len(ids) != 1 || ids[0] != "implementation-request" {
		t.Errorf("FormIDs = %q, want the one form once", ids)
	}
	ctx := RenderContext{Site: site, Region: region(site, "eu"), Forms: map[string]template.HTML{
		"implementation-request": `<form method="post"></form>`,
	}}
	r, err := s.Render(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.HTML), `<p>Before</p>
<form method="post"></form><p>After</p>`) || len(r.Forms) != 1 {
		t.Errorf("forms %q, HTML:\n%s", r.Forms, r.HTML)
	}
	// No rendered form: nothing in its place, and no form shown.
	r, err = s.Render(RenderContext{Site: site, Region: region(site, "eu")})
	if err != nil || strings.Contains(string(r.HTML), "<form") || len(r.Forms) != 0 {
		t.Errorf("without forms: %v, forms %q, HTML:\n%s", err, r.Forms, r.HTML)
	}
}

func TestCookiesDirective(t *testing.T) {
	site := testSite()
	s := mustParse(t, "Before\n\n:::region{only=\"us\"}\n::cookies\n:::\n\nAfter\n")
	if !s.HasCookies(site) {
		t.Error("HasCookies = false")
	}
	if mustParse(t, "No table\n").HasCookies(site) {
		t.Error("HasCookies of a page without ::cookies = true")
	}
	ctx := RenderContext{Site: site, Region: region(site, "us"), Cookies: `<table class="cookie-table"></table>`}
	r, err := s.Render(ctx)
	if err != nil || !strings.Contains(string(r.HTML), "<p>Before</p>\n<table class=\"cookie-table\"></table><p>After</p>") {
		t.Errorf("us: %v\n%s", err, r.HTML)
	}
	ctx.Region = region(site, "eu")
	if r, _ := s.Render(ctx); strings.Contains(string(r.HTML), "cookie-table") {
		t.Errorf("eu shows the us-only table:\n%s", r.HTML)
	}
}

func TestParamMissingForRegion(t *testing.T) {
	// dpo exists only in region us: fine at Load, an error when rendered
	// for eu (no site param either).
	s := mustParse(t, "Intro\n\nContact :param[dpo].\n")
	if got := mustRender(t, s, "us").HTML; !strings.Contains(string(got), "Contact Jane Roe.") {
		t.Errorf("us: %s", got)
	}
	site := testSite()
	_, err := s.Render(RenderContext{Site: site, Region: region(site, "eu")})
	var d *diag.Diagnostic
	if !errors.As(err, &d) {
		t.Fatalf("err = %v, want a diagnostic", err)
	}
	if d.Pos.String() != "content/x.md:6:9" || !strings.Contains(d.Message, `"dpo"`) || !strings.Contains(d.Message, `region "eu"`) {
		t.Errorf("got %v", d)
	}
}

// Markdown errors quote the line they point at, with the directive or
// attribute name underlined, in characters.
func TestDirectiveExcerpts(t *testing.T) {
	tests := []struct {
		name, body, pos string
		want            diag.Excerpt
	}{
		{"text directive", "Prix à payer :parm[x]\r\n", "content/x.md:4:14",
			diag.Excerpt{Line: "Prix à payer :parm[x]", Col: 14, Width: 5}},
		{"container", "\n:::regoin{only=\"eu\"}\nx\n:::\n", "content/x.md:5:1",
			diag.Excerpt{Line: ":::regoin{only=\"eu\"}", Col: 1, Width: 9}},
		{"attribute", ":::region{olny=\"eu\" only=\"eu\"}\nx\n:::\n", "content/x.md:4:11",
			diag.Excerpt{Line: ":::region{olny=\"eu\" only=\"eu\"}", Col: 11, Width: 4}},
		{"unknown region", ":::region{only=\"日本\"}\nx\n:::\n", "content/x.md:4:11",
			diag.Excerpt{Line: ":::region{only=\"日本\"}", Col: 11, Width: 1}},
		{"heading attribute", "# Titre {style=\"x\"}\n", "content/x.md:4:10",
			diag.Excerpt{Line: "# Titre {style=\"x\"}", Col: 10, Width: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, "---\ntitle: T\n---\n"+tt.body)
			if len(diags) != 1 || diags[0].Pos.String() != tt.pos {
				t.Fatalf("want one diagnostic at %s, got:\n%v", tt.pos, diags)
			}
			if x := diags[0].Excerpt; x == nil || *x != tt.want {
				t.Errorf("excerpt = %+v, want %+v", x, tt.want)
			}
		})
	}
}

// An error found while rendering quotes its line too.
func TestRenderErrorExcerpt(t *testing.T) {
	s := mustParse(t, "Hébergé sur :param[domain].\n")
	_, err := s.Render(RenderContext{Site: testSite(), Lang: s.Lang})
	var d *diag.Diagnostic
	if !errors.As(err, &d) || d.Pos.String() != "content/x.md:4:13" {
		t.Fatalf("want an error at content/x.md:4:13, got %v", err)
	}
	want := diag.Excerpt{Line: "Hébergé sur :param[domain].", Col: 13, Width: 1}
	if d.Excerpt == nil || *d.Excerpt != want {
		t.Errorf("excerpt = %+v, want %+v", d.Excerpt, want)
	}
}

// A param whose letters run the other way than the page's text is
// isolated, so that an English address in Arabic text keeps its order;
// one that runs the same way is not.
func TestParamDirectionIsolated(t *testing.T) {
	tests := []struct {
		lang, company, want string
	}{
		{"ar", "Acme24 Ltd", "يتحكم <bdi>Acme24 Ltd</bdi> في"},
		{"ar", "أكمي ٢٤", "يتحكم أكمي ٢٤ في"},
		{"en", "Acme24 Ltd", "يتحكم Acme24 Ltd في"},
		{"en", "أكمي ٢٤", "يتحكم <bdi>أكمي ٢٤</bdi> في"},
		{"ar", "24/7", "يتحكم 24/7 في"}, // no strong letter: nothing to isolate
	}
	for _, tt := range tests {
		s := mustParse(t, "يتحكم :param[company] في\n")
		s.Lang = tt.lang
		site := testSite()
		site.Params["company"] = tt.company
		r, err := s.Render(RenderContext{Site: site, Region: region(site, "eu"), Lang: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(r.HTML)); got != "<p>"+tt.want+"</p>" {
			t.Errorf("%s %q: got %s, want <p>%s</p>", tt.lang, tt.company, got, tt.want)
		}
	}
}
