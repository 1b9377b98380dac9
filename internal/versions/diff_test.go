package versions

import (
	"strings"
	"testing"
)

func render(ops []Op) string {
	var b strings.Builder
	for _, o := range ops {
		switch o.Kind {
		case Added:
			b.WriteString("[+" + o.Text + "]")
		case Removed:
			b.WriteString("[-" + o.Text + "]")
		default:
			b.WriteString(o.Text)
		}
	}
	return b.String()
}

func TestWords(t *testing.T) {
	for _, tt := range []struct{ old, new, want string }{
		{"We keep logs for 90 days.", "We keep logs for 30 days.", "We keep logs for [-90][+30] days."},
		{"same text", "same text", "same text"},
		{"", "new", "[+new]"},
		{"old", "", "[-old]"},
		{"Wir speichern Protokolle.", "Wir speichern Protokolle 30 Tage lang.", "Wir speichern Protokolle[+ 30 Tage lang]."},
		{"保存期間は90日です。", "保存期間は30日です。", "保存期間は[-90][+30]日です。"},
		{"a, b", "a; b", "a[-,][+;] b"},
	} {
		if got := render(Words(tt.old, tt.new)); got != tt.want {
			t.Errorf("Words(%q, %q) = %q, want %q", tt.old, tt.new, got, tt.want)
		}
	}
}

func TestBlocks(t *testing.T) {
	got := Blocks([]byte(`<h2 id="a">Data <a href="/x">we</a> collect</h2><p>First  line
second.<sup><a href="#fn1">1</a></sup></p><ul><li>One<ul><li>Nested</li></ul></li></ul><table><tr><td>Cell</td></tr></table><form><input></form>`))
	want := []Block{{"h2", "Data we collect"}, {"p", "First line second."}, {"li", "One"}, {"li", "Nested"}, {"p", "Cell"}}
	if len(got) != len(want) {
		t.Fatalf("Blocks = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A changed paragraph is compared word by word; a new section is added
// whole; a paragraph with little in common is removed and added.
func TestCompare(t *testing.T) {
	old := []Block{{"h2", "Intro"}, {"p", "We keep logs for 90 days."}, {"p", "Totally different old text here."}, {"h2", "Contact"}}
	new := []Block{{"h2", "Intro"}, {"p", "We keep logs for 30 days."}, {"p", "Nothing alike at all now."}, {"h2", "Children"}, {"p", "We do not knowingly collect."}, {"h2", "Contact"}}
	changes := Compare(old, new)
	var got []string
	for _, c := range changes {
		switch {
		case c.Ops != nil:
			got = append(got, "~"+render(c.Ops))
		case c.Kind == Added:
			got = append(got, "+"+c.Text)
		case c.Kind == Removed:
			got = append(got, "-"+c.Text)
		default:
			got = append(got, "="+c.Text)
		}
	}
	want := []string{"=Intro", "~We keep logs for [-90][+30] days.", "-Totally different old text here.", "+Nothing alike at all now.",
		"+Children", "+We do not knowingly collect.", "=Contact"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Compare:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c, a, r := Counts(changes); c != 1 || a != 3 || r != 1 {
		t.Errorf("Counts = %d, %d, %d", c, a, r)
	}
	h := string(HTML(changes, Labels{Added: "added", Removed: "removed"}))
	for _, w := range []string{
		`<p class="changed">We keep logs for <del><span class="visually-hidden">removed: </span>90</del><ins><span class="visually-hidden">added: </span>30</ins> days.</p>`,
		`<h2 class="added"><ins><span class="visually-hidden">added: </span>Children</ins></h2>`,
		`<h2>Intro</h2>`,
	} {
		if !strings.Contains(h, w) {
			t.Errorf("HTML lacks %s:\n%s", w, h)
		}
	}
}

// Only what changed is shown, under the headings it stands under.
func TestInContext(t *testing.T) {
	old := []Block{{"h2", "A"}, {"p", "a1"}, {"h3", "A.1"}, {"p", "keep logs 90 days"}, {"h2", "B"}, {"p", "b1"}, {"h3", "B.1"}, {"p", "b2"}}
	new := []Block{{"h2", "A"}, {"p", "a1"}, {"h3", "A.1"}, {"p", "keep logs 30 days"}, {"h2", "B"}, {"p", "b1"}, {"h3", "B.1"}, {"p", "b2"}, {"p", "new"}}
	var got []string
	for _, c := range InContext(Compare(old, new)) {
		got = append(got, c.Tag+":"+c.Text+render(c.Ops))
	}
	want := "h2:A h3:A.1 p:keep logs [-90][+30] days h2:B h3:B.1 p:new"
	if strings.Join(got, " ") != want {
		t.Errorf("InContext = %s, want %s", strings.Join(got, " "), want)
	}
	// An added section stands under its parent, not under its sibling.
	old = []Block{{"h2", "A"}, {"h3", "A.1"}, {"p", "x"}, {"h3", "A.3"}}
	new = []Block{{"h2", "A"}, {"h3", "A.1"}, {"p", "x"}, {"h3", "A.2"}, {"p", "y"}, {"h3", "A.3"}}
	got = nil
	for _, c := range InContext(Compare(old, new)) {
		got = append(got, c.Tag+":"+c.Text)
	}
	if want := "h2:A h3:A.2 p:y"; strings.Join(got, " ") != want {
		t.Errorf("InContext = %s, want %s", strings.Join(got, " "), want)
	}
}

func TestHTMLEscapes(t *testing.T) {
	h := string(HTML(Compare(nil, []Block{{"p", `<script>alert("x")</script> & more`}}), Labels{Added: "<b>", Removed: "x"}))
	if strings.Contains(h, "<script>") || strings.Contains(h, "<b>") || !strings.Contains(h, "&lt;script&gt;") {
		t.Errorf("not escaped: %s", h)
	}
}

// Whatever the texts, applying the ops gives both texts back.
func FuzzWords(f *testing.F) {
	f.Add("We keep logs for 90 days.", "We keep logs for 30 days.")
	f.Add("保存期間は90日です。", "")
	f.Add("a\u0301 b", "a b\x00")
	f.Fuzz(func(t *testing.T, old, new string) {
		if len(old) > 2000 || len(new) > 2000 {
			return
		}
		var a, b strings.Builder
		for _, o := range Words(old, new) {
			if o.Kind != Added {
				a.WriteString(o.Text)
			}
			if o.Kind != Removed {
				b.WriteString(o.Text)
			}
		}
		if a.String() != old || b.String() != new {
			t.Errorf("ops of %q → %q rebuild %q → %q", old, new, a.String(), b.String())
		}
	})
}

func FuzzBlocks(f *testing.F) {
	f.Add([]byte(`<h2>x</h2><p>y<ul><li>z`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, bl := range Blocks(b) {
			if bl.Text == "" || strings.TrimSpace(bl.Text) != bl.Text {
				t.Errorf("block %+v", bl)
			}
		}
	})
}
