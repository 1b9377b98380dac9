// Package diag is the one diagnostics type every phase of charter reports
// through: a position in a user's file, what is wrong, and how to fix it.
package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Pos is a position in a source file. Line and Col are 1-based; 0 means
// unknown (the position is then printed as far as it is known). Col
// counts characters (runes), a tab as one; Source computes it.
//
// A position can cover a span: EndLine and EndCol are then where the
// first character after it is (the end is exclusive). They are 0 for a
// point. String does not print them.
type Pos struct {
	File    string
	Line    int
	Col     int
	EndLine int
	EndCol  int
}

// String formats p as "file:line:col", or as much of it as is known.
func (p Pos) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in a user's input.
type Diagnostic struct {
	Pos
	Severity Severity
	Message  string
	Hint     string   // how to fix it, if known
	Excerpt  *Excerpt // the source line it points at, if known; see Source

	// Rule names the kind of problem ("link", "locale-missing-key") for
	// tools that filter or document them, such as charter check's SARIF
	// output; "" for none.
	Rule string
	// Regions are the regions the problem is in, when it is in some
	// regions only (a link that resolves on one domain and not another).
	Regions []string
}

// Excerpt is the source line a diagnostic points at, for showing it with
// a caret under the problem. Source fills it.
type Excerpt struct {
	// Line is the line as written, without its line end; tabs are kept.
	// A character that would not show as one (a control character,
	// invalid UTF-8) is U+FFFD. Of a very long line only the part around
	// Col is kept, with "…" for what is cut off on either side.
	Line string `json:"line"`
	// Col is the 1-based character (rune) column in Line where the
	// marked span starts; one past Line's last character for the end of
	// the line.
	Col int `json:"col"`
	// Width is how many characters the span covers, at least 1.
	Width int `json:"width"`
}

// Severity orders diagnostics: errors fail a build, warnings do not.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Error formats the diagnostic as "file:line:col: message (hint)".
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if s := d.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// FormatLong formats d as Error does, followed by its excerpt, if any, on
// two lines indented by four spaces: the source line and a caret line
// "^~~~" under the span. The caret is aligned as a terminal shows the
// line: tabs before it are repeated as tabs, wide (CJK) characters take
// two columns and combining marks none. There is no final newline.
func (d *Diagnostic) FormatLong() string {
	x := d.Excerpt
	if x == nil {
		return d.Error()
	}
	var b strings.Builder
	b.WriteString(d.Error())
	b.WriteString("\n    ")
	b.WriteString(x.Line)
	b.WriteString("\n    ")
	runes := []rune(x.Line)
	col := min(max(x.Col, 1), len(runes)+1)
	for _, r := range runes[:col-1] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteString("  "[:cells(r)])
		}
	}
	n := 0 // cells under the span
	for _, r := range runes[col-1 : min(col-1+max(x.Width, 1), len(runes))] {
		n += max(cells(r), 1) // a tab or a mark in the span still gets a ~
	}
	b.WriteByte('^')
	b.WriteString(strings.Repeat("~", max(n-1, 0)))
	return b.String()
}

// cells is how many terminal columns r takes: 2 for a wide or fullwidth
// character, 0 for a combining mark or a format character, else 1.
func cells(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// diagnosticJSON is the JSON form of a Diagnostic; see MarshalJSON.
type diagnosticJSON struct {
	Severity string   `json:"severity"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	EndLine  int      `json:"endLine,omitempty"`
	EndCol   int      `json:"endCol,omitempty"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
	Excerpt  *Excerpt `json:"excerpt,omitempty"`
	Rule     string   `json:"rule,omitempty"`
	Regions  []string `json:"regions,omitempty"`
}

// MarshalJSON encodes d as the preview server's error overlay reads it,
// one object per diagnostic (a List is an array of them):
//
//	{"severity":"error","file":"content/a.md","line":3,"col":1,
//	 "endLine":3,"endCol":10,"message":"unknown directive :::regoin",
//	 "hint":"did you mean :::region?",
//	 "excerpt":{"line":":::regoin{only=\"eu\"}","col":1,"width":9}}
//
// severity is "error" or "warning", and message is always there. Fields
// that are not known are left out: file, line, col (1-based, in
// characters), endLine and endCol (the exclusive end of a span), hint,
// excerpt (see Excerpt; col and width are in characters of its line),
// rule and regions.
func (d *Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(diagnosticJSON{
		Severity: d.Severity.String(),
		File:     d.File,
		Line:     d.Line,
		Col:      d.Col,
		EndLine:  d.EndLine,
		EndCol:   d.EndCol,
		Message:  d.Message,
		Hint:     d.Hint,
		Excerpt:  d.Excerpt,
		Rule:     d.Rule,
		Regions:  d.Regions,
	})
}

// Errorf makes an error diagnostic at pos.
func Errorf(pos Pos, format string, args ...any) *Diagnostic {
	return &Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// WithHint sets the hint and returns d, for chaining.
func (d *Diagnostic) WithHint(format string, args ...any) *Diagnostic {
	d.Hint = fmt.Sprintf(format, args...)
	return d
}

// List collects diagnostics. Its zero value is ready to use. It is not safe
// for concurrent use; merge per-goroutine lists instead.
type List []*Diagnostic

// Add appends d.
func (l *List) Add(d *Diagnostic) { *l = append(*l, d) }

// Errorf appends an error at pos and returns it so a hint can be added.
func (l *List) Errorf(pos Pos, format string, args ...any) *Diagnostic {
	d := Errorf(pos, format, args...)
	l.Add(d)
	return d
}

// Merge appends every diagnostic in err: a *Diagnostic, a List, or any
// other error (which becomes a diagnostic without position).
func (l *List) Merge(err error) {
	if err == nil {
		return
	}
	var d *Diagnostic
	var ll List
	switch {
	case errors.As(err, &ll):
		*l = append(*l, ll...)
	case errors.As(err, &d):
		l.Add(d)
	default:
		l.Add(&Diagnostic{Message: err.Error()})
	}
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns the list as an error if it has errors, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l
	}
	return nil
}

// Sort orders the list by file, line and column, so output is stable
// whatever order concurrent stages reported in.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// LineCol converts a byte offset in src to a 1-based line and column, as
// Source.Pos does, for a caller placing one position in a text it reads
// once. To place several, or to quote the line, make a Source.
func LineCol(src []byte, offset int) (line, col int) {
	p := NewSource("", src).Pos(offset)
	return p.Line, p.Col
}

// Suggest returns the candidate closest to word by edit distance, if it is
// close enough to be a likely misspelling; else "".
func Suggest(word string, candidates []string) string {
	best, bestD := "", len(word)/3+1
	if bestD > 3 {
		bestD = 3
	}
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(lw, strings.ToLower(c))
		if d == 0 {
			continue
		}
		if d <= bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Damerau-Levenshtein (optimal string alignment) distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
