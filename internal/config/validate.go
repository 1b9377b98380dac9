package config

import (
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
	"golang.org/x/text/language"
)

var (
	regionIDPattern   = regexp.MustCompile(`^[a-z0-9-]+$`)
	formIDPattern     = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	categoryIDPattern = regexp.MustCompile(`^[a-z0-9_-]+$`)
	fieldNamePattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
	// Options become locale keys (form.<id>.<field>.<option>) and HTML values.
	optionPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// Values accepted by the enumerated settings.
var (
	consentModels = []string{"opt-in", "opt-out", "notice", "none"}
	encodings     = []string{"json", "urlencoded"}
	fieldTypes    = []string{"text", "email", "tel", "textarea", "select", "country", "choice"}
	googleTypes   = []string{"ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
		"functionality_storage", "personalization_storage", "security_storage"}
)

// Defaults for settings site.toml leaves out.
const (
	DefaultLanguage   = "en"
	DefaultRevision   = 1
	DefaultExpiryDays = 182
	MaxFileMiB        = 1024 // the largest [build] maxFileMiB
	DefaultTimeoutMS  = 15000
	DefaultConsent    = "opt-in"
	DefaultEncoding   = "json"
)

// ConsentCookie is the cookie in which the consent widget stores the
// visitor's choice: no category may declare it.
const ConsentCookie = "charter_consent"

// DefaultFamilyNameFirst are the languages that write the family name
// first (山田 太郎, 王小明, 김민준, Nguyễn Văn An, Kovács Anna): a form in
// one of them, or in a regional variant (zh-Hant, ja-JP), asks for the
// family name first.
var DefaultFamilyNameFirst = []string{"ja", "zh", "ko", "vi", "hu"}

// defaultCategories are used when [consent] lists none.
func defaultCategories() []Category {
	return []Category{
		{ID: "necessary", Required: true, GoogleTypes: []string{"security_storage", "functionality_storage"}},
		{ID: "analytics", GoogleTypes: []string{"analytics_storage"}},
		{ID: "marketing", Sale: true, GoogleTypes: []string{"ad_storage", "ad_user_data", "ad_personalization"}},
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func oneOf(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = strconv.Quote(s)
	}
	return "use one of " + strings.Join(q, ", ")
}

// validate checks the decoded site and fills in defaults.
func (l *loader) validate(site *Site) {
	if site.DefaultLanguage == "" {
		site.DefaultLanguage = DefaultLanguage
	} else if tag, ok := l.languageTag(path{"defaultLanguage"}, site.DefaultLanguage); ok {
		site.DefaultLanguage = tag
	}
	if site.Build.Minify == nil {
		on := true
		site.Build.Minify = &on
	}
	if !l.has(path{"build", "maxFileMiB"}) {
		site.Build.MaxFileMiB = sitefs.DefaultMaxFileMiB
	} else if m := site.Build.MaxFileMiB; m < 1 || m > MaxFileMiB {
		l.valueErr(path{"build", "maxFileMiB"}, "maxFileMiB must be between 1 and %d, not %d", MaxFileMiB, m).
			WithHint("it is the size limit of one site file in MiB; the default is %d", sitefs.DefaultMaxFileMiB)
	}
	l.validateRegions(site)
	for _, r := range site.Regions {
		l.validateRequire(site, r)
	}
	l.validateConsent(&site.Consent)
	l.validateGatedScripts(&site.Consent)
	regionIDs := make([]string, len(site.Regions))
	for i, r := range site.Regions {
		regionIDs[i] = r.ID
	}
	for _, id := range sortedKeys(site.Forms) {
		if f := site.Forms[id]; f != nil {
			l.validateForm(f, regionIDs)
		}
	}
}

// languageTag parses a BCP 47 tag and returns its canonical form.
func (l *loader) languageTag(p path, s string) (string, bool) {
	tag, err := language.Parse(s)
	if err != nil || tag == language.Und {
		l.valueErr(p, "%s %q is not a valid BCP 47 language tag", name(p), s).
			WithHint(`for example "en", "de", "pt-BR", "zh-Hans"`)
		return "", false
	}
	return tag.String(), true
}

func (l *loader) validateRegions(site *Site) {
	if len(site.Regions) == 0 {
		l.keyErr(path{"regions"}, "site.toml defines no regions").
			WithHint(`add a [regions.<id>] table with domain, baseURL and languages`)
		return
	}
	domains := map[string]*Region{}
	for _, r := range site.Regions {
		p := path{"regions", r.ID}
		if !regionIDPattern.MatchString(r.ID) {
			l.keyErr(p, "region id %q may only use a-z, 0-9 and -", r.ID).
				WithHint("the id names the region in --region, in URLs of the dev server and in :::region directives")
		}

		switch {
		case r.Domain == "":
			l.keyErr(p, "region %q has no domain", r.ID).WithHint(`add domain = "example.com"`)
		case !l.checkHostname(p.child("domain"), r.Domain):
		case r.Domain == "manifest.json":
			l.valueErr(p.child("domain"), "domain %q is the name of the output's manifest", r.Domain).WithHint("use the region's real domain")
		case domains[r.Domain] != nil:
			first := domains[r.Domain]
			pos, _ := l.where(path{"regions", first.ID, "domain"}, true)
			d := l.valueErr(p.child("domain"), "domain %q is already used by region %q", r.Domain, first.ID)
			if pos.Line > 0 {
				d.WithHint("see line %d; every region needs a domain of its own", pos.Line)
			} else {
				d.WithHint("every region needs a domain of its own")
			}
		default:
			domains[r.Domain] = r
		}

		l.checkBaseURL(p, r)

		langs := p.child("languages")
		if len(r.Languages) == 0 {
			l.keyErr(p, "region %q lists no languages", r.ID).WithHint(`add languages = ["en"]; the first is served at the root`)
		}
		r.LanguagesPos = make([]diag.Pos, len(r.Languages))
		seen := map[string]int{}
		for i, s := range r.Languages {
			ip := langs.child(strconv.Itoa(i))
			r.LanguagesPos[i] = l.posOf(ip)
			tag, ok := l.languageTag(ip, s)
			if !ok {
				continue
			}
			if j, dup := seen[tag]; dup {
				l.valueErr(ip, "language %q is listed twice in region %q", tag, r.ID).
					WithHint("it is also languages[%d]", j)
				continue
			}
			seen[tag] = i
			r.Languages[i] = tag
		}

		switch {
		case r.Consent == "":
			r.Consent = DefaultConsent
		case !contains(consentModels, r.Consent):
			l.valueErr(p.child("consent"), "consent %q is not a consent model", r.Consent).WithHint("%s", oneOf(consentModels))
		}

		if r.Fallback == "" {
			r.Fallback = site.DefaultLanguage
		} else if tag, ok := l.languageTag(p.child("fallback"), r.Fallback); ok {
			r.Fallback = tag
		}

		l.checkFallbackOK(p.child("fallbackOK"), r)

		if r.Country != "" {
			l.checkCountry(p.child("country"), r)
		}
		if r.Label == "" {
			r.Label = r.ID
		}
	}
}

// checkFallbackOK checks that fallbackOK lists page ids as charter names
// pages (the path under content/ without language and .md), or "*";
// whether each names a page is for charter check, which knows them.
func (l *loader) checkFallbackOK(p path, r *Region) {
	r.FallbackOKPos = make([]diag.Pos, len(r.FallbackOK))
	for i, id := range r.FallbackOK {
		ip := p.child(strconv.Itoa(i))
		r.FallbackOKPos[i] = l.posOf(ip)
		if id == "*" {
			continue
		}
		page := strings.TrimPrefix(strings.TrimPrefix(id, "/"), "content/")
		page = strings.TrimSuffix(strings.TrimSuffix(page, ".md"), "/")
		if page == "" {
			page = "index"
		}
		if page != id || id == "" || strings.Contains(id, "*") {
			hint := fmt.Sprintf("write %q: the path under content/ without the language and .md", page)
			if strings.Contains(id, "*") {
				hint = `write "*" alone for every page, or the pages one by one`
			}
			l.valueErr(ip, "fallbackOK entry %q is not a page id", id).WithHint("%s", hint)
		}
	}
}

func (l *loader) checkHostname(p path, host string) bool {
	fail := func(hint string) bool {
		l.valueErr(p, "domain %q is not a host name", host).WithHint("%s", hint)
		return false
	}
	switch {
	case strings.Contains(host, "/") || strings.Contains(host, ":"):
		return fail("write only the host, e.g. acme24.de; the full URL goes in baseURL")
	case strings.ToLower(host) != host:
		return fail("write it in lowercase: " + strings.ToLower(host))
	case len(host) > 253 || !strings.Contains(host, "."):
		return fail("use a fully qualified name such as acme24.de")
	}
	labels := strings.Split(host, ".")
	for _, label := range labels {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fail("each dot-separated label must be 1 to 63 characters and not start or end with -")
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return fail("use a-z, 0-9 and -; write internationalized names in punycode (xn--...)")
			}
		}
	}
	if _, err := strconv.Atoi(labels[len(labels)-1]); err == nil {
		return fail("domain must be a name, not an IP address")
	}
	return true
}

func (l *loader) checkBaseURL(p path, r *Region) {
	bp := p.child("baseURL")
	if r.BaseURL == "" {
		d := l.keyErr(p, "region %q has no baseURL", r.ID)
		if r.Domain != "" {
			d.WithHint(`add baseURL = "https://%s/"`, r.Domain)
		}
		return
	}
	u, err := url.Parse(r.BaseURL)
	switch {
	case err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https":
		l.valueErr(bp, "baseURL %q is not an absolute http or https URL", r.BaseURL).
			WithHint(`for example "https://%s/"`, orDefault(r.Domain, "acme24.de"))
	case u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		l.valueErr(bp, "baseURL %q must not have credentials, a query or a fragment", r.BaseURL)
	case !strings.HasSuffix(r.BaseURL, "/"):
		l.valueErr(bp, "baseURL %q must end with \"/\"", r.BaseURL).WithHint("add the slash: %q", r.BaseURL+"/")
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (l *loader) checkCountry(p path, r *Region) {
	bad := func() {
		l.valueErr(p, "country %q is not an ISO 3166-1 alpha-2 country code", r.Country).
			WithHint(`for example "DE", "BR", "US"; leave it out for a multi-country region`)
	}
	if len(r.Country) != 2 {
		bad()
		return
	}
	region, err := language.ParseRegion(r.Country)
	if err != nil || !region.IsCountry() {
		bad()
		return
	}
	r.Country = region.String()
}

// checkEndpoint reports whether s is an endpoint a browser may post to: https,
// or http on a loopback host (localhost, *.localhost, 127.0.0.1, [::1]).
func (l *loader) checkEndpoint(p path, s string) {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https":
		l.valueErr(p, "%s %q is not an absolute https URL", name(p), s).
			WithHint(`for example "https://api.example.com/leads"; "" disables it`)
	case u.User != nil:
		l.valueErr(p, "%s %q must not contain credentials", name(p), s).
			WithHint("the URL is published in every page; authenticate on the server side")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		l.valueErr(p, "%s %q must use https", name(p), s).
			WithHint("plain http is allowed only for localhost, 127.0.0.1 and [::1]")
	case !isURLHost(u.Host):
		l.valueErr(p, "%s %q has a host that is not a host name or IP address", name(p), s).
			WithHint(hostHint)
	}
}

const hostHint = "its origin goes into the Content-Security-Policy; use a-z, 0-9, - and . (punycode for other scripts), an IP address ([::1] for IPv6) and a numeric port"

// isURLHost reports whether host ("name[:port]" of a URL) is what a
// Content-Security-Policy source may hold: a DNS name of ASCII labels or an
// IP address (IPv6 in brackets), and an optional numeric port. Anything
// else (";", ",", a space, a quote, "*") would change the policy, and the
// build leaves such an origin out of it.
func isURLHost(host string) bool {
	name, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		name, port = host[:i], host[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.Trim(port, "0123456789") != "" {
			return false
		}
	}
	if strings.HasPrefix(name, "[") && strings.HasSuffix(name, "]") {
		ip, err := netip.ParseAddr(name[1 : len(name)-1])
		return err == nil && ip.Is6() && ip.Zone() == ""
	}
	name = strings.ToLower(name)
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(name, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func isLoopback(host string) bool {
	host = strings.ToLower(host)
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || host == "127.0.0.1" || host == "::1"
}

func (l *loader) validateConsent(c *Consent) {
	p := path{"consent"}
	if !l.has(p.child("revision")) {
		c.Revision = DefaultRevision
	} else if c.Revision < 1 {
		l.valueErr(p.child("revision"), "revision must be 1 or more, not %d", c.Revision)
	}
	if !l.has(p.child("expiryDays")) {
		c.ExpiryDays = DefaultExpiryDays
	} else if c.ExpiryDays < 1 {
		l.valueErr(p.child("expiryDays"), "expiryDays must be 1 or more, not %d", c.ExpiryDays)
	}
	if c.RecordEndpoint != "" {
		l.checkEndpoint(p.child("recordEndpoint"), c.RecordEndpoint)
	}
	for i, cp := range c.CookiePaths {
		if !strings.HasPrefix(cp, "/") || strings.ContainsAny(cp, ";, \t") {
			l.valueErr(p.child("cookiePaths").child(strconv.Itoa(i)), "cookie path %q is not a path", cp).WithHint(`write root-relative paths, such as "/" or "/app/"`)
		}
	}
	if !slices.Contains(c.CookiePaths, "/") {
		c.CookiePaths = append([]string{"/"}, c.CookiePaths...)
	}
	if len(c.Categories) == 0 {
		c.Categories = defaultCategories()
		return
	}
	ids := map[string]int{}
	grantedBy := map[string]string{}
	cookieIDs := map[string]bool{}
	cookieNames := map[string]string{ConsentCookie: "the consent widget"} // name -> who declares it
	required := false
	for i := range c.Categories {
		cat := &c.Categories[i]
		cp := p.child("categories").child(strconv.Itoa(i))
		switch {
		case cat.ID == "":
			l.keyErr(cp, "consent category %d has no id", i+1).WithHint(`add id = "analytics"`)
		case !categoryIDPattern.MatchString(cat.ID):
			l.valueErr(cp.child("id"), "category id %q may only use a-z, 0-9, _ and -", cat.ID)
		default:
			if j, dup := ids[cat.ID]; dup {
				l.valueErr(cp.child("id"), "category id %q is used twice", cat.ID).WithHint("it is also categories[%d]", j)
			}
			ids[cat.ID] = i
		}
		if cat.Required {
			required = true
			if cat.Sale {
				l.valueErr(cp.child("sale"), "category %q is required, so it cannot be a sale or sharing of data", cat.ID).
					WithHint("visitors must be able to refuse a sale; make it optional or drop sale = true")
			}
		}
		for j, g := range cat.GoogleTypes {
			gp := cp.child("googleTypes").child(strconv.Itoa(j))
			switch {
			case !contains(googleTypes, g):
				d := l.valueErr(gp, "%q is not a Google Consent Mode type", g)
				if h := suggest(g, googleTypes); h != "" {
					d.Hint = h
				} else {
					d.Hint = oneOf(googleTypes)
				}
			case grantedBy[g] != "" && grantedBy[g] != cat.ID:
				l.valueErr(gp, "%q is already granted by category %q", g, grantedBy[g]).
					WithHint("each Consent Mode type belongs to one category")
			default:
				grantedBy[g] = cat.ID
			}
		}
		cat.CookiesPos = make([]diag.Pos, len(cat.Cookies))
		for j, cookie := range cat.Cookies {
			jp := cp.child("cookies").child(strconv.Itoa(j))
			cat.CookiesPos[j] = l.posOf(jp)
			l.checkCookie(jp, cookie)
		}
		for j := range cat.Cookie {
			l.validateCookieInfo(cp.child("cookie").child(strconv.Itoa(j)), cat, &cat.Cookie[j], cookieIDs, cookieNames)
		}
	}
	if !required {
		l.keyErr(p.child("categories"), "no consent category is required").
			WithHint("mark the strictly necessary category with required = true")
	}
}

// validateGatedScripts checks [[consent.scripts]]: each needs a src the
// page can load and the id of a known category.
func (l *loader) validateGatedScripts(c *Consent) {
	var ids []string
	for _, cat := range c.Categories {
		ids = append(ids, cat.ID)
	}
	for i, s := range c.Scripts {
		sp := path{"consent", "scripts", strconv.Itoa(i)}
		switch {
		case s.Src == "":
			l.keyErr(sp, "gated script %d has no src", i+1).WithHint(`add src = "/analytics.js"`)
		case strings.HasPrefix(s.Src, "/") && !strings.HasPrefix(s.Src, "//"):
		default:
			u, err := url.Parse(s.Src)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				l.valueErr(sp.child("src"), "script src %q must be a root-relative path or an https URL", s.Src).
					WithHint(`write "/analytics.js" for a file of the site, or "https://..."`)
			} else if !isURLHost(u.Host) {
				l.valueErr(sp.child("src"), "script src %q has a host that is not a host name or IP address", s.Src).
					WithHint(hostHint)
			}
		}
		switch {
		case s.Category == "":
			l.keyErr(sp, "gated script %d has no category", i+1).WithHint("%s", oneOf(ids))
		case !contains(ids, s.Category):
			d := l.valueErr(sp.child("category"), "script category %q is not a consent category", s.Category)
			if h := suggest(s.Category, ids); h != "" {
				d.Hint = h
			} else {
				d.Hint = oneOf(ids)
			}
		}
	}
}

// checkCookie checks a cookie name, or a /regexp/ that the widget compiles
// with JavaScript's RegExp: it must compile here and use only syntax both
// dialects share.
func (l *loader) checkCookie(p path, s string) {
	if len(s) >= 2 && strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") {
		expr := s[1 : len(s)-1]
		if _, err := regexp.Compile(expr); err != nil {
			l.valueErr(p, "cookie pattern %s does not compile: %v", s, unwrapRegexpErr(err))
			return
		}
		plain := strings.ReplaceAll(expr, `(?:`, ``) // non-capturing groups are common ground
		for _, js := range []string{`(?`, `\A`, `\z`, `\Q`, `[[:`, `\p`, `\P`} {
			if strings.Contains(plain, js) {
				l.valueErr(p, "cookie pattern %s uses %s, which JavaScript reads differently", s, js).
					WithHint("keep to plain syntax: ^, $, ., [...], *, +, ?, (...), |")
				return
			}
		}
		return
	}
	if s == "" || strings.ContainsAny(s, " \t\"(),/:;<=>?@[\\]{}") {
		l.valueErr(p, "cookie name %q is not valid", s).
			WithHint(`write the cookie's exact name, or a pattern between slashes like "/^_ga/"`)
	}
}

// validateCookieInfo checks a [[consent.categories.cookie]] row and adds
// its names to the category's cookies, so that withdrawal deletes them.
func (l *loader) validateCookieInfo(p path, cat *Category, ci *CookieInfo, ids map[string]bool, names map[string]string) {
	ci.Pos = l.posOf(p)
	switch {
	case ci.ID == "":
		l.keyErr(p, "a cookie of category %q has no id", cat.ID).
			WithHint(`add id = "analytics": its purpose is the UI string consent.cookie.<id>.purpose`)
	case !categoryIDPattern.MatchString(ci.ID):
		l.valueErr(p.child("id"), "cookie id %q may only use a-z, 0-9, _ and -", ci.ID)
	case ids[ci.ID]:
		l.valueErr(p.child("id"), "cookie id %q is used twice", ci.ID)
	}
	ids[ci.ID] = true
	if len(ci.Names) == 0 {
		l.keyErr(p, "cookie %q lists no names", ci.ID).WithHint(`add names = ["_example"], or ["_example_*"] for a family`)
	}
	for i, name := range ci.Names {
		np := p.child("names").child(strconv.Itoa(i))
		if other, dup := names[name]; dup {
			l.valueErr(np, "cookie name %q is already declared by %s", name, other).
				WithHint("a cookie belongs to one row of one category: withdrawing that category deletes it")
			continue
		}
		names[name] = fmt.Sprintf("cookie %q of category %q", ci.ID, cat.ID)
		pattern := name
		if prefix, family := strings.CutSuffix(name, "*"); family {
			pattern = "/^" + regexp.QuoteMeta(prefix) + "/"
			if prefix == "" || strings.Contains(prefix, "*") {
				l.valueErr(np, "cookie name %q is not a name or a name*", name).
					WithHint(`write the exact name, or its beginning and one * at the end, like "_ga_*"`)
				continue
			}
			name = prefix
		}
		if strings.HasPrefix(name, "/") {
			l.valueErr(np, "cookie name %q is not a name or a name*", name).
				WithHint(`the table shows names: write "_ga_*" for the cookies that start with _ga_`)
			continue
		}
		l.checkCookie(np, name)
		cat.Cookies = append(cat.Cookies, pattern)
		cat.CookiesPos = append(cat.CookiesPos, l.posOf(np))
	}
	lt, ok := parseLifetime(ci.Duration)
	if !ok {
		dp := p.child("duration")
		if !l.has(dp) {
			dp = p
		}
		l.valueErr(dp, "cookie %q: duration %q is not a lifetime", ci.ID, ci.Duration).
			WithHint(`write "session", or a count and hours, days, months or years: "90 days", "1 year"`)
	}
	ci.Lifetime = lt
}

// parseLifetime reads "session", "1 year", "90 days", "13 months", "12 hours".
func parseLifetime(s string) (Lifetime, bool) {
	s = strings.TrimSpace(s)
	if s == "session" {
		return Lifetime{Unit: "session"}, true
	}
	count, unit, ok := strings.Cut(s, " ")
	n, err := strconv.Atoi(count)
	if !ok || err != nil || n < 1 || strings.HasPrefix(count, "+") {
		return Lifetime{}, false
	}
	unit = strings.TrimSpace(unit)
	for _, u := range []string{"hours", "days", "months", "years"} {
		if unit == u || n == 1 && unit == strings.TrimSuffix(u, "s") {
			return Lifetime{Count: n, Unit: u}, true
		}
	}
	return Lifetime{}, false
}

func unwrapRegexpErr(err error) string {
	msg := err.Error()
	return strings.TrimPrefix(msg, "error parsing regexp: ")
}

func (l *loader) validateForm(f *Form, regionIDs []string) {
	p := path{"forms", f.ID}
	if !formIDPattern.MatchString(f.ID) {
		l.keyErr(p, "form id %q may only use a-z, 0-9, _ and - (starting with a letter or digit)", f.ID)
	}
	if f.Endpoint != "" {
		l.checkEndpoint(p.child("endpoint"), f.Endpoint)
	}
	for _, id := range sortedKeys(f.Endpoints) {
		ep := p.child("endpoints").child(id)
		if !contains(regionIDs, id) {
			d := l.keyErr(ep, "endpoints: there is no region %q", id)
			if h := suggest(id, regionIDs); h != "" {
				d.Hint = h
			}
			continue
		}
		if v := f.Endpoints[id]; v != "" {
			l.checkEndpoint(ep, v)
		}
	}
	switch {
	case f.Encoding == "":
		f.Encoding = DefaultEncoding
	case !contains(encodings, f.Encoding):
		l.valueErr(p.child("encoding"), "encoding %q is not supported", f.Encoding).WithHint("%s", oneOf(encodings))
	}
	if !l.has(p.child("familyNameFirst")) {
		f.FamilyNameFirst = slices.Clone(DefaultFamilyNameFirst)
	}
	for i, lang := range f.FamilyNameFirst {
		tag, err := language.Parse(lang)
		if err != nil {
			l.valueErr(p.child("familyNameFirst").child(strconv.Itoa(i)), "familyNameFirst[%d] %q is not a valid BCP 47 language tag", i, lang).
				WithHint(`write a language such as "ja" or "zh-Hant"`)
			continue
		}
		f.FamilyNameFirst[i] = tag.String() // "JA" is "ja"
	}
	if !l.has(p.child("timeoutMs")) {
		f.TimeoutMS = DefaultTimeoutMS
	} else if f.TimeoutMS < 1 {
		l.valueErr(p.child("timeoutMs"), "timeoutMs must be 1 or more, not %d", f.TimeoutMS)
	}

	if len(f.Fields) == 0 {
		l.keyErr(p, "form %q has no fields", f.ID).WithHint(`add [[forms.%s.fields]] tables with name and type`, f.ID)
	}
	names := map[string]int{}
	var fieldNames []string
	for i := range f.Fields {
		l.validateField(p.child("fields").child(strconv.Itoa(i)), &f.Fields[i], names, i)
		fieldNames = append(fieldNames, f.Fields[i].Name)
	}

	if f.Honeypot != "" {
		hp := p.child("honeypot")
		switch {
		case !fieldNamePattern.MatchString(f.Honeypot):
			l.valueErr(hp, "honeypot %q is not a valid field name", f.Honeypot)
		case names[f.Honeypot] > 0:
			l.valueErr(hp, "honeypot %q is also the name of a field", f.Honeypot).
				WithHint("pick a name no real field uses, e.g. \"website\"")
		}
	}
	payload := map[string]bool{}
	for _, n := range fieldNames {
		payload[n] = true
	}
	for _, k := range sortedKeys(f.FieldMap) {
		mp := p.child("fieldMap").child(k)
		if names[k] == 0 {
			d := l.keyErr(mp, "fieldMap: form %q has no field %q", f.ID, k)
			if h := suggest(k, fieldNames); h != "" {
				d.Hint = h
			}
			continue
		}
		if f.FieldMap[k] == "" {
			l.valueErr(mp, "fieldMap.%s is empty", k).WithHint("give the name the endpoint expects, or leave the field out of fieldMap")
			continue
		}
		delete(payload, k)
		payload[f.FieldMap[k]] = true
	}
	for _, k := range sortedKeys(f.Extra) {
		if payload[k] {
			l.keyErr(p.child("extra").child(k), "extra.%s would overwrite the form field sent as %q", k, k)
		}
	}
}

// validateField checks one field; names counts names seen (index+1).
func (l *loader) validateField(p path, fd *Field, names map[string]int, i int) {
	switch {
	case fd.Name == "":
		l.keyErr(p, "field %d has no name", i+1).WithHint(`add name = "email"`)
	case !fieldNamePattern.MatchString(fd.Name):
		l.valueErr(p.child("name"), "field name %q must start with a letter and use only A-Z, a-z, 0-9, _ and -", fd.Name)
	case names[fd.Name] > 0:
		l.valueErr(p.child("name"), "field name %q is used twice", fd.Name).WithHint("it is also fields[%d]", names[fd.Name]-1)
	default:
		names[fd.Name] = i + 1
	}
	tp := p.child("type")
	switch {
	case fd.Type == "":
		l.keyErr(p, "field %q has no type", fd.Name).WithHint("%s", oneOf(fieldTypes))
	case !contains(fieldTypes, fd.Type):
		d := l.valueErr(tp, "field type %q is not supported", fd.Type)
		if h := suggest(fd.Type, fieldTypes); h != "" {
			d.Hint = h
		} else {
			d.Hint = oneOf(fieldTypes)
		}
	case fd.Type == "select" || fd.Type == "choice":
		if len(fd.Options) == 0 {
			l.keyErr(p, "field %q of type %s has no options", fd.Name, fd.Type).WithHint(`add options = ["a", "b"]`)
		}
	case len(fd.Options) > 0:
		l.valueErr(p.child("options"), "field %q of type %s cannot have options", fd.Name, fd.Type).
			WithHint(`options apply to "select" and "choice" fields`)
	}
	seen := map[string]bool{}
	for j, o := range fd.Options {
		op := p.child("options").child(strconv.Itoa(j))
		switch {
		case !optionPattern.MatchString(o):
			l.valueErr(op, "option %q may only use A-Z, a-z, 0-9, _ and -", o).
				WithHint("the option's label comes from locales; its value is a key")
		case seen[o]:
			l.valueErr(op, "option %q is listed twice", o)
		}
		seen[o] = true
	}
	if fd.MaxLength < 0 {
		l.valueErr(p.child("maxLength"), "maxLength must be 0 (no limit) or more, not %d", fd.MaxLength)
	}
	if fd.Autocomplete != "" {
		if problem, hint := checkAutocomplete(fd.Autocomplete); problem != "" {
			d := l.valueErr(p.child("autocomplete"), "autocomplete %q %s", fd.Autocomplete, problem)
			d.Hint = hint
		}
	}
}

// Autofill field names of the HTML standard
// (https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#autofill).
var (
	autofillFields = []string{
		"name", "honorific-prefix", "given-name", "additional-name", "family-name", "honorific-suffix",
		"nickname", "username", "new-password", "current-password", "one-time-code",
		"organization-title", "organization", "street-address", "address-line1", "address-line2",
		"address-line3", "address-level4", "address-level3", "address-level2", "address-level1",
		"country", "country-name", "postal-code", "cc-name", "cc-given-name", "cc-additional-name",
		"cc-family-name", "cc-number", "cc-exp", "cc-exp-month", "cc-exp-year", "cc-csc", "cc-type",
		"transaction-currency", "transaction-amount", "language", "bday", "bday-day", "bday-month",
		"bday-year", "sex", "url", "photo",
	}
	autofillContactFields = []string{
		"tel", "tel-country-code", "tel-national", "tel-area-code", "tel-local", "tel-local-prefix",
		"tel-local-suffix", "tel-extension", "email", "impp",
	}
	autofillContactKinds = []string{"home", "work", "mobile", "fax", "pager"}
)

// checkAutocomplete checks an autocomplete attribute value: "on", "off",
// or [section-*] [shipping|billing] [home|work|mobile|fax|pager] field
// [webauthn], where the contact kind is only allowed before a contact
// field. It returns what is wrong and a hint, or "" if it is valid.
func checkAutocomplete(s string) (problem, hint string) {
	tokens := strings.Fields(strings.ToLower(s))
	if len(tokens) == 0 {
		return "is blank", "leave autocomplete out, or give a token such as \"email\""
	}
	if len(tokens) == 1 && (tokens[0] == "on" || tokens[0] == "off") {
		return "", ""
	}
	i := 0
	if strings.HasPrefix(tokens[i], "section-") && len(tokens[i]) > len("section-") {
		i++
	}
	if i < len(tokens) && (tokens[i] == "shipping" || tokens[i] == "billing") {
		i++
	}
	contact := false
	if i < len(tokens) && contains(autofillContactKinds, tokens[i]) {
		contact = true
		i++
	}
	if i == len(tokens) {
		return "has no autofill field name", `end it with a field name such as "email" or "given-name"`
	}
	field := tokens[i]
	all := append(append([]string{}, autofillFields...), autofillContactFields...)
	switch {
	case contains(autofillContactFields, field):
	case contains(autofillFields, field):
		if contact {
			return fmt.Sprintf("puts %q before %q, which is not a phone, email or impp field", tokens[i-1], field), ""
		}
	default:
		if h := suggest(field, all); h != "" {
			return fmt.Sprintf("uses %q, which is not an autofill field name", field), h
		}
		return fmt.Sprintf("uses %q, which is not an autofill field name", field),
			`see the HTML autofill field names, e.g. "given-name", "email", "country-name"`
	}
	i++
	if i < len(tokens) && tokens[i] == "webauthn" {
		i++
	}
	if i < len(tokens) {
		return fmt.Sprintf("has %q after the field name", tokens[i]), "a field name ends the list (only \"webauthn\" may follow)"
	}
	return "", ""
}
