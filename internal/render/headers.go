package render

import (
	"bytes"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/headers"
)

// AssetsCache is the Cache-Control of the fingerprinted assets: their
// names change with their bytes, so a copy never goes stale.
const AssetsCache = "public, max-age=31536000, immutable"

// PermissionsPolicy denies the powerful features a legal site never uses,
// to its pages and to anything they embed.
const PermissionsPolicy = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), " +
	"gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), xr-spatial-tracking=()"

// CSP directives the build can fill from what the pages load.
const (
	scriptSrc  = "script-src"
	imgSrc     = "img-src"
	mediaSrc   = "media-src"
	frameSrc   = "frame-src"
	formAction = "form-action"
)

// Origins are the sources pages load from, per CSP directive ("self" for
// a same-origin URL, else "https://host:port").
type Origins map[string][]string

// regionHeaders is the _headers file of a region: a strict CSP made of
// what site.toml declares (forms, the consent record endpoint, gated
// scripts) and what the region's pages load (seen), and the headers every
// response gets. It reads nothing else: the same input, the same file.
func regionHeaders(site *config.Site, reg *config.Region, seen Origins) headers.File {
	self := originOf(reg.BaseURL)
	src := map[string][]string{}
	add := func(directive, u string) {
		o := originOf(u)
		if directive == "connect-src" {
			o = connectOrigin(u)
		}
		if o == "" {
			return
		}
		if o == self || o == "'self'" {
			o = "'self'"
		}
		if !slices.Contains(src[directive], o) {
			src[directive] = append(src[directive], o)
		}
	}
	for d, os := range seen {
		for _, o := range os {
			add(d, o)
		}
	}
	var forms []string
	for id := range site.Forms {
		forms = append(forms, id)
	}
	slices.Sort(forms)
	for _, id := range forms {
		f := site.Forms[id]
		ep, ok := f.Endpoints[reg.ID]
		if !ok {
			ep = f.Endpoint
		}
		if ep != "" {
			add("connect-src", ep)
			add(formAction, ep)
		}
	}
	if reg.ConsentWidget() {
		if site.Consent.RecordEndpoint != "" {
			add("connect-src", site.Consent.RecordEndpoint)
		}
		for _, s := range site.Consent.Scripts {
			add(scriptSrc, s.Src)
		}
	}

	// Every directive that is there lists 'self' first (the site's own
	// assets, pages and API on its origin), then the others sorted.
	list := func(directive string, always bool) string {
		os := slices.DeleteFunc(slices.Clone(src[directive]), func(o string) bool { return o == "'self'" })
		if len(os) == 0 && !always {
			return ""
		}
		slices.Sort(os)
		return directive + " " + strings.Join(append([]string{"'self'"}, os...), " ")
	}
	csp := []string{"default-src 'self'"}
	for _, d := range []string{scriptSrc, imgSrc, mediaSrc} {
		if s := list(d, false); s != "" {
			csp = append(csp, s)
		}
	}
	csp = append(csp, list("connect-src", true), list(formAction, true))
	// Frames: only what the pages embed. A site with no iframe gets
	// 'none', not default-src's 'self': nothing of the site is meant to be
	// framed, and frame-ancestors 'none' refuses its own pages anyway.
	if frames := src[frameSrc]; len(frames) > 0 {
		frames = slices.Clone(frames)
		slices.SortFunc(frames, func(a, b string) int {
			if (a == "'self'") != (b == "'self'") {
				if a == "'self'" {
					return -1
				}
				return 1
			}
			return strings.Compare(a, b)
		})
		csp = append(csp, frameSrc+" "+strings.Join(frames, " "))
	} else {
		csp = append(csp, frameSrc+" 'none'")
	}
	csp = append(csp, "base-uri 'self'", "frame-ancestors 'none'", "object-src 'none'")

	return headers.File{
		{Path: "/*", Fields: []headers.Field{
			{Name: "Content-Security-Policy", Value: strings.Join(csp, "; ")},
			{Name: "X-Content-Type-Options", Value: "nosniff"},
			{Name: "Referrer-Policy", Value: "strict-origin-when-cross-origin"},
			{Name: "Permissions-Policy", Value: PermissionsPolicy},
		}},
		{Path: "/assets/*", Fields: []headers.Field{
			{Name: "Cache-Control", Value: AssetsCache},
		}},
	}
}

// originOf is the CSP source of a URL: "'self'" for a root-relative or
// relative one, "scheme://host[:port]" for an http(s) one, "" for anything
// else (data:, javascript:, a parse error), which no directive gets.
//
// A source goes into the policy as written, so it is rebuilt from parts
// checked to hold nothing a policy reads: a host such as
// "cdn.example;sandbox" would start a directive, "img.example,script-src"
// a second policy. The host must be a DNS name (ASCII letters, digits,
// "-" and "."; punycode for other scripts), an IPv4 address or an IPv6
// one in brackets, and the port digits; otherwise the URL is dropped.
func originOf(raw string) string { return sourceOf(raw, false) }

// connectOrigin is originOf for connect-src, which also takes ws: and
// wss: (a WebSocket endpoint).
func connectOrigin(raw string) string { return sourceOf(raw, true) }

func sourceOf(raw string, ws bool) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if raw == "'self'" {
		return raw
	}
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.Scheme == "" && u.Host == "" && u.Opaque == "" {
		return "'self'"
	}
	switch u.Scheme {
	case "http", "https":
	case "ws", "wss":
		if !ws {
			return ""
		}
	default:
		return ""
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	switch {
	case u.Host == "" || host == "":
		return ""
	case strings.HasPrefix(u.Host, "["):
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() || ip.Zone() != "" {
			return ""
		}
		host = "[" + ip.String() + "]"
	case !isDNSName(host):
		return ""
	}
	if port != "" {
		if len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return ""
		}
		if n, err := strconv.Atoi(port); err != nil || n > 65535 {
			return ""
		}
		host += ":" + port
	} else if strings.HasSuffix(u.Host, ":") {
		return ""
	}
	return u.Scheme + "://" + host
}

// isDNSName reports whether host (lower case) is a DNS name of ASCII
// labels or an IPv4 address: labels of letters, digits and "-", neither
// starting nor ending with "-", at most 63 bytes, 253 in all.
func isDNSName(host string) bool {
	if len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// Add adds what o lists to dst, once each.
func (dst Origins) Add(o Origins) {
	for d, os := range o {
		for _, src := range os {
			if !slices.Contains(dst[d], src) {
				dst[d] = append(dst[d], src)
			}
		}
	}
}

// sorted is a copy of o with each list sorted.
func (o Origins) sorted() Origins {
	out := Origins{}
	for d, os := range o {
		out[d] = slices.Sorted(slices.Values(os))
	}
	return out
}

// tagSources are the elements and attributes whose URL a page loads
// without a script's help, and the CSP directive that governs each.
var tagSources = map[string]map[string]string{
	"iframe": {"src": frameSrc, "data-src": frameSrc}, // data-src: gated by the consent widget
	"script": {"src": scriptSrc},
	"img":    {"src": imgSrc, "srcset": imgSrc},
	"video":  {"src": mediaSrc, "poster": imgSrc},
	"audio":  {"src": mediaSrc},
	"source": {"src": mediaSrc, "srcset": imgSrc},
	"form":   {"action": formAction},
}

// ScanOrigins is what a rendered page of reg loads from, per CSP
// directive, for its region's _headers. Only the start tags of
// tagSources are lexed, so a page without them costs one pass of
// IndexByte. Iframes a script inserts at run time are not in the HTML and
// so not here: a site that has them gets frame-src 'none' for them.
func ScanOrigins(reg *config.Region, page []byte) Origins {
	var found [][2]string
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		k := i
		for k < len(page) && k-i < 8 && (page[k]|0x20 >= 'a' && page[k]|0x20 <= 'z') {
			k++
		}
		if n := k - i; n < 3 || n > 6 || strings.IndexByte("isvafISVAF", page[i]) < 0 {
			continue // not a tag of tagSources: most tags end here, cheaply
		}
		var name [8]byte // the tag name in lower case, without allocating
		for x := i; x < k; x++ {
			name[x-i] = page[x] | 0x20
		}
		attrs, ok := tagSources[string(name[:k-i])]
		if !ok || k == len(page) || page[k] != ' ' && page[k] != '\t' && page[k] != '\n' && page[k] != '\r' && page[k] != '/' {
			continue
		}
		// Lex a copy of the start tag alone: the lexer writes a NUL past
		// the end of its input.
		end := tagEnd(page, k)
		tag := make([]byte, end-(i-1), end-(i-1)+1)
		copy(tag, page[i-1:end])
		l := html.NewLexer(parse.NewInputBytes(tag))
		for done := false; !done; {
			tt, _ := l.Next()
			switch tt {
			case html.AttributeToken:
				key := strings.ToLower(string(l.AttrKey()))
				d, ok := attrs[key]
				if !ok || (!reg.ConsentWidget() && key == "data-src") {
					continue
				}
				val := string(bytes.Trim(l.AttrVal(), `"'`))
				if key == "srcset" {
					for _, c := range strings.Split(val, ",") {
						if f := strings.Fields(c); len(f) > 0 {
							found = append(found, [2]string{d, f[0]})
						}
					}
				} else {
					found = append(found, [2]string{d, val})
				}
			case html.StartTagToken:
			default:
				done = true
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	o := Origins{}
	for _, f := range found {
		src := originOf(f[1])
		if src != "" && !slices.Contains(o[f[0]], src) {
			o[f[0]] = append(o[f[0]], src)
		}
	}
	return o
}

// tagEnd is the index just past the ">" that ends the start tag whose
// attributes begin at i, or len(b).
func tagEnd(b []byte, i int) int {
	var quote byte
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		}
	}
	return len(b)
}

// headersFile is the region's _headers file.
func (r *Renderer) headersFile(reg *config.Region, seen Origins) []byte {
	return regionHeaders(r.in.Config, reg, seen.sorted()).Format()
}
