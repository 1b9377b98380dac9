package templates

import (
	"html/template"
	"slices"
	"strings"
	"text/template/parse"

	"github.com/charter-ssg/charter/internal/diag"
)

// UIKey is a UI string a layout looks up with T.
type UIKey struct {
	// Key is the key ("nav.home"). For a key the layout builds with
	// printf from a literal format, it is a pattern with a * for each
	// verb: (printf "consent.category.%s.title" .ID) is
	// "consent.category.*.title".
	Key     string
	Pattern bool     // Key is a pattern: which keys it names is known only when a page renders
	Pos     diag.Pos // the key argument (the string literal, or printf's format) in its layout file
	// Args are the names the call passes for the string's placeholders,
	// the arguments at odd positions after the key
	// ({{ .T "page.version" "version" .Version }} passes "version"), in
	// order. A name that is not a string literal is left out and Open
	// is set.
	Args []UIArg
	// Open: the call passes a name that is not a string literal
	// ({{ .T "k" $name .V }}), so which names it passes is known only
	// when a page renders.
	Open bool
}

// UIArg is a name a T call passes for a {placeholder}.
type UIArg struct {
	Name string
	Pos  diag.Pos // the string literal in its layout file
	// NoValue: the name is the call's last argument, with no value after
	// it; T ignores it.
	NoValue bool
}

// UIKeys returns the UI strings the layouts look up, in file and
// position order, each use once: every call of T whose key is a string
// literal ({{ .T "nav.home" }}, {{ $.T "page.version" "version" .Version }},
// {{ "nav.home" | .T }}, a function T if one is defined), and those whose
// key is printf of a literal format, as patterns. Keys computed any other
// way cannot be known before a page renders and are left out. Each
// comes with the names the call passes ({{ .Version | .T "page.version"
// "version" }} passes "version" too: a piped value is the last argument).
func (s *Set) UIKeys() []UIKey {
	if s == nil {
		return nil
	}
	return slices.Clone(s.keys)
}

// uiKeys finds the T calls in the templates of t parsed from the file
// src.
func uiKeys(t *template.Template, src *diag.Source) []UIKey {
	w := keyWalker{src: src}
	for _, x := range t.Templates() {
		if x.Tree != nil && x.Tree.ParseName == src.Name {
			w.node(x.Tree.Root)
		}
	}
	slices.SortFunc(w.keys, func(a, b UIKey) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
	return w.keys
}

type keyWalker struct {
	src  *diag.Source
	keys []UIKey
}

func (w *keyWalker) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			w.node(c)
		}
	case *parse.ActionNode:
		w.pipe(n.Pipe)
	case *parse.IfNode:
		w.branch(&n.BranchNode)
	case *parse.RangeNode:
		w.branch(&n.BranchNode)
	case *parse.WithNode:
		w.branch(&n.BranchNode)
	case *parse.TemplateNode:
		w.pipe(n.Pipe)
	case *parse.PipeNode:
		w.pipe(n)
	case *parse.ChainNode:
		w.node(n.Node)
	}
}

func (w *keyWalker) branch(b *parse.BranchNode) {
	w.pipe(b.Pipe)
	w.node(b.List)
	w.node(b.ElseList)
}

func (w *keyWalker) pipe(p *parse.PipeNode) {
	if p == nil {
		return
	}
	for i, c := range p.Cmds {
		if len(c.Args) > 0 && isT(c.Args[0]) {
			switch {
			case len(c.Args) > 1:
				// After the key, name, value pairs; a piped value is the
				// last argument.
				w.key(c.Args[1], c.Args[2:], i > 0)
			case i > 0 && len(p.Cmds[i-1].Args) == 1:
				// {{ "nav.home" | .T }}: the previous command's value is
				// the last, here the only, argument.
				w.key(p.Cmds[i-1].Args[0], nil, false)
			}
		}
		for _, a := range c.Args {
			w.node(a) // (parenthesized) pipelines hold calls too
		}
	}
}

// isT reports whether n names the method or function T: .T, $.T, $p.T,
// .Page.T, (x).T or T.
func isT(n parse.Node) bool {
	var ident []string
	switch n := n.(type) {
	case *parse.FieldNode:
		ident = n.Ident
	case *parse.VariableNode:
		if len(n.Ident) < 2 { // $T is a variable, not a call
			return false
		}
		ident = n.Ident
	case *parse.ChainNode:
		ident = n.Field
	case *parse.IdentifierNode:
		return n.Ident == "T"
	}
	return len(ident) > 0 && ident[len(ident)-1] == "T"
}

// key records the key argument n, if it is a string literal or printf of
// one, with the names of args, the arguments after it (and a piped
// value after them, if piped).
func (w *keyWalker) key(n parse.Node, args []parse.Node, piped bool) {
	switch n := n.(type) {
	case *parse.StringNode:
		w.add(n.Text, false, n, args, piped)
	case *parse.PipeNode:
		if len(n.Decl) > 0 || len(n.Cmds) != 1 {
			return
		}
		printf := n.Cmds[0].Args
		if len(printf) < 2 {
			return
		}
		if id, ok := printf[0].(*parse.IdentifierNode); ok && id.Ident == "printf" {
			if f, ok := printf[1].(*parse.StringNode); ok {
				w.add(pattern(f.Text), true, f, args, piped)
			}
		}
	}
}

func (w *keyWalker) add(key string, isPattern bool, lit *parse.StringNode, args []parse.Node, piped bool) {
	k := UIKey{Key: key, Pattern: isPattern, Pos: w.span(lit)}
	n := len(args)
	if piped {
		n++
	}
	for i := 0; i < len(args); i += 2 {
		noValue := i+1 == n // T ignores a last name without a value
		name, ok := args[i].(*parse.StringNode)
		if !ok {
			k.Open = k.Open || !noValue
			continue
		}
		k.Args = append(k.Args, UIArg{Name: name.Text, Pos: w.span(name), NoValue: noValue})
	}
	w.keys = append(w.keys, k)
}

// span is where the string literal lit is written.
func (w *keyWalker) span(lit *parse.StringNode) diag.Pos {
	start := int(lit.Pos)
	return w.src.Range(start, start+len(lit.Quoted))
}

// pattern turns a printf format into a key pattern: each verb is a *,
// "%%" is "%".
func pattern(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		// Flags, width, precision and argument indexes, then the verb.
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0 {
			i++
		}
		b.WriteByte('*')
	}
	return b.String()
}
