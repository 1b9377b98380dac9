package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/plan"
)

var (
	linkRule = Rule{ID: "link", Description: "A link to a page that the region does not have.",
		Help: "Link to a page the region shows (a page limited with regions: is missing elsewhere), or limit the link with :::region."}
	anchorRule = Rule{ID: "anchor", Description: "A link to an element id (#anchor) that the target page does not have.",
		Help: "Link to a heading id the page has; renaming a heading renames its id unless it sets one with {#id}."}
	hreflangRule = Rule{ID: "hreflang", Description: "An hreflang alternate that does not exist or does not list the page back.",
		Help: "Every version of a page must list every other version, and itself, as alternates."}
	duplicateIDRule = Rule{ID: "duplicate-id", Description: "Two elements of one page with the same id.",
		Help: "Give one of them another id: links and labels reach only the first."}
	titleRule = Rule{ID: "title", Description: "A page without a <title>.",
		Help: "Set title: in the page's front matter."}
	descriptionRule = Rule{ID: "description", Description: "A page without a meta description.",
		Help: "Set description: in the page's front matter; search engines and link previews show it."}
	resourceRule = Rule{ID: "resource", Description: "An image, script, stylesheet or other file a page loads that the region does not have.",
		Help: "Put the file in assets/static/ (it is copied to every domain's root) or fix the path."}
	imageAltRule = Rule{ID: "image-alt", Description: "An image without alternative text.",
		Help: "Write the text in ![text](image.png); mark a decorative image with alt=\"\" aria-hidden=\"true\"."}
)

func init() {
	register(checkLinks, linkRule, anchorRule)
	register(checkResources, resourceRule)
	register(checkHreflang, hreflangRule)
	register(checkPages, duplicateIDRule, titleRule, descriptionRule, imageAltRule)
}

// consentSettingsAnchor is the fragment that opens the consent widget's
// settings on any page of a region with the widget (assets/consent.ts):
// a link to it needs no element of that id.
const consentSettingsAnchor = "cookie-settings"

// located finds where a page's output came from, for its findings: the
// k-th occurrence of a text in its source file, else in the layouts.
type located struct {
	s      *Site
	seen   map[string]int // text -> occurrences found so far, per page
	region string         // of the page
	hidden map[string][][2]int
}

func (s *Site) locator() *located { return &located{s: s} }

// reset starts a new page of a region.
func (l *located) reset(region string) {
	l.seen = map[string]int{}
	if l.region != region || l.hidden == nil {
		l.region, l.hidden = region, map[string][][2]int{}
	}
}

// hiddenIn are the ranges of file the page's region does not show.
func (l *located) hiddenIn(file string, b []byte) [][2]int {
	r, ok := l.hidden[file]
	if !ok {
		if strings.HasSuffix(file, ".md") {
			r = hiddenRanges(b, l.region)
		}
		l.hidden[file] = r
	}
	return r
}

// find is where the next occurrence of one of texts (a URL as the page
// has it) is written in the page's source: as a Markdown link target
// first, then anywhere; else as an attribute of a layout. which is the
// text found. Without one (a layout writes the URL from data, such as
// .HomeURL), the position is unknown: the finding is the same for every
// page, and reported once.
func (l *located) find(src string, texts ...string) (pos diag.Pos, which string) {
	for _, pattern := range []string{"](%s", "<%s>", "]: %s", `href="%s"`, `src="%s"`, "%s"} {
		for _, t := range texts {
			if t == "" {
				continue
			}
			written := fmt.Sprintf(pattern, t)
			if p, ok := l.nth(src, written); ok {
				// The position is the URL's, not the pattern's.
				off := strings.Index(pattern, "%s")
				p.Col += utf8.RuneCountInString(pattern[:off])
				p.EndCol = p.Col + utf8.RuneCountInString(t)
				return p, t
			}
		}
	}
	for _, attr := range []string{`href="`, `src="`} {
		for _, t := range texts {
			if t == "" {
				continue
			}
			if p, ok := l.inLayouts(attr + t + `"`); ok {
				p.Col += len(attr)
				p.EndCol = p.Col + utf8.RuneCountInString(t)
				return p, t
			}
		}
	}
	return diag.Pos{}, texts[0]
}

// attribute is where the source sets an element id, or the source file.
func (l *located) attribute(src, id string) diag.Pos {
	for _, pattern := range []string{"{#%s}", `id="%s"`} {
		if p, ok := l.nth(src, fmt.Sprintf(pattern, id)); ok {
			return p
		}
	}
	return diag.Pos{File: src}
}

// nth is the next occurrence of t in file, counting those find returned
// before for this page.
func (l *located) nth(file, t string) (diag.Pos, bool) {
	b := l.s.sourceText(file)
	hidden := l.hiddenIn(file, b)
	k := l.seen[file+"\x00"+t]
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(b[off:], []byte(t))
		for j >= 0 && inRanges(off+j, hidden) { // not shown in this region
			off += j + len(t)
			j = bytes.Index(b[off:], []byte(t))
		}
		if j < 0 {
			if i > 0 && k >= i { // more in the output than in the source (a :param, a partial)
				l.seen[file+"\x00"+t] = 0
				return l.nth(file, t)
			}
			return diag.Pos{}, false
		}
		if i == k {
			l.seen[file+"\x00"+t] = k + 1
			return span(file, b, off+j, t), true
		}
		off += j + len(t)
	}
}

func span(file string, b []byte, off int, t string) diag.Pos {
	line, col := diag.LineCol(b, off)
	return diag.Pos{File: file, Line: line, Col: col, EndLine: line, EndCol: col + utf8.RuneCountInString(t)}
}

// inLayouts is where a layout of the site (or the embedded defaults)
// writes t.
func (l *located) inLayouts(t string) (diag.Pos, bool) {
	l.s.layoutsOnce.Do(func() {
		fs.WalkDir(l.s.FS, "layouts", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				l.s.layouts = append(l.s.layouts, p)
			}
			return nil
		})
	})
	for _, p := range l.s.layouts {
		b := l.s.sourceText(p)
		if i := bytes.Index(b, []byte(t)); i >= 0 {
			return span(p, b, i, t), true
		}
	}
	return diag.Pos{}, false
}

// target is where a link of a page goes: a region (nil for outside the
// site), a URL path on its domain and a fragment.
func (s *Site) target(p *page, href string) (reg *config.Region, urlPath, frag string, err error) {
	u, err := url.Parse(href)
	if err != nil {
		return nil, "", "", err
	}
	switch strings.ToLower(u.Scheme) {
	case "":
		if u.Host != "" { // //host/path
			reg = s.regionByHost(u.Host)
		} else {
			reg = p.in.Region
		}
	case "http", "https":
		reg = s.regionByHost(u.Host)
	default: // mailto:, tel: ...
		return nil, "", "", nil
	}
	if reg == nil {
		return nil, "", "", nil
	}
	base := &url.URL{Scheme: "https", Host: "x", Path: p.in.RelURL}
	abs := base.ResolveReference(u)
	return reg, abs.Path, u.Fragment, nil
}

// checkLinks reports links and anchors of the pages that do not resolve
// on their own region's domain (or on the region a full URL names).
func checkLinks(s *Site) diag.List {
	var out diag.List
	loc := s.locator()
	for _, p := range s.outputs().list {
		loc.reset(p.in.Region.ID)
		src := p.in.Src.File
		prefix := plan.LangPrefix(p.in.Region, p.in.Lang)
		for _, href := range p.doc.links {
			reg, urlPath, frag, err := s.target(p, href)
			if err != nil {
				pos, _ := loc.find(src, href)
				out.Add(&diag.Diagnostic{Pos: pos, Rule: linkRule.ID, Regions: []string{p.in.Region.ID},
					Message: fmt.Sprintf("link %q is not a valid URL: %v", href, urlError(err)), Hint: "write the link as a path such as /privacy/ or a full https:// URL"})
				continue
			}
			if reg == nil {
				continue
			}
			file := p.file
			if urlPath != p.in.RelURL || reg != p.in.Region {
				file = s.fileAt(reg, urlPath)
			}
			// Content writes links to pages without the language prefix,
			// which the build adds: find them as written.
			asWritten := []string{href, unprefixed(href, prefix)}
			if file == "" {
				pos, written := loc.find(src, asWritten...)
				shown := written
				if !strings.HasPrefix(written, "/") && !strings.Contains(written, "://") {
					shown = fmt.Sprintf("%s (%s)", written, urlPath) // relative: where it goes from this page
				}
				d := &diag.Diagnostic{Pos: pos, Rule: linkRule.ID, Regions: []string{p.in.Region.ID},
					Message: fmt.Sprintf("link %s goes to no page", shown)}
				if pos.File == "" {
					d.Message = fmt.Sprintf("a layout links to %s, which is no page", shown)
				}
				d.Hint = s.pageHint(reg, urlPath, prefix, strings.HasPrefix(pos.File, "layouts/") || pos.File == "")
				out.Add(d)
				continue
			}
			if frag == "" {
				continue
			}
			doc := s.htmlFile(file)
			if doc == nil || doc.ids[frag] > 0 || (frag == consentSettingsAnchor && reg.ConsentWidget()) {
				continue
			}
			pos, written := loc.find(src, asWritten...)
			d := &diag.Diagnostic{Pos: pos, Rule: anchorRule.ID, Regions: []string{p.in.Region.ID},
				Message: fmt.Sprintf("link %s: the page has no element with id %q", written, frag)}
			if pos.File == "" {
				d.Message = fmt.Sprintf("a layout links to %s, but the page has no element with id %q", written, frag)
			}
			ids := make([]string, 0, len(doc.ids))
			for id := range doc.ids {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			if sug := diag.Suggest(frag, ids); sug != "" {
				d.Hint = fmt.Sprintf("did you mean #%s?", sug)
			} else {
				d.Hint = anchorRule.Help
			}
			out.Add(d)
		}
	}
	s.withExcerpts(out)
	return out
}

// checkResources reports files a page loads from its own site that the
// region does not have: a broken image shows nothing, and no link check
// sees it.
func checkResources(s *Site) diag.List {
	var out diag.List
	loc := s.locator()
	for _, p := range s.outputs().list {
		loc.reset(p.in.Region.ID)
		prefix := plan.LangPrefix(p.in.Region, p.in.Lang)
		for _, src := range p.doc.resources {
			reg, urlPath, _, err := s.target(p, src)
			if err != nil || reg == nil || s.fileAt(reg, urlPath) != "" {
				continue
			}
			pos, written := loc.find(p.in.Src.File, src, unprefixed(src, prefix))
			d := &diag.Diagnostic{Pos: pos, Rule: resourceRule.ID, Regions: []string{p.in.Region.ID},
				Message: fmt.Sprintf("%s is no file of the site", written), Hint: resourceRule.Help}
			if pos.File == "" {
				d.Message = fmt.Sprintf("a layout loads %s, which is no file of the site", written)
			}
			out.Add(d)
		}
	}
	s.withExcerpts(out)
	return out
}

// unprefixed is a URL path without a page's language prefix ("/de"), as
// content writes it, or "" if it has none: "/de/cookies/" is
// "/cookies/", and "/development/" has no prefix.
func unprefixed(u, prefix string) string {
	if prefix == "" || !strings.HasPrefix(u, prefix+"/") {
		return ""
	}
	return u[len(prefix):]
}

func urlError(err error) string {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err.Error()
	}
	return err.Error()
}

// pageHint suggests the closest page of reg to a missing one.
func (s *Site) pageHint(reg *config.Region, urlPath, prefix string, inLayout bool) string {
	var urls []string
	for _, in := range s.Plan.ByRegion[reg.ID] {
		if _, ok := s.Files[reg.Domain+"/"+plan.OutFile(in.RelURL)]; ok {
			urls = append(urls, in.RelURL)
		}
	}
	slices.Sort(urls)
	if sug := diag.Suggest(path.Clean(urlPath)+"/", urls); sug != "" && sug != "/" && sug != prefix+"/" {
		return fmt.Sprintf("did you mean %s?", strings.TrimPrefix(sug, prefix))
	}
	if inLayout {
		return "link to a page every region shows, or build the URL from page data (.HomeURL, .Nav)"
	}
	return linkRule.Help
}

// checkHreflang reports alternates that do not exist or do not list the
// page back (search engines ignore a set that is not reciprocal).
func checkHreflang(s *Site) diag.List {
	var out diag.List
	o := s.outputs()
	for _, p := range o.list {
		self := p.in.Permalink()
		listsSelf := len(p.doc.alternates) == 0
		for _, a := range p.doc.alternates {
			if sameURL(a.href, self) {
				listsSelf = true
			}
			if a.hreflang == "x-default" {
				continue
			}
			u, err := url.Parse(a.href)
			if err != nil || !u.IsAbs() {
				out.Add(&diag.Diagnostic{Pos: diag.Pos{File: p.in.Src.File}, Rule: hreflangRule.ID, Regions: []string{p.in.Region.ID},
					Message: fmt.Sprintf("%s: hreflang alternate %q is not an absolute URL", p.in.RelURL, a.href), Hint: "alternates must be full https:// URLs"})
				continue
			}
			reg := s.regionByHost(u.Host)
			if reg == nil {
				continue
			}
			file := s.fileAt(reg, u.Path)
			other := o.byFile[file]
			if other == nil {
				out.Add(&diag.Diagnostic{Pos: diag.Pos{File: p.in.Src.File}, Rule: hreflangRule.ID, Regions: []string{p.in.Region.ID},
					Message: fmt.Sprintf("%s lists %s (%s) as an alternate, which is no page", self, a.href, a.hreflang), Hint: hreflangRule.Help})
				continue
			}
			back := slices.ContainsFunc(other.doc.alternates, func(b alternate) bool { return sameURL(b.href, self) })
			if !back {
				out.Add(&diag.Diagnostic{Pos: diag.Pos{File: p.in.Src.File}, Rule: hreflangRule.ID, Regions: []string{p.in.Region.ID},
					Message: fmt.Sprintf("%s lists %s as an alternate, but that page does not list it back", self, a.href), Hint: hreflangRule.Help})
			}
		}
		if !listsSelf {
			out.Add(&diag.Diagnostic{Pos: diag.Pos{File: p.in.Src.File}, Rule: hreflangRule.ID, Regions: []string{p.in.Region.ID},
				Message: fmt.Sprintf("%s has hreflang alternates but not itself among them", self), Hint: hreflangRule.Help})
		}
	}
	return out
}

// sameURL reports whether two absolute URLs name one page: the build
// percent-encodes what a page's own URL has as text (/prüfung/ is
// /pr%c3%bcfung/ in an href), and hosts are case-insensitive.
func sameURL(a, b string) bool {
	if a == b {
		return true
	}
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) &&
		ua.Path == ub.Path && ua.RawQuery == ub.RawQuery
}

// checkPages reports what each page lacks or has twice: a title, a
// description, alternative text, unique ids.
func checkPages(s *Site) diag.List {
	var out diag.List
	loc := s.locator()
	for _, p := range s.outputs().list {
		loc.reset(p.in.Region.ID)
		src := p.in.Src.File
		reg := []string{p.in.Region.ID}
		top := diag.Pos{File: src, Line: 1, Col: 1}
		if strings.TrimSpace(p.doc.title) == "" {
			out.Add(&diag.Diagnostic{Pos: top, Rule: titleRule.ID, Regions: reg,
				Message: fmt.Sprintf("%s has no <title>", p.in.RelURL), Hint: titleRule.Help})
		}
		if !p.doc.desc {
			out.Add(&diag.Diagnostic{Pos: top, Severity: diag.Warning, Rule: descriptionRule.ID, Regions: reg,
				Message: "the page has no description", Hint: descriptionRule.Help})
		}
		ids := make([]string, 0, len(p.doc.ids))
		for id, n := range p.doc.ids {
			if n > 1 {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		for _, id := range ids {
			pos := loc.attribute(src, id)
			out.Add(&diag.Diagnostic{Pos: pos, Rule: duplicateIDRule.ID, Regions: reg,
				Message: fmt.Sprintf("id %q is on %d elements of %s", id, p.doc.ids[id], p.in.RelURL), Hint: duplicateIDRule.Help})
		}
		for _, img := range p.doc.images {
			if img.decorate || strings.TrimSpace(img.alt) != "" {
				continue
			}
			pos, _ := loc.find(src, img.src)
			out.Add(&diag.Diagnostic{Pos: pos, Severity: diag.Warning, Rule: imageAltRule.ID, Regions: reg,
				Message: fmt.Sprintf("image %s has no alternative text", img.src), Hint: imageAltRule.Help})
		}
	}
	s.withExcerpts(out)
	return out
}
