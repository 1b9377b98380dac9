package directive

import (
	"io"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// FuzzDirective parses arbitrary Markdown with the extension, beside
// goldmark's own extensions, and renders it: nothing panics, every error
// and every directive lies in the source, and every directive starts at
// a colon.
func FuzzDirective(f *testing.F) {
	for _, seed := range []string{
		":::note[Title]{#a .b c=\"d e\" f='g' h=i&amp;j k}\nText :abbr[x].\n:::\n",
		"::::note\n:::note\nA\n:::\n::::\n",
		"::video{src=\"a.mp4\"}\n::video{src=a} more\n",
		"Note: 10:30 https://x.org :smile: a:b{c} :abbr[x]{#y .z w='v' u=t flag}",
		":::note{a=1\n",
		"::: note\n:::\n",
		"- a\n  :::note\n  > b\n  :::\n",
		"> - :::note\n>   ::video\n>   :::\n",
		":abbr[a [b] c] :abbr[x\\]] :abbr{ :abbr[\n] :abbr{a=\"\n\"}",
		"```\n:::\n```\n:::\n",
		"## Title :abbr[x] {#id}\n",
		"a[^1]\n\n[^1]: :abbr[n] :zzz[m]\n",
		"| a | :abbr[b] |\n|---|---|\n| :abbr{c=d} | e |\n",
		"Term\n: :abbr[def]\n",
		"-\t:::note\n\t::video\n>\t:::\n",
		"\t:::note\n:::\n",
		":::Note\n::NOTE\n:Abbr[x]\n",
	} {
		f.Add(seed)
	}
	check := func(pc parser.Context, d *Directive) {
		for _, a := range d.Attrs {
			if a.Key == "" {
				panic("attribute without a key")
			}
		}
		d.Label = strings.TrimSpace(d.Label)
		if d.Label == "err" {
			Errorf(pc, d.Offset, "label %q", d.Label).WithHint("hint")
		}
		d.Data = len(d.Attrs)
	}
	md := goldmark.New(goldmark.WithExtensions(
		extension.GFM, extension.Footnote, extension.DefinitionList, extension.Typographer,
		New(WithContainer("note", check), WithLeaf("video", check), WithText("abbr", check), WithText("x", nil)),
	), goldmark.WithParserOptions(parser.WithAttribute()))
	f.Fuzz(func(t *testing.T, src string) {
		b := []byte(src)
		pc := parser.NewContext()
		doc := md.Parser().Parse(text.NewReader(b), parser.WithContext(pc))
		for _, e := range Errors(pc) {
			if e.Offset < 0 || e.Offset > len(b) || e.Message == "" {
				t.Fatalf("bad error %#v", e)
			}
		}
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			var d *Directive
			switch n := n.(type) {
			case *Container:
				d = &n.Directive
			case *Leaf:
				d = &n.Directive
			case *Text:
				d = &n.Directive
			}
			if d == nil || !entering {
				return ast.WalkContinue, nil
			}
			if d.Offset < 0 || d.Offset >= len(b) || b[d.Offset] != ':' {
				t.Fatalf("directive %q at offset %d, not at a colon of %q", d.Name, d.Offset, src)
			}
			if scanName([]byte(d.Name)) != len(d.Name) || d.Name == "" && !d.Invalid {
				t.Fatalf("bad name %q", d.Name)
			}
			for _, a := range d.Attrs {
				if a.Offset <= d.Offset || a.Offset >= len(b) {
					t.Fatalf("attribute %q at %d, directive at %d, in %d bytes", a.Key, a.Offset, d.Offset, len(b))
				}
			}
			return ast.WalkContinue, nil
		})
		if err := md.Renderer().Render(io.Discard, b, doc); err != nil {
			t.Fatal(err)
		}
	})
}
