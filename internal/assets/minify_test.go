package assets

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
)

const page = `<!DOCTYPE html>
<html lang="ar-EG" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>  Privacy — Acme24  </title>
  <link rel="stylesheet" href="/assets/site.0123456789.css" integrity="sha384-abc" crossorigin="anonymous">
  <script type="application/json" id="consent-config">
    {
      "region": "eg",
      "mode": "opt-in",
      "categories": ["necessary", "analytics"],
      "text": "a \"quoted\" </scr\u0069pt> value"
    }
  </script>
  <script type="application/ld+json">
    { "@context": "https://schema.org", "@type": "WebPage", "name": "Privacy" }
  </script>
</head>
<body>
  <!-- banner -->
  <form method="get" action="/search">
    <input type="text" name="q" value="">
    <button type="submit">Go</button>
  </form>
  <script type="text/plain" data-consent="analytics">
    window.tracker   =   { id: 1 };
  </script>
  <pre>  keep
    this  </pre>
  <p class="a b">Hello    world</p>
</body>
</html>
`

func TestMinifyHTML(t *testing.T) {
	out, err := NewMinifier().HTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if len(out) >= len(page) {
		t.Errorf("output is not smaller: %d >= %d", len(out), len(page))
	}
	for _, want := range []string{
		"<html lang=ar-EG dir=rtl>", "<head>", "</head>", "<body>", "</body>", "</html>",
		"</p>", `class="a b"`, "<pre>  keep\n    this  </pre>",
		`type=text`, `type=submit`, `method=get`, // CSS and scripts select by these
		`<script type=text/plain data-consent=analytics>`, "window.tracker   =   { id: 1 };",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "banner") {
		t.Errorf("comment kept:\n%s", s)
	}

	blocks := regexp.MustCompile(`(?s)<script type=application/(?:ld\+)?json[^>]*>(.*?)</script>`).FindAllStringSubmatch(s, -1)
	if len(blocks) != 2 {
		t.Fatalf("found %d JSON script blocks, want 2:\n%s", len(blocks), s)
	}
	var cfg struct {
		Region     string
		Mode       string
		Categories []string
		Text       string
	}
	if err := json.Unmarshal([]byte(blocks[0][1]), &cfg); err != nil {
		t.Fatalf("consent config is no longer JSON: %v\n%s", err, blocks[0][1])
	}
	if cfg.Region != "eg" || cfg.Mode != "opt-in" || len(cfg.Categories) != 2 || cfg.Text != `a "quoted" </script> value` {
		t.Errorf("consent config changed: %+v", cfg)
	}
	if strings.Contains(blocks[0][1], "\n") {
		t.Errorf("JSON block not minified: %q", blocks[0][1])
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(blocks[1][1]), &ld); err != nil || ld["@type"] != "WebPage" {
		t.Errorf("ld+json block broken: %v %q", err, blocks[1][1])
	}
}

func TestMinifyXML(t *testing.T) {
	src := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://acme24.eu/privacy/</loc>
    <xhtml:link rel="alternate" hreflang="fr" href="https://acme24.eu/fr/privacy/" />
  </url>
</urlset>
`
	out, err := NewMinifier().XML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(out) >= len(src) || bytes.Contains(out, []byte("\n  ")) {
		t.Errorf("not minified:\n%s", out)
	}
	var set struct {
		URLs []struct {
			Loc  string `xml:"loc"`
			Link struct {
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(out, &set); err != nil {
		t.Fatalf("output is not XML: %v\n%s", err, out)
	}
	if len(set.URLs) != 1 || set.URLs[0].Loc != "https://acme24.eu/privacy/" ||
		set.URLs[0].Link.Hreflang != "fr" || set.URLs[0].Link.Href != "https://acme24.eu/fr/privacy/" {
		t.Errorf("sitemap content changed: %+v\n%s", set, out)
	}
}

func TestMinifierConcurrent(t *testing.T) {
	m := NewMinifier()
	want, err := m.HTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := m.HTML([]byte(page))
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("concurrent HTML differs: %v", err)
			}
		}()
	}
	wg.Wait()
}

// largePage builds a legal page of about 30 KB.
func largePage() []byte {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="de" dir="ltr">
<head>
  <meta charset="utf-8">
  <title>Datenschutz — Acme24</title>
  <script type="application/json" id="consent-config">{ "region": "de", "mode": "opt-in" }</script>
</head>
<body>
  <nav class="toc"><ol>
`)
	for i := 0; b.Len() < 30*1024; i++ {
		fmt.Fprintf(&b, `    <li><a href="#section-%d">Abschnitt %d</a></li>
  <section id="section-%d">
    <h2 id="h-%d">  Abschnitt %d: Welche Daten wir verarbeiten  </h2>
    <p>
      Acme24 verarbeitet Ihre <strong>Kontaktdaten</strong> nur, soweit es für die Bearbeitung
      Ihrer Anfrage nötig ist. Weitere Informationen finden Sie <a href="/de/cookies/">hier</a>.
    </p>
  </section>
`, i, i, i, i, i)
	}
	b.WriteString("  </ol></nav>\n</body>\n</html>\n")
	return []byte(b.String())
}

func BenchmarkMinifyHTML(b *testing.B) {
	m := NewMinifier()
	src := largePage()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := m.HTML(src); err != nil {
			b.Fatal(err)
		}
	}
}
