package content

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// An href is the path of a root-relative link in rendered HTML: where it
// is (from start to end, the path as written, before any ?query or
// #fragment) and the path it stands for, decoded ("/cookies/").
type href struct {
	start, end int
	path       string
}

// rootHrefs are the root-relative hrefs of the <a> and <area> tags in b:
// those that start with one "/" ("/cookies/#x", not "//host/" nor
// "https://..."). b is HTML as a browser reads it, a tag or a fragment of
// tags; the tokenizer keeps the text of <script>, <style> and comments out.
func rootHrefs(b []byte) []href {
	var out []href
	z := xhtml.NewTokenizer(bytes.NewReader(b))
	off := 0
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			return out
		}
		raw := z.Raw()
		if tt == xhtml.StartTagToken || tt == xhtml.SelfClosingTagToken {
			if name, hasAttr := z.TagName(); hasAttr && (string(name) == "a" || string(name) == "area") {
				if h, ok := rootHref(raw); ok {
					h.start += off
					h.end += off
					out = append(out, h)
				}
			}
		}
		off += len(raw)
	}
}

// rootHref is the href of one tag ("<a href=... >") if it is
// root-relative; offsets are in tag.
func rootHref(tag []byte) (href, bool) {
	start, end, ok := hrefValue(tag)
	if !ok {
		return href{}, false
	}
	v := tag[start:end]
	// The path ends at the first ? or # that is not in a character
	// reference (&#39;).
	n := 0
	for n < len(v) && v[n] != '?' && v[n] != '#' {
		if v[n] == '&' {
			if semi := bytes.IndexByte(v[n:], ';'); semi > 0 && isRefName(v[n+1:n+semi]) {
				n += semi
			}
		}
		n++
	}
	p := html.UnescapeString(string(v[:n]))
	// "//host" and "/\host" are other hosts to a browser.
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, `/\`) {
		return href{}, false
	}
	p, err := url.PathUnescape(p)
	if err != nil {
		return href{}, false
	}
	return href{start: start, end: start + n, path: p}, true
}

func isRefName(b []byte) bool {
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '#' && i == 0) {
			return false
		}
	}
	return len(b) > 0
}

// hrefValue is where the value of the first href attribute of a tag is
// (the first of two is the one browsers read), without its quotes.
func hrefValue(tag []byte) (start, end int, ok bool) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	i := 1 // after "<"
	for i < len(tag) && !space(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	for i < len(tag) {
		for i < len(tag) && (space(tag[i]) || tag[i] == '/') {
			i++
		}
		if i >= len(tag) || tag[i] == '>' {
			return 0, 0, false
		}
		name := i
		i++ // a name may start with "="
		for i < len(tag) && !space(tag[i]) && tag[i] != '/' && tag[i] != '>' && tag[i] != '=' {
			i++
		}
		isHref := strings.EqualFold(string(tag[name:i]), "href")
		for i < len(tag) && space(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			if isHref {
				return 0, 0, false // href without a value
			}
			continue
		}
		i++
		for i < len(tag) && space(tag[i]) {
			i++
		}
		var vs, ve int
		if i < len(tag) && (tag[i] == '"' || tag[i] == '\'') {
			q := tag[i]
			vs = i + 1
			j := bytes.IndexByte(tag[vs:], q)
			if j < 0 {
				return 0, 0, false
			}
			ve = vs + j
			i = ve + 1
		} else {
			vs = i
			for i < len(tag) && !space(tag[i]) && tag[i] != '>' {
				i++
			}
			ve = i
		}
		if isHref {
			return vs, ve, true
		}
	}
	return 0, 0, false
}

// escapeHref is a path as an attribute value: percent-encoded as goldmark
// writes a link's destination, and escaped for any quoting.
func escapeHref(p string) string {
	return html.EscapeString(string(util.URLEscape([]byte(p), false)))
}
