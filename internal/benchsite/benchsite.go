// Package benchsite writes the site that charter's speed is measured on:
// 17 regional domains over 10 languages, about 30 KB of policy-shaped
// Markdown per page, with region blocks and params. Write gives it as a
// charter site; WriteHugo gives the same pages as a Hugo site (one Hugo
// language per region, shortcodes for the directives), so both tools can
// be timed on the same input (scripts/bench-hugo).
package benchsite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Regions is the number of regional domains; each has one language.
const Regions = 17

// Languages are the ten languages of the site; region i uses
// Languages[i%10], so seven languages serve two regions.
var Languages = []string{"en", "de", "fr", "es", "pt-BR", "ja", "it", "pl", "tr", "zh-Hans"}

var countries = []string{"US", "DE", "FR", "MX", "BR", "JP", "IT", "PL", "TR", "CN", "IN", "AT", "CH", "BE", "CA", "AR", "TW"}

// syntax is how a page body writes a region block and a param.
type syntax struct {
	blockOpen, blockClose string
	param                 func(name string) string
}

var (
	charterSyntax = syntax{
		blockOpen:  `:::region{only="r01 r04 r07"}`,
		blockClose: ":::",
		param:      func(n string) string { return ":param[" + n + "]" },
	}
	hugoSyntax = syntax{
		blockOpen:  `{{% region only="r01 r04 r07" %}}`,
		blockClose: "{{% /region %}}",
		param:      func(n string) string { return "{{< param " + n + " >}}" },
	}
)

// body is policy-shaped Markdown: as many sections as make about 30 KB in
// charter's syntax, so that both syntaxes carry the same text.
func body(s syntax) string {
	var b, size strings.Builder
	for i := 0; size.Len() < 30<<10; i++ {
		section(&size, i, charterSyntax)
		section(&b, i, s)
	}
	return b.String()
}

func section(b *strings.Builder, i int, s syntax) {
	fmt.Fprintf(b, "## Section %d: information we collect\n\n", i)
	b.WriteString("We collect the information you give us when you create an account, such as your name, email address and company, and the information our services record when you use them, such as log data and device information. We use it to provide, secure and improve the services.\n\n")
	fmt.Fprintf(b, "### Details %d\n\n- account data\n- technical data\n- *browsing* data and **usage** data\n\n", i)
	b.WriteString("| Purpose | Legal basis |\n| --- | --- |\n| Contract | Art. 6(1)(b) |\n| Security | Art. 6(1)(f) |\n\n")
	fmt.Fprintf(b, "%s\nData of %s is stored in %s by %s.\n%s\n\n",
		s.blockOpen, s.param("company"), s.param("storage"), s.param("entity"), s.blockClose)
	fmt.Fprintf(b, "Contact us at %s if you have \"questions\" -- we answer within 30 days.\n\n", s.param("email"))
}

func frontMatter(page int, lang string) string {
	return fmt.Sprintf("---\ntitle: Page %d %s\ndescription: Benchmark page\nweight: %d\n", page, lang, page)
}

// Write writes the charter site into dir: Regions × pages pages.
func Write(dir string, pages int) error {
	var cfg strings.Builder
	cfg.WriteString("title = \"Bench\"\ndefaultLanguage = \"en\"\n[params]\ncompany = \"Acme24\"\nemail = \"privacy@acme24.example\"\n")
	for i := 0; i < Regions; i++ {
		fmt.Fprintf(&cfg, "\n[regions.r%02d]\ndomain = \"r%02d.example\"\nbaseURL = \"https://r%02d.example/\"\nlanguages = [%q]\ncountry = %q\ngroup = \"G%d\"\nconsent = \"opt-in\"\n[regions.r%02d.params]\nentity = \"Acme24 Region %d\"\nstorage = \"Frankfurt\"\n",
			i, i, i, Languages[i%len(Languages)], countries[i], i%3, i, i)
	}
	if err := write(dir, "site.toml", cfg.String()); err != nil {
		return err
	}
	text := body(charterSyntax)
	for _, lang := range Languages {
		suffix := "." + lang
		if lang == "en" {
			suffix = ""
		}
		for p := 0; p < pages; p++ {
			fm := frontMatter(p, lang) + fmt.Sprintf("effective: 2026-11-01\nversion: \"1.%d\"\n---\n\n", p)
			if err := write(dir, fmt.Sprintf("content/page%03d%s.md", p, suffix), fm+text); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteHugo writes the same site for Hugo into dir: a multihost site with
// one Hugo language per region (its own baseURL, its language's content
// folder and params), a region shortcode that keeps its inner text only
// in the listed regions, a param shortcode, and a layout with hreflang
// links, a region switcher, a table of contents and footer navigation.
func WriteHugo(dir string, pages int) error {
	var cfg strings.Builder
	// No taxonomies and no RSS: charter makes neither, so Hugo is not
	// timed on work charter skips.
	cfg.WriteString("title = \"Bench\"\ndefaultContentLanguage = \"r00\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\"]\n")
	cfg.WriteString("[markup.goldmark.extensions]\ntypographer = true\nfootnote = true\ndefinitionList = true\n")
	cfg.WriteString("[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n")
	for i := 0; i < Regions; i++ {
		lang := Languages[i%len(Languages)]
		fmt.Fprintf(&cfg, "\n[languages.r%02d]\nbaseURL = \"https://r%02d.example/\"\nlanguageCode = \"%s-%s\"\ncontentDir = \"content/%s\"\nweight = %d\n[languages.r%02d.params]\nentity = \"Acme24 Region %d\"\nstorage = \"Frankfurt\"\ncompany = \"Acme24\"\nemail = \"privacy@acme24.example\"\n",
			i, i, lang, countries[i], lang, i+1, i, i)
	}
	files := map[string]string{
		"hugo.toml":                      cfg.String(),
		"layouts/shortcodes/region.html": `{{ if in (split (.Get "only") " ") .Page.Language.Lang }}{{ .Inner }}{{ end }}`,
		"layouts/shortcodes/param.html":  `{{ index .Page.Language.Params (.Get 0) }}`,
		"layouts/_default/single.html":   `{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p><nav class="toc">{{ .TableOfContents }}</nav>{{ .Content }}</article>{{ end }}`,
		"layouts/_default/list.html":     `{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`,
		"layouts/_default/baseof.html":   hugoBase,
	}
	for name, text := range files {
		if err := write(dir, name, text); err != nil {
			return err
		}
	}
	text := body(hugoSyntax)
	for _, lang := range Languages {
		for p := 0; p < pages; p++ {
			fm := frontMatter(p, lang) + "date: 2026-11-01\n---\n\n"
			if err := write(dir, fmt.Sprintf("content/%s/page%03d.md", lang, p), fm+text); err != nil {
				return err
			}
		}
	}
	return nil
}

const hugoBase = `<!DOCTYPE html>
<html lang="{{ .Language.LanguageCode }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title><meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}</head>
<body><header><a href="{{ site.Home.RelPermalink }}">Acme24</a>
<details><summary>Region</summary><ul>{{ range .AllTranslations }}<li><a href="{{ .Permalink }}" hreflang="{{ .Language.LanguageCode }}">{{ .Language.Lang }}</a></li>{{ end }}</ul></details></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><nav>{{ range first 5 site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></footer>
</body></html>
`

func write(dir, name, text string) error {
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}
