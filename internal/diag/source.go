package diag

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Source is the text of one file, which diagnostics are placed in. It is
// the one place that turns byte offsets into positions, for every kind of
// file charter reads (Markdown, front matter, site.toml, locales), so that
// every column is counted the same way: in characters (runes), a tab
// counting as one, as editors show them. Lines end at "\n"; a "\r" before
// it belongs to no column.
//
// The line index is built on first use, and the last position found is
// remembered, so that placing many diagnostics in increasing order costs
// linear time even on one very long line. A Source is safe for concurrent
// use. Text must not change once the Source is used, and a Source must not
// be copied after first use.
type Source struct {
	Name string // the file, as diagnostics name it (Pos.File)
	Text []byte

	mu    sync.Mutex
	lines []int // offset of the start of each line; nil until first use
	memo  point // the last offset placed; line 0 when none
}

// point is a known offset with its 1-based line and column.
type point struct{ offset, line, col int }

// NewSource returns a Source for the file name with text.
func NewSource(name string, text []byte) *Source {
	return &Source{Name: name, Text: text}
}

// Pos is the position of the character at byte offset. Offsets are
// clamped to the text: before 0 is 1:1, past the end is just after the
// last character. An offset inside a multi-byte character is the
// position of that character.
func (s *Source) Pos(offset int) Pos {
	s.mu.Lock()
	defer s.mu.Unlock()
	off := s.snap(offset)
	return s.pos(off, s.lineOf(off))
}

// Range is the position of the span [start, end) of byte offsets: Pos of
// start, and EndLine and EndCol where the first character after the span
// is. An empty span (end <= start) is a point: Range(o, o) == Pos(o).
func (s *Source) Range(start, end int) Pos {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.span(s.snap(start), s.snap(end))
}

// Offset is the byte offset of the character at a 1-based line and
// column, the inverse of Pos; it places positions that a parser gives as a
// line and column (YAML) or turns a byte column into an offset
// (Offset(line, 1) + byteCol - 1, for go-toml's errors). A line out of
// range is clamped to the first or last; a column past the end of the line
// is the end of the line.
func (s *Source) Offset(line, col int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offset(line, col)
}

// Errorf makes an error diagnostic at the span [start, end) of byte
// offsets (end <= start for a point), with its excerpt. Set Severity for a
// warning.
func (s *Source) Errorf(start, end int, format string, args ...any) *Diagnostic {
	s.mu.Lock()
	defer s.mu.Unlock()
	off, e := s.snap(start), s.snap(end)
	return &Diagnostic{Pos: s.span(off, e), Message: fmt.Sprintf(format, args...), Excerpt: s.excerpt(off, e)}
}

// AddExcerpts gives every diagnostic in l that is placed in this file
// (File is Name, with a line and column) and has no excerpt yet the
// excerpt of its position. It serves positions found before the
// diagnostic is made, such as front matter keys and site.toml spans.
func (s *Source) AddExcerpts(l List) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.index()
	for _, d := range l {
		if d == nil || d.Excerpt != nil || d.File != s.Name || d.Line < 1 || d.Line > len(s.lines) || d.Col < 1 {
			continue
		}
		off := s.offset(d.Line, d.Col)
		end := off
		switch {
		case d.EndLine == d.Line && d.EndCol > d.Col:
			// Walk from the start rather than search from the line's
			// start; the excerpt shows no more than excerptMax anyway.
			_, lineEnd := s.bounds(d.Line - 1)
			for n := min(d.EndCol-d.Col, excerptMax+1); n > 0 && end < lineEnd; n-- {
				_, size := utf8.DecodeRune(s.Text[end:lineEnd])
				end += size
			}
		case d.EndLine > d.Line:
			end = s.offset(d.EndLine, max(d.EndCol, 1))
		}
		d.Excerpt = s.excerpt(off, end)
	}
}

// index builds the line index if it is not built yet.
func (s *Source) index() {
	if s.lines != nil {
		return
	}
	s.lines = []int{0}
	for i, c := range s.Text {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
}

// lineOf is the 0-based line that holds offset.
func (s *Source) lineOf(offset int) int {
	s.index()
	return sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > offset }) - 1
}

// bounds is where the 0-based line i starts and ends (at its "\n", or at
// the end of the text).
func (s *Source) bounds(i int) (start, end int) {
	start, end = s.lines[i], len(s.Text)
	if i+1 < len(s.lines) {
		end = s.lines[i+1] - 1
	}
	return start, end
}

// snap clamps offset to the text and moves it back to the start of the
// character it is inside, if any.
func (s *Source) snap(offset int) int {
	off := min(max(offset, 0), len(s.Text))
	if off == len(s.Text) || utf8.RuneStart(s.Text[off]) {
		return off
	}
	for i := 1; i < utf8.UTFMax && off-i >= 0; i++ {
		if !utf8.RuneStart(s.Text[off-i]) {
			continue
		}
		r, size := utf8.DecodeRune(s.Text[off-i:])
		if (r != utf8.RuneError || size > 1) && off-i+size > off {
			off -= i
		}
		break
	}
	return off
}

// pos is the position of a snapped offset on the 0-based line i.
func (s *Source) pos(off, i int) Pos {
	from, col := s.lines[i], 1
	if m := s.memo; m.line == i+1 && m.offset <= off {
		from, col = m.offset, m.col
	}
	col += utf8.RuneCount(s.Text[from:off])
	s.memo = point{offset: off, line: i + 1, col: col}
	return Pos{File: s.Name, Line: i + 1, Col: col}
}

// span is Range for snapped offsets.
func (s *Source) span(off, end int) Pos {
	i := s.lineOf(off)
	p := s.pos(off, i)
	if end <= off {
		return p
	}
	// Count the end from the start, not from the memo, which stays at
	// the start: the next span starts after this one does, not always
	// after it ends.
	if j := s.lineOf(end); j == i {
		p.EndLine, p.EndCol = p.Line, p.Col+utf8.RuneCount(s.Text[off:end])
	} else {
		p.EndLine, p.EndCol = j+1, 1+utf8.RuneCount(s.Text[s.lines[j]:end])
	}
	return p
}

// offset is Offset, with the lock held.
func (s *Source) offset(line, col int) int {
	s.index()
	line = min(max(line, 1), len(s.lines))
	start, end := s.bounds(line - 1)
	from, c := start, 1
	if m := s.memo; m.line == line && m.col <= col {
		from, c = m.offset, m.col
	}
	for ; c < col && from < end; c++ {
		_, size := utf8.DecodeRune(s.Text[from:end])
		from += size
	}
	s.memo = point{offset: from, line: line, col: c}
	return from
}

// An excerpt shows at most excerptMax characters of a line, of which at
// most excerptBefore before the caret: a minified file's one line can be
// megabytes long.
const (
	excerptMax    = 120
	excerptBefore = 60
)

// excerpt quotes the line of the snapped offset off, marking [off, end).
func (s *Source) excerpt(off, end int) *Excerpt {
	start, lineEnd := s.bounds(s.lineOf(off))
	if lineEnd > start && s.Text[lineEnd-1] == '\r' {
		lineEnd--
	}
	at := min(off, lineEnd) // on the "\r" of a CRLF: just after the line's text
	from, before := at, 0
	for ; before < excerptBefore && from > start; before++ {
		_, size := utf8.DecodeLastRune(s.Text[start:from])
		from -= size
	}
	to := at
	for n := before; n < excerptMax && to < lineEnd; n++ {
		_, size := utf8.DecodeRune(s.Text[to:lineEnd])
		to += size
	}
	x := &Excerpt{Col: before + 1, Width: 1}
	if end > at {
		x.Width = max(utf8.RuneCount(s.Text[at:min(end, to)]), 1)
	}
	var b strings.Builder
	if from > start {
		b.WriteString("…")
		x.Col++
	}
	writeShown(&b, s.Text[from:to])
	if to < lineEnd {
		b.WriteString("…")
	}
	x.Line = b.String()
	return x
}

// writeShown writes text to b with each character that would not show as
// one character replaced by U+FFFD: invalid UTF-8 (byte by byte, as
// columns count it), control characters other than tab, line separators
// and bidirectional controls, which could rearrange a terminal's line.
func writeShown(b *strings.Builder, text []byte) {
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		switch {
		case r == utf8.RuneError && size == 1,
			r != '\t' && unicode.Is(unicode.Cc, r),
			r == '\u2028', r == '\u2029',
			unicode.Is(unicode.Bidi_Control, r):
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
}
