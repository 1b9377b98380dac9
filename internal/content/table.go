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

// labelTables labels the cells of every table of doc (labelTableCells).
func labelTables(doc ast.Node, body []byte) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			labelTableCells(n, body)
		}
		return ast.WalkContinue, nil
	})
}

// labelTableCells gives each body cell of a table the text of its
// column's header cell as data-label, which the default theme shows before
// the cell's text when a narrow screen stacks the rows (site.css), so that
// a wide table needs neither scrolling nor words broken mid-letter. body
// is the Markdown the table was parsed from.
func labelTableCells(n ast.Node, body []byte) {
	table, ok := n.(*east.Table)
	if !ok {
		return
	}
	var labels []string
	for row := table.FirstChild(); row != nil; row = row.NextSibling() {
		_, header := row.(*east.TableHeader)
		i := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			switch {
			case header:
				labels = append(labels, plainText(cell, body, func(name string) string { return name }))
			case i < len(labels) && labels[i] != "":
				cell.SetAttributeString("data-label", []byte(labels[i]))
			}
			i++
		}
	}
}

// tableHTMLOptions make goldmark leave alignment to the class.
var tableHTMLOptions = []extension.TableOption{extension.WithTableCellAlignMethod(extension.TableCellAlignNone)}
