package directive

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// testOptions know :::note, ::video and :abbr, without checks.
var testOptions = []Option{
	WithContainer("note", nil),
	WithLeaf("video", nil),
	WithText("abbr", nil),
}

// parse parses src with the directive extension (and goldmark's
// definition lists, whose ": " must stay theirs) made with opts.
func parse(src string, opts ...Option) (ast.Node, parser.Context) {
	md := goldmark.New(goldmark.WithExtensions(extension.DefinitionList, New(opts...)))
	pc := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return doc, pc
}

// directives lists the directives of doc in document order, one line
// each: two spaces per directive it is inside, then the fence, name,
// [label], {attrs} as key=value@offset and @offset.
func directives(doc ast.Node) []string {
	var out []string
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		var d *Directive
		fence := ""
		switch n := n.(type) {
		case *Container:
			d, fence = &n.Directive, strings.Repeat(":", n.Colons)
		case *Leaf:
			d, fence = &n.Directive, "::"
		case *Text:
			d, fence = &n.Directive, ":"
		default:
			return ast.WalkContinue, nil
		}
		if !entering {
			if fence != "::" && fence != ":" {
				depth--
			}
			return ast.WalkContinue, nil
		}
		var b strings.Builder
		b.WriteString(strings.Repeat("  ", depth) + fence + d.Name)
		if d.Label != "" {
			fmt.Fprintf(&b, "[%s]", d.Label)
		}
		if len(d.Attrs) > 0 {
			var attrs []string
			for _, a := range d.Attrs {
				if a.Value == "" {
					attrs = append(attrs, fmt.Sprintf("%s@%d", a.Key, a.Offset))
				} else {
					attrs = append(attrs, fmt.Sprintf("%s=%s@%d", a.Key, a.Value, a.Offset))
				}
			}
			fmt.Fprintf(&b, "{%s}", strings.Join(attrs, " "))
		}
		fmt.Fprintf(&b, "@%d", d.Offset)
		if d.Invalid {
			b.WriteString(" invalid")
		}
		out = append(out, b.String())
		if fence != "::" && fence != ":" {
			depth++
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"container", ":::note\ntext\n:::\n", []string{":::note@0"}},
		{"container with label and attributes", ":::note[Read *this*]{#top .a .b}\ntext\n:::\n",
			[]string{":::note[Read *this*]{id=top@21 class=a@26 class=b@29}@0"}},
		{"closing fence may be longer", ":::note\nA\n:::::\n\nB\n", []string{":::note@0"}},
		{"closing fence may be indented", ":::note\nA\n   :::\n", []string{":::note@0"}},
		{"container interrupts a paragraph", "para\n:::note\nA\n:::\n", []string{":::note@5"}},
		{"nested with more colons outside", "::::note\nouter\n:::note\ninner\n:::\nstill\n::::\n",
			[]string{"::::note@0", "  :::note@15"}},
		{"nested three deep", ":::::note\n::::note\n:::note\nx\n:::\n::::\n:::::\n",
			[]string{":::::note@0", "  ::::note@10", "    :::note@19"}},
		{"leaf and text inside a container", ":::note\n::video{src=a.mp4}\n\nSee :abbr[CSS].\n:::\n",
			[]string{":::note@0", "  ::video{src=a.mp4@16}@8", "  :abbr[CSS]@32"}},
		{"in a list item", "- one\n\n  :::note\n  A\n  :::\n- two\n", []string{":::note@9"}},
		{"in a block quote", "> :::note\n> A\n> :::\n", []string{":::note@2"}},
		{"leaf", "::video{src=\"a b.mp4\" autoplay}\n", []string{"::video{src=a b.mp4@8 autoplay@22}@0"}},
		{"leaf with a label", "::video[The talk]\n", []string{"::video[The talk]@0"}},
		{"text", "Hi :abbr[HTML]{title=\"Hyper Text\"}.", []string{":abbr[HTML]{title=Hyper Text@15}@3"}},
		{"text at line start", ":abbr[A] b", []string{":abbr[A]@0"}},
		{"text with attributes only", "x :abbr{#i}", []string{":abbr{id=i@8}@2"}},
		{"text in emphasis and link", "*:abbr[a]* [:abbr[b]](/x)", []string{":abbr[a]@1", ":abbr[b]@12"}},
		{"text after punctuation", "(:abbr[a])", []string{":abbr[a]@1"}},
		{"label with brackets and escapes", `:abbr[a [b] \] c]`, []string{":abbr[a [b] ] c]@0"}},
		{"quoting", `:abbr{a="x 'y'" b='x "y"' c=x&amp;y d="&lt;" e}`,
			[]string{`:abbr{a=x 'y'@6 b=x "y"@16 c=x&y@26 d=<@36 e@45}@0`}},
		{"attribute names", "::video{data-x=1 _y=2 :z=3 x.y=4}\n", []string{"::video{data-x=1@8 _y=2@17 :z=3@22 x.y=4@27}@0"}},
		{"tabs between attributes", "::video{\ta=1\tb=2 }\n", []string{"::video{a=1@9 b=2@13}@0"}},
		{"not a directive: note", "Note: this", nil},
		{"not a directive: time", "at 10:30 today", nil},
		{"not a directive: url", "https://example.com/a:b[c]", nil},
		{"not a directive: word colon", "list:[1] and a:b{c} and é:abbr[x]", nil},
		{"not a directive: emoji", "nice :smile: here", nil},
		{"not a directive: double colon inline", "x ::abbr[y] z", nil},
		{"not a directive: ipv6", "::1 is localhost\n", nil},
		{"not a directive: two colons alone", "::\n", nil},
		{"not a directive: text without [ or {", "x :abbr y", nil},
		{"not a directive: escaped", `\:abbr[x]`, nil},
		{"not a directive: code span", "`:abbr[x]`", nil},
		{"not a directive: fenced code", "```\n:::note\n```\n", nil},
		{"not a directive: indented code", "    :::note\n", nil},
		{"not a directive: colons and punctuation", ":::!\n", nil},
		{"definition list", "Term\n: Definition\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, pc := parse(tt.src, testOptions...)
			if errs := Errors(pc); len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			if got := directives(doc); !slices.Equal(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		offset int
		msg    string
		hint   string
	}{
		// Syntax.
		{"unclosed container", "text\n\n:::note\nA\n", 6, "unclosed :::note directive opened here", "add a line ::: to close it"},
		{"unclosed with more colons", "::::note\nA\n", 0, "unclosed ::::note directive opened here", "add a line :::: to close it"},
		{"same colons do not nest", ":::note\n:::note\nA\n:::\n", 8, "unclosed :::note",
			"add a line ::: to close it; to nest it in the :::note above, give that one more colons (::::)"},
		{"stray closing fence", "A\n\n:::\n", 3, "::: closes no directive", "remove it"},
		{"space after colons", "::: note\n", 0, "a space between ::: and the directive name", "write :::note without a space"},
		{"text after a leaf", "::video{a=1} more\n", 12, "unexpected text after ::video", "a directive must be alone on its line"},
		{"text after a container", ":::note x\n:::\n", 7, "unexpected text after :::note", ""},
		{"unclosed attributes", ":::note{a=1\nA\n:::\n", 7, "unclosed { in directive attributes", "close the attributes with } on the same line"},
		{"attributes across lines", "x :abbr{a=1\nb=2}", 7, "unclosed { in directive attributes", ""},
		{"unclosed double quote", `::video{a="x}` + "\n", 10, "unclosed quote in directive attribute a", `close the value with "`},
		{"unclosed single quote", "::video{a='x}\n", 10, "unclosed quote in directive attribute a", "close the value with '"},
		{"quote across lines", "x :abbr{a=\"x\ny\"}", 10, "unclosed quote", ""},
		{"no value", "::video{a=}\n", 10, "expected a value after a=", `write key="value"`},
		{"no value at end", "::video{a=", 10, "expected a value after =", ""},
		{"no id name", "::video{#}\n", 8, `expected a name after '#'`, ""},
		{"bad character", "::video{a=1 @x}\n", 12, `unexpected '@' in directive attributes`, `write attributes as {key="value"}`},
		{"no space between attributes", `::video{a="x"b}` + "\n", 13, "unexpected 'b' in directive attributes", "separate attributes with spaces"},
		{"unclosed label", "x :abbr[a y", 7, "unclosed [ in directive abbr", "close the label with ] on the same line"},
		{"label across lines", "x :abbr[a\ny]", 7, "unclosed [ in directive abbr", ""},
		{"unclosed container label", ":::note[x\nA\n:::\n", 7, "unclosed [ in directive note", ""},
		// Names, checked by the transformer.
		{"misspelled container", ":::nots\nA\n:::\n", 0, "unknown directive :::nots", "did you mean :::note?"},
		{"container in another case", ":::Note\nA\n:::\n", 0, "unknown directive :::Note", "did you mean :::note?"},
		{"misspelled leaf", "::vidoe\n", 0, "unknown directive ::vidoe", "did you mean ::video?"},
		{"misspelled text", "a :abrr[x]", 2, "unknown directive :abrr", "did you mean :abbr?"},
		{"leaf as container", ":::video\nA\n:::\n", 0, "unknown directive :::video", "::video is a leaf directive: write ::video{...} on a line of its own"},
		{"container as leaf", "::note\n", 0, "unknown directive ::note", ":::note is a container: open it with :::note{...} on its own line and close it with :::"},
		{"text as leaf", "::abbr[x]\n", 0, "unknown directive ::abbr", ":abbr is a text directive: write :abbr[...] inside a paragraph"},
		{"unknown", "x\n\ny :zzz[x]", 5, "unknown directive :zzz", `known directives: :::note, ::video, :abbr; write \: for a literal colon`},
		{"unknown in a footnote", "a[^1]\n\n[^1]: b :zzz[x]\n", 15, "unknown directive :zzz", ""},
		{"unknown in a block quote", "> - :::zzz\n>   A\n>   :::\n", 4, "unknown directive :::zzz", ""},
		{"position in bytes", "Grüße :zzz[x]", 8, "unknown directive :zzz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, pc := parse(tt.src, testOptions...)
			errs := Errors(pc)
			if len(errs) != 1 {
				t.Fatalf("want one error, got %v", errs)
			}
			e := errs[0]
			if e.Offset != tt.offset || !strings.Contains(e.Message, tt.msg) || !strings.Contains(e.Hint, tt.hint) {
				t.Errorf("got %d %q (hint %q)\nwant %d %q (hint with %q)", e.Offset, e.Message, e.Hint, tt.offset, tt.msg, tt.hint)
			}
		})
	}
}

func TestNames(t *testing.T) {
	doc, pc := parse("::video-2_x\n:a-b_c9[x] :a-[y]\n", WithLeaf("video-2_x", nil), WithText("a-b_c9", nil), WithText("a-", nil))
	if errs := Errors(pc); len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	if got, want := directives(doc), []string{"::video-2_x@0", ":a-b_c9[x]@12", ":a-[y]@23"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNoDirectivesKnown(t *testing.T) {
	_, pc := parse(":::note\nA\n:::\n")
	errs := Errors(pc)
	if len(errs) != 1 || errs[0].Message != "unknown directive :::note" || !strings.Contains(errs[0].Hint, "no directives are known") {
		t.Errorf("got %v", errs)
	}
}

func TestValidators(t *testing.T) {
	var calls []string
	record := func(pc parser.Context, d *Directive) { calls = append(calls, d.Name) }
	upper := func(pc parser.Context, d *Directive) {
		calls = append(calls, d.Name)
		d.Label = strings.ToUpper(strings.TrimSpace(d.Label))
		d.Data = len(d.Attrs)
		if _, ok := d.Attr("src"); !ok {
			Errorf(pc, d.Offset, "%s needs a src", d.Name).WithHint("write ::%s{src=...}", d.Name)
		}
	}
	opts := []Option{WithContainer("note", record), WithLeaf("video", upper), WithText("abbr", record)}
	src := "::video{src=x}\n\n:::note\n:abbr[a] :zzz[b]\n\n::video[ talk ]{a=1 b=2}\n:::\n\n:::note{broken\n\n::video{\n"
	doc, pc := parse(src, opts...)

	// Validators run in document order, not for directives with syntax
	// errors, nor for unknown names.
	if want := []string{"video", "note", "abbr", "video"}; !slices.Equal(calls, want) {
		t.Errorf("calls %q, want %q", calls, want)
	}
	var got []string
	for _, e := range Errors(pc) {
		got = append(got, fmt.Sprintf("%d %s (%s)", e.Offset, e.Message, e.Hint))
	}
	// Syntax errors come first, as the parsers met them; then the
	// transformer's, in document order.
	want := []string{
		"79 unclosed { in directive attributes (close the attributes with } on the same line)",
		"95 unclosed { in directive attributes (close the attributes with } on the same line)",
		"72 unclosed :::note directive opened here (add a line ::: to close it)",
		`33 unknown directive :zzz (known directives: :::note, ::video, :abbr; write \: for a literal colon)`,
		"42 video needs a src (write ::video{src=...})",
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var leaves []*Leaf
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*Leaf); ok && entering {
			leaves = append(leaves, l)
		}
		return ast.WalkContinue, nil
	})
	if len(leaves) != 3 || leaves[1].Label != "TALK" || leaves[1].Data != 2 || leaves[0].Data != 1 || leaves[2].Data != nil || !leaves[2].Invalid {
		t.Errorf("leaves: %+v %+v %+v", leaves[0].Directive, leaves[1].Directive, leaves[2].Directive)
	}
}

// A validator reads what the application put in the parse's context.
func TestValidatorContext(t *testing.T) {
	key := parser.NewContextKey()
	allowed := func(pc parser.Context, d *Directive) {
		if a, _ := d.Attr("src"); !slices.Contains(pc.Get(key).([]string), a.Value) {
			Errorf(pc, a.Offset, "src %q is not allowed", a.Value)
		}
	}
	md := goldmark.New(goldmark.WithExtensions(New(WithLeaf("video", allowed))))
	for _, allow := range [][]string{{"a"}, {"b"}} {
		pc := parser.NewContext()
		pc.Set(key, allow)
		md.Parser().Parse(text.NewReader([]byte("::video{src=a}\n")), parser.WithContext(pc))
		if errs := Errors(pc); (len(errs) == 0) != (allow[0] == "a") {
			t.Errorf("allowed %q: errors %v", allow, errs)
		}
	}
}

func TestAttr(t *testing.T) {
	d := Directive{Attrs: []Attr{{"id", "a", 1}, {"class", "x", 4}, {"id", "b", 7}}}
	if a, ok := d.Attr("id"); !ok || a.Value != "b" || a.Offset != 7 {
		t.Errorf("Attr(id) = %v, %v; want the last", a, ok)
	}
	if _, ok := d.Attr("title"); ok {
		t.Error("Attr(title) found")
	}
}

func TestNewTransformer(t *testing.T) {
	// The parsers and the transformer put together by hand, as New does.
	md := goldmark.New()
	md.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(NewBlockParser(), 90)),
		parser.WithInlineParsers(util.Prioritized(NewInlineParser(), 90)),
		parser.WithASTTransformers(util.Prioritized(NewTransformer(WithText("abbr", nil)), 1000)),
	)
	pc := parser.NewContext()
	md.Parser().Parse(text.NewReader([]byte(":abbr[a] :abr[b]")), parser.WithContext(pc))
	if errs := Errors(pc); len(errs) != 1 || errs[0].Offset != 9 || errs[0].Hint != "did you mean :abbr?" {
		t.Errorf("errors %v", errs)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Offset: 3, Message: "unknown directive :x"}
	if e.Error() != "offset 3: unknown directive :x" {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestHTMLRenderer(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(New(testOptions...)))
	var out strings.Builder
	src := ":::note\nSee :abbr[<b>]{title=x}.\n\n::video{src=a}\n:::\n"
	if err := md.Convert([]byte(src), &out); err != nil {
		t.Fatal(err)
	}
	if want := "<p>See &lt;b&gt;.</p>\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
