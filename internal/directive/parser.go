package directive

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// NewBlockParser returns the parser of container and leaf directives.
func NewBlockParser() parser.BlockParser { return blockParser{} }

// NewInlineParser returns the parser of text directives.
func NewInlineParser() parser.InlineParser { return inlineParser{} }

// syntaxError is a problem found while scanning, at a source offset.
type syntaxError struct {
	offset        int
	message, hint string
}

// report records e in pc.
func (e *syntaxError) report(pc parser.Context) {
	Errorf(pc, e.offset, "%s", e.message).Hint = e.hint
}

// blockParser parses container and leaf directives.
type blockParser struct{}

func (blockParser) Trigger() []byte { return []byte{':'} }

func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
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
	start := seg.Start + pos
	rest := line[pos+colons:]
	nameLen := scanName(rest)
	if nameLen == 0 {
		if colons < 3 {
			return nil, parser.NoChildren // "::1", "::" are text
		}
		trimmed := bytes.TrimLeft(rest, " \t")
		if util.IsBlank(rest) {
			Errorf(pc, start, "%s closes no directive", strings.Repeat(":", colons)).
				WithHint("remove it; a closing line needs an open directive above it with at most as many colons")
		} else if n := scanName(trimmed); n > 0 {
			Errorf(pc, start, "a space between %s and the directive name", strings.Repeat(":", colons)).
				WithHint("write %s%s without a space", strings.Repeat(":", colons), trimmed[:n])
		} else {
			return nil, parser.NoChildren
		}
		reader.AdvanceToEOL()
		return &Leaf{Directive: Directive{Offset: start, Invalid: true}}, parser.NoChildren
	}
	data, n, err := scanDirective(rest, seg.Start+pos+colons)
	if err != nil {
		err.report(pc)
		data.Invalid = true
	} else if !util.IsBlank(rest[n:]) {
		Errorf(pc, seg.Start+pos+colons+n, "unexpected text after %s%s", strings.Repeat(":", colons), data.Name).
			WithHint("a directive must be alone on its line")
	}
	data.Offset = start
	reader.AdvanceToEOL()
	if colons == 2 {
		return &Leaf{Directive: data}, parser.NoChildren
	}
	return &Container{Directive: data, Colons: colons}, parser.HasChildren
}

func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	c, ok := node.(*Container)
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

func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	c, ok := node.(*Container)
	if !ok || c.closed {
		return
	}
	fence := strings.Repeat(":", c.Colons)
	hint := fmt.Sprintf("add a line %s to close it", fence)
	for p := c.Parent(); p != nil; p = p.Parent() {
		if outer, ok := p.(*Container); ok && outer.Colons <= c.Colons {
			hint += fmt.Sprintf("; to nest it in the %s%s above, give that one more colons (%s)", strings.Repeat(":", outer.Colons), outer.Name, strings.Repeat(":", c.Colons+1))
			break
		}
	}
	Errorf(pc, c.Offset, "unclosed %s%s directive opened here", fence, c.Name).Hint = hint
}

func (blockParser) CanInterruptParagraph() bool { return true }
func (blockParser) CanAcceptIndentedLine() bool { return false }

// inlineParser parses text directives, :name[label]{attrs}.
type inlineParser struct{}

func (inlineParser) Trigger() []byte { return []byte{':'} }

func (inlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
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
		err.report(pc)
		return nil
	}
	data.Offset = seg.Start
	block.Advance(1 + used)
	return &Text{Directive: data}
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
func scanDirective(b []byte, base int) (Directive, int, *syntaxError) {
	n := scanName(b)
	d := Directive{Name: string(b[:n])}
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
