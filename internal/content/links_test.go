package content

import (
	"strings"
	"testing"
)

// frenchLinks is RenderContext.Link of a French page on acme24.eu: the
// pages it shows in French.
func frenchLinks(p string) (string, bool) {
	switch p {
	case "/", "/cookies/", "/legal/terms/", "/données/", "/a&b/":
		return "/fr" + p, true
	case "/privacy/": // shown in the default language's URL: nothing to do
		return p, true
	}
	return "", false
}

func TestLocalisedLinks(t *testing.T) {
	tests := []struct {
		name, body, want string
		unsafe           bool
	}{
		{"page", "[c](/cookies/)", `<a href="/fr/cookies/">c</a>`, false},
		{"home", "[h](/)", `<a href="/fr/">h</a>`, false},
		{"nested page", "[t](/legal/terms/)", `<a href="/fr/legal/terms/">t</a>`, false},
		{"query and fragment kept", `[c](/cookies/?a=1&b=2#set "Title")`, `<a href="/fr/cookies/?a=1&amp;b=2#set" title="Title">c</a>`, false},
		{"fragment only after the path", "[c](/cookies/#x?y)", `<a href="/fr/cookies/#x?y">c</a>`, false},
		{"reference link", "[c][ref]\n\n[ref]: /cookies/#set", `<a href="/fr/cookies/#set">c</a>`, false},
		{"non-ASCII path, written raw", "[d](/données/)", `<a href="/fr/donn%C3%A9es/">d</a>`, false},
		{"non-ASCII path, escaped", "[d](/donn%C3%A9es/)", `<a href="/fr/donn%C3%A9es/">d</a>`, false},
		{"ampersand in the path", "[x](/a&b/)", `<a href="/fr/a&amp;b/">x</a>`, false},
		{"same path", "[p](/privacy/)", `<a href="/privacy/">p</a>`, false},
		{"no such page", "[x](/nope/)", `<a href="/nope/">x</a>`, false},
		{"language prefix", "[c](/fr/cookies/)", `<a href="/fr/cookies/">c</a>`, false},
		{"not a page path", "[f](/favicon.svg) [c](/cookies)", `<a href="/favicon.svg">f</a> <a href="/cookies">c</a>`, false},
		{"full URL", "[c](https://acme24.eu/cookies/) <https://acme24.eu/cookies/>", `<a href="https://acme24.eu/cookies/">c</a> <a href="https://acme24.eu/cookies/">https://acme24.eu/cookies/</a>`, false},
		{"other host", "[c](//acme24.de/cookies/)", `<a href="//acme24.de/cookies/">c</a>`, false},
		{"relative", "[c](cookies/) [d](../cookies/) [e](#cookies)", `<a href="cookies/">c</a> <a href="../cookies/">d</a> <a href="#cookies">e</a>`, false},
		{"image", "![c](/cookies/)", `<img src="/cookies/" alt="c">`, false},
		{"in a heading", "## See [c](/cookies/)", `<a href="/fr/cookies/">c</a></h2>`, false},
		{"raw HTML, escaped", `<a href="/cookies/">c</a>`, `&lt;a href=&quot;/cookies/&quot;&gt;`, false},
		{"raw HTML inline", `See <a class="x" HREF='/cookies/#set'>c</a>.`, `See <a class="x" HREF='/fr/cookies/#set'>c</a>.`, true},
		{"raw HTML block", "<div>\n<a href=/cookies/>c</a> <a href=\"/nope/\">n</a>\n<a title=\"href='/x/'\" href=\"&#x2F;\">h</a> <a href=\"/&#x2F;x/\">o</a>\n</div>",
			"<div>\n<a href=/fr/cookies/>c</a> <a href=\"/nope/\">n</a>\n<a title=\"href='/x/'\" href=\"/fr/\">h</a> <a href=\"/&#x2F;x/\">o</a>\n</div>", true},
		{"raw HTML, first href counts", `<a href="/nope/" href="/cookies/">x</a>`, `<a href="/nope/" href="/cookies/">x</a>`, true},
		{"raw HTML, not a link", "<img src=\"/cookies/\"> <link href=\"/cookies/\">", "<img src=\"/cookies/\"> <link href=\"/cookies/\">", true},
		{"raw HTML in a script", "<script>\nx = '<a href=\"/cookies/\">'\n</script>", "<script>\nx = '<a href=\"/cookies/\">'\n</script>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := testSite()
			site.Build.UnsafeHTML = tt.unsafe
			s, diags := parseSource("content/x.md", []byte("---\ntitle: T\n---\n"+tt.body+"\n"), site)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			r, err := s.Render(RenderContext{Site: site, Region: region(site, "eu"), Lang: "fr", Link: frenchLinks})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(r.HTML), tt.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", r.HTML, tt.want)
			}
			// Without Link, every link is as written.
			plain, err := s.Render(RenderContext{Site: site, Region: region(site, "eu"), Lang: "fr"})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(plain.HTML), `"/fr/`) && !strings.Contains(tt.body, "/fr/") {
				t.Errorf("without Link:\n%s", plain.HTML)
			}
		})
	}
}

// A link inside a region block that the region leaves out is gone with
// it; the links after it are still localised.
func TestLocalisedLinksInRegionBlocks(t *testing.T) {
	s := mustParse(t, ":::region{only=\"us\"}\n[a](/cookies/)\n:::\n\n[b](/cookies/) :param[domain] [c](/)\n")
	site := testSite()
	r, err := s.Render(RenderContext{Site: site, Region: region(site, "eu"), Lang: "fr", Link: frenchLinks})
	if err != nil {
		t.Fatal(err)
	}
	want := "<p><a href=\"/fr/cookies/\">b</a> acme24.eu <a href=\"/fr/\">c</a></p>\n"
	if string(r.HTML) != want {
		t.Errorf("got %q, want %q", r.HTML, want)
	}
}
