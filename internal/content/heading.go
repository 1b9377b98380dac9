package content

import (
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// slugify makes a heading anchor: Unicode letters, combining marks and
// digits are kept (lower case), every run of anything else becomes one
// "-". It never returns "".
func slugify(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	pendingDash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		pendingDash = true
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

// assignHeadingIDs gives every heading an id: its {#custom-id} if it has
// one, else a slug of its text made unique in the page with -1, -2, ...
// Duplicate custom ids are reported as warnings.
func assignHeadingIDs(doc ast.Node, src []byte, posOf func(offset int) diag.Pos, diags *diag.List) {
	used := map[string]bool{}
	var auto []*ast.Heading
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if v, ok := h.AttributeString("id"); ok {
			id := attrString(v)
			if used[id] {
				offset := 0
				if h.Lines().Len() > 0 {
					offset = h.Lines().At(0).Start
				}
				diags.Add(&diag.Diagnostic{Pos: posOf(offset), Severity: diag.Warning,
					Message: "duplicate heading id \"" + id + "\"", Hint: "links to #" + id + " reach only the first heading"})
			}
			used[id] = true
		} else {
			auto = append(auto, h)
		}
		return ast.WalkSkipChildren, nil
	})
	// next[base] is the first suffix of base that may be free: ids are
	// only ever taken, so every smaller one stays taken, and the search
	// resumes there instead of at -1 (n identical headings would probe
	// n²/2 ids).
	next := map[string]int{}
	for _, h := range auto {
		base := slugify(plainText(h, src, nil))
		id, i := base, next[base]
		if i > 0 {
			id = base + "-" + strconv.Itoa(i)
		}
		for used[id] {
			i++
			id = base + "-" + strconv.Itoa(i)
		}
		next[base] = i + 1
		used[id] = true
		h.SetAttributeString("id", []byte(id))
	}
}

func attrString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}

// plainText is the text of an inline container without markup. param
// resolves :param[name]; nil uses the name itself.
func plainText(n ast.Node, src []byte, param func(name string) string) string {
	return joinPlain(plainParts(n, src), param)
}

// plainPart is a piece of plain text: literal text, or the name of a
// :param, whose value depends on the region.
type plainPart struct {
	text  string
	param bool
}

// plainParts is the text of an inline container without markup, with the
// params left open.
func plainParts(n ast.Node, src []byte) []plainPart {
	var p plainWriter
	p.walk(n, src)
	p.flush()
	return p.parts
}

// joinPlain fills the params of parts in with param (nil: their names)
// and trims the result.
func joinPlain(parts []plainPart, param func(name string) string) string {
	if len(parts) == 1 && !parts[0].param {
		return strings.TrimSpace(parts[0].text)
	}
	var b strings.Builder
	for _, part := range parts {
		if part.param && param != nil {
			b.WriteString(param(part.text))
		} else {
			b.WriteString(part.text)
		}
	}
	return strings.TrimSpace(b.String())
}

type plainWriter struct {
	b     strings.Builder // literal text not yet in parts
	parts []plainPart
}

func (p *plainWriter) flush() {
	if p.b.Len() > 0 {
		p.parts = append(p.parts, plainPart{text: p.b.String()})
		p.b.Reset()
	}
}

func (p *plainWriter) walk(n ast.Node, src []byte) {
	b := &p.b
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsCode() {
				b.WriteString(html.UnescapeString(string(c.Value)))
			} else {
				b.Write(c.Value)
			}
		case *ast.RawHTML:
			// markup, not text
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *TextDirective:
			p.flush()
			p.parts = append(p.parts, plainPart{text: c.Label, param: true})
		default:
			p.walk(c, src)
		}
	}
}

// buildTOC nests flat h2..h4 entries by level.
func buildTOC(flat []*TOCEntry) []*TOCEntry {
	var top []*TOCEntry
	var stack []*TOCEntry
	for _, e := range flat {
		for len(stack) > 0 && stack[len(stack)-1].Level >= e.Level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			top = append(top, e)
		} else {
			p := stack[len(stack)-1]
			p.Children = append(p.Children, e)
		}
		stack = append(stack, e)
	}
	return top
}
