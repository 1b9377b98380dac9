package content

import (
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
