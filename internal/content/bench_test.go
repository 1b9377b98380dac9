package content

import (
	"fmt"
	"strings"
	"testing"
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
