package content

import (
	"bufio"
	"bytes"
	"html/template"
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/directive"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
	"golang.org/x/text/unicode/bidi"
)

// A program is a document rendered to HTML once, with every :::region
// block shown, and with marks where the output depends on the region:
// region blocks, params, forms, the headings of the table of contents, and
// the paths of root-relative links, which depend on the page's language.
// Rendering for a region copies the HTML between the marks and fills the
// marks in, instead of walking the syntax tree again; and once a source is
// compiled its syntax tree can go, which keeps a big site's memory small.
//
// Goldmark renders a node from the node and its children only, so the
// HTML of what is around a mark does not depend on how the mark is filled.
type program struct {
	html []byte
	ops  []op // in document order
}

type opKind uint8

const (
	opRegionStart opKind = iota // a :::region block begins
	opRegionEnd                 // ... and ends
	opParam                     // :param[name]
	opForm                      // ::form{id=...}
	opCookies                   // ::cookies
	opHeading                   // an h2..h4 heading, for the table of contents
	opLink                      // the path of a root-relative href, for RenderContext.Link
)

// op is one mark in a program. A page has hundreds of them, so what only
// some kinds need hangs off pointers.
type op struct {
	kind    opKind
	at      int          // offset in program.html
	end     int          // opRegionStart: index of the matching opRegionEnd in ops; opLink: where the path ends in program.html
	offset  int          // opParam, opForm: body offset, for errors
	name    string       // opParam: the param name; opForm: the form id; opLink: the path, decoded
	region  *regionLists // opRegionStart
	heading *tocHeading  // opHeading
}

// tocHeading is a heading as the table of contents shows it.
type tocHeading struct {
	level int
	id    string
	text  []plainPart
}

// program returns the document compiled for site's raw HTML setting.
// Parse compiles for the site's setting; the other one, or one let go by
// Release, is compiled on first use, from the source text.
func (p *parsed) program(s *Source, site *config.Site) (*program, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.programLocked(s, site)
}

// programLocked is program with p.mu held.
func (p *parsed) programLocked(s *Source, site *config.Site) (*program, error) {
	unsafe := site != nil && site.Build.UnsafeHTML
	i := 0
	if unsafe {
		i = 1
	}
	if p.progs[i] != nil {
		return p.progs[i], nil
	}
	doc := p.doc
	if doc == nil {
		// Parse again; Parse reported the diagnostics.
		doc, _ = s.parseDoc(site)
	}
	prog, err := compile(doc, p.body(), unsafe)
	if err != nil {
		return nil, err
	}
	p.progs[i] = prog
	p.doc = nil // rendering needs only the programs now
	return prog, nil
}

// compiler renders a document once and records the marks of a program.
type compiler struct {
	out     bytes.Buffer
	w       *bufio.Writer
	ops     []op
	open    []int // indexes of the region blocks being rendered
	heading renderer.NodeRendererFunc
	link    renderer.NodeRendererFunc
	rawHTML renderer.NodeRendererFunc // nil: raw HTML is escaped, so it has no links
	rawInl  renderer.NodeRendererFunc
	src     []byte
}

func compile(doc ast.Node, body []byte, unsafe bool) (*program, error) {
	c := &compiler{src: body}
	c.out.Grow(len(body) + len(body)/4)
	c.w = bufio.NewWriter(&c.out)
	// Headings and links render as goldmark renders them, raw HTML as
	// rawHTML does; the compiler only notes where they are.
	var opts []html.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	funcs := capturedFuncs{}
	html.NewRenderer(opts...).RegisterFuncs(funcs)
	c.heading = funcs[ast.KindHeading]
	c.link = funcs[ast.KindLink]
	if unsafe {
		raw := capturedFuncs{}
		rawHTML{unsafe: true}.RegisterFuncs(raw)
		c.rawHTML, c.rawInl = raw[ast.KindHTMLBlock], raw[ast.KindRawHTML]
	}
	if err := newRenderer(unsafe, c).Render(c.w, body, doc); err != nil {
		return nil, err
	}
	return &program{html: c.out.Bytes(), ops: c.ops}, nil
}

// offset is where the next byte of output goes.
func (c *compiler) offset() int { return c.out.Len() + c.w.Buffered() }

func (c *compiler) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(directive.KindContainer, c.renderContainer)
	reg.Register(directive.KindLeaf, c.renderLeaf)
	reg.Register(directive.KindText, c.renderText)
	reg.Register(ast.KindHeading, c.renderHeading)
	reg.Register(ast.KindLink, c.marked(c.link))
	// Autolinks are absolute URLs (<https://...>, www.), and images are
	// no links to pages.
	if c.rawHTML != nil {
		reg.Register(ast.KindHTMLBlock, c.marked(c.rawHTML))
		reg.Register(ast.KindRawHTML, c.marked(c.rawInl))
	}
}

// marked renders a node with f and marks the root-relative hrefs of the
// tags f wrote (a link's <a>, the tags of raw HTML).
func (c *compiler) marked(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		start := c.offset()
		status, err := f(w, src, node, entering)
		if err != nil || !entering {
			return status, err
		}
		// What f wrote is read back as written: goldmark escapes a
		// destination, and raw HTML is as the editor typed it.
		if err := c.w.Flush(); err != nil {
			return status, err
		}
		for _, h := range rootHrefs(c.out.Bytes()[start:]) {
			c.ops = append(c.ops, op{kind: opLink, at: start + h.start, end: start + h.end, name: h.path})
		}
		return status, nil
	}
}

func (c *compiler) renderContainer(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*directive.Container)
	if entering {
		c.open = append(c.open, len(c.ops))
		c.ops = append(c.ops, op{kind: opRegionStart, at: c.offset(), region: regionOf(n)})
		return ast.WalkContinue, nil
	}
	start := c.open[len(c.open)-1]
	c.open = c.open[:len(c.open)-1]
	c.ops[start].end = len(c.ops)
	c.ops = append(c.ops, op{kind: opRegionEnd, at: c.offset()})
	return ast.WalkContinue, nil
}

func (c *compiler) renderLeaf(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*directive.Leaf)
	switch {
	case entering && n.Name == "form":
		id, _ := n.Attr("id")
		c.ops = append(c.ops, op{kind: opForm, at: c.offset(), name: id.Value, offset: n.Offset})
	case entering && n.Name == "cookies":
		c.ops = append(c.ops, op{kind: opCookies, at: c.offset(), offset: n.Offset})
	}
	return ast.WalkContinue, nil
}

func (c *compiler) renderText(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*directive.Text)
	if entering && n.Name == "param" {
		c.ops = append(c.ops, op{kind: opParam, at: c.offset(), name: n.Label, offset: n.Offset})
	}
	return ast.WalkSkipChildren, nil
}

func (c *compiler) renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	if entering && n.Level >= 2 && n.Level <= 4 {
		v, _ := n.AttributeString("id")
		h := &tocHeading{level: n.Level, id: attrString(v), text: plainParts(n, c.src)}
		c.ops = append(c.ops, op{kind: opHeading, at: c.offset(), heading: h})
	}
	return c.heading(w, src, node, entering)
}

// capturedFuncs collects the render functions a NodeRenderer registers.
type capturedFuncs map[ast.NodeKind]renderer.NodeRendererFunc

func (c capturedFuncs) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { c[k] = f }

// render fills the program in for one region.
func (p *program) render(r *regionState) (Rendered, error) {
	var b strings.Builder
	b.Grow(len(p.html) + len(p.html)/16)
	var flat []*TOCEntry
	var forms []string
	tocParam := func(name string) string {
		v, err := r.param(name, 0)
		if err != nil {
			return name
		}
		return v
	}
	last := 0
	for i := 0; i < len(p.ops); i++ {
		o := &p.ops[i]
		b.Write(p.html[last:o.at])
		last = o.at
		switch o.kind {
		case opRegionStart:
			if !r.visible(o.region.only, o.region.except) {
				i = o.end
				last = p.ops[i].at
			}
		case opParam:
			v, err := r.param(o.name, o.offset)
			if err != nil {
				return Rendered{}, err
			}
			if isolate(v, r.src.Lang) {
				// An address in Latin letters inside Arabic text: its commas
				// and numbers would join the Arabic run and reorder.
				b.WriteString("<bdi>" + template.HTMLEscapeString(v) + "</bdi>")
			} else {
				b.WriteString(template.HTMLEscapeString(v))
			}
		case opForm:
			out, ok := r.ctx.Forms[o.name]
			if !ok {
				continue
			}
			b.WriteString(string(out))
			forms = append(forms, o.name)
		case opCookies:
			b.WriteString(string(r.ctx.Cookies))
		case opHeading:
			h := o.heading
			flat = append(flat, &TOCEntry{Level: h.level, ID: h.id, Text: joinPlain(h.text, tocParam)})
		case opLink:
			if r.ctx.Link == nil {
				continue
			}
			if to, ok := r.ctx.Link(o.name); ok && to != o.name {
				b.WriteString(escapeHref(to))
				last = o.end
			}
		}
	}
	b.Write(p.html[last:])
	return Rendered{HTML: template.HTML(b.String()), TOC: buildTOC(flat), Forms: forms}, nil
}

// hasCookies reports whether a program shows the cookie table.
func (p *program) hasCookies() bool {
	return slices.ContainsFunc(p.ops, func(o op) bool { return o.kind == opCookies })
}

// formIDs are the forms of a program, each once, in order.
func (p *program) formIDs() []string {
	var ids []string
	for _, o := range p.ops {
		if o.kind == opForm && !slices.Contains(ids, o.name) {
			ids = append(ids, o.name)
		}
	}
	return ids
}

// isolate reports whether a param's value v runs the other way than the
// text of lang it is put into: its first strong letter is left-to-right in
// a right-to-left language, or the reverse.
func isolate(v, lang string) bool {
	rtl := i18n.Dir(lang) == "rtl"
	for _, c := range v {
		switch p, _ := bidi.LookupRune(c); p.Class() {
		case bidi.L:
			return rtl
		case bidi.R, bidi.AL:
			return !rtl
		}
	}
	return false
}
