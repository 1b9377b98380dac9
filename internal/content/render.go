package content

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Render renders s for the region in ctx. It does not change the parsed
// document, so concurrent calls on one Source are safe.
//
// The document is rendered to HTML once (see program); Render copies that
// HTML, leaves out the :::region blocks that do not show in ctx.Region,
// fills in params and forms, and sends root-relative links where ctx.Link
// says.
//
// With ctx.Region nil, :::region{only=...} blocks are left out,
// :::region{except=...} blocks are kept and :param reads the site params.
func (s *Source) Render(ctx RenderContext) (Rendered, error) {
	if s.impl == nil {
		return Rendered{}, fmt.Errorf("%s: not parsed", s.File)
	}
	prog, err := s.impl.program(s, ctx.Site)
	if err != nil {
		return Rendered{}, err
	}
	return prog.render(&regionState{src: s, ctx: ctx})
}

// FormIDs are the ids of the ::form blocks of s, each once.
func (s *Source) FormIDs(site *config.Site) []string {
	if s.impl == nil {
		return nil
	}
	prog, err := s.impl.program(s, site)
	if err != nil {
		return nil
	}
	return prog.formIDs()
}

// HasCookies reports whether s shows the cookie table (::cookies).
func (s *Source) HasCookies(site *config.Site) bool {
	if s.impl == nil {
		return false
	}
	prog, err := s.impl.program(s, site)
	return err == nil && prog.hasCookies()
}

// newRenderer is goldmark's HTML renderer with charter's extensions; dr
// renders the directives.
func newRenderer(unsafe bool, dr renderer.NodeRenderer) renderer.Renderer {
	var opts []html.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	return renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(rawHTML{unsafe: unsafe}, 50),
		util.Prioritized(html.NewRenderer(opts...), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(append(tableHTMLOptions, extension.WithTableHTMLOptions(opts...))...), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(opts...), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(opts...), 500),
		util.Prioritized(extension.NewFootnoteHTMLRenderer(extension.WithFootnoteHTMLOptions(opts...)), 500),
		util.Prioritized(extension.NewDefinitionListHTMLRenderer(opts...), 500),
		// dr first: the compiler wraps the HTML renderers of links and raw HTML.
		util.Prioritized(dr, 10),
	))
}

// rawHTML renders raw HTML in Markdown. HTML comments are dropped: they
// are notes for editors and tools (<!-- markdownlint-disable -->), not
// for visitors. The rest passes as HTML when the site has turned raw HTML
// on (unsafe); else it shows as the text it is, escaped: an editor sees
// what they wrote, and nothing of it becomes markup.
type rawHTML struct{ unsafe bool }

func (r rawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, r.renderBlock)
	reg.Register(ast.KindRawHTML, r.renderInline)
}

func (r rawHTML) renderBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*ast.HTMLBlock)
	var text []byte
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := seg.Value(src)
		if !r.unsafe && i == lines.Len()-1 && !b.HasClosure() {
			line = bytes.TrimRight(line, "\n")
		}
		text = append(text, line...)
	}
	if b.HasClosure() {
		text = append(text, b.ClosureLine.Value(src)...)
	}
	if r.unsafe {
		// Comments are cut from comment blocks and from blocks of tags;
		// in <script>, <style>, <pre>, <textarea>, CDATA and the like,
		// "<!--" may be content.
		if t := b.HTMLBlockType; t == ast.HTMLBlockType2 || t == ast.HTMLBlockType6 || t == ast.HTMLBlockType7 {
			if text = stripComments(text); util.IsBlank(text) {
				return ast.WalkContinue, nil
			}
		}
		html.DefaultWriter.SecureWrite(w, text)
		return ast.WalkContinue, nil
	}
	if text = stripComments(text); util.IsBlank(text) {
		return ast.WalkContinue, nil
	}
	w.WriteString("<p>")
	html.DefaultWriter.RawWrite(w, text)
	w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

func (r rawHTML) renderInline(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	if segs.Len() > 0 {
		if first := segs.At(0); bytes.HasPrefix(first.Value(src), []byte("<!--")) {
			return ast.WalkSkipChildren, nil // inline raw HTML is one tag or one comment
		}
	}
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		v := seg.Value(src)
		if r.unsafe {
			_, _ = w.Write(v)
		} else {
			html.DefaultWriter.RawWrite(w, v)
		}
	}
	return ast.WalkSkipChildren, nil
}

// stripComments cuts every complete <!-- ... --> out of b (<!--> and
// <!---> are complete comments too, as in HTML). An unclosed "<!--" stays,
// so that the text after it does not silently disappear.
func stripComments(b []byte) []byte {
	var out []byte
	for {
		i := bytes.Index(b, []byte("<!--"))
		if i < 0 {
			break
		}
		j := bytes.Index(b[i+2:], []byte("-->"))
		if j < 0 {
			break
		}
		out = append(out, b[:i]...)
		b = b[i+2+j+3:]
	}
	if out == nil {
		return b
	}
	return append(out, b...)
}

// regionState is what rendering for one region needs: the source, for
// error positions, and the region.
type regionState struct {
	src *Source
	ctx RenderContext
}

func (r *regionState) regionID() string {
	if r.ctx.Region == nil {
		return ""
	}
	return r.ctx.Region.ID
}

// visible reports whether a :::region block with these only= or except=
// lists shows in the current region.
func (r *regionState) visible(only, except []string) bool {
	id := r.regionID()
	switch {
	case only != nil:
		return id != "" && containsString(only, id)
	case except != nil:
		return id == "" || !containsString(except, id)
	}
	return true
}

// param reads a param from the region, then from the site.
func (r *regionState) param(name string, offset int) (string, error) {
	if reg := r.ctx.Region; reg != nil {
		if v, ok := reg.Params[name]; ok {
			return formatParam(v), nil
		}
	}
	if site := r.ctx.Site; site != nil {
		if v, ok := site.Params[name]; ok {
			return formatParam(v), nil
		}
	}
	where := "without a region"
	if id := r.regionID(); id != "" {
		where = fmt.Sprintf("for region %q", id)
	}
	return "", r.src.errorf(offset, "param %q is not set %s nor in the site params", name, where).
		WithHint("add %s to %s or to [params] in site.toml", name, regionParamsTable(r.ctx.Region))
}

func regionParamsTable(reg *config.Region) string {
	if reg == nil {
		return "a region's params"
	}
	return "[regions." + reg.ID + ".params]"
}

func formatParam(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = formatParam(x)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}
