package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSourcePos(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		off       int
		line, col int
	}{
		{"start", "abc\ndef", 0, 1, 1},
		{"ascii", "abc\ndef", 5, 2, 2},
		{"newline", "abc\ndef", 3, 1, 4},
		{"end", "abc\ndef", 7, 2, 4},
		{"eof after newline", "ab\n", 3, 2, 1},
		{"two-byte", "çé x", 4, 1, 3},
		{"inside a character", "çé x", 1, 1, 1},
		{"inside the second", "çé x", 3, 1, 2},
		{"cjk", "日本語 err", 9, 1, 4},
		{"cjk second line", "x\n日本語 err", 12, 2, 5},
		{"emoji", "😀x", 4, 1, 2},
		{"tabs", "\t\tx", 2, 1, 3},
		{"crlf second line", "a\r\nb", 3, 2, 1},
		{"crlf on the cr", "a\r\nb", 1, 1, 2},
		{"empty", "", 0, 1, 1},
		{"empty past end", "", 5, 1, 1},
		{"past end clamps", "ab\ncd", 100, 2, 3},
		{"negative clamps", "ab", -3, 1, 1},
		{"invalid utf-8", "a\xffb", 2, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSource("f", []byte(tt.text))
			p := s.Pos(tt.off)
			want := Pos{File: "f", Line: tt.line, Col: tt.col}
			if p != want {
				t.Errorf("Pos(%d) = %+v, want %+v", tt.off, p, want)
			}
			// Again, now that the line index and memo exist, and from a
			// fresh Source after a later offset.
			if p := s.Pos(tt.off); p != want {
				t.Errorf("second Pos(%d) = %+v", tt.off, p)
			}
			s = NewSource("f", []byte(tt.text))
			s.Pos(len(tt.text))
			if p := s.Pos(tt.off); p != want {
				t.Errorf("Pos(%d) after Pos(end) = %+v", tt.off, p)
			}
		})
	}
}

func TestSourceRange(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		start, end int
		want       Pos
	}{
		{"ascii", "key = bad", 6, 9, Pos{File: "f", Line: 1, Col: 7, EndLine: 1, EndCol: 10}},
		{"cjk", "名前 = 日本;", 9, 15, Pos{File: "f", Line: 1, Col: 6, EndLine: 1, EndCol: 8}},
		{"multi-line", "ab\ncdé\nf", 1, 7, Pos{File: "f", Line: 1, Col: 2, EndLine: 2, EndCol: 4}},
		{"empty span is a point", "abc", 1, 1, Pos{File: "f", Line: 1, Col: 2}},
		{"reversed is a point", "abc", 2, 1, Pos{File: "f", Line: 1, Col: 3}},
		{"end clamps", "abc", 1, 50, Pos{File: "f", Line: 1, Col: 2, EndLine: 1, EndCol: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSource("f", []byte(tt.text))
			if got := s.Range(tt.start, tt.end); got != tt.want {
				t.Errorf("Range(%d, %d) = %+v, want %+v", tt.start, tt.end, got, tt.want)
			}
			if got := s.Range(tt.start, tt.end).String(); got != tt.want.String() || strings.Count(got, ":") != 2 {
				t.Errorf("String() = %q", got)
			}
		})
	}
}

func TestSourceOffset(t *testing.T) {
	text := "ab\n\tçé日x\r\nlast"
	s := NewSource("f", []byte(text))
	for off := range text { // every character start, and the end
		p := s.Pos(off)
		if got := s.Offset(p.Line, p.Col); got != off {
			t.Errorf("Offset(Pos(%d) = %d:%d) = %d", off, p.Line, p.Col, got)
		}
	}
	tests := []struct{ line, col, want int }{
		{1, 1, 0}, {1, 99, 2}, {0, 1, 0}, {99, 1, 14}, {3, 4, 17}, {3, 5, 18}, {2, 0, 3},
	}
	for _, tt := range tests {
		if got := s.Offset(tt.line, tt.col); got != tt.want {
			t.Errorf("Offset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("a", 500) + "X" + strings.Repeat("b", 500)
	tests := []struct {
		name       string
		text       string
		start, end int
		want       Excerpt
		format     string // the two excerpt lines of FormatLong
	}{
		{"ascii", "title = 1\nnext", 8, 9,
			Excerpt{Line: "title = 1", Col: 9, Width: 1},
			"    title = 1\n            ^"},
		{"span", "x\nkey = bad value\n", 8, 17,
			Excerpt{Line: "key = bad value", Col: 7, Width: 9},
			"    key = bad value\n          ^~~~~~~~~"},
		{"two-byte", "título = tru\n", 10, 13,
			Excerpt{Line: "título = tru", Col: 10, Width: 3},
			"    título = tru\n             ^~~"},
		{"cjk", "名前 = 値x", 9, 12,
			Excerpt{Line: "名前 = 値x", Col: 6, Width: 1},
			"    名前 = 値x\n           ^~"},
		{"tabs", "\t\tkey\t= x", 8, 9,
			Excerpt{Line: "\t\tkey\t= x", Col: 9, Width: 1},
			"    \t\tkey\t= x\n    \t\t   \t  ^"},
		{"crlf", "a = 1\r\nb = 2\r\n", 11, 12,
			Excerpt{Line: "b = 2", Col: 5, Width: 1},
			"    b = 2\n        ^"},
		{"on the cr", "a = 1\r\n", 5, 5,
			Excerpt{Line: "a = 1", Col: 6, Width: 1},
			"    a = 1\n         ^"},
		{"at eof", "ab", 2, 2,
			Excerpt{Line: "ab", Col: 3, Width: 1},
			"    ab\n      ^"},
		{"empty file", "", 0, 0,
			Excerpt{Line: "", Col: 1, Width: 1},
			"    \n    ^"},
		{"past end clamps", "ab\ncd", 40, 50,
			Excerpt{Line: "cd", Col: 3, Width: 1},
			"    cd\n      ^"},
		{"span past the line", "ab\ncd", 0, 5,
			Excerpt{Line: "ab", Col: 1, Width: 2},
			"    ab\n    ^~"},
		{"combining mark", "e\u0301 = x", 6, 7,
			Excerpt{Line: "e\u0301 = x", Col: 6, Width: 1},
			"    e\u0301 = x\n        ^"},
		{"control characters", "a\x1b[2Jb = \xff", 9, 10,
			Excerpt{Line: "a\uFFFD[2Jb = \uFFFD", Col: 10, Width: 1},
			"    a\uFFFD[2Jb = \uFFFD\n             ^"},
		{"long line", long, 500, 501,
			Excerpt{Line: "…" + strings.Repeat("a", 60) + "X" + strings.Repeat("b", 59) + "…", Col: 62, Width: 1},
			""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSource("f", []byte(tt.text))
			d := s.Errorf(tt.start, tt.end, "bad")
			if d.Excerpt == nil || *d.Excerpt != tt.want {
				t.Fatalf("Excerpt = %+v, want %+v", d.Excerpt, tt.want)
			}
			if d.Pos != s.Range(tt.start, tt.end) {
				t.Errorf("Pos = %+v, want Range %+v", d.Pos, s.Range(tt.start, tt.end))
			}
			// A diagnostic placed at the same Pos beforehand gets the
			// same excerpt from AddExcerpts.
			later := Errorf(s.Range(tt.start, tt.end), "bad")
			s.AddExcerpts(List{later})
			if later.Excerpt == nil || *later.Excerpt != tt.want {
				t.Errorf("AddExcerpts: %+v, want %+v", later.Excerpt, tt.want)
			}
			if tt.format != "" {
				want := d.Error() + "\n" + tt.format
				if got := d.FormatLong(); got != want {
					t.Errorf("FormatLong:\n%s\nwant:\n%s", got, want)
				}
			}
		})
	}
}

func TestAddExcerptsSkips(t *testing.T) {
	s := NewSource("a.md", []byte("one\ntwo"))
	keep := &Excerpt{Line: "kept", Col: 1, Width: 1}
	l := List{
		Errorf(Pos{File: "b.md", Line: 1, Col: 1}, "other file"),
		Errorf(Pos{File: "a.md"}, "no line"),
		Errorf(Pos{File: "a.md", Line: 2}, "no column"),
		Errorf(Pos{File: "a.md", Line: 3, Col: 1}, "no such line"),
		{Pos: Pos{File: "a.md", Line: 1, Col: 1}, Message: "has one", Excerpt: keep},
		nil,
	}
	s.AddExcerpts(l)
	for _, d := range l[:4] {
		if d.Excerpt != nil {
			t.Errorf("%s: got an excerpt %+v", d.Message, d.Excerpt)
		}
	}
	if l[4].Excerpt != keep {
		t.Errorf("replaced an excerpt")
	}
	if got, want := l[0].FormatLong(), l[0].Error(); got != want {
		t.Errorf("FormatLong without excerpt = %q, want %q", got, want)
	}
}

func TestMarshalJSON(t *testing.T) {
	s := NewSource("content/a.md", []byte("x\n:::regoin{only=\"eu\"}\n"))
	d := s.Errorf(2, 11, "unknown directive :::regoin").WithHint("did you mean :::region?")
	w := &Diagnostic{Severity: Warning, Message: "no position"}
	got, err := json.Marshal(List{d, w})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"severity":"error","file":"content/a.md","line":2,"col":1,"endLine":2,"endCol":10,` +
		`"message":"unknown directive :::regoin","hint":"did you mean :::region?",` +
		`"excerpt":{"line":":::regoin{only=\"eu\"}","col":1,"width":9}},` +
		`{"severity":"warning","message":"no position"}]`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// FuzzSourcePos checks that placing any span in any text never panics,
// stays within the text, agrees with a plain count from the start, and
// quotes one line.
func FuzzSourcePos(f *testing.F) {
	f.Add([]byte("title = 1\nnext"), 8, 9)
	f.Add([]byte("título = tru\r\n日本\t語"), 3, 40)
	f.Add([]byte(""), 0, 0)
	f.Add([]byte("a\xff\xe2\x82b\n\n"), 2, -1)
	f.Add([]byte(strings.Repeat("é", 300)), 301, 500)
	f.Fuzz(func(t *testing.T, text []byte, start, end int) {
		s := NewSource("f", text)
		lines := bytes.Split(text, []byte("\n"))
		p := s.Range(start, end)
		if p.Line < 1 || p.Line > len(lines) || p.Col < 1 || p.Col > utf8.RuneCount(lines[p.Line-1])+1 {
			t.Fatalf("Range(%d, %d) = %+v, out of bounds", start, end, p)
		}
		if p.EndLine != 0 && (p.EndLine < p.Line || p.EndLine > len(lines) || p.EndLine == p.Line && p.EndCol <= p.Col ||
			p.EndCol < 1 || p.EndCol > utf8.RuneCount(lines[p.EndLine-1])+1) {
			t.Fatalf("Range(%d, %d) = %+v, end out of bounds", start, end, p)
		}
		// The offset the position stands for: start clamped and moved to
		// the start of its character.
		off := s.Offset(p.Line, p.Col)
		if want := min(max(start, 0), len(text)); off > want || off < want-utf8.UTFMax+1 {
			t.Fatalf("Offset(Pos(%d)) = %d", start, off)
		}
		if fresh := NewSource("f", text).Pos(off); fresh != s.Pos(start) || fresh != (Pos{File: "f", Line: p.Line, Col: p.Col}) {
			t.Fatalf("Pos(%d) = %+v, from a fresh Source %+v, from Range %+v", start, s.Pos(start), fresh, p)
		}
		line, col := 1, 1 // counted from the start, as a for range over the text does
		for _, r := range string(text[:off]) {
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
		}
		if line != p.Line || col != p.Col {
			t.Fatalf("Pos(%d) = %d:%d, counting gives %d:%d", start, p.Line, p.Col, line, col)
		}
		d := s.Errorf(start, end, "bad")
		x := d.Excerpt
		if x == nil || strings.ContainsAny(x.Line, "\n\r") || !utf8.ValidString(x.Line) ||
			x.Col < 1 || x.Col > utf8.RuneCountInString(x.Line)+1 || x.Width < 1 {
			t.Fatalf("Errorf(%d, %d).Excerpt = %+v", start, end, x)
		}
		if n := strings.Count(d.FormatLong(), "\n"); n != 2 {
			t.Fatalf("FormatLong has %d newlines", n)
		}
		later := Errorf(p, "bad")
		s.AddExcerpts(List{later})
		if later.Excerpt == nil || *later.Excerpt != *x {
			t.Fatalf("AddExcerpts gave %+v, Errorf %+v", later.Excerpt, x)
		}
	})
}

// Rendering places errors from several goroutines in one Source.
func TestSourceConcurrent(t *testing.T) {
	text := []byte(strings.Repeat("é :parm[x]\n", 200))
	s := NewSource("f", text)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			for off := g; off < len(text); off += 4 {
				if p, want := s.Pos(off), NewSource("f", text).Pos(off); p != want {
					t.Errorf("Pos(%d) = %+v, want %+v", off, p, want)
				}
				s.Errorf(off, off+3, "x")
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}
