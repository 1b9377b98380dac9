package content

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Render renders s for the region in ctx. It does not change the parsed
// document, so concurrent calls on one Source are safe: every call builds
// its own renderer with the region state.
//
// With ctx.Region nil, :::region{only=...} blocks are left out,
// :::region{except=...} blocks are kept and :param reads the site params.
func (s *Source) Render(ctx RenderContext) (Rendered, error) {
	if s.impl == nil || s.impl.doc == nil {
		return Rendered{}, fmt.Errorf("%s: not parsed", s.File)
	}
	dr := &directiveRenderer{src: s, ctx: ctx}
	r := newRenderer(ctx.Site != nil && ctx.Site.Build.UnsafeHTML, dr)
	var buf bytes.Buffer
	buf.Grow(len(s.impl.src) + len(s.impl.src)/4)
	if err := r.Render(&buf, s.impl.body(), s.impl.doc); err != nil {
		return Rendered{}, err
	}
	return Rendered{HTML: template.HTML(buf.String()), TOC: s.toc(dr)}, nil
}

func newRenderer(unsafe bool, dr *directiveRenderer) renderer.Renderer {
	var opts []html.Option
	renderers := []util.PrioritizedValue{}
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	} else {
		renderers = append(renderers, util.Prioritized(rawHTMLAsText{}, 50))
	}
	return renderer.NewRenderer(renderer.WithNodeRenderers(append(renderers,
		util.Prioritized(html.NewRenderer(opts...), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(extension.WithTableHTMLOptions(opts...)), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(opts...), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(opts...), 500),
		util.Prioritized(extension.NewFootnoteHTMLRenderer(extension.WithFootnoteHTMLOptions(opts...)), 500),
		util.Prioritized(extension.NewDefinitionListHTMLRenderer(opts...), 500),
		util.Prioritized(dr, 100),
	)...))
}

// rawHTMLAsText shows raw HTML in Markdown as the text it is, escaped,
// when the site has not turned raw HTML on: an editor sees what they
// wrote, and nothing of it becomes markup.
type rawHTMLAsText struct{}

func (rawHTMLAsText) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*ast.HTMLBlock)
		w.WriteString("<p>")
		lines := b.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			line := seg.Value(src)
			if i == lines.Len()-1 && !b.HasClosure() {
				line = bytes.TrimRight(line, "\n")
			}
			html.DefaultWriter.RawWrite(w, line)
		}
		if b.HasClosure() {
			html.DefaultWriter.RawWrite(w, b.ClosureLine.Value(src))
		}
		w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	})
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			html.DefaultWriter.RawWrite(w, seg.Value(src))
		}
		return ast.WalkSkipChildren, nil
	})
}

// toc collects the h2..h4 headings visible in the region. Render has
// already resolved every visible param, so a lookup here cannot fail.
func (s *Source) toc(dr *directiveRenderer) []*TOCEntry {
	var flat []*TOCEntry
	body := s.impl.body()
	param := func(name string) string {
		v, err := dr.param(name, 0)
		if err != nil {
			return name
		}
		return v
	}
	_ = ast.Walk(s.impl.doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ContainerDirective:
			if !dr.visible(n) {
				return ast.WalkSkipChildren, nil
			}
		case *ast.Heading:
			if n.Level >= 2 && n.Level <= 4 {
				v, _ := n.AttributeString("id")
				flat = append(flat, &TOCEntry{Level: n.Level, ID: attrString(v), Text: plainText(n, body, param)})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return buildTOC(flat)
}

// directiveRenderer renders the directive nodes for one region.
type directiveRenderer struct {
	src *Source
	ctx RenderContext
}

func (r *directiveRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindContainerDirective, r.renderContainer)
	reg.Register(KindLeafDirective, r.renderLeaf)
	reg.Register(KindTextDirective, r.renderText)
}

func (r *directiveRenderer) regionID() string {
	if r.ctx.Region == nil {
		return ""
	}
	return r.ctx.Region.ID
}

// visible reports whether a :::region block shows in the current region.
func (r *directiveRenderer) visible(n *ContainerDirective) bool {
	id := r.regionID()
	switch {
	case n.only != nil:
		return id != "" && containsString(n.only, id)
	case n.except != nil:
		return id == "" || !containsString(n.except, id)
	}
	return true
}

func (r *directiveRenderer) renderContainer(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering && !r.visible(node.(*ContainerDirective)) {
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

func (r *directiveRenderer) renderLeaf(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*LeafDirective)
	if !entering || n.Name != "form" || r.ctx.Form == nil {
		return ast.WalkContinue, nil
	}
	id, _ := n.attr("id")
	out, err := r.ctx.Form(id.Value)
	if err != nil {
		d := diag.Errorf(r.src.pos(n.Offset), "form %q: %v", id.Value, err)
		return ast.WalkStop, d
	}
	_, _ = w.WriteString(string(out))
	return ast.WalkContinue, nil
}

func (r *directiveRenderer) renderText(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*TextDirective)
	if !entering || n.Name != "param" {
		return ast.WalkSkipChildren, nil
	}
	v, err := r.param(n.Label, n.Offset)
	if err != nil {
		return ast.WalkStop, err
	}
	_, _ = w.WriteString(template.HTMLEscapeString(v))
	return ast.WalkSkipChildren, nil
}

// param reads a param from the region, then from the site.
func (r *directiveRenderer) param(name string, offset int) (string, error) {
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
	return "", diag.Errorf(r.src.pos(offset), "param %q is not set %s nor in the site params", name, where).
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
