// Package versions compares two versions of a page: the blocks of their
// rendered text (headings, paragraphs, list items, table cells) are
// matched, and a block that changed is compared word by word, for the
// "What changed in version N" page.
package versions

import (
	"bytes"
	"html"
	"html/template"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Block is one block of a page's text: its element (h2, p, li, ...) and
// its text, whitespace collapsed.
type Block struct {
	Tag  string
	Text string
}

// blockTags are the elements whose text is a block; a block inside
// another (a p in an li) is its own block, and the outer one keeps only
// its own text.
var blockTags = map[atom.Atom]bool{
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.P: true, atom.Li: true, atom.Td: true, atom.Th: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Caption: true,
}

// Blocks are the text blocks of an HTML fragment, in document order.
func Blocks(fragment []byte) []Block {
	ctx := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := xhtml.ParseFragment(bytes.NewReader(fragment), ctx)
	if err != nil {
		return nil
	}
	var out []Block
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode && blockTags[n.DataAtom] {
			var b strings.Builder
			ownText(n, &b)
			if text := collapse(b.String()); text != "" {
				tag := n.Data
				if n.DataAtom == atom.Td || n.DataAtom == atom.Th || n.DataAtom == atom.Dd || n.DataAtom == atom.Dt {
					tag = "p"
				}
				out = append(out, Block{Tag: tag, Text: text})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// ownText writes n's text, leaving out the blocks nested in it and
// elements that are no text (scripts, forms' controls, footnote marks).
func ownText(n *xhtml.Node, b *strings.Builder) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.TextNode:
			b.WriteString(c.Data)
		case c.Type != xhtml.ElementNode:
		case blockTags[c.DataAtom] || c.DataAtom == atom.Ul || c.DataAtom == atom.Ol || c.DataAtom == atom.Table:
		case c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Template || c.DataAtom == atom.Sup:
		default:
			ownText(c, b)
		}
	}
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// An Op is a run of text that is the same in both versions, added in the
// newer or removed from it.
type Op struct {
	Kind OpKind
	Text string
}

// OpKind says what happened to an Op's text.
type OpKind uint8

const (
	Same OpKind = iota
	Added
	Removed
)

// tokens splits text into words and the spaces and punctuation between
// them, so that a diff of tokens is a diff of words.
func tokens(s string) []string {
	var out []string
	start := 0
	kind := func(r rune) int {
		switch {
		case unicode.IsSpace(r):
			return 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Thai, r) {
				return 3 // scripts without spaces: one character a word
			}
			return 1
		}
		return 2
	}
	prev := -1
	for i, r := range s {
		k := kind(r)
		if i > 0 && (k != prev || k == 2 || k == 3) {
			out = append(out, s[start:i])
			start = i
		}
		prev = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Words compares two texts word by word.
func Words(old, new string) []Op {
	return ops(tokens(old), tokens(new))
}

// ops is the shortest edit of a into b as runs of tokens.
func ops(a, b []string) []Op {
	var out []Op
	i, j := 0, 0
	for _, k := range edit(a, b) {
		var s string
		switch k {
		case Same, Removed:
			s = a[i]
			i++
			if k == Same {
				j++
			}
		case Added:
			s = b[j]
			j++
		}
		if len(out) > 0 && out[len(out)-1].Kind == k {
			out[len(out)-1].Text += s
		} else {
			out = append(out, Op{k, s})
		}
	}
	return out
}

// edit is the shortest edit of a into b, one OpKind for each element of
// either (Same for both), by the longest common subsequence: a policy's
// blocks and a block's words are few enough for the quadratic table.
// Removals come before the additions that replace them.
func edit(a, b []string) []OpKind {
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []OpKind
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			out = append(out, Same)
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, Removed)
			i++
		default:
			out = append(out, Added)
			j++
		}
	}
	return out
}

// A Change is one block of the comparison: the same in both, added,
// removed, or changed (its Ops then say which words).
type Change struct {
	Tag  string
	Kind OpKind // Same, Added, Removed; Ops set for a changed block
	Text string
	Ops  []Op
}

// Compare matches the blocks of old and new and compares the changed
// ones word by word. A removed block and the added block in its place
// are one changed block when at least half their words are common.
func Compare(old, new []Block) []Change {
	key := func(bs []Block) []string {
		out := make([]string, len(bs))
		for i, b := range bs {
			out[i] = b.Tag + "\x00" + b.Text
		}
		return out
	}
	a, b := key(old), key(new)
	var out []Change
	i, j := 0, 0
	var removed, added []Block
	flush := func() {
		for len(removed) > 0 && len(added) > 0 && similar(removed[0].Text, added[0].Text) {
			out = append(out, Change{Tag: added[0].Tag, Ops: Words(removed[0].Text, added[0].Text)})
			removed, added = removed[1:], added[1:]
		}
		for _, r := range removed {
			out = append(out, Change{Tag: r.Tag, Kind: Removed, Text: r.Text})
		}
		for _, d := range added {
			out = append(out, Change{Tag: d.Tag, Kind: Added, Text: d.Text})
		}
		removed, added = nil, nil
	}
	for _, op := range edit(a, b) {
		switch op {
		case Same:
			flush()
			out = append(out, Change{Tag: new[j].Tag, Kind: Same, Text: new[j].Text})
			i++
			j++
		case Removed:
			removed = append(removed, old[i])
			i++
		case Added:
			added = append(added, new[j])
			j++
		}
	}
	flush()
	return out
}

// similar reports whether two texts share at least half their words.
func similar(a, b string) bool {
	common, total := 0, 0
	for _, o := range Words(a, b) {
		w := len(strings.Fields(o.Text))
		if o.Kind == Same {
			common += 2 * w
		}
		total += w
	}
	return total > 0 && 2*common >= total
}

// Labels are the words a screen reader hears, and the legend shows, for
// added and removed text, in the page's language.
type Labels struct {
	Added, Removed string
	Lang           string // their language, when it is not the text's ("" otherwise)
}

// HTML renders changes: unchanged blocks as they are, added text in
// <ins>, removed text in <del>, each opened by a visually hidden label
// (screen readers do not announce ins and del by default).
func HTML(changes []Change, l Labels) template.HTML {
	var b strings.Builder
	label := `<span class="visually-hidden">`
	if l.Lang != "" {
		label = `<span class="visually-hidden" lang="` + html.EscapeString(l.Lang) + `">`
	}
	mark := func(k OpKind, text string) {
		switch k {
		case Added:
			b.WriteString(`<ins>` + label + html.EscapeString(l.Added) + `: </span>` + html.EscapeString(text) + `</ins>`)
		case Removed:
			b.WriteString(`<del>` + label + html.EscapeString(l.Removed) + `: </span>` + html.EscapeString(text) + `</del>`)
		default:
			b.WriteString(html.EscapeString(text))
		}
	}
	for _, c := range changes {
		class := ""
		switch {
		case c.Ops != nil:
			class = ` class="changed"`
		case c.Kind == Added:
			class = ` class="added"`
		case c.Kind == Removed:
			class = ` class="removed"`
		}
		tag := c.Tag
		if tag == "li" {
			tag = "p" // a list item without its list
		}
		b.WriteString("<" + tag + class + ">")
		if c.Ops != nil {
			for _, o := range c.Ops {
				mark(o.Kind, o.Text)
			}
		} else {
			mark(c.Kind, c.Text)
		}
		b.WriteString("</" + tag + ">\n")
	}
	return template.HTML(b.String())
}

// InContext keeps the blocks that changed, each after the headings it
// stands under (the nearest heading of each level above it, unchanged
// ones included, once), so that a comparison shows what changed and
// where without the whole text.
func InContext(changes []Change) []Change {
	var out []Change
	var open []Change // the current heading of each level, h2 first
	shown := 0        // how many of open are already in out
	level := func(tag string) int {
		if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
			return int(tag[1] - '0')
		}
		return 0
	}
	for _, c := range changes {
		if l := level(c.Tag); l > 0 && c.Kind == Same && c.Ops == nil {
			for len(open) > 0 && level(open[len(open)-1].Tag) >= l {
				open = open[:len(open)-1]
			}
			open = append(open, c)
			shown = min(shown, len(open)-1)
			continue
		}
		if c.Kind == Same && c.Ops == nil {
			continue
		}
		if l := level(c.Tag); l > 0 { // a changed heading stands under its parents only
			for len(open) > 0 && level(open[len(open)-1].Tag) >= l {
				open = open[:len(open)-1]
			}
			shown = min(shown, len(open))
		}
		out = append(out, open[shown:]...)
		if level(c.Tag) > 0 { // and opens its section
			open = append(open, c)
		}
		shown = len(open)
		out = append(out, c)
	}
	return out
}

// Counts are how many blocks changed, were added and were removed.
func Counts(changes []Change) (changed, added, removed int) {
	for _, c := range changes {
		switch {
		case c.Ops != nil:
			changed++
		case c.Kind == Added:
			added++
		case c.Kind == Removed:
			removed++
		}
	}
	return
}
