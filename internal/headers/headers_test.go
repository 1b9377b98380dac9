package headers

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     File
		err      string
	}{
		{name: "empty", in: "", want: nil},
		{name: "rules", in: "# comment\n/*\n  Content-Security-Policy: default-src 'self'\n\tx-content-type-options:nosniff\n\n/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n",
			want: File{
				{Path: "/*", Fields: []Field{{"Content-Security-Policy", "default-src 'self'"}, {"X-Content-Type-Options", "nosniff"}}},
				{Path: "/assets/*", Fields: []Field{{"Cache-Control", "public, max-age=31536000, immutable"}}},
			}},
		{name: "crlf and empty value", in: "/a\r\n  X-A:\r\n", want: File{{Path: "/a", Fields: []Field{{"X-A", ""}}}}},
		{name: "pattern without header", in: "/a\n/b\n  X-B: 1\n", want: File{{Path: "/a"}, {Path: "/b", Fields: []Field{{"X-B", "1"}}}}},
		{name: "header first", in: "  X-A: 1\n", err: "_headers:1: a header before any path"},
		{name: "no colon", in: "/a\n  nosniff\n", err: "_headers:2:"},
		{name: "bad name", in: "/a\n  X A: 1\n", err: "_headers:2:"},
		{name: "not a path", in: "https://example.com/*\n", err: "_headers:1:"},
		{name: "path with space", in: "/a b\n", err: "_headers:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse([]byte(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Parse error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"/*", "/", true},
		{"/*", "/privacy/", true},
		{"/assets/*", "/assets/site.abc.css", true},
		{"/assets/*", "/assets", false},
		{"/assets/*", "/privacy/", false},
		{"/privacy/", "/privacy/", true},
		{"/privacy/", "/privacy/x", false},
		{"/:lang/privacy/", "/de/privacy/", true},
		{"/:lang/privacy/", "/privacy/", false},
		{"/a.b", "/aXb", false},
		{"/ü/*", "/ü/x", true},
	} {
		if got := Match(tc.pattern, tc.path); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
		}
	}
}

func TestFor(t *testing.T) {
	f, err := Parse([]byte("/*\n  X-A: 1\n  Cache-Control: no-cache\n/assets/*\n  Cache-Control: immutable\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := f.For("/assets/x.css")
	if h.Get("X-A") != "1" || h.Get("Cache-Control") != "no-cache, immutable" {
		t.Errorf("For(/assets/x.css) = %v", h)
	}
	if h := f.For("/"); h.Get("Cache-Control") != "no-cache" {
		t.Errorf("For(/) = %v", h)
	}
}

// FuzzParse: Parse never panics, and what it reads formats to a file it
// reads back the same.
func FuzzParse(f *testing.F) {
	f.Add([]byte("/*\n  X-A: 1\n/assets/*\n  Cache-Control: public\n"))
	f.Add([]byte("# c\n/:lang/*\n\tX-B:2\r\n"))
	f.Add([]byte("  X: 1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse(b)
		if err != nil {
			return
		}
		again, err := Parse(file.Format())
		if err != nil {
			t.Fatalf("Format output does not parse: %v\n%s", err, file.Format())
		}
		if len(file) == 0 && len(again) == 0 {
			return
		}
		if !reflect.DeepEqual(file, again) {
			t.Fatalf("round trip: %#v, then %#v", file, again)
		}
		for _, r := range file {
			file.For(r.Path)
		}
	})
}
