package content

import (
	"sort"
	"strings"
	"unicode"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/directive"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// directiveExtension parses the directives charter knows and checks them
// against the site of the parse (see parseMarkdown):
//
//	:::region{only="eu de"} ... :::   shown only in (or except=, not in) these regions
//	::form{id="..."}                  a form of site.toml
//	::cookies                         the cookie table of [consent.categories]
//	:param[name]                      a param of the site or of the region
//
// Rendering is added per compile (see program.go).
var directiveExtension = directive.New(
	directive.WithContainer("region", validateRegion),
	directive.WithLeaf("form", validateForm),
	directive.WithLeaf("cookies", validateCookies),
	directive.WithText("param", validateParam),
)

// directiveSite is what the directive validators check against in one
// parse; it travels in the parser.Context.
type directiveSite struct {
	site       *config.Site
	regionIDs  []string
	paramNames []string
	forms      []string // ids, sorted
}

var directiveSiteKey = parser.NewContextKey()

func newDirectiveSite(site *config.Site) *directiveSite {
	ds := &directiveSite{site: site, regionIDs: regionIDs(site), paramNames: allParamNames(site)}
	if site != nil {
		for f := range site.Forms {
			ds.forms = append(ds.forms, f)
		}
	}
	sort.Strings(ds.forms)
	return ds
}

// siteOf is the site a parse checks directives against: that parseMarkdown
// set, or none for a parse without it.
func siteOf(pc parser.Context) *directiveSite {
	if ds, ok := pc.Get(directiveSiteKey).(*directiveSite); ok {
		return ds
	}
	return newDirectiveSite(nil)
}

// parseMarkdown parses body with md, a goldmark instance of newMarkdown,
// checking its directives against site. It returns the tree and the
// directive errors, at body offsets.
func parseMarkdown(md goldmark.Markdown, body []byte, site *config.Site) (ast.Node, []*directive.Error) {
	pc := parser.NewContext()
	pc.Set(directiveSiteKey, newDirectiveSite(site))
	doc := md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	return doc, directive.Errors(pc)
}

// regionLists are a :::region block's only= and except= lists.
type regionLists struct{ only, except []string }

// allRegions is the lists of a region block shown everywhere: one that
// failed validation.
var allRegions = &regionLists{}

// regionOf returns the lists validateRegion kept in a :::region block.
func regionOf(c *directive.Container) *regionLists {
	if r, ok := c.Data.(*regionLists); ok {
		return r
	}
	return allRegions
}

func splitIDs(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// validateRegion checks a :::region block's only= or except= list against
// the site's regions and keeps it in d.Data (see regionOf).
func validateRegion(pc parser.Context, d *directive.Directive) {
	regionIDs := siteOf(pc).regionIDs
	only, hasOnly := d.Attr("only")
	except, hasExcept := d.Attr("except")
	for _, a := range d.Attrs {
		if a.Key != "only" && a.Key != "except" && a.Key != "consent" {
			e := directive.Errorf(pc, a.Offset, "unknown attribute %q on :::region", a.Key).Spanning(a.Offset + len(a.Key))
			if sug := diag.Suggest(a.Key, []string{"only", "except", "consent"}); sug != "" {
				e.WithHint("did you mean %q?", sug)
			} else {
				e.WithHint(`use only="...", except="..." or consent="..."`)
			}
		}
	}
	if consent, ok := d.Attr("consent"); ok {
		if hasOnly || hasExcept {
			directive.Errorf(pc, consent.Offset, ":::region takes one of only=, except= and consent=").
				WithHint("nest one block in the other")
			return
		}
		validateRegionConsent(pc, d, consent)
		return
	}
	switch {
	case hasOnly && hasExcept:
		directive.Errorf(pc, except.Offset, ":::region takes only= or except=, not both").
			WithHint("split it into two :::region blocks")
		return
	case !hasOnly && !hasExcept:
		directive.Errorf(pc, d.Offset, ":::region needs only=\"...\" or except=\"...\"").
			WithHint(`write :::region{only="%s"}`, strings.Join(regionIDs[:min(2, len(regionIDs))], " "))
		return
	}
	a := only
	if hasExcept {
		a = except
	}
	ids := splitIDs(a.Value)
	if len(ids) == 0 {
		directive.Errorf(pc, a.Offset, "%s= lists no region", a.Key).WithHint("list region ids separated by spaces")
		return
	}
	for _, id := range ids {
		if !containsString(regionIDs, id) {
			directive.Errorf(pc, a.Offset, "unknown region %q in %s=", id, a.Key).Hint = regionHint(id, regionIDs)
		}
	}
	if hasExcept {
		d.Data = &regionLists{except: ids}
	} else {
		d.Data = &regionLists{only: ids}
	}
}

// consentModels are the values of a region's consent in site.toml.
var consentModels = []string{"opt-in", "opt-out", "notice", "none"}

// validateRegionConsent reads :::region{consent="opt-in notice"}: the
// block shows in the regions whose consent model is listed, which it keeps
// as their ids (an only= list), so that the text follows site.toml when a
// region's model changes.
func validateRegionConsent(pc parser.Context, d *directive.Directive, a directive.Attr) {
	models := splitIDs(a.Value)
	if len(models) == 0 {
		directive.Errorf(pc, a.Offset, "consent= lists no consent model").WithHint("%s", `list models separated by spaces: "opt-in", "opt-out", "notice" or "none"`)
		return
	}
	for _, m := range models {
		if !containsString(consentModels, m) {
			e := directive.Errorf(pc, a.Offset, "unknown consent model %q in consent=", m)
			if sug := diag.Suggest(m, consentModels); sug != "" {
				e.WithHint("did you mean %q?", sug)
			} else {
				e.WithHint("use opt-in, opt-out, notice or none")
			}
			return
		}
	}
	ids := []string{}
	if site := siteOf(pc).site; site != nil {
		for _, r := range site.Regions {
			if containsString(models, r.Consent) {
				ids = append(ids, r.ID)
			}
		}
	}
	d.Data = &regionLists{only: ids}
}

// validateForm checks that a ::form block names a form of the site.
func validateForm(pc parser.Context, d *directive.Directive) {
	ds := siteOf(pc)
	id, ok := d.Attr("id")
	if !ok || id.Value == "" {
		e := directive.Errorf(pc, d.Offset, "::form needs an id")
		if len(ds.forms) > 0 {
			e.WithHint(`write ::form{id="%s"}`, ds.forms[0])
		}
		return
	}
	if ds.site == nil || ds.site.Forms[id.Value] == nil {
		e := directive.Errorf(pc, id.Offset, "unknown form %q", id.Value)
		if sug := diag.Suggest(id.Value, ds.forms); sug != "" {
			e.WithHint("did you mean %q?", sug)
		} else if len(ds.forms) > 0 {
			e.WithHint("forms in site.toml: %s", strings.Join(ds.forms, ", "))
		} else {
			e.WithHint("declare it under [forms.%s] in site.toml", id.Value)
		}
	}
}

// validateCookies checks that ::cookies has no label or attributes: the
// table is the site's, in the page's language.
func validateCookies(pc parser.Context, d *directive.Directive) {
	for _, a := range d.Attrs {
		directive.Errorf(pc, a.Offset, "::cookies takes no attributes").Spanning(a.Offset + len(a.Key)).
			WithHint("the table lists every cookie of [consent.categories] in site.toml; write ::cookies alone")
	}
	if d.Label != "" {
		directive.Errorf(pc, d.Offset, "::cookies takes no label").
			WithHint("the table's caption is the UI string cookies.caption; write ::cookies alone")
	}
}

// validateParam checks that :param[name] names a param of the site or of
// some region (which regions set it is a matter of rendering), trimming
// the name.
func validateParam(pc parser.Context, d *directive.Directive) {
	paramNames := siteOf(pc).paramNames
	name := strings.TrimSpace(d.Label)
	d.Label = name
	if name == "" {
		directive.Errorf(pc, d.Offset, "param directive without a name").WithHint("write :param[name]")
	} else if !containsString(paramNames, name) {
		e := directive.Errorf(pc, d.Offset, "unknown param %q", name)
		if sug := diag.Suggest(name, paramNames); sug != "" {
			e.WithHint("did you mean %q?", sug)
		} else {
			e.WithHint("add it to [params] or [regions.<id>.params] in site.toml")
		}
	}
}

// allParamNames lists every param name in the site and in any region.
func allParamNames(site *config.Site) []string {
	if site == nil {
		return nil
	}
	seen := map[string]bool{}
	var names []string
	add := func(m map[string]any) {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				names = append(names, k)
			}
		}
	}
	add(site.Params)
	for _, r := range site.Regions {
		add(r.Params)
	}
	sort.Strings(names)
	return names
}
