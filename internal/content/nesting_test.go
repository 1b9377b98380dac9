package content

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
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

// deepRegions is n :::region blocks, each opened inside the one before.
// With the same number of colons goldmark nests them (an opener is no
// closer) and the first ::: closes them all.
func deepRegions(n int) string {
	return strings.Repeat(":::region{only=\"us\"}\n", n) + "x\n" + strings.Repeat(":::\n", n)
}

// fencedRegions is n regions nested with one more colon each level, the
// way they nest properly.
func fencedRegions(n int) string {
	var b strings.Builder
	for i := n; i > 0; i-- {
		b.WriteString(strings.Repeat(":", i+2) + "region{only=\"us\"}\n")
	}
	b.WriteString("x\n")
	for i := 1; i <= n; i++ {
		b.WriteString(strings.Repeat(":", i+2) + "\n")
	}
	return b.String()
}

func TestDirectiveNestingLimit(t *testing.T) {
	tests := []struct {
		name, body string
		pos        string // "" for no error
		msg        string
	}{
		{"regions at the limit", deepRegions(maxNesting), "", ""},
		{"regions beyond the limit", deepRegions(150), "content/x.md:104:1", "directives nest 101 levels deep here"},
		{"more colons at the limit", fencedRegions(maxNesting), "", ""},
		{"more colons beyond", fencedRegions(maxNesting + 1), "content/x.md:104:1", "directives nest 101 levels deep here"},
		{"many regions one after another", strings.Repeat(":::region{only=\"us\"}\nx\n:::\n\n", 500), "", ""},
		{"indented opener", strings.Repeat("  :::region{only=\"us\"}\n", maxNesting+1), "content/x.md:104:3", "directives nest 101 levels deep here"},
		{"list inside regions at the limit", strings.Repeat(":::region{only=\"us\"}\n", 60) + deepList(40, 2), "", ""},
		{"list inside regions", strings.Repeat(":::region{only=\"us\"}\n", 60) + deepList(41, 2), "content/x.md:104:81", "lists, quotes and directives nest 101 levels deep here"},
		{"regions inside a quote", strings.Repeat(strings.Repeat("> ", 60)+":::region{only=\"us\"}\n", 41), "content/x.md:44:121", "directives nest 101 levels deep here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, "---\ntitle: T\n---\n"+tt.body)
			if tt.pos == "" {
				for _, d := range diags {
					if strings.Contains(d.Message, "levels deep") { // unclosed regions are other errors
						t.Fatalf("unexpected %v", d)
					}
				}
				return
			}
			d := findDiag(diags, tt.pos, tt.msg+"; charter allows at most 100")
			if d == nil || len(diags) != 1 || d.Hint == "" {
				t.Fatalf("want one nesting error %q at %s, got %.500v", tt.msg, tt.pos, diags)
			}
		})
	}
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
	for _, body := range []string{deepList(3000, 2), strings.Repeat("> ", 100_000), strings.Repeat("- ", 100_000), deepRegions(10_000)} {
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

// Many directive errors in one page are placed with a line index, not by
// counting from the start of the file for each (60,000 stray ::: lines
// took 6 s); the positions stay the same, in characters.
func TestManyDirectiveErrorsPositions(t *testing.T) {
	body := "Grüße ::: ok\n" + strings.Repeat(":::\n", 60_000) + "ä :::\n  ::::\n"
	done := make(chan diag.List, 1)
	go func() { _, diags := parseString(t, "---\ntitle: T\n---\n"+body); done <- diags }()
	select {
	case diags := <-done:
		if len(diags) != 60_001 {
			t.Fatalf("%d diagnostics, want 60,001", len(diags))
		}
		for _, pos := range []string{"content/x.md:5:1", "content/x.md:60004:1", "content/x.md:60006:3"} {
			if findDiag(diags, pos, "closes no directive") == nil {
				t.Errorf("no error at %s", pos)
			}
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("not parsed within 2 minutes")
	}
}

// Brackets cost goldmark memory and time beyond the input's size: 4
// million "[" ran out of memory, 100,000 "[a](" took 33 s.
func TestBracketLimit(t *testing.T) {
	many := strings.Repeat("[", maxBrackets+1)
	tests := []struct {
		name, body string
		pos        string // "" for no error
	}{
		{"brackets", "intro\n\n" + many + "\n", "content/x.md:6:5001"},
		{"links that never close", strings.Repeat("[a](", maxBrackets+1) + "\n", "content/x.md:4:20001"},
		{"params", strings.Repeat(":param[company] ", maxBrackets+1) + "\n", "content/x.md:4:80007"},
		{"at the limit", strings.Repeat("[a](x) ", maxBrackets) + "\n", ""},
		{"many list items with links", strings.Repeat("- [a](x) [b](y)\n", maxBrackets), ""},
		{"many paragraphs", strings.Repeat("[a](x) [b](y)\n\n", maxBrackets), ""},
		{"data in a code block", "```json\n" + strings.Repeat("[1],\n", 2*maxBrackets) + "```\n", ""},
		{"table rows", strings.Repeat("| [a](x) | [b](y) |\n", maxBrackets), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan diag.List, 1)
			go func() { _, d := parseString(t, "---\ntitle: T\n---\n"+tt.body); done <- d }()
			var diags diag.List
			select {
			case diags = <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("not rejected within 2 minutes: goldmark parsed it")
			}
			if tt.pos == "" {
				if diags.HasErrors() {
					t.Fatalf("unexpected %v", diags)
				}
				return
			}
			if d := findDiag(diags, tt.pos, "more than 5000 ["); d == nil || len(diags) != 1 {
				t.Fatalf("want one bracket error at %s, got %v", tt.pos, diags)
			}
		})
	}
}
