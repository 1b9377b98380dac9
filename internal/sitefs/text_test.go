package sitefs

import "testing"

func TestText(t *testing.T) {
	tests := []struct {
		in, out string
		pos     string // of the diagnostic, "" for none
	}{
		{"abc", "abc", ""},
		{"\xEF\xBB\xBFabc", "abc", ""},
		{"\xEF\xBB\xBF\xEF\xBB\xBFabc", "\xEF\xBB\xBFabc", ""}, // only one mark is a mark
		{"ab\xFFc", "ab\xFFc", "f:1:3"},
		{"\xEF\xBB\xBFab\xFFc", "ab\xFFc", "f:1:3"}, // the mark takes no column
		{"é\nxü\xC3", "é\nxü\xC3", "f:2:3"},
		{"a\xEF\xBB\xBFb", "a\xEF\xBB\xBFb", ""}, // not leading: left as it is
	}
	for _, tt := range tests {
		out, d := Text("f", []byte(tt.in))
		if string(out) != tt.out {
			t.Errorf("Text(%q) = %q, want %q", tt.in, out, tt.out)
		}
		pos := ""
		if d != nil {
			pos = d.Pos.String()
			if d.Hint != "save the file as UTF-8" {
				t.Errorf("hint %q", d.Hint)
			}
		}
		if pos != tt.pos {
			t.Errorf("Text(%q) diagnostic at %q, want %q (%v)", tt.in, pos, tt.pos, d)
		}
	}
}
