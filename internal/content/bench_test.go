package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/text"
)

// benchDocument is a legal-page-like body of about size bytes, with
// headings, lists, tables, links, region blocks and params.
func benchDocument(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "## Section %d: \"Processing\" of data\n\n", i)
		b.WriteString("We process *personal data* of visitors to :param[domain] under Art. 6(1)(f) GDPR. ")
		b.WriteString("Data is stored in :param[storage] -- see [the list](/processors/) and https://acme24.example/legal.\n\n")
		fmt.Fprintf(&b, "### Details %d\n\n- Name and e-mail address\n- IP address, at 10:30 each day\n- Note: logs are kept for 30 days\n\n", i)
		b.WriteString(":::region{only=\"eu de\"}\nUnder the GDPR you may object at any time. Contact :param[company].\n:::\n\n")
		b.WriteString(":::region{except=\"de\"}\n| Purpose | Basis | Period |\n|---|---|---|\n| Analytics | consent | 13 months |\n| Security | interest | 7 days |\n:::\n\n")
	}
	return b.String()
}

func BenchmarkParse(b *testing.B) {
	src := []byte("---\ntitle: Privacy\n---\n" + benchDocument(30_000))
	site := testSite()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := parseSource("content/privacy.md", src, site); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	s := mustParse(b, benchDocument(30_000))
	site := testSite()
	ctx := RenderContext{Site: site, Region: region(site, "de")}
	b.SetBytes(int64(len(s.impl.src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Render(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeadingIDs gives ids to many identical headings, the worst case
// for making them unique.
func BenchmarkHeadingIDs(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := []byte("---\ntitle: T\n---\n" + strings.Repeat("## Your rights\n\n", n))
			site := testSite()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s, _ := scanSource("content/x.md", src, site)
				md := newMarkdown()
				doc := md.Parser().Parse(text.NewReader(s.impl.body()))
				var diags diag.List
				b.StartTimer()
				assignHeadingIDs(doc, s.impl.body(), regionIDs(site), s.pos, &diags)
			}
		})
	}
}
