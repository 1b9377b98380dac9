package check

import (
	"bytes"
	"io/fs"
	"strings"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/sitefs"
	"golang.org/x/net/html"
)

// instanceFile is the output file of a planned page: "acme24.eu/fr/privacy/index.html".
func instanceFile(in *plan.Instance) string {
	return in.Region.Domain + in.RelURL + "index.html"
}

// instanceDoc is the rendered page of in, parsed; nil if the snapshot did
// not render it (a draft).
// Each page is parsed once, whichever checkers ask for it.
func (s *Site) instanceDoc(in *plan.Instance) *html.Node {
	file := instanceFile(in)
	if doc, ok := s.trees.Load(file); ok {
		return doc.(*html.Node)
	}
	f, ok := s.Files[file]
	if !ok {
		return nil
	}
	doc, err := html.Parse(bytes.NewReader(f.Data))
	if err != nil {
		return nil
	}
	s.trees.Store(file, doc)
	return doc
}

// eachElement calls visit for every element under n, in document order,
// until visit returns false.
func eachElement(n *html.Node, visit func(*html.Node) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !visit(c) {
			return false
		}
		if !eachElement(c, visit) {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// textOf is the text under n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// withExcerpts gives the findings of l the source line they point at,
// read from the site (site.toml, content, locales, layouts) as the build
// reads it.
func (s *Site) withExcerpts(l diag.List) diag.List {
	byFile := map[string]diag.List{}
	for _, d := range l {
		if d.Line > 0 && d.Excerpt == nil {
			byFile[d.File] = append(byFile[d.File], d)
		}
	}
	for file, ds := range byFile {
		name := file
		if s.Site != nil && file == s.Site.File {
			name = "site.toml"
		}
		if s.FS == nil || !fs.ValidPath(name) {
			continue
		}
		b := s.sourceText(name)
		if b == nil {
			continue
		}
		b, _ = sitefs.Text(name, b) // without a BOM, as the site reads it
		diag.NewSource(file, b).AddExcerpts(ds)
	}
	return l
}

// source is the source of file, or nil.
func (s *Site) source(file string) *content.Source {
	for _, src := range s.Sources {
		if src.File == file {
			return src
		}
	}
	return nil
}
