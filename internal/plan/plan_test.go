package plan

import (
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
)

func TestPageAt(t *testing.T) {
	site := &config.Site{DefaultLanguage: "en", Regions: []*config.Region{
		{ID: "eu", BaseURL: "https://x.eu/", Languages: []string{"en", "de"}},
	}}
	var srcs []*content.Source
	for _, s := range [][2]string{
		{"index", "en"}, {"index", "de"}, {"cookies", "en"}, {"legal/index", "en"},
		{"legal/terms", "en"}, {"index/index", "en"}, {"imprint", "de"},
	} {
		srcs = append(srcs, &content.Source{File: s[0] + "." + s[1] + ".md", Page: s[0], Lang: s[1], Meta: content.FrontMatter{Title: s[0]}})
	}
	p, diags := Make(site, srcs)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, tt := range []struct{ lang, path, want string }{
		{"de", "/", "/de/"},
		{"de", "/cookies/", "/de/cookies/"}, // a fallback is a page of the language
		{"de", "/legal/", "/de/legal/"},
		{"de", "/legal/terms/", "/de/legal/terms/"},
		{"de", "/index/", "/de/index/"},
		{"de", "/imprint/", "/de/imprint/"},
		{"en", "/imprint/", ""}, // no English text, and no fallback to German
		{"en", "/cookies/", "/cookies/"},
		{"de", "/cookies", ""},
		{"de", "cookies/", ""},
		{"de", "/de/cookies/", ""},
		{"de", "//", ""},
		{"de", "", ""},
		{"fr", "/", ""},
	} {
		got := ""
		if in := p.PageAt("eu", tt.lang, tt.path); in != nil {
			got = in.RelURL
		}
		if got != tt.want {
			t.Errorf("PageAt(eu, %s, %q) = %q, want %q", tt.lang, tt.path, got, tt.want)
		}
	}
}

// A text in the language a variant falls back to is the page's own
// language (es for es-419), not a fallback with a notice.
func TestInstanceFallback(t *testing.T) {
	for _, tt := range []struct {
		lang, src string
		want      bool
	}{
		{"es-419", "es", false},
		{"de-AT", "de", false},
		{"de", "de", false},
		{"es-419", "en", true},
		{"es", "es-419", true},
		{"pl", "en", true},
	} {
		in := &Instance{Lang: tt.lang, Src: &content.Source{Lang: tt.src}}
		if got := in.Fallback(); got != tt.want {
			t.Errorf("page %s with a %s text: Fallback() = %v, want %v", tt.lang, tt.src, got, tt.want)
		}
	}
}

func TestArchivedPage(t *testing.T) {
	for _, tt := range []struct {
		id, page, date string
		ok             bool
	}{
		{"privacy/versions/2026-05-01", "privacy", "2026-05-01", true},
		{"legal/terms/versions/2025-12-31", "legal/terms", "2025-12-31", true},
		{"versions/2026-05-01", "", "", false},
		{"privacy/versions/2026-5-1", "", "", false},
		{"privacy/versions/latest", "", "", false},
		{"privacy", "", "", false},
	} {
		page, date, ok := ArchivedPage(tt.id)
		if page != tt.page || date != tt.date || ok != tt.ok {
			t.Errorf("ArchivedPage(%q) = %q, %q, %v", tt.id, page, date, ok)
		}
	}
}
