package content

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
)

// alignTableCells gives aligned table cells a class ("align-right")
// instead of the inline style goldmark writes by default
// (style="text-align:right"), which a strict Content-Security-Policy
// blocks; the default theme's site.css styles the classes. It runs after
// the check of the attributes an editor may write.
func alignTableCells(doc ast.Node) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if cell, ok := n.(*east.TableCell); ok && entering && cell.Alignment != east.AlignNone {
			cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
		}
		return ast.WalkContinue, nil
	})
}

// tableHTMLOptions make goldmark leave alignment to the class.
var tableHTMLOptions = []extension.TableOption{extension.WithTableCellAlignMethod(extension.TableCellAlignNone)}
