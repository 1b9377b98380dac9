package content

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// deepList is a list nested n levels deep, two columns per level.
func deepList(n, indent int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i*indent))
		b.WriteString("- a\n")
	}
	return b.String()
}

func TestNestingLimit(t *testing.T) {
	tests := []struct {
		name, body string
		pos        string // "" for no error
	}{
		{"list at the limit", deepList(maxNesting, 2), ""},
		{"list beyond the limit", deepList(maxNesting+1, 2), "content/x.md:104:201"},
		{"four-column list", deepList(maxNesting/2, 4), ""},
		{"ordered list beyond", strings.Repeat("1. ", maxNesting+1) + "x\n", "content/x.md:4:301"},
		{"markers on one line", strings.Repeat("- ", maxNesting+1) + "x\n", "content/x.md:4:201"},
		{"quotes on one line", strings.Repeat("> ", maxNesting+1) + "x\n", "content/x.md:4:201"},
		{"quotes without spaces", "intro\n\n" + strings.Repeat(">", maxNesting+1) + " x\n", "content/x.md:6:101"},
		{"quotes and lists", strings.Repeat("> - ", maxNesting/2) + "- x\n", "content/x.md:4:201"},
		{"deeply indented code", "```\n" + strings.Repeat(" ", 1000) + "x\n```\n", ""},
		{"ordinary document", benchDocument(5000), ""},
		{"thematic breaks and emphasis", "- - -\n\n* * *\n\n*a* **b** - c > d\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, "---\ntitle: T\n---\n"+tt.body)
			if tt.pos == "" {
				if diags.HasErrors() {
					t.Fatalf("unexpected %v", diags)
				}
				return
			}
			d := findDiag(diags, tt.pos, "levels deep here; charter allows at most 100")
			if d == nil || len(diags) != 1 || d.Hint == "" {
				t.Fatalf("want one nesting error at %s, got %v", tt.pos, diags)
			}
		})
	}
}

// Deep nesting costs goldmark time superlinear in the input (a list 3,000
// levels deep took 24 s to parse, 10,000 more than 300 s); the limit is
// checked before goldmark parses, so these are rejected in a linear scan.
// The speed is measured by BenchmarkDeepNestingRejected; the deadline here
// only keeps a regression from hanging the suite.
func TestDeepNestingIsRejected(t *testing.T) {
	for _, body := range []string{deepList(3000, 2), strings.Repeat("> ", 100_000), strings.Repeat("- ", 100_000)} {
		done := make(chan bool, 1)
		go func() {
			_, diags := parseString(t, "---\ntitle: T\n---\n"+body)
			done <- diags.HasErrors()
		}()
		select {
		case failed := <-done:
			if !failed {
				t.Errorf("%d bytes: no nesting error", len(body))
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("%d bytes: not rejected within 2 minutes: goldmark parsed it", len(body))
		}
	}
}

// go test ./internal/content -run XXX -bench DeepNesting
func BenchmarkDeepNestingRejected(b *testing.B) {
	for _, levels := range []int{3000, 10_000} {
		body := "---\ntitle: T\n---\n" + deepList(levels, 2)
		b.Run(strconv.Itoa(levels), func(b *testing.B) {
			for b.Loop() {
				if _, diags := parseString(b, body); !diags.HasErrors() {
					b.Fatal("not rejected")
				}
			}
		})
	}
}
