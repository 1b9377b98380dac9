package content

import (
	"encoding/binary"
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/directive"
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

// views is a set of the views a page renders in: bit i is the site's
// region i, and the bit after the last region is the view without a
// region. Sites may have hundreds of regions.
type views []uint64

func newViews(n int) views { return make(views, (n+64)/64) }

func (v views) set(i int)   { v[i/64] |= 1 << (i % 64) }
func (v views) clear(i int) { v[i/64] &^= 1 << (i % 64) }

func (v views) intersects(w views) bool {
	for i := range v {
		if v[i]&w[i] != 0 {
			return true
		}
	}
	return false
}

func (v views) and(w views) views {
	out := make(views, len(v))
	for i := range v {
		out[i] = v[i] & w[i]
	}
	return out
}

func (v views) or(w views) {
	for i := range v {
		v[i] |= w[i]
	}
}

// key is v as a map key.
func (v views) key() string {
	b := make([]byte, 0, 8*len(v))
	for _, w := range v {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	return string(b)
}

// headingViews gives the views that show each heading of doc: those its
// enclosing :::region blocks (nested ones intersect) show in, as
// regionState.visible decides. regions are the site's region ids.
func headingViews(doc ast.Node, regions []string, visit func(h *ast.Heading, v views)) {
	index := make(map[string]int, len(regions))
	for i, id := range regions {
		index[id] = i
	}
	none := len(regions) // the view without a region
	all := newViews(none + 1)
	for i := range none + 1 {
		all.set(i)
	}
	stack := []views{all}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Heading:
			if entering {
				visit(n, stack[len(stack)-1])
			}
			return ast.WalkSkipChildren, nil
		case *directive.Container:
			if !entering {
				stack = stack[:len(stack)-1]
				return ast.WalkContinue, nil
			}
			shown := all
			switch r := regionOf(n); {
			case r.only != nil:
				shown = newViews(none + 1)
				for _, id := range r.only {
					if i, ok := index[id]; ok {
						shown.set(i)
					}
				}
			case r.except != nil:
				shown = all.and(all)
				for _, id := range r.except {
					if i, ok := index[id]; ok {
						shown.clear(i)
					}
				}
			}
			stack = append(stack, stack[len(stack)-1].and(shown))
		}
		return ast.WalkContinue, nil
	})
}

// assignHeadingIDs gives every heading an id: its {#custom-id} if it has
// one, else a slug of its text, made unique with -1, -2, ... among the
// headings shown with it. Two headings conflict only if some view shows
// both, so a heading has the same id in every region that shows it, however
// the region blocks around it differ. Duplicate custom ids shown together
// are reported as warnings.
func assignHeadingIDs(doc ast.Node, src []byte, regions []string, posOf func(offset int) diag.Pos, diags *diag.List) {
	used := map[string]views{} // id -> the views that show a heading with it
	take := func(id string, v views) {
		if u, ok := used[id]; ok {
			u.or(v)
		} else {
			used[id] = v.and(v)
		}
	}
	type autoHeading struct {
		h *ast.Heading
		v views
	}
	var auto []autoHeading
	headingViews(doc, regions, func(h *ast.Heading, v views) {
		if a, ok := h.AttributeString("id"); ok {
			id := attrString(a)
			if u, ok := used[id]; ok && u.intersects(v) {
				offset := 0
				if h.Lines().Len() > 0 {
					offset = h.Lines().At(0).Start
				}
				diags.Add(&diag.Diagnostic{Pos: posOf(offset), Severity: diag.Warning,
					Message: "duplicate heading id \"" + id + "\"", Hint: "links to #" + id + " reach only the first heading"})
			}
			take(id, v)
		} else {
			auto = append(auto, autoHeading{h, v})
		}
	})
	// next[base, views] is the first suffix of base that may be free for
	// headings shown in these views: ids are only ever taken, so every
	// smaller suffix stays taken there, and the search resumes at next
	// instead of at -1 (n identical headings would probe n²/2 ids).
	type nextKey struct{ base, views string }
	next := map[nextKey]int{}
	for _, a := range auto {
		base := slugify(plainText(a.h, src, nil))
		k := nextKey{base, a.v.key()}
		id, i := base, next[k]
		if i > 0 {
			id = base + "-" + strconv.Itoa(i)
		}
		for {
			if u, ok := used[id]; !ok || !u.intersects(a.v) {
				break
			}
			i++
			id = base + "-" + strconv.Itoa(i)
		}
		next[k] = i + 1
		take(id, a.v)
		a.h.SetAttributeString("id", []byte(id))
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
		case *directive.Text:
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
