package content

// Generic directives, with the syntax of the CommonMark "generic directives"
// proposal as remark-directive reads it:
//
//	:::name[label]{attrs}     container, closed by a line of at least as many colons
//	::name[label]{attrs}      leaf, a line of its own
//	:name[label]{attrs}       text, inline
//
// A text directive needs "[" or "{" right after its name and a colon that
// does not follow a letter, digit, "_" or ":", so ordinary text such as
// "Note: this", "10:30" or "https://example.com" stays text.

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Attr is one directive attribute, in source order.
type Attr struct {
	Key    string // "id" for #x, "class" for .x
	Value  string
	Offset int // byte offset of the attribute in the Markdown body
}

// directiveData is what the three directive kinds share.
type directiveData struct {
	Name   string
	Label  string
	Attrs  []Attr
	Offset int // byte offset of the first colon in the Markdown body

	invalid bool // a syntax error was reported; skip further checks

	// Set by validation at Load for :::region.
	only, except []string
}

func (d *directiveData) attr(key string) (Attr, bool) {
	found, ok := Attr{}, false
	for _, a := range d.Attrs {
		if a.Key == key {
			found, ok = a, true // the last one wins, as in remark-directive
		}
	}
	return found, ok
}

// ContainerDirective is :::name ... ::: and holds block content.
type ContainerDirective struct {
	ast.BaseBlock
	directiveData
	Colons int  // length of the opening fence
	closed bool // a closing fence was seen
}

// LeafDirective is ::name on a line of its own.
type LeafDirective struct {
	ast.BaseBlock
	directiveData
}

// TextDirective is :name[label]{attrs} inside a paragraph.
type TextDirective struct {
	ast.BaseInline
	directiveData
}

var (
	KindContainerDirective = ast.NewNodeKind("ContainerDirective")
	KindLeafDirective      = ast.NewNodeKind("LeafDirective")
	KindTextDirective      = ast.NewNodeKind("TextDirective")
)

func (n *ContainerDirective) Kind() ast.NodeKind { return KindContainerDirective }
func (n *LeafDirective) Kind() ast.NodeKind      { return KindLeafDirective }
func (n *TextDirective) Kind() ast.NodeKind      { return KindTextDirective }

func (n *ContainerDirective) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}
func (n *LeafDirective) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}
func (n *TextDirective) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name, "Label": n.Label}, nil)
}

// syntaxError is a problem found while parsing, at a body offset.
type syntaxError struct {
	offset        int
	message, hint string
}

// parseState collects syntax errors during one parse; it lives in the
// goldmark parser.Context.
type parseState struct {
	errs []syntaxError
}

var parseStateKey = parser.NewContextKey()

func stateOf(pc parser.Context) *parseState {
	return pc.ComputeIfAbsent(parseStateKey, func() any { return &parseState{} }).(*parseState)
}

func (s *parseState) errorf(offset int, hint, format string, args ...any) {
	s.errs = append(s.errs, syntaxError{offset: offset, message: fmt.Sprintf(format, args...), hint: hint})
}

// directiveExtension adds the directive parsers to goldmark. Rendering is
// added per Render call, since it depends on the region.
type directiveExtension struct{}

func (directiveExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(blockDirectiveParser{}, 90)),
		parser.WithInlineParsers(util.Prioritized(textDirectiveParser{}, 90)),
	)
}

// blockDirectiveParser parses container and leaf directives.
type blockDirectiveParser struct{}

func (blockDirectiveParser) Trigger() []byte { return []byte{':'} }

func (blockDirectiveParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || line[pos] != ':' {
		return nil, parser.NoChildren
	}
	colons := 0
	for pos+colons < len(line) && line[pos+colons] == ':' {
		colons++
	}
	if colons < 2 {
		return nil, parser.NoChildren
	}
	st := stateOf(pc)
	start := seg.Start + pos
	rest := line[pos+colons:]
	nameLen := scanName(rest)
	if nameLen == 0 {
		if colons < 3 {
			return nil, parser.NoChildren // "::1", "::" are text
		}
		trimmed := bytes.TrimLeft(rest, " \t")
		if util.IsBlank(rest) {
			st.errorf(start, "remove it; a closing line needs an open directive above it with at most as many colons",
				"%s closes no directive", strings.Repeat(":", colons))
		} else if n := scanName(trimmed); n > 0 {
			st.errorf(start, fmt.Sprintf("write %s%s without a space", strings.Repeat(":", colons), trimmed[:n]),
				"a space between %s and the directive name", strings.Repeat(":", colons))
		} else {
			return nil, parser.NoChildren
		}
		reader.AdvanceToEOL()
		return &LeafDirective{directiveData: directiveData{Offset: start, invalid: true}}, parser.NoChildren
	}
	data, n, err := scanDirective(rest, seg.Start+pos+colons)
	if err != nil {
		st.errs = append(st.errs, *err)
		data.invalid = true
	} else if !util.IsBlank(rest[n:]) {
		st.errorf(seg.Start+pos+colons+n, "a directive must be alone on its line",
			"unexpected text after %s%s", strings.Repeat(":", colons), data.Name)
	}
	data.Offset = start
	reader.AdvanceToEOL()
	if colons == 2 {
		return &LeafDirective{directiveData: data}, parser.NoChildren
	}
	return &ContainerDirective{directiveData: data, Colons: colons}, parser.HasChildren
}

func (blockDirectiveParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	c, ok := node.(*ContainerDirective)
	if !ok {
		return parser.Close
	}
	line, _ := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w < 4 {
		n := 0
		for pos+n < len(line) && line[pos+n] == ':' {
			n++
		}
		if n >= c.Colons && util.IsBlank(line[pos+n:]) {
			c.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	return parser.Continue | parser.HasChildren
}

func (blockDirectiveParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	c, ok := node.(*ContainerDirective)
	if !ok || c.closed {
		return
	}
	fence := strings.Repeat(":", c.Colons)
	hint := fmt.Sprintf("add a line %s to close it", fence)
	for p := c.Parent(); p != nil; p = p.Parent() {
		if outer, ok := p.(*ContainerDirective); ok && outer.Colons <= c.Colons {
			hint += fmt.Sprintf("; to nest it in the %s%s above, give that one more colons (%s)", strings.Repeat(":", outer.Colons), outer.Name, strings.Repeat(":", c.Colons+1))
			break
		}
	}
	stateOf(pc).errorf(c.Offset, hint, "unclosed %s%s directive opened here", fence, c.Name)
}

func (blockDirectiveParser) CanInterruptParagraph() bool { return true }
func (blockDirectiveParser) CanAcceptIndentedLine() bool { return false }

// textDirectiveParser parses :name[label]{attrs}.
type textDirectiveParser struct{}

func (textDirectiveParser) Trigger() []byte { return []byte{':'} }

func (textDirectiveParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	prev := block.PrecendingCharacter()
	if prev == ':' || prev == '_' || unicode.IsLetter(prev) || unicode.IsDigit(prev) || unicode.IsMark(prev) {
		return nil
	}
	line, seg := block.PeekLine()
	if len(line) < 3 || line[0] != ':' {
		return nil
	}
	n := scanName(line[1:])
	if n == 0 || 1+n >= len(line) || (line[1+n] != '[' && line[1+n] != '{') {
		return nil
	}
	data, used, err := scanDirective(line[1:], seg.Start+1)
	if err != nil {
		stateOf(pc).errs = append(stateOf(pc).errs, *err)
		return nil
	}
	data.Offset = seg.Start
	block.Advance(1 + used)
	return &TextDirective{directiveData: data}
}

// scanName returns the length of the directive name at the start of b: a
// letter, then letters, digits, "-" and "_".
func scanName(b []byte) int {
	if len(b) == 0 || !isASCIILetter(b[0]) {
		return 0
	}
	i := 1
	for i < len(b) && (isASCIILetter(b[i]) || isDigit(b[i]) || b[i] == '-' || b[i] == '_') {
		i++
	}
	return i
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// scanDirective reads name, optional [label] and optional {attrs} from b,
// which starts at the name; base is the body offset of b. It returns the
// number of bytes used.
func scanDirective(b []byte, base int) (directiveData, int, *syntaxError) {
	n := scanName(b)
	d := directiveData{Name: string(b[:n])}
	if n < len(b) && b[n] == '[' {
		label, used, ok := scanLabel(b[n:])
		if !ok {
			return d, n, &syntaxError{offset: base + n, message: fmt.Sprintf("unclosed [ in directive %s", d.Name), hint: "close the label with ] on the same line"}
		}
		d.Label = label
		n += used
	}
	if n < len(b) && b[n] == '{' {
		attrs, used, err := scanAttrs(b[n:], base+n)
		if err != nil {
			return d, n, err
		}
		d.Attrs = attrs
		n += used
	}
	return d, n, nil
}

// scanLabel reads a [label] with balanced brackets and backslash escapes.
func scanLabel(b []byte) (string, int, bool) {
	depth := 0
	var out []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\n' || c == '\r':
			return "", 0, false
		case c == '\\' && i+1 < len(b) && b[i+1] != '\n' && b[i+1] != '\r':
			i++
			out = append(out, b[i])
			continue
		case c == '[':
			depth++
			if depth == 1 {
				continue
			}
		case c == ']':
			depth--
			if depth == 0 {
				return string(out), i + 1, true
			}
		}
		out = append(out, c)
	}
	return "", 0, false
}

// scanAttrs reads {#id .class key="value" key='value' key=value key}.
func scanAttrs(b []byte, base int) ([]Attr, int, *syntaxError) {
	fail := func(i int, msg, hint string) ([]Attr, int, *syntaxError) {
		return nil, 0, &syntaxError{offset: base + i, message: msg, hint: hint}
	}
	var attrs []Attr
	i := 1
	for {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
		if i >= len(b) || b[i] == '\n' || b[i] == '\r' {
			return fail(0, "unclosed { in directive attributes", "close the attributes with } on the same line")
		}
		c := b[i]
		switch {
		case c == '}':
			return attrs, i + 1, nil
		case c == '#' || c == '.':
			start := i
			i++
			j := i
			for j < len(b) && isUnquotedValueChar(b[j]) {
				j++
			}
			if j == i {
				return fail(start, fmt.Sprintf("expected a name after %q in directive attributes", c), "")
			}
			key := "id"
			if c == '.' {
				key = "class"
			}
			attrs = append(attrs, Attr{Key: key, Value: string(b[i:j]), Offset: base + start})
			i = j
		case isAttrNameStart(c):
			start := i
			for i < len(b) && isAttrNameChar(b[i]) {
				i++
			}
			a := Attr{Key: string(b[start:i]), Offset: base + start}
			if i < len(b) && b[i] == '=' {
				i++
				if i >= len(b) {
					return fail(i, "expected a value after =", `write key="value"`)
				}
				switch q := b[i]; q {
				case '"', '\'':
					end := bytes.IndexByte(b[i+1:], q)
					if end < 0 || bytes.ContainsAny(b[i+1:i+1+end], "\r\n") {
						return fail(i, "unclosed quote in directive attribute "+a.Key, fmt.Sprintf("close the value with %c", q))
					}
					a.Value = html.UnescapeString(string(b[i+1 : i+1+end]))
					i += end + 2
				default:
					j := i
					for j < len(b) && isUnquotedValueChar(b[j]) {
						j++
					}
					if j == i {
						return fail(i, "expected a value after "+a.Key+"=", `write key="value"`)
					}
					a.Value = html.UnescapeString(string(b[i:j]))
					i = j
				}
			}
			attrs = append(attrs, a)
		default:
			r, _ := utf8.DecodeRune(b[i:])
			return fail(i, fmt.Sprintf("unexpected %q in directive attributes", r), `write attributes as {key="value"}`)
		}
		if i < len(b) && b[i] != ' ' && b[i] != '\t' && b[i] != '}' && b[i] != '\n' && b[i] != '\r' {
			r, _ := utf8.DecodeRune(b[i:])
			return fail(i, fmt.Sprintf("unexpected %q in directive attributes", r), "separate attributes with spaces")
		}
	}
}

func isAttrNameStart(c byte) bool { return isASCIILetter(c) || c == '_' || c == ':' }
func isAttrNameChar(c byte) bool {
	return isAttrNameStart(c) || isDigit(c) || c == '-' || c == '.'
}

func isUnquotedValueChar(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '"', '\'', '<', '=', '>', '`', '}':
		return false
	}
	return true
}
