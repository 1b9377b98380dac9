package content

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
)

// alignTableCell gives an aligned table cell a class ("align-right")
// instead of the inline style goldmark writes by default
// (style="text-align:right"), which a strict Content-Security-Policy
// blocks; the default theme's site.css styles the classes. It is called
// for every node, after the check of the attributes an editor may write.
func alignTableCell(n ast.Node) {
	if cell, ok := n.(*east.TableCell); ok && cell.Alignment != east.AlignNone {
		cell.SetAttributeString("class", []byte("align-"+cell.Alignment.String()))
	}
}

// tableHTMLOptions make goldmark leave alignment to the class.
var tableHTMLOptions = []extension.TableOption{extension.WithTableCellAlignMethod(extension.TableCellAlignNone)}
