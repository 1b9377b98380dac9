package templates

import (
	"fmt"
	"html/template"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/diag"
)

// UIKeys finds the keys T is called with, at the position of the key
// argument, in characters.
func TestUIKeys(t *testing.T) {
	tests := []struct {
		name string
		file string // a partial of the fixture, unless a kind's file
		text string
		want []string // "line:col key", "line:col key*" for a pattern
	}{
		{
			name: "method on dot and on $",
			text: "{{ define \"x\" }}<a>{{ .T \"nav.home\" }}</a>\n<b>{{ $.T \"page.version\" \"version\" .Version }}</b>{{ end }}",
			want: []string{"1:26 nav.home", "2:11 page.version"},
		},
		{
			name: "columns count characters, tabs as one",
			text: "{{ define \"x\" }}\n\t<p title=\"Ünïcödé\">{{ .T `nav.raw` }}</p>\n<p>日本語{{ .T \"nav.ja\" }}</p>{{ end }}",
			want: []string{"2:27 nav.raw", "3:13 nav.ja"},
		},
		{
			name: "in if, else, range, with, template and nested pipelines",
			text: `{{ define "x" }}{{ if .Fallback }}{{ .T "a" }}{{ else }}{{ .T "b" }}{{ end }}` +
				`{{ range .Nav.Links }}{{ $.T "c" }}{{ end }}{{ with .TOC }}{{ $.T "d" }}{{ else }}{{ $.T "e" }}{{ end }}` +
				`{{ template "y" ($.T "f") }}{{ $.T "g" "x" ($.T "h") }}{{ end }}{{ define "y" }}{{ . }}{{ end }}`,
			want: []string{"1:41 a", "1:63 b", "1:107 c", "1:144 d", "1:167 e", "1:203 f", "1:217 g", "1:230 h"},
		},
		{
			name: "piped into T, a variable's T, a field's T",
			text: `{{ define "x" }}{{ "p" | .T }}{{ $p := . }}{{ $p.T "v" }}{{ .Frame.T "f" }}{{ end }}`,
			want: []string{"1:20 p", "1:52 v", "1:70 f"},
		},
		{
			name: "printf of a literal format is a pattern",
			text: `{{ define "x" }}{{ $.T (printf "consent.category.%s.title" .ID) }}{{ .T (printf "%d%%.x%[1]v" 1) }}{{ end }}`,
			want: []string{"1:32 consent.category.*.title*", "1:81 *%.x**"},
		},
		{
			name: "keys not known before rendering are left out",
			text: `{{ define "x" }}{{ .T .Key }}{{ .T (print "a" "b") }}{{ $k := "a" }}{{ .T $k }}{{ .T }}{{ $T := 1 }}{{ $T }}{{ .Title }}{{ end }}`,
			want: nil,
		},
		{
			name: "a kind's file",
			file: "layouts/404.html",
			text: "{{ define \"main\" }}\n<h1>{{ .T \"notfound.title\" }}</h1>{{ end }}",
			want: []string{"2:11 notfound.title"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "layouts/partials/x.html"
			}
			set, diags := Load(fixture(map[string]string{file: tt.text}), "layouts", isoDate)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var got []string
			for _, k := range set.UIKeys() {
				if k.Pos.File != file {
					continue
				}
				s := fmt.Sprintf("%d:%d %s", k.Pos.Line, k.Pos.Col, k.Key)
				if k.Pattern {
					s += "*"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("UIKeys in %s:\n got %q\nwant %q", file, got, tt.want)
			}
		})
	}
}

// UIKeys gives each call's names for placeholders, the arguments at odd
// positions after the key, at their string literals, in characters.
func TestUIKeyArgs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // "line:col key: line:col name, ..." with "!" for a name without a value, "..." for an open call
	}{
		{
			name: "no names",
			text: `{{ .T "nav.home" }}{{ "nav.skip" | .T }}`,
			want: []string{"1:7 nav.home:", "1:23 nav.skip:"},
		},
		{
			name: "name, value pairs",
			text: "{{ .T \"page.effective\" \"datum\" (date .Effective .Lang) }}\n" +
				"<p>{{ $.T \"page.fallback_notice\" \"language\" $.LangName `original` .Name }}</p>",
			want: []string{"1:7 page.effective: 1:24 datum", "2:11 page.fallback_notice: 2:34 language, 2:56 original"},
		},
		{
			name: "a piped value is the last argument",
			text: `{{ .Version | .T "page.version" "version" }}{{ .Version | .T "page.version" }}`,
			want: []string{"1:18 page.version: 1:33 version", "1:62 page.version:"},
		},
		{
			name: "a last name without a value",
			text: `{{ .T "page.version" "version" }}{{ .T "page.effective" "date" .D "x" }}`,
			want: []string{"1:7 page.version: 1:22 version!", "1:40 page.effective: 1:57 date, 1:67 x!"},
		},
		{
			name: "names not written as literals make the call open",
			text: `{{ .T "a" $.Name .V }}{{ .T "b" "x" 1 (print "y") 2 }}{{ .T "c" "x" 1 $.Last }}`,
			want: []string{"1:7 a: ...", "1:29 b: 1:33 x ...", "1:61 c: 1:65 x"},
		},
		{
			name: "a pattern's names, and a call inside a value",
			text: `{{ $.T "consent.blocked_text" "category" ($.T (printf "consent.category.%s.title" .ID) "n" 1) }}`,
			want: []string{"1:8 consent.blocked_text: 1:31 category", "1:55 consent.category.*.title: 1:88 n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const file = "layouts/partials/x.html"
			set, diags := Load(fixture(map[string]string{file: tt.text}), "layouts", isoDate)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var got []string
			for _, k := range set.UIKeys() {
				if k.Pos.File != file {
					continue
				}
				var args []string
				for _, a := range k.Args {
					if a.Pos.File != file {
						t.Errorf("%s: name %q in %s", k.Key, a.Name, a.Pos.File)
					}
					s := fmt.Sprintf("%d:%d %s", a.Pos.Line, a.Pos.Col, a.Name)
					if a.NoValue {
						s += "!"
					}
					args = append(args, s)
				}
				s := fmt.Sprintf("%d:%d %s:", k.Pos.Line, k.Pos.Col, k.Key)
				if len(args) > 0 {
					s += " " + strings.Join(args, ", ")
				}
				if k.Open {
					s += " ..."
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("UIKeys:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// A function named T, which the build does not define but a site's
// code could, is a T call too.
func TestUIKeysOfAFunctionT(t *testing.T) {
	const text = `{{ T "fn" }}{{ .T "m" }}`
	tmpl := template.Must(template.New("f.html").Funcs(template.FuncMap{"T": func(string) string { return "" }}).Parse(text))
	var got []string
	for _, k := range uiKeys(tmpl, diag.NewSource("f.html", []byte(text))) {
		got = append(got, k.Pos.String()+" "+k.Key)
	}
	if want := []string{"f.html:1:6 fn", "f.html:1:19 m"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The positions of the example site's keys, as a build reports them.
func TestUIKeysOfTheExampleLayouts(t *testing.T) {
	set, diags := Load(os.DirFS("../.."), "layouts", isoDate)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	keys := set.UIKeys()
	index := map[string]UIKey{}
	for _, k := range keys {
		if _, ok := index[k.Key]; !ok {
			index[k.Key] = k
		}
	}
	for key, want := range map[string]string{
		"nav.footer":                     "layouts/partials/footer.html:22:24",
		"nav.skip":                       "layouts/base.html:29:41",
		"consent.category.*.title":       "layouts/partials/consent.html:42:157",
		"notfound.title":                 "layouts/partials/title.html:4:78",
		"page.effective":                 "layouts/policy.html:22:92",
		"consent.category.*.description": "layouts/partials/consent.html:44:37",
	} {
		if k, ok := index[key]; !ok || k.Pos.String() != want {
			t.Errorf("%s at %s (found %v), want %s", key, k.Pos, ok, want)
		}
	}
	// And the names a call passes, at theirs.
	if a := index["page.effective"].Args; len(a) != 1 || a[0].Name != "date" || a[0].Pos.String() != "layouts/policy.html:22:109" || a[0].NoValue {
		t.Errorf("page.effective passes %+v, want date at layouts/policy.html:22:109", a)
	}
	// A diagnostic at a key gets the key's line, the key underlined.
	d := diag.Errorf(index["nav.footer"].Pos, "x")
	set.AddExcerpts(diag.List{d})
	if want := (diag.Excerpt{Line: `<nav aria-label="{{ .T "nav.footer" }}">`, Col: 24, Width: 12}); d.Excerpt == nil || *d.Excerpt != want {
		t.Errorf("excerpt %+v, want %+v", d.Excerpt, want)
	}
	// Each use once, in position order within its file.
	for i := 1; i < len(keys); i++ {
		a, b := keys[i-1].Pos, keys[i].Pos
		if a.File == b.File && (a.Line > b.Line || a.Line == b.Line && a.Col >= b.Col) {
			t.Errorf("%s before %s", a, b)
		}
	}
}
