package plan

import (
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
)

func TestUnshownSourcesWarn(t *testing.T) {
	site := &config.Site{DefaultLanguage: "en", Regions: []*config.Region{
		{ID: "eu", Languages: []string{"en", "fr"}, Fallback: "en"},
		{ID: "de", Languages: []string{"de"}, Fallback: "en"},
		{ID: "br", Languages: []string{"pt-BR"}, Fallback: "en"},
		{ID: "cn", Languages: []string{"zh-Hans"}, Fallback: "en"},
	}}
	src := func(file, page, lang string, regions ...string) *content.Source {
		return &content.Source{File: file, Page: page, Lang: lang, Meta: content.FrontMatter{Title: page, Regions: regions}}
	}
	srcs := []*content.Source{
		src("content/privacy.md", "privacy", "en"),
		src("content/privacy.de.md", "privacy", "de"),
		src("content/privacy.pt.md", "privacy", "pt"), // shown in br: pt-BR falls back to pt
		src("content/privacy.de-DE.md", "privacy", "de-DE"),
		src("content/x.und.md", "x", "und"),
		src("content/cookies.de.md", "cookies", "de", "eu"),
		src("content/terms.md", "terms", "en"),
		src("content/terms.pt.md", "terms", "pt"),
		src("content/terms.pt-BR.md", "terms", "pt-BR"), // br shows this one, never terms.pt.md
		src("content/draft.ja.md", "draft", "ja"),
		src("content/cookies.pt-PT.md", "cookies", "pt-PT"), // the closest is pt-BR
		src("content/terms.zh-TW.md", "terms", "zh-TW"),     // zh-Hans is no text for Taiwan
	}
	srcs[9].Meta.Draft = true
	_, diags := Make(site, srcs)
	want := []string{
		"content/privacy.de-DE.md: warning: no region serves de-DE; charter ignores this file (rename it privacy.de.md?)",
		"content/x.und.md: warning: no region serves und; charter ignores this file (name it x.md for the default language (en), or use a language a region lists in site.toml)",
		"content/cookies.de.md: warning: regions: eu in its front matter lists no region that shows de; charter ignores this file (regions that show de: de)",
		"content/terms.pt.md: warning: every region that could show it shows a closer translation; charter ignores this file (remove it, or add pt to a region's languages in site.toml)",
		"content/cookies.pt-PT.md: warning: no region serves pt-PT; charter ignores this file (rename it cookies.pt-BR.md?)",
		"content/terms.zh-TW.md: warning: no region serves zh-TW; charter ignores this file (name it terms.md for the default language (en), or use a language a region lists in site.toml)",
	}
	rules := []string{RuleUnservedLanguage, RuleUnservedLanguage, RuleUnshownSource, RuleUnshownSource, RuleUnservedLanguage, RuleUnservedLanguage}
	var got []string
	for _, d := range diags {
		if d.Severity != diag.Warning {
			t.Errorf("not a warning: %v", d)
		}
		got = append(got, d.Error())
		if i := len(got) - 1; i < len(rules) && d.Rule != rules[i] {
			t.Errorf("%s: rule %q, want %q", d.File, d.Rule, rules[i])
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
