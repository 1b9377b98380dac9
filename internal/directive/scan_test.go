package directive

import (
	"reflect"
	"strings"
	"testing"
)

func TestScanAttrs(t *testing.T) {
	tests := []struct {
		in   string
		want []Attr
		used int
		err  string
	}{
		{`{}`, nil, 2, ""},
		{`{#main .a .b key="v 1" k2=v2 k3='v3' flag}`, []Attr{
			{"id", "main", 1}, {"class", "a", 7}, {"class", "b", 10}, {"key", "v 1", 13},
			{"k2", "v2", 23}, {"k3", "v3", 29}, {"flag", "", 37},
		}, 42, ""},
		{`{only="eu de"} rest`, []Attr{{"only", "eu de", 1}}, 14, ""},
		{`{a="&amp;"}`, []Attr{{"a", "&", 1}}, 11, ""},
		{`{a=}`, nil, 0, "expected a value"},
		{`{a="x}`, nil, 0, "unclosed quote"},
		{`{a b`, nil, 0, "unclosed {"},
		{`{a="x"b}`, nil, 0, "unexpected 'b'"},
		{`{#}`, nil, 0, "expected a name"},
	}
	for _, tt := range tests {
		got, used, err := scanAttrs([]byte(tt.in), 0)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.message, tt.err) {
				t.Errorf("scanAttrs(%s) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("scanAttrs(%s): %s", tt.in, err.message)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) || used != tt.used {
			t.Errorf("scanAttrs(%s) = %v, %d; want %v, %d", tt.in, got, used, tt.want, tt.used)
		}
	}
}

func TestScanLabel(t *testing.T) {
	tests := []struct {
		in    string
		label string
		used  int
		ok    bool
	}{
		{"[name]", "name", 6, true},
		{"[a [b] c] rest", "a [b] c", 9, true},
		{`[a \] b]`, "a ] b", 8, true},
		{"[open", "", 0, false},
		{"[line\nbreak]", "", 0, false},
	}
	for _, tt := range tests {
		label, used, ok := scanLabel([]byte(tt.in))
		if label != tt.label || used != tt.used || ok != tt.ok {
			t.Errorf("scanLabel(%q) = %q, %d, %v; want %q, %d, %v", tt.in, label, used, ok, tt.label, tt.used, tt.ok)
		}
	}
}
