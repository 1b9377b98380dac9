package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"

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

// Earlier versions are checked: named by a date that is their effective
// date, each after the one before, with a version of their own and no
// aliases.
func TestEarlierVersionErrors(t *testing.T) {
	site := &config.Site{DefaultLanguage: "en", Regions: []*config.Region{{ID: "eu", BaseURL: "https://a.eu/", Languages: []string{"en"}}}}
	src := func(page, file, eff, version string, aliases bool) *content.Source {
		s := &content.Source{Page: page, Lang: "en", File: file}
		s.Meta.Effective, _ = time.Parse("2006-01-02", eff)
		s.Meta.Version = version
		if aliases {
			s.Meta.AliasesPos = []diag.Pos{{File: file, Line: 5, Col: 1}}
		}
		return s
	}
	for _, tt := range []struct {
		name string
		srcs []*content.Source
		want string
	}{
		{"not a date", []*content.Source{src("p", "content/p.md", "2026-11-01", "2", false), src("p/versions/2026-13-01", "content/p/versions/2026-13-01.md", "2026-05-01", "1", false)},
			"content/p/versions/2026-13-01.md:1:1: content/p/versions/2026-13-01.md is in a versions/ folder but is not named by a date"},
		{"date not the effective date", []*content.Source{src("p", "content/p.md", "2026-11-01", "2", false), src("p/versions/2026-05-01", "content/p/versions/2026-05-01.md", "2026-05-02", "1", false)},
			"an earlier version of p needs effective: 2026-05-01"},
		{"later than the current", []*content.Source{src("p", "content/p.md", "2026-11-01", "2", false), src("p/versions/2027-01-01", "content/p/versions/2027-01-01.md", "2027-01-01", "1", false)},
			"content/p.md:1:1: content/p.md takes effect on 2026-11-01, not after 2027-01-01"},
		{"same version", []*content.Source{src("p", "content/p.md", "2026-11-01", "2", false), src("p/versions/2026-05-01", "content/p/versions/2026-05-01.md", "2026-05-01", "2", false)},
			`content/p.md:1:1: content/p.md and the earlier content/p/versions/2026-05-01.md are both version "2"`},
		{"aliases", []*content.Source{src("p", "content/p.md", "2026-11-01", "2", false), src("p/versions/2026-05-01", "content/p/versions/2026-05-01.md", "2026-05-01", "1", true)},
			"content/p/versions/2026-05-01.md:5:1: an earlier version takes no aliases"},
	} {
		_, diags := Make(site, tt.srcs)
		if !strings.Contains(diags.Error(), tt.want) {
			t.Errorf("%s: diagnostics\n%v\nwant %s", tt.name, diags, tt.want)
		}
	}
}
