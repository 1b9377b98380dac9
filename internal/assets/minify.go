package assets

import (
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies the HTML, XML and CSS charter writes. It is safe for
// concurrent use.
type Minifier struct {
	m *minify.M
}

// NewMinifier returns a Minifier with charter's settings.
func NewMinifier() *Minifier {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags: true, // <html lang dir>, <head>, <body> stay as written
		KeepEndTags:      true,
		// Keep type="text", type="submit", method="get" and the like:
		// CSS and scripts select elements by these attributes
		// (input[type=text]), so dropping them changes behaviour.
		KeepDefaultAttrVals: true,
		KeepQuotes:          false, // quotes only where the value needs them
	})
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.Add("text/xml", &xml.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$`), &js.Minifier{})
	// JSON islands (<script type="application/json">, ld+json) stay valid
	// JSON: the JSON minifier only drops whitespace.
	m.AddRegexp(regexp.MustCompile(`^(application|text)/((x-)?json|ld\+json|[a-z0-9.+-]+\+json)$`), &json.Minifier{})
	return &Minifier{m: m}
}

// HTML minifies an HTML document.
func (m *Minifier) HTML(b []byte) ([]byte, error) { return m.m.Bytes("text/html", b) }

// XML minifies an XML document such as sitemap.xml.
func (m *Minifier) XML(b []byte) ([]byte, error) { return m.m.Bytes("text/xml", b) }

// CSS minifies a style sheet.
func (m *Minifier) CSS(b []byte) ([]byte, error) { return m.m.Bytes("text/css", b) }
