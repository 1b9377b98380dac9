package check

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"sync"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/plan"
)

// outputPages are the rendered HTML pages of a snapshot, parsed once for
// the checkers that read output.
type outputPages struct {
	list   []*page
	byFile map[string]*page // "domain/path" -> page, pages of the plan only
	mu     sync.Mutex
	html   map[string]*html5 // "domain/path" -> any parsed HTML file, on demand
}

// page is a page of the plan as rendered in one region.
type page struct {
	in   *plan.Instance
	file string // "domain/privacy/index.html"
	doc  *html5
}

// html5 is what the checks read of an HTML file.
type html5 struct {
	ids        map[string]int // id -> how many elements have it
	links      []string       // <a href>, in order; widget controls left out
	alternates []alternate    // <link rel=alternate hreflang>
	images     []image
	resources  []string // what the page loads: img, video, audio, source and script src, stylesheet and icon href
	title      string
	desc       bool // has a non-empty <meta name=description>
}

type alternate struct{ hreflang, href string }

type image struct {
	src      string
	alt      string
	hasAlt   bool
	decorate bool // role=presentation or aria-hidden: alt may be empty
}

// outputs parses the rendered pages once.
func (s *Site) outputs() *outputPages {
	s.pagesOnce.Do(func() {
		o := &outputPages{byFile: map[string]*page{}, html: map[string]*html5{}}
		for _, reg := range s.Regions {
			for _, in := range s.Plan.ByRegion[reg.ID] {
				file := instanceFile(in)
				f, ok := s.Files[file]
				if !ok { // a draft not rendered
					continue
				}
				p := &page{in: in, file: file, doc: parseHTML(f.Data)}
				o.list = append(o.list, p)
				o.byFile[file] = p
				o.html[file] = p.doc
			}
		}
		s.pages = o
	})
	return s.pages
}

// htmlFile is the parsed HTML file at "domain/path", or nil.
func (s *Site) htmlFile(file string) *html5 {
	o := s.outputs()
	o.mu.Lock()
	defer o.mu.Unlock()
	if d, ok := o.html[file]; ok {
		return d
	}
	var d *html5
	if f, ok := s.Files[file]; ok && strings.HasSuffix(file, ".html") {
		d = parseHTML(f.Data)
	}
	o.html[file] = d
	return d
}

func parseHTML(b []byte) *html5 {
	d := &html5{ids: map[string]int{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	inTitle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return d
		case html.TextToken:
			if inTitle {
				d.title += string(z.Text())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Title {
				inTitle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, dup := attrs[string(k)]; !dup {
					attrs[string(k)] = string(v)
				}
			}
			if id, ok := attrs["id"]; ok && id != "" {
				d.ids[id]++
			}
			switch tag {
			case atom.Title:
				inTitle = tt == html.StartTagToken
			case atom.A:
				_, control := attrs["data-consent-action"] // a button of the consent widget
				if href, ok := attrs["href"]; ok && !control {
					d.links = append(d.links, href)
				}
			case atom.Link:
				if hl, ok := attrs["hreflang"]; ok && hasToken(attrs["rel"], "alternate") {
					d.alternates = append(d.alternates, alternate{hl, attrs["href"]})
				}
				if rel := attrs["rel"]; (hasToken(rel, "stylesheet") || hasToken(rel, "icon") || hasToken(rel, "manifest")) && attrs["href"] != "" {
					d.resources = append(d.resources, attrs["href"])
				}
			case atom.Meta:
				if strings.EqualFold(attrs["name"], "description") && strings.TrimSpace(attrs["content"]) != "" {
					d.desc = true
				}
			case atom.Script, atom.Video, atom.Audio, atom.Source, atom.Track, atom.Iframe:
				if src := attrs["src"]; src != "" {
					d.resources = append(d.resources, src)
				}
				// A gated script or a blocked iframe keeps its URL in
				// data-src until consent loads it.
				if src := attrs["data-src"]; src != "" {
					d.resources = append(d.resources, src)
				}
			case atom.Img:
				if src := attrs["src"]; src != "" {
					d.resources = append(d.resources, src)
				}
				alt, ok := attrs["alt"]
				d.images = append(d.images, image{src: attrs["src"], alt: alt, hasAlt: ok,
					decorate: attrs["role"] == "presentation" || attrs["role"] == "none" || attrs["aria-hidden"] == "true"})
			}
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// regionByHost is the region whose domain (or base URL's host) is host.
func (s *Site) regionByHost(host string) *config.Region {
	host = strings.ToLower(host)
	for _, r := range s.Site.Regions {
		if strings.EqualFold(r.Domain, host) || strings.EqualFold(hostOf(r.BaseURL), host) {
			return r
		}
	}
	return nil
}

func hostOf(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	if i := strings.IndexAny(u, "/?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

// fileAt is the output file that serves URL path p on a region's domain,
// as a static host serves it ("/a/" and "/a" -> "a/index.html"), or "".
func (s *Site) fileAt(reg *config.Region, p string) string {
	rel := strings.TrimPrefix(path.Clean("/"+p), "/")
	var candidates []string
	switch {
	case rel == "" || rel == ".":
		candidates = []string{"index.html"}
	case strings.HasSuffix(p, "/"):
		candidates = []string{rel + "/index.html"}
	default:
		candidates = []string{rel, rel + "/index.html", rel + ".html"}
	}
	for _, c := range candidates {
		if _, ok := s.Files[reg.Domain+"/"+c]; ok {
			return reg.Domain + "/" + c
		}
	}
	return ""
}

// sourceText is the text of a site file as the build read it, read
// once; nil if it cannot be read.
func (s *Site) sourceText(name string) []byte {
	if b, ok := s.texts.Load(name); ok {
		return b.([]byte)
	}
	b, err := fs.ReadFile(s.FS, name)
	if err != nil {
		b = nil
	}
	s.texts.Store(name, b)
	return b
}
