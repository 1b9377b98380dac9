package check

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"golang.org/x/net/html"
)

// The rules of the cookie disclosure: the cookie policy (the page
// cookies) and [consent.categories] must list the same cookies.
var (
	UndisclosedCookieRule = Rule{
		ID: "cookie-undisclosed",
		Description: "A cookie that a consent category declares in site.toml, or the consent widget's own " + ConsentCookie +
			", is not listed in the cookie policy (the page cookies) of a region with the consent widget, in one of its languages.",
		Help: "List it in the first column of the policy's cookie table, as code (`_ga`), in the files the message names; " +
			"a /regexp/ is listed by the names it stands for (`_ga_*` for /^_ga_/).",
	}
	UndeclaredCookieRule = Rule{
		ID: "cookie-undeclared",
		Description: "The cookie policy lists a cookie (as code in the first column of one of its tables) that no consent " +
			"category in site.toml declares, so withdrawing consent does not delete it.",
		Help: "Add it to the cookies of its category in site.toml ([[consent.categories]] cookies), or take it out of the policy.",
	}
)

// ConsentCookie is the cookie in which the consent widget stores the
// visitor's choice (assets/consent.ts): the policy must list it too.
const ConsentCookie = config.ConsentCookie

// PolicyPage is the page id of a region's cookie policy.
const PolicyPage = "cookies"

func init() { register(checkCookies, UndisclosedCookieRule, UndeclaredCookieRule) }

// declaredCookie is a cookie name or /regexp/ of a consent category.
type declaredCookie struct {
	text     string
	re       *regexp.Regexp // for a /regexp/
	category string
	pos      diag.Pos // zero for ConsentCookie
}

func declaredCookies(c *config.Consent) []declaredCookie {
	var out []declaredCookie
	own := false
	for _, cat := range c.Categories {
		for i, text := range cat.Cookies {
			d := declaredCookie{text: text, category: cat.ID}
			if i < len(cat.CookiesPos) {
				d.pos = cat.CookiesPos[i]
			}
			if len(text) >= 2 && strings.HasPrefix(text, "/") && strings.HasSuffix(text, "/") {
				d.re, _ = regexp.Compile(text[1 : len(text)-1]) // config checked it
				if d.re == nil {
					continue
				}
			}
			own = own || text == ConsentCookie
			out = append(out, d)
		}
	}
	if !own {
		out = append(out, declaredCookie{text: ConsentCookie})
	}
	return out
}

// globSamples stand for the * of a listed name such as _ga_*.
var globSamples = []string{"", "x", "X", "1", "xY1"}

// matches reports whether the policy's name lists the declared cookie d:
// the same name, a name d's pattern matches, or a name with * (any
// characters) that d's name or pattern fits.
func (d declaredCookie) matches(listed string) bool {
	star := strings.Contains(listed, "*")
	switch {
	case d.re != nil && star:
		for _, s := range globSamples {
			if d.re.MatchString(strings.ReplaceAll(listed, "*", s)) {
				return true
			}
		}
		return false
	case d.re != nil:
		return d.re.MatchString(listed)
	case star:
		glob := "^" + strings.ReplaceAll(regexp.QuoteMeta(listed), `\*`, ".*") + "$"
		return regexp.MustCompile(glob).MatchString(d.text)
	}
	return listed == d.text
}

// policyCookies are the names a cookie policy lists: the code spans in
// the first cell of each table body row.
func policyCookies(doc *html.Node) []string {
	var names []string
	eachElement(doc, func(n *html.Node) bool {
		if n.Data != "tr" || n.Parent == nil || n.Parent.Data == "thead" {
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
				eachElement(c, func(code *html.Node) bool {
					if code.Data == "code" {
						names = append(names, strings.TrimSpace(textOf(code)))
					}
					return true
				})
				break
			}
		}
		return true
	})
	return names
}

// missingIn is a page of a policy that does not list a cookie.
type missingIn struct {
	region, lang, file string
}

func checkCookies(s *Site) diag.List {
	declared := declaredCookies(&s.Site.Consent)
	missing := make([][]missingIn, len(declared))
	outlines := map[string]*content.Outline{}
	outline := func(src *content.Source) *content.Outline {
		o, ok := outlines[src.File]
		if !ok {
			o, _ = src.Outline(s.Site)
			outlines[src.File] = o
		}
		return o
	}
	var out diag.List
	for _, r := range s.Regions {
		if !r.ConsentWidget() {
			continue
		}
		for _, lang := range r.Languages {
			in := s.Plan.Lookup(r.ID, lang, PolicyPage)
			var doc *html.Node
			if in != nil {
				doc = s.instanceDoc(in)
			}
			if doc == nil {
				out.Add(&diag.Diagnostic{Pos: r.Pos, Rule: UndisclosedCookieRule.ID, Regions: []string{r.ID},
					Message: fmt.Sprintf("region %s has the consent widget but no cookie policy in %s", r.ID, lang),
					Hint:    fmt.Sprintf(`add content/%s.md, the page that lists the cookies; or set consent = "none" for a region without optional cookies`, PolicyPage)})
				continue
			}
			listed := policyCookies(doc)
			for i, d := range declared {
				if !anyMatch(listed, d.matches) {
					missing[i] = append(missing[i], missingIn{r.ID, lang, in.Src.File})
				}
			}
			for _, name := range listed {
				if anyDeclared(declared, name) {
					continue
				}
				pos := diag.Pos{File: in.Src.File, Line: 1, Col: 1}
				if o := outline(in.Src); o != nil {
					for _, c := range o.Codes {
						if c.Text == name {
							pos = c.Pos
							break
						}
					}
				}
				out.Add(&diag.Diagnostic{Pos: pos, Rule: UndeclaredCookieRule.ID, Regions: []string{r.ID},
					Message: fmt.Sprintf("the cookie policy lists cookie %q, which no consent category in site.toml declares", name),
					Hint:    "add it to the cookies of its category in [[consent.categories]], so that withdrawing consent deletes it, or take it out of the policy"})
			}
		}
	}
	for i, d := range declared {
		if len(missing[i]) == 0 {
			continue
		}
		if d.pos.File == "" { // the widget's own cookie: at each policy that lacks it
			for _, m := range missing[i] {
				pos := diag.Pos{File: m.file, Line: 1, Col: 1}
				if src := s.source(m.file); src != nil {
					if o := outline(src); o != nil && len(o.Codes) > 0 {
						pos = o.Codes[0].Pos
					}
				}
				out.Add(&diag.Diagnostic{Pos: pos, Rule: UndisclosedCookieRule.ID, Regions: []string{m.region},
					Message: fmt.Sprintf("the cookie policy does not list %s, the cookie in which the consent widget stores the visitor's choice", ConsentCookie),
					Hint:    fmt.Sprintf("add a row for `%s` (a necessary cookie) to the cookie table", ConsentCookie)})
			}
			continue
		}
		// The message names the regions and languages; Regions would
		// only repeat them.
		where, files := describeMissing(missing[i])
		out.Add(&diag.Diagnostic{Pos: d.pos, Rule: UndisclosedCookieRule.ID,
			Message: fmt.Sprintf("cookie %s of category %s is not in the cookie policy of %s", d.text, d.category, where),
			Hint: fmt.Sprintf("describe it in a [[consent.categories.cookie]] row of its category, which ::cookies shows; "+
				"or, in a policy with a hand-written table, list it as code in its first column (%s)", strings.Join(files, ", "))})
	}
	return s.withExcerpts(out)
}

// describeMissing is "region us (en), region eu (de, fr)" and the source
// files those pages show.
func describeMissing(ms []missingIn) (string, []string) {
	var parts, files []string
	seen := map[string]bool{}
	for i := 0; i < len(ms); {
		j := i
		var langs []string
		for ; j < len(ms) && ms[j].region == ms[i].region; j++ {
			langs = append(langs, ms[j].lang)
			if !seen[ms[j].file] {
				seen[ms[j].file] = true
				files = append(files, ms[j].file)
			}
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", ms[i].region, strings.Join(langs, ", ")))
		i = j
	}
	word := "region "
	if len(parts) > 1 {
		word = "regions "
	}
	return word + strings.Join(parts, ", "), files
}

func anyMatch(names []string, match func(string) bool) bool {
	for _, n := range names {
		if match(n) {
			return true
		}
	}
	return false
}

func anyDeclared(declared []declaredCookie, name string) bool {
	for _, d := range declared {
		if d.matches(name) {
			return true
		}
	}
	return false
}
