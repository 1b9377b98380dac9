package directive

import "github.com/yuin/goldmark/ast"

// Attr is one directive attribute, in source order.
type Attr struct {
	Key    string // "id" for #x, "class" for .x
	Value  string
	Offset int // byte offset of the attribute in the source
}

// Directive is what the three kinds of directive node share.
type Directive struct {
	Name   string
	Label  string // the text between [ and ], unescaped
	Attrs  []Attr
	Offset int // byte offset of the first colon in the source

	// Invalid is set when a syntax error was reported for the directive;
	// it is not validated. A block directive with a broken name ("::: x")
	// has no name.
	Invalid bool

	// Data is for the application: a Validator may keep what it found in
	// it (a parsed attribute, say) for later passes and renderers.
	Data any
}

// Attr returns the attribute key; of several, the last, as in
// remark-directive.
func (d *Directive) Attr(key string) (Attr, bool) {
	found, ok := Attr{}, false
	for _, a := range d.Attrs {
		if a.Key == key {
			found, ok = a, true
		}
	}
	return found, ok
}

// Container is :::name ... ::: and holds block content.
type Container struct {
	ast.BaseBlock
	Directive
	Colons int  // length of the opening fence
	closed bool // a closing fence was seen
}

// Leaf is ::name on a line of its own.
type Leaf struct {
	ast.BaseBlock
	Directive
}

// Text is :name[label]{attrs} inside a paragraph. Its label is not parsed
// as Markdown: the node has no children.
type Text struct {
	ast.BaseInline
	Directive
}

// The node kinds of the directives.
var (
	KindContainer = ast.NewNodeKind("ContainerDirective")
	KindLeaf      = ast.NewNodeKind("LeafDirective")
	KindText      = ast.NewNodeKind("TextDirective")
)

// Kind implements ast.Node.
func (n *Container) Kind() ast.NodeKind { return KindContainer }

// Kind implements ast.Node.
func (n *Leaf) Kind() ast.NodeKind { return KindLeaf }

// Kind implements ast.Node.
func (n *Text) Kind() ast.NodeKind { return KindText }

// Dump implements ast.Node.
func (n *Container) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// Dump implements ast.Node.
func (n *Leaf) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// Dump implements ast.Node.
func (n *Text) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name, "Label": n.Label}, nil)
}
