package content

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/directive"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// walkRenderer renders directives by walking the tree for one region, the
// straightforward way that a compiled program must match.
type walkRenderer struct{ r *regionState }

func (w walkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(directive.KindContainer, func(_ util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		r := regionOf(n.(*directive.Container))
		if entering && !w.r.visible(r.only, r.except) {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	reg.Register(directive.KindLeaf, func(out util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		l := n.(*directive.Leaf)
		if entering && l.Name == "form" {
			id, _ := l.Attr("id")
			out.WriteString(string(w.r.ctx.Forms[id.Value]))
		}
		return ast.WalkContinue, nil
	})
	reg.Register(directive.KindText, func(out util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		t := n.(*directive.Text)
		if entering && t.Name == "param" {
			v, err := w.r.param(t.Label, t.Offset)
			if err != nil {
				return ast.WalkStop, err
			}
			out.WriteString(template.HTMLEscapeString(v))
		}
		return ast.WalkSkipChildren, nil
	})
	// A localised link renders as goldmark renders the link written
	// with the localised path.
	funcs := capturedFuncs{}
	html.NewRenderer().RegisterFuncs(funcs)
	reg.Register(ast.KindLink, func(out util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		l := n.(*ast.Link)
		dest := string(l.Destination)
		i := strings.IndexAny(dest, "?#")
		if i < 0 {
			i = len(dest)
		}
		if p, err := url.PathUnescape(dest[:i]); entering && err == nil && w.r.ctx.Link != nil && strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") {
			if to, ok := w.r.ctx.Link(p); ok && to != p {
				defer func(old []byte) { l.Destination = old }(l.Destination)
				l.Destination = []byte(to + dest[i:])
			}
		}
		return funcs[ast.KindLink](out, src, n, entering)
	})
}

func TestProgramMatchesTreeWalk(t *testing.T) {
	docs := []string{
		benchDocument(8_000),
		"::::region{only=\"eu de\"}\nouter :param[storage]\n:::region{only=de}\n## Inner :param[domain]\n:::\nstill outer\n::::\n\n::form{id=\"implementation-request\"}\n\nText[^1].\n\n[^1]: A note in :param[company].\n",
		"- one\n\n  :::region{except=de}\n  ### Not German\n  :::\n- two :param[company]\n\n> :::region{only=us}\n> quoted\n> :::\n",
		"<div>raw</div>\n\n:::region{only=eu}\n| a | b |\n|---|---|\n| :param[domain] | x |\n:::\n",
		"[a](/cookies/) [b](/nope/#x) [c](/privacy/)\n\n:::region{only=eu}\n- [d](/cookies/?q=1#f) :param[domain] [e](/legal/terms/)\n:::\n\n## H [f](/)\n\n| [g](/données/) | [h][r] |\n|---|---|\n\n[r]: /cookies/#set\n",
	}
	site := testSite()
	forms := map[string]template.HTML{"implementation-request": `<form data-id="implementation-request"></form>`}
	for i, doc := range docs {
		s := mustParse(t, doc)
		for _, id := range []string{"", "eu", "de", "us"} {
			ctx := RenderContext{Site: site, Region: region(site, id), Forms: forms}
			if id == "eu" {
				ctx.Link = frenchLinks
			}
			got, err := s.Render(ctx)
			// The same document, parsed afresh and rendered by a walk.
			var ignored diag.List
			d, _ := parseMarkdown(newMarkdown(), s.impl.body(), site)
			labelTables(d, s.impl.body())
			assignHeadingIDs(d, s.impl.body(), regionIDs(site), s.pos, &ignored)
			var want bytes.Buffer
			wantErr := newRenderer(false, walkRenderer{&regionState{src: s, ctx: ctx}}).Render(&want, s.impl.body(), d)
			if err != nil || wantErr != nil {
				if err == nil || wantErr == nil || err.Error() != wantErr.Error() {
					t.Errorf("doc %d region %q: error %v, want %v", i, id, err, wantErr)
				}
				continue
			}
			if string(got.HTML) != want.String() {
				t.Errorf("doc %d region %q:\n got %s\nwant %s", i, id, got.HTML, want.String())
			}
		}
	}
}
