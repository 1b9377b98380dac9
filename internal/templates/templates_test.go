package templates

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/i18n"
)

func isoDate(t time.Time, lang string) string { return t.Format("2006-01-02") }

func fixture(overrides map[string]string) fstest.MapFS {
	files := map[string]string{
		"layouts/base.html":          `{{ define "base" }}<html lang="{{ .Lang }}"><title>{{ .Title }}</title>{{ template "main" . }}{{ template "footer" . }}</html>{{ end }}`,
		"layouts/partials/foot.html": `{{ define "footer" }}<footer>{{ .T "nav.home" }}</footer>{{ end }}`,
		"layouts/page.html":          `{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<time>{{ date .Effective .Lang }}</time>{{ end }}`,
		"layouts/policy.html":        `{{ define "main" }}<h1 class="policy">{{ .Title }}</h1><p class="meta"><time>{{ date .Effective .Lang }}</time> {{ .Version }}</p>{{ .Content }}{{ end }}`,
		"layouts/home.html":          `{{ define "main" }}<h1 class="home">{{ .Title }}</h1>{{ end }}`,
		"layouts/404.html":           `{{ define "main" }}<p>404</p>{{ end }}`,
		"layouts/alias.html":         `{{ define "base" }}<meta http-equiv="refresh" content="0; url={{ .Target }}">{{ end }}`,
	}
	for k, v := range overrides {
		files[k] = v
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func TestExecuteKinds(t *testing.T) {
	set, diags := Load(fixture(nil), "layouts", isoDate)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := &Page{
		Frame: &Frame{Lang: "de", Translate: func(key string, args ...any) string { return "T(" + key + ")" }},
		Title: "Datenschutz", Content: "<p>ok</p>",
		Effective: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Version: "3.1",
		Target: "https://acme24.de/datenschutz/",
	}
	tests := map[string][]string{
		"page":   {`<html lang="de">`, `<h1>Datenschutz</h1><p>ok</p>`, `<time>2026-11-01</time>`, `<footer>T(nav.home)</footer>`},
		"policy": {`<html lang="de">`, `<h1 class="policy">Datenschutz</h1><p class="meta"><time>2026-11-01</time> 3.1</p><p>ok</p>`, `<footer>T(nav.home)</footer>`},
		"home":   {`<h1 class="home">Datenschutz</h1>`},
		"404":    {`<p>404</p>`},
		"alias":  {`url=https://acme24.de/datenschutz/`},
	}
	for kind, wants := range tests {
		b, err := set.Execute(kind, p)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: missing %q in %s", kind, w, b)
			}
		}
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	set, diags := Load(fixture(nil), "layouts", isoDate)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, evil := range []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`} {
		p := &Page{Frame: &Frame{Lang: "en", Translate: func(string, ...any) string { return evil }}, Title: evil}
		b, err := set.Execute("page", p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "<script>") || strings.Contains(string(b), "<img") {
			t.Errorf("hostile text became markup: %s", b)
		}
	}
}

func TestLayoutErrorsHavePositions(t *testing.T) {
	tests := []struct {
		name, file, text, want string
	}{
		{"parse error", "layouts/page.html", "{{ define \"main\" }}\n<p>{{ .Title </p>{{ end }}", "layouts/page.html:2:"},
		{"unknown function", "layouts/partials/foot.html", "{{ define \"footer\" }}\n\n{{ nosuch }}{{ end }}", "layouts/partials/foot.html:3:"},
		{"missing base", "layouts/base.html", "{{ define \"other\" }}{{ end }}", `layouts/base.html: no template "base" defined`},
		{"invalid UTF-8", "layouts/page.html", "{{ define \"main\" }}\n<p>Gr\xFC\xDFe</p>{{ end }}", "layouts/page.html:2:6: invalid UTF-8 (byte 0xFC) (save the file as UTF-8)"},
		{"error after a BOM", "layouts/page.html", "\xEF\xBB\xBF{{ define \"main\" }}{{ .Title </p>{{ end }}", "layouts/page.html:1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Load(fixture(map[string]string{tt.file: tt.text}), "layouts", isoDate)
			if !diags.HasErrors() {
				t.Fatal("want an error")
			}
			if got := diags.Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
}

func TestExecutionErrorHasPosition(t *testing.T) {
	set, diags := Load(fixture(map[string]string{
		"layouts/page.html": "{{ define \"main\" }}\n  {{ .NoSuchField }}{{ end }}",
	}), "layouts", isoDate)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	_, err := set.Execute("page", &Page{Frame: &Frame{}})
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/page.html:2:") {
		t.Fatalf("got %v, want layouts/page.html:2:...", err)
	}
}

func TestExecutePartial(t *testing.T) {
	set, _ := Load(fixture(map[string]string{
		"layouts/partials/form.html": `{{ define "form" }}<form id="{{ .ID }}"></form>{{ end }}`,
	}), "layouts", isoDate)
	h, ok, err := set.ExecutePartial("form", map[string]any{"ID": `x"y`})
	if err != nil || !ok || string(h) != `<form id="x&#34;y"></form>` {
		t.Fatalf("got %q %v %v", h, ok, err)
	}
	if _, ok, _ := set.ExecutePartial("nosuch", nil); ok {
		t.Error("nosuch should not exist")
	}
}

func TestIsEmail(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want bool
	}{
		{"privacy@acme24.de", true}, {"a.b+c@x.co.uk", true},
		{"https://acme24.de/kontakt/", false}, {"+49 69 2400", false}, {"a@b", false},
		{"mailto:a@b.de", false}, {"a@b.de, c@d.de", false}, {42, false}, {"@x.de", false},
	} {
		if got := isEmail(tt.v); got != tt.want {
			t.Errorf("isEmail(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"We use cookies. With your consent, more. Change it any time.", []string{"We use cookies.", "With your consent, more.", "Change it any time."}},
		{"当サイトはCookieを使用しています。閲覧を続けることで同意したものとみなされます。", []string{"当サイトはCookieを使用しています。", "閲覧を続けることで同意したものとみなされます。"}},
		{"Version 3.2 is in force", []string{"Version 3.2 is in force"}},
		{"هل توافق؟ نعم.", []string{"هل توافق؟", "نعم."}},
		{"हम कुकीज़ का उपयोग करते हैं। आप इसे बदल सकते हैं।", []string{"हम कुकीज़ का उपयोग करते हैं।", "आप इसे बदल सकते हैं।"}},
		{"", nil},
	} {
		if got := sentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every embedded language's banner text is more than one block where the
// English one is: a language whose sentence mark sentences did not know
// would show its whole text as one block, large enough to become a page's
// Largest Contentful Paint. Thai writes no sentence marks (a space ends a
// sentence) and is one block; TestBannerIsNeverLCP loads a Thai page.
func TestBannerTextsSplitInEveryLanguage(t *testing.T) {
	cats, diags := i18n.Load(charter.Defaults, "locales")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	for _, lang := range cats.Languages() {
		if lang == "th" {
			continue
		}
		for _, key := range []string{"consent.text_optin", "consent.text_optout", "consent.text_notice"} {
			if got := sentences(cats.T(lang, key)); len(got) < 2 {
				t.Errorf("%s %s is one block: %q", lang, key, got)
			}
		}
	}
}
