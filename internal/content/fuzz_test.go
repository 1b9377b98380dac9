package content

import (
	"strings"
	"testing"
)

func FuzzFrontMatter(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: T\n---\nBody\n",
		"---\ntitle: T\neffective: 2026-11-01\nversion: 1.10\ndraft: maybe\naliases: [/a/, b]\nregions: [eu, xx]\nweight: x\n---\n",
		"+++\ntitle = 'T'\neffective = 2026-11-01T10:00:00Z\n[params]\na = 1\n+++\n",
		"+++\ntitle = = 'T'\n+++\n",
		"---\n- a\n---\n",
		"---\ntitle: &a [*a]\n---\n",
		"---\ntitle: T\n",
		"\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\nx",
		"",
	} {
		f.Add(seed)
	}
	site := testSite()
	f.Fuzz(func(t *testing.T, src string) {
		s, diags := parseSource("content/x.md", []byte(src), site)
		for _, d := range diags {
			if d.File != "content/x.md" || d.Message == "" {
				t.Fatalf("bad diagnostic %#v", d)
			}
		}
		if s != nil && !diags.HasErrors() {
			if s.Meta.Title == "" {
				t.Fatal("accepted a page without a title")
			}
			if _, err := s.Render(RenderContext{Site: site, Region: site.Regions[0]}); err != nil {
				t.Logf("render: %v", err) // a param missing for a region is a render error, not a panic
			}
		}
	})
}

func FuzzDirectives(f *testing.F) {
	for _, seed := range []string{
		":::region{only=\"eu de\"}\nText :param[storage].\n:::\n",
		"::::region{except=us}\n:::region{only=de}\nA\n:::\n::::\n",
		"::form{id=\"implementation-request\"}\n",
		"Note: 10:30 https://x.org :smile: a:b{c} :param[domain]{#x .y z='w' v=u flag}",
		":::region{only=eu\n",
		"::: region\n:::\n",
		"- a\n  :::region{only=de}\n  > b\n  :::\n",
		":param[a [b] c] :param[x\\]] :param{",
		"```\n:::\n```\n:::\n",
		"## Title :param[company] {#id}\n",
	} {
		f.Add(seed)
	}
	site := testSite()
	f.Fuzz(func(t *testing.T, body string) {
		s, diags := parseSource("content/x.md", []byte("---\ntitle: T\n---\n"+body), site)
		for _, d := range diags {
			if d.File != "content/x.md" || d.Line < 1 || d.Message == "" {
				t.Fatalf("bad diagnostic %#v", d)
			}
		}
		if s == nil {
			return
		}
		for _, r := range append(site.Regions, nil) {
			_, _ = s.Render(RenderContext{Site: site, Region: r})
		}
	})
}

// FuzzParse runs a whole Markdown body through charter's parse path: the
// nesting pre-scan, goldmark, directive and attribute checks, heading
// ids, compiling, and rendering for every region.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"# T\n\n## A\n\n## A\n\n## A {#a-1}\n",
		":::region{only=us}\n## Your rights\n:::\n:::region{except=us}\n## Your rights\n:::\n",
		"::::region{except=us}\n:::region{only=\"de us\"}\n## A {#x}\n:::\n::::\n## A {#x}\n",
		"<!-- markdownlint-disable -->\n\ntext <!-- c --> <b>x</b>\n\n<!-- a --> <i>\n\n<!--> <!---> <!-- open\n",
		"<div>\n<!-- c -->\n</div>\n",
		"## T {#id .c style=\"color:red\" onclick=x data-x=1 id=5}\n\nT {.a}\n---\n",
		"## T {id=\"a b\"}\n## {#}\n## {id=\"\"}\n",
		strings.Repeat("  ", 50) + "- a\n" + strings.Repeat("- ", 99) + "x\n" + strings.Repeat("> ", 99) + "\n",
		strings.Repeat(">", 101) + "\n",
		"1. a\n   1) b\n\t- c\n \t* d\n+\n",
		"*a **b [c *d*](/x)** e*\n",
		"[a](/cookies/?x#y) [b][r] [c](/) ![d](/cookies/)\n\n[r]: /données/\n",
	} {
		f.Add(seed)
	}
	site := testSite()
	f.Fuzz(func(t *testing.T, body string) {
		s, diags := parseSource("content/x.md", []byte("---\ntitle: T\n---\n"+body), site)
		for _, d := range diags {
			if d.File != "content/x.md" || d.Line < 4 || d.Col < 1 || d.Message == "" {
				t.Fatalf("bad diagnostic %#v", d)
			}
		}
		if s == nil {
			return
		}
		for _, r := range append(site.Regions, nil) {
			out, err := s.Render(RenderContext{Site: site, Region: r, Link: frenchLinks})
			if err != nil {
				continue // a param missing for a region
			}
			if strings.Contains(string(out.HTML), "<!--") {
				t.Fatalf("comment or raw HTML in the output:\n%s", out.HTML)
			}
			if len(diags) > 0 {
				continue
			}
			seen := map[string]bool{}
			for _, e := range flatten(out.TOC) {
				if seen[e.ID] {
					t.Fatalf("region %v: heading id %q twice", r, e.ID)
				}
				seen[e.ID] = true
			}
		}
	})
}

// FuzzLinks renders raw HTML with links localised: no panic, and a page
// without a link to localise renders as it would without Link.
func FuzzLinks(f *testing.F) {
	for _, seed := range []string{
		"<a href=/cookies/>c</a> <A HREF='/#x'>h</A> <a href>n</a> <a href=\"/&#x2F;\">x</a>",
		"<div>\n<a title=\"href='/x/'\" href=\"/cookies/?a&amp;b#c\">c</a>\n</div>\n\n[d](/données/)",
		"<a href=\"/cookies/ <a href='/'>",
		"<script>'<a href=\"/\">'</script><!-- <a href=/> --><a href=&#47;>",
	} {
		f.Add(seed)
	}
	site := testSite()
	site.Build.UnsafeHTML = true
	none := func(string) (string, bool) { return "", false }
	f.Fuzz(func(t *testing.T, body string) {
		s, diags := parseSource("content/x.md", []byte("---\ntitle: T\n---\n"+body), site)
		if s == nil || diags.HasErrors() {
			return
		}
		ctx := RenderContext{Site: site, Region: region(site, "eu")}
		plain, err := s.Render(ctx)
		if err != nil {
			return
		}
		if _, err := s.Render(RenderContext{Site: site, Region: ctx.Region, Link: frenchLinks}); err != nil {
			t.Fatalf("with Link: %v", err)
		}
		ctx.Link = none
		if kept, _ := s.Render(ctx); kept.HTML != plain.HTML {
			t.Fatalf("a Link that changes nothing changed\n%s\nto\n%s", plain.HTML, kept.HTML)
		}
	})
}
