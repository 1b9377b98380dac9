package content

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Privacy Policy", "privacy-policy"},
		{"Datenschutz & Rechte", "datenschutz-rechte"},
		{"Übermittlung in Drittländer", "übermittlung-in-drittländer"},
		{"  1.2  Scope (of this policy)  ", "1-2-scope-of-this-policy"},
		{"个人信息的收集", "个人信息的收集"},
		{"ข้อมูลที่เรารวบรวม", "ข้อมูลที่เรารวบรวม"},
		{"Données collectées — résumé", "données-collectées-résumé"},
		{"Политика конфиденциальности", "политика-конфиденциальности"},
		{"سياسة الخصوصية", "سياسة-الخصوصية"},
		{"U\u0308ber", "über"}, // decomposed umlaut is normalized
		{"snake_case-name", "snake-case-name"},
		{"!!!", "section"},
		{"", "section"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	s := mustParse(t, `# Title

## Scope

## Scope

## Scope {#scope-1}

## Scope

## Datenschutz & *Rechte*

## `+"`code`"+` and [link](/x)

## "Quoted" -- text...

## !!!

## Contact :param[company]

Setext
------
`)
	r := mustRender(t, s, "eu")
	var ids []string
	for _, e := range flatten(r.TOC) {
		ids = append(ids, e.ID)
	}
	want := []string{"scope", "scope-2", "scope-1", "scope-3", "datenschutz-rechte", "code-and-link", "quoted-text", "section", "contact-company", "setext"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q\nwant  %q", ids, want)
	}
	html := string(r.HTML)
	for _, w := range []string{`<h1 id="title">`, `<h2 id="scope-1">Scope</h2>`, `<h2 id="datenschutz-rechte">Datenschutz &amp; <em>Rechte</em></h2>`} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %s:\n%s", w, html)
		}
	}
}

func TestDuplicateCustomIDWarns(t *testing.T) {
	_, diags := parseString(t, "---\ntitle: T\n---\n## A {#x}\n\n## B {#x}\n")
	if d := findDiag(diags, "content/x.md:6:4", `duplicate heading id "x"`); d == nil || diags.HasErrors() {
		t.Errorf("got %v", diags)
	}
}

func flatten(toc []*TOCEntry) []*TOCEntry {
	var out []*TOCEntry
	for _, e := range toc {
		out = append(out, e)
		out = append(out, flatten(e.Children)...)
	}
	return out
}

func TestTOC(t *testing.T) {
	s := mustParse(t, `# Page

## One

### One.A

#### One.A.i

##### too deep

### One.B

## Two *em* "q"

:::region{only=de}
## German only
:::

#### Skipped level

## Stored in :param[storage]
`)
	type e struct {
		Level    int
		ID, Text string
		Children []e
	}
	var conv func([]*TOCEntry) []e
	conv = func(in []*TOCEntry) []e {
		var out []e
		for _, x := range in {
			out = append(out, e{x.Level, x.ID, x.Text, conv(x.Children)})
		}
		return out
	}
	got := conv(mustRender(t, s, "eu").TOC)
	want := []e{
		{2, "one", "One", []e{
			{3, "one-a", "One.A", []e{{4, "one-a-i", "One.A.i", nil}}},
			{3, "one-b", "One.B", nil},
		}},
		{2, "two-em-q", "Two em \u201cq\u201d", []e{{4, "skipped-level", "Skipped level", nil}}},
		{2, "stored-in-storage", "Stored in Frankfurt", nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("toc =\n%+v\nwant\n%+v", got, want)
	}
	de := conv(mustRender(t, s, "de").TOC)
	if len(de) != 4 || de[2].Text != "German only" || de[3].Text != "Stored in Nürnberg" {
		t.Errorf("de toc = %+v", de)
	}
}

// Identical headings must not take time quadratic in their number: 20,000
// took 16 s when every heading probed -1, -2, ... from the start, so
// 40,000 took over a minute; linear, they take well under a second. The
// deadline is 300 times that, so that a loaded machine cannot fail it
// (BenchmarkHeadingIDs measures the speed).
func TestHeadingIDsLinear(t *testing.T) {
	const n = 40_000
	s, _ := scanSource("content/x.md", []byte("---\ntitle: T\n---\n"+strings.Repeat("## Your rights\n\n", n)), testSite())
	doc := newMarkdown().Parser().Parse(text.NewReader(s.impl.body()))
	var diags diag.List
	start := time.Now()
	assignHeadingIDs(doc, s.impl.body(), regionIDs(testSite()), s.pos, &diags)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("%d identical headings took %v", n, d)
	}
	last := doc.LastChild().(*ast.Heading)
	if v, _ := last.AttributeString("id"); attrString(v) != "your-rights-39999" {
		t.Errorf("last id = %q", v)
	}
}

// A heading's id is the same in every region that shows it: headings need
// distinct ids only where some region (or the view without one) shows both.
func TestHeadingIDsPerRegion(t *testing.T) {
	tests := []struct {
		name string
		body string
		want map[string][]string // region ("" none) -> ids in the TOC
	}{
		{"hidden duplicate keeps its id",
			":::region{only=\"us\"}\n## Your rights\nUS\n:::\n:::region{except=\"us\"}\n## Your rights\nelse\n:::\n",
			map[string][]string{"us": {"your-rights"}, "eu": {"your-rights"}, "de": {"your-rights"}, "": {"your-rights"}}},
		{"duplicate in one region is numbered",
			":::region{only=eu}\n## Your rights\n\n## Your rights\n:::\n",
			map[string][]string{"eu": {"your-rights", "your-rights-1"}, "us": nil}},
		{"shared region conflicts",
			":::region{only=\"eu de\"}\n## A\n:::\n:::region{only=\"de us\"}\n## A\n:::\n:::region{only=us}\n## A\n:::\n",
			map[string][]string{"eu": {"a"}, "de": {"a", "a-1"}, "us": {"a-1", "a"}}},
		{"nested blocks intersect",
			"::::region{except=us}\n:::region{only=\"de us\"}\n## A\n:::\n::::\n:::region{only=eu}\n## A\n:::\n\n## A\n",
			map[string][]string{"de": {"a", "a-1"}, "eu": {"a", "a-1"}, "us": {"a-1"}, "": {"a-1"}}},
		{"custom id taken only where shown",
			":::region{only=eu}\n## X {#a}\n:::\n:::region{only=de}\n## A\n:::\n\n## A\n",
			map[string][]string{"eu": {"a", "a-1"}, "de": {"a", "a-1"}, "us": {"a-1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.body)
			for region, want := range tt.want {
				var ids []string
				for _, e := range flatten(mustRender(t, s, region).TOC) {
					ids = append(ids, e.ID)
				}
				if !reflect.DeepEqual(ids, want) {
					t.Errorf("region %q: ids = %q, want %q", region, ids, want)
				}
			}
		})
	}
}

func TestDuplicateCustomIDPerRegion(t *testing.T) {
	_, diags := parseString(t, "---\ntitle: T\n---\n:::region{only=us}\n## A {#x}\n:::\n:::region{except=us}\n## B {#x}\n:::\n")
	if len(diags) > 0 {
		t.Errorf("headings no region shows together: got %v", diags)
	}
	_, diags = parseString(t, "---\ntitle: T\n---\n:::region{only=\"us eu\"}\n## A {#x}\n:::\n:::region{except=us}\n## B {#x}\n:::\n")
	if d := findDiag(diags, "content/x.md:8:4", `duplicate heading id "x"`); d == nil {
		t.Errorf("headings eu shows together: got %v", diags)
	}
}

// Headings take {#id} and {.class} only: any other attribute, such as an
// inline style the CSP blocks anyway, is an error where it is written.
func TestHeadingAttributes(t *testing.T) {
	tests := []struct {
		name, body string
		pos, msg   string // "" for no diagnostic
		want       string // in the HTML, when there is no error
	}{
		{"id and class", "## Title {#my-id .note}\n", "", "", `<h2 id="my-id" class="note">Title</h2>`},
		{"id and class as keys", "## Title {id=x class=\"a b\"}\n", "", "", `<h2 id="x" class="a b">Title</h2>`},
		{"classes", "## T {.a .b}\n", "", "", `<h2 class="a b" id="t">T</h2>`},
		{"unicode id", "## 个人信息 {#个人}\n", "", "", `<h2 id="个人">`},
		{"style", "## Title {style=\"color:red\"}\n", "content/x.md:4:11", `attribute "style" is not allowed on a heading`, ""},
		{"event handler", "## Title {#a onclick=\"x()\"}\n", "content/x.md:4:14", `attribute "onclick" is not allowed on a heading`, ""},
		{"data attribute", "### T {data-x=1}\n", "content/x.md:4:8", `attribute "data-x" is not allowed on a heading`, ""},
		{"last line without newline", "## Title {style=x}", "content/x.md:4:11", `attribute "style" is not allowed on a heading`, ""},
		{"setext heading", "Title {style=x}\n-----\n", "content/x.md:4:8", `attribute "style" is not allowed on a heading`, ""},
		{"id with a space", "## T {id=\"a b\"}\n", "content/x.md:4:7", `heading id "a b" is not a valid fragment`, ""},
		{"id with a quote", "## T {id=\"a'b\"}\n", "content/x.md:4:7", `heading id "a'b" is not a valid fragment`, ""},
		{"empty id", "## T {id=\"\"}\n", "content/x.md:4:7", `heading id "" is not a valid fragment`, ""},
		{"numeric id", "## T {id=5}\n", "content/x.md:4:7", `heading id must be text`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := parseString(t, "---\ntitle: T\n---\n"+tt.body)
			if tt.msg == "" {
				if len(diags) > 0 {
					t.Fatalf("unexpected %v", diags)
				}
				if html := string(mustRender(t, s, "eu").HTML); !strings.Contains(html, tt.want) {
					t.Errorf("HTML lacks %s:\n%s", tt.want, html)
				}
				return
			}
			d := findDiag(diags, tt.pos, tt.msg)
			if d == nil || d.Severity != diag.Error {
				t.Fatalf("want error %q at %s, got %v", tt.msg, tt.pos, diags)
			}
			if !strings.Contains(d.Hint, "{#id}") || !strings.Contains(d.Hint, "{.class}") {
				t.Errorf("hint %q", d.Hint)
			}
		})
	}
}

// Sites may have more regions than a machine word has bits.
func TestHeadingIDsManyRegions(t *testing.T) {
	site := testSite()
	for i := range 130 {
		site.Regions = append(site.Regions, &config.Region{ID: fmt.Sprintf("r%d", i)})
	}
	body := ":::region{only=r129}\n## A\n:::\n:::region{except=r129}\n## A\n:::\n:::region{only=\"r70 r129\"}\n## A\n:::\n"
	s, diags := parseSource("content/x.md", []byte("---\ntitle: T\n---\n"+body), site)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for id, want := range map[string][]string{"r129": {"a", "a-1"}, "r70": {"a", "a-1"}, "r1": {"a"}, "eu": {"a"}} {
		r, err := s.Render(RenderContext{Site: site, Region: region(site, id)})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range flatten(r.TOC) {
			ids = append(ids, e.ID)
		}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("region %s: ids = %q, want %q", id, ids, want)
		}
	}
}
