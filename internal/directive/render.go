package directive

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// NewHTMLRenderer returns the fallback renderer New adds to a Markdown's
// renderer, at priority 500 as goldmark's extensions do: a container
// renders as its content, a leaf as nothing and a text directive as its
// label, escaped. An application renders directives its own way with a
// renderer.NodeRenderer for KindContainer, KindLeaf and KindText at a
// higher priority (a lower number). Without any, goldmark's renderer
// fails on the first directive.
func NewHTMLRenderer() renderer.NodeRenderer { return htmlRenderer{} }

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindContainer, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
	reg.Register(KindLeaf, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindText, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			html.DefaultWriter.RawWrite(w, []byte(n.(*Text).Label))
		}
		return ast.WalkSkipChildren, nil
	})
}
