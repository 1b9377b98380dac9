package directive

import (
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// NewTransformer returns the AST transformer that checks the directives
// of a document against the names opts give, calling their validators;
// New adds it.
func NewTransformer(opts ...Option) parser.ASTTransformer {
	return &transformer{cfg: newConfig(opts)}
}

type transformer struct{ cfg *config }

// Transform checks every directive of doc, in document order: an unknown
// name is an error; a known one is given to its validator. Directives
// with syntax errors are left alone.
func (t *transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var d *Directive
		var k kind
		switch n := n.(type) {
		case *Container:
			d, k = &n.Directive, containerKind
		case *Leaf:
			d, k = &n.Directive, leafKind
		case *Text:
			d, k = &n.Directive, textKind
		default:
			return ast.WalkContinue, nil
		}
		if d.Invalid {
			return ast.WalkContinue, nil
		}
		v, ok := t.cfg.names[k][d.Name]
		if !ok {
			t.unknown(pc, d, k)
		} else if v != nil {
			v(pc, d)
		}
		return ast.WalkContinue, nil
	})
}

// unknown reports d, of kind k, as unknown, with a hint: a known name of
// the kind it may be a misspelling of, the kind the name is known as, or
// all known names.
func (t *transformer) unknown(pc parser.Context, d *Directive, k kind) {
	fence := k.fence()
	e := Errorf(pc, d.Offset, "unknown directive %s%s", fence, d.Name).Spanning(d.Offset + len(fence) + len(d.Name))
	if sug := suggestName(d.Name, t.cfg.known(k)); sug != "" {
		e.WithHint("did you mean %s%s?", fence, sug)
		return
	}
	switch {
	case hasName(t.cfg, containerKind, d.Name):
		e.WithHint(":::%s is a container: open it with :::%s{...} on its own line and close it with :::", d.Name, d.Name)
	case hasName(t.cfg, leafKind, d.Name):
		e.WithHint("::%s is a leaf directive: write ::%s{...} on a line of its own", d.Name, d.Name)
	case hasName(t.cfg, textKind, d.Name):
		e.WithHint(":%s is a text directive: write :%s[...] inside a paragraph", d.Name, d.Name)
	default:
		var all []string
		for k := containerKind; k <= textKind; k++ {
			for _, name := range t.cfg.known(k) {
				all = append(all, k.fence()+name)
			}
		}
		if len(all) == 0 {
			e.WithHint(`no directives are known here; write \: for a literal colon`)
			return
		}
		e.WithHint(`known directives: %s; write \: for a literal colon`, strings.Join(all, ", "))
	}
}

func hasName(c *config, k kind, name string) bool {
	_, ok := c.names[k][name]
	return ok
}

// suggestName returns the known name that name may be a misspelling of,
// or one that differs only in case ("Region"), or "".
func suggestName(name string, known []string) string {
	if s := diag.Suggest(name, known); s != "" {
		return s
	}
	if i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, name) && k != name }); i >= 0 {
		return known[i]
	}
	return ""
}
