package templates

import (
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/content"
)

func sharedFixture(t *testing.T, page string) *Set {
	t.Helper()
	set, diags := Load(fixture(map[string]string{
		"layouts/page.html": page,
		"layouts/partials/items.html": `{{ define "item" }}<a href="{{ .URL }}"{{ if .Current }} aria-current="page"{{ end }}>{{ .Text }}</a>{{ end }}` +
			`{{ define "toc" }}<ul>{{ range . }}<li>{{ .Text }}{{ if .Children }}{{ template "toc" .Children }}{{ end }}</li>{{ end }}</ul>{{ end }}`,
	}), "layouts", isoDate)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return set
}

// Each gives what a range over the links gives, for every page that
// shares the list, with each page's own link current.
func TestLinkListEach(t *testing.T) {
	set := sharedFixture(t, `{{ define "main" }}[{{ .Nav.Each "item" }}]({{ range .Nav.Links }}{{ template "item" . }}{{ end }}){{ end }}`)
	shared := set.Shared()
	links := []Link{{Text: "A", URL: "/a/"}, {Text: "B<", URL: "/b/"}, {Text: "C", URL: "/c/"}}
	for cur := -1; cur < len(links); cur++ {
		marked := make([]Link, len(links))
		copy(marked, links)
		if cur >= 0 {
			marked[cur].Current = true
		}
		b, err := set.Execute("page", &Page{Frame: &Frame{}, Nav: shared.Links("nav", marked)})
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		each, ranged := s[strings.Index(s, "[")+1:strings.Index(s, "]")], s[strings.Index(s, "(")+1:strings.LastIndex(s, ")")]
		if each != ranged {
			t.Errorf("current %d: Each gave %s, range gave %s", cur, each, ranged)
		}
		if want := strings.Count(each, "aria-current"); (cur >= 0) != (want == 1) || want > 1 {
			t.Errorf("current %d: %s", cur, each)
		}
		if !strings.Contains(each, "B&lt;") {
			t.Errorf("text not escaped: %s", each)
		}
	}
	// An empty list renders nothing, with or without the build.
	b, err := set.Execute("page", &Page{Frame: &Frame{}})
	if err != nil || !strings.Contains(string(b), "[]()") {
		t.Fatalf("empty list: %s %v", b, err)
	}
}

func TestTOCRender(t *testing.T) {
	set := sharedFixture(t, `{{ define "main" }}{{ with .TOC }}{{ .Render "toc" }}{{ end }}{{ end }}`)
	shared := set.Shared()
	if shared.TOC(nil) != nil {
		t.Fatal("a page without headings has a table of contents")
	}
	toc := shared.TOC([]*content.TOCEntry{{Level: 2, ID: "a", Text: "A", Children: []*content.TOCEntry{{Level: 3, ID: "b", Text: "B"}}}})
	b, err := set.Execute("page", &Page{Frame: &Frame{}, TOC: toc})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<ul><li>A<ul><li>B</li></ul></li></ul>") {
		t.Errorf("got %s", b)
	}
}

// A partial a layout names and no layout defines is an error at the
// layout's position that says how to define it.
func TestSharedUndefinedPartial(t *testing.T) {
	set := sharedFixture(t, "{{ define \"main\" }}\n  {{ .Nav.Each \"iten\" }}{{ end }}")
	_, err := set.Execute("page", &Page{Frame: &Frame{}, Nav: set.Shared().Links("nav", []Link{{Text: "A"}})})
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"layouts/page.html:2:", `no partial "iten"`, `{{ define "iten" }}`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
