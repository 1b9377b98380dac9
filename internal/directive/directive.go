// Package directive is a goldmark extension for generic directives, with
// the syntax of the CommonMark "generic directives" proposal as
// remark-directive reads it:
//
//	:::name[label]{attrs}    container: a line of its own, then block
//	...                      content, closed by a line of at least as
//	:::                      many colons and nothing else
//
//	::name[label]{attrs}     leaf: a line of its own, no content
//
//	:name[label]{attrs}      text: inline, inside a paragraph
//
// A name is an ASCII letter, then letters, digits, "-" and "_". The label
// and the attributes are optional and each stays on the line it opens on.
// A label is [text] with balanced brackets and backslash escapes.
// Attributes are {#id .class key="value" key='value' key=value key},
// separated by spaces; values are HTML-unescaped, and of a key given twice
// the last wins (see Directive.Attr).
//
// A closing line closes the outermost open container whose fence is no
// longer than it, and all inside it, so to nest containers give the outer
// one more colons:
//
//	::::name
//	:::inner
//	:::
//	::::
//
// A text directive needs "[" or "{" right after its name, and a colon that
// does not follow a letter, digit, mark, "_" or ":", so that ordinary text
// such as "Note: this", "10:30", ":smile:" or "https://example.com" stays
// text; "\:" is a literal colon.
//
// The extension adds a block parser (containers and leaves), an inline
// parser (text directives) and an AST transformer that checks every
// directive parsed against the names it was configured with (WithContainer,
// WithLeaf, WithText) and calls the Validator given with the name. Errors,
// of syntax or of validation, are recorded in the parser.Context of the
// parse with a byte offset into the source; read them with Errors:
//
//	md := goldmark.New(goldmark.WithExtensions(directive.New(
//		directive.WithContainer("note", nil),
//		directive.WithText("abbr", checkAbbr),
//	)))
//	pc := parser.NewContext()
//	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
//	for _, e := range directive.Errors(pc) { ... e.Offset, e.Message, e.Hint ... }
//
// What a directive means is up to the application, which renders
// KindContainer, KindLeaf and KindText nodes with a renderer.NodeRenderer
// of its own; the extension adds only a plain fallback (NewHTMLRenderer).
package directive

import (
	"fmt"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// A Validator checks one directive of a known name after the document is
// parsed, reporting problems with Errorf(pc, ...). It may change d: trim
// its label, or keep what it found in d.Data for later passes and
// renderers. pc is the context of the parse, which may also carry what
// the application checks against. Validators are not called for a
// directive with a syntax error.
type Validator func(pc parser.Context, d *Directive)

// kind is the kind of a directive, as an index into config.names.
type kind int

const (
	containerKind kind = iota
	leafKind
	textKind
)

// fence is how a directive of kind k starts.
func (k kind) fence() string { return [...]string{":::", "::", ":"}[k] }

// config is what the transformer knows: the validator of each name, per
// kind (nil for a name without checks).
type config struct {
	names [3]map[string]Validator
}

// An Option configures the extension.
type Option func(*config)

func withName(k kind, name string, v Validator) Option {
	return func(c *config) {
		if c.names[k] == nil {
			c.names[k] = map[string]Validator{}
		}
		c.names[k][name] = v
	}
}

// WithContainer makes :::name a known container directive, checked by v
// (nil: any attributes and label are fine).
func WithContainer(name string, v Validator) Option { return withName(containerKind, name, v) }

// WithLeaf makes ::name a known leaf directive, checked by v (nil: any
// attributes and label are fine).
func WithLeaf(name string, v Validator) Option { return withName(leafKind, name, v) }

// WithText makes :name a known text directive, checked by v (nil: any
// attributes and label are fine).
func WithText(name string, v Validator) Option { return withName(textKind, name, v) }

func newConfig(opts []Option) *config {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	return c
}

// known are the names of kind k, sorted.
func (c *config) known(k kind) []string {
	names := make([]string, 0, len(c.names[k]))
	for n := range c.names[k] {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

type extender struct{ cfg *config }

// New returns the directive extension. Directives of names not given by
// an option are reported as unknown.
func New(opts ...Option) goldmark.Extender {
	return &extender{cfg: newConfig(opts)}
}

// Extend adds the parsers, the transformer and the fallback renderer to
// m. The block parser comes before goldmark's paragraphs (it interrupts
// them) and the transformer after goldmark's own (footnotes move at 999),
// so that it checks the tree as it ends.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(NewBlockParser(), 90)),
		parser.WithInlineParsers(util.Prioritized(NewInlineParser(), 90)),
		parser.WithASTTransformers(util.Prioritized(&transformer{cfg: e.cfg}, 1000)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(NewHTMLRenderer(), 500)))
}

// Error is a problem with a directive, found while parsing or validating.
type Error struct {
	Offset  int    // byte offset into the parsed source
	End     int    // the end of the span it is about, when more than a point (> Offset)
	Message string // what is wrong
	Hint    string // what to do about it; may be ""
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Message) }

// Spanning sets the end of the span e is about and returns e.
func (e *Error) Spanning(end int) *Error {
	e.End = end
	return e
}

// WithHint sets the hint of e and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// errorsKey holds the *[]*Error of one parse.
var errorsKey = parser.NewContextKey()

func errorsOf(pc parser.Context) *[]*Error {
	return pc.ComputeIfAbsent(errorsKey, func() any { return new([]*Error) }).(*[]*Error)
}

// Errorf records an error at offset in pc; Errors returns it.
func Errorf(pc parser.Context, offset int, format string, args ...any) *Error {
	e := &Error{Offset: offset, Message: fmt.Sprintf(format, args...)}
	errs := errorsOf(pc)
	*errs = append(*errs, e)
	return e
}

// Errors returns the errors recorded in pc, in the order found: those of
// syntax as the parsers met them, then those of validation in document
// order.
func Errors(pc parser.Context) []*Error {
	if errs, ok := pc.Get(errorsKey).(*[]*Error); ok {
		return *errs
	}
	return nil
}
