package diag

import "testing"

func TestError(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Pos{File: "site.toml", Line: 3, Col: 5}, Message: "bad"}, "site.toml:3:5: bad"},
		{Diagnostic{Pos: Pos{File: "a.md", Line: 2}, Message: "bad", Hint: "fix it"}, "a.md:2: bad (fix it)"},
		{Diagnostic{Message: "bad"}, "bad"},
		{Diagnostic{Pos: Pos{File: "a", Line: 1, Col: 1}, Severity: Warning, Message: "meh"}, "a:1:1: warning: meh"},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestLineCol(t *testing.T) {
	src := []byte("ab\nçd\nx")
	tests := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 2}, {len(src), 3, 2},
	}
	for _, tt := range tests {
		l, c := LineCol(src, tt.off)
		if l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"title", "description", "effective", "version", "draft", "aliases", "regions"}
	tests := []struct{ in, want string }{
		{"titel", "title"}, {"descripton", "description"}, {"alias", "aliases"},
		{"region", "regions"}, {"author", ""}, {"title", ""},
	}
	for _, tt := range tests {
		if got := Suggest(tt.in, keys); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
