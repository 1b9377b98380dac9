package i18n

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/charter-ssg/charter/internal/diag"
)

// Rules of the locale diagnostics (diag.Diagnostic.Rule), as charter
// check reports them.
const (
	// RuleMissingKey: a key the default language has and a served
	// language lacks; its pages show the default language's string.
	RuleMissingKey = "locale-missing-key"
	// RuleUnusedKey: a key of the site's locale files that no layout and
	// no code of charter looks up.
	RuleUnusedKey = "locale-unused-key"
	// RulePlaceholder: a translation's {placeholders} differ from the
	// default language's string of the key. One the translation adds is
	// an error (nothing fills it in: it shows as written); one it leaves
	// out is a warning. A call's names that differ from the default
	// language's string's placeholders are errors too (Arguments).
	RulePlaceholder = "locale-placeholder"
	// RulePlural: a plural entry lacks a category the CLDR plural rules
	// of its language use for whole numbers; those counts show "other".
	RulePlural = "locale-plural"
)

// Use is a UI string that something looks up: a layout's T call, or
// charter's own code (Pos is then where the code's input is written,
// such as a form in site.toml).
type Use struct {
	Key string
	Pos diag.Pos
}

// Undefined reports, as errors, every use whose key no locale file in
// the fallback chain of one of langs defines: those pages would show the
// key itself. The hint suggests a defined key it may be a misspelling of,
// and says where a new string goes.
func (c *Catalogs) Undefined(langs []string, uses []Use) diag.List {
	if c == nil {
		return nil
	}
	langs = c.served(langs)
	var known []string // keys of the default language, for suggestions
	var diags diag.List
	for _, u := range uses {
		var lacking []string
		for _, lang := range langs {
			if c.lookup(lang, u.Key) == nil {
				lacking = append(lacking, lang)
			}
		}
		if len(lacking) == 0 {
			continue
		}
		d := diag.Errorf(u.Pos, "UI string %q is not defined in any locale", u.Key)
		if c.definedAnywhere(u.Key) {
			d.Message = fmt.Sprintf("UI string %q is not defined for %s: no locale in %s has it",
				u.Key, list(lacking), pick(len(lacking), "its fallback chain", "their fallback chains"))
		}
		if known == nil {
			known = slices.Sorted(maps.Keys(c.merge(c.def)))
		}
		file := path.Join("locales", c.def+".toml")
		if s := diag.Suggest(u.Key, known); s != "" {
			d.WithHint("did you mean %q? To add it, write %s in %s", s, entry(u.Key), file)
		} else {
			d.WithHint("write %s in %s, which every language falls back to", entry(u.Key), file)
		}
		diags.Add(d)
	}
	return diags
}

// definedAnywhere reports whether any locale file defines key.
func (c *Catalogs) definedAnywhere(key string) bool {
	for _, cat := range c.byLang {
		if cat.messages[key] != nil {
			return true
		}
	}
	return false
}

// entry is how a new key is written in a locale file:
// `fooder = "..." under [nav]`.
func entry(key string) string {
	i := strings.LastIndexByte(key, '.')
	if i < 0 {
		return fmt.Sprintf("%s = \"...\"", key)
	}
	return fmt.Sprintf("%s = \"...\" under [%s]", key[i+1:], key[:i])
}

// Placeholders reports, as errors, every string of langs' locale files
// (the files along their fallback chains, but the default language's)
// that uses a {placeholder} the default language's string of its key
// does not have: nothing fills it in, so the page shows it as written.
// The error is at the key (the plural form's key, in a plural table).
func (c *Catalogs) Placeholders(langs []string) diag.List {
	if c == nil {
		return nil
	}
	var diags diag.List
	def := c.merge(c.def)
	for _, cat := range c.translations(c.served(langs), c.def) {
		for _, key := range slices.Sorted(maps.Keys(cat.messages)) {
			m, dm := cat.messages[key], def[key]
			if dm == nil || dm == m {
				continue
			}
			has := dm.placeholders(dm.plural)
			for f, t := range m.forms {
				if t == nil {
					continue
				}
				extra := slices.DeleteFunc(t.placeholders(), func(p string) bool { return has[p] || m.plural && p == "count" })
				if len(extra) == 0 {
					continue
				}
				span := m.key
				if m.plural {
					span = m.formKeys[f]
				}
				d := m.file.src.Errorf(span[0], span[1], "%q uses %s, which the %s string does not have (%s)",
					key, braces(extra), c.def, hasList(has))
				if agreed, n := c.agreed(c.def, key, dm); agreed != nil {
					d.WithHint("nothing fills %s in, so the page shows it as written; but all %d translations use %s: is %s misspelt?",
						braces(extra), n, braces(agreed), c.enString(key))
				} else {
					d.WithHint("nothing fills %s in, so the page shows it as written; use the %s string's placeholders, spelled as there", braces(extra), c.def)
				}
				d.Rule = RulePlaceholder
				diags.Add(d)
			}
		}
	}
	diags.Sort()
	return diags
}

// placeholders are the names of the placeholders of every form of m;
// with count, {count} too, which N fills in.
func (m *message) placeholders(count bool) map[string]bool {
	names := map[string]bool{}
	for _, t := range m.forms {
		if t != nil {
			for _, p := range t.placeholders() {
				names[p] = true
			}
		}
	}
	if count {
		names["count"] = true
	}
	return names
}

// placeholders are the names of t's placeholders, each once, in order.
func (t *template) placeholders() []string {
	var names []string
	for _, p := range t.parts {
		if p.placeholder && !slices.Contains(names, p.text) {
			names = append(names, p.text)
		}
	}
	return names
}

// braces writes names as {a}, {a} and {b}, {a}, {b} and {c}.
func braces(names []string) string {
	b := make([]string, len(names))
	for i, n := range names {
		b[i] = "{" + n + "}"
	}
	return list(b)
}

func hasList(has map[string]bool) string {
	if len(has) == 0 {
		return "it has none"
	}
	return "it has " + braces(slices.Sorted(maps.Keys(has)))
}

// list joins words as "a", "a and b", "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

func pick(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

// served is langs in canonical form, each once, in order.
func (c *Catalogs) served(langs []string) []string {
	var out []string
	for _, l := range langs {
		if l = canonical(l); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// translations are the catalogs along the chains of langs that are not
// the default language's (def or a less specific tag of it), each once,
// in order.
func (c *Catalogs) translations(langs []string, def string) []*catalog {
	defChain := Chain(def, "")
	var out []*catalog
	for _, lang := range langs {
		for _, l := range Chain(lang, def) {
			if cat := c.byLang[l]; cat != nil && !slices.Contains(defChain, l) && !slices.Contains(out, cat) {
				out = append(out, cat)
			}
		}
	}
	return out
}

// Completeness reports, as warnings with their rule, what charter check
// says of the locales of the served languages langs, with defaultLang
// the end of every fallback chain ("" for the one SetDefault set):
//
//   - RuleMissingKey: a used key the default language has and a
//     language's own files lack (after the site's file is merged over the
//     embedded one), at the table it belongs in in that language's file
//     (its file when it has no such table);
//   - RuleUnusedKey: a key of the site's own locale files that matches
//     nothing in used, once, at the default language's definition if
//     the site has one, else at the first other; keys the embedded files
//     also define are charter's (a theme's strings a layout may show) and
//     not reported;
//   - RulePlaceholder: a translation that leaves out a {placeholder} of
//     the default language's string (one it adds is the build's error,
//     see Placeholders);
//   - RulePlural: a plural entry (or a plain string where the default
//     language's entry is plural) without a category the CLDR rules of
//     its language use for whole numbers, such as few and many in
//     Polish, at its key.
//
// used holds the keys the layouts and charter's code look up; a key with
// a * is a pattern, * matching any run of characters
// ("consent.category.*.title", "form.*").
func (c *Catalogs) Completeness(defaultLang string, langs []string, used map[string]bool) diag.List {
	if c == nil {
		return nil
	}
	def := c.def
	if defaultLang != "" {
		def = canonical(defaultLang)
	}
	langs = c.served(langs)
	defMsgs := c.mergeChain(Chain(def, ""))
	var diags diag.List
	isUsed := usedFunc(used)
	diags = append(diags, c.missingKeys(def, defMsgs, langs, isUsed)...)
	diags = append(diags, c.unusedKeys(def, langs, isUsed)...)
	for _, cat := range c.translations(langs, def) {
		diags = append(diags, c.missingPlaceholders(cat, def, defMsgs)...)
	}
	diags = append(diags, c.plurals(def, defMsgs, langs)...)
	for _, d := range diags {
		d.Severity = diag.Warning
	}
	diags.Sort()
	return diags
}

// mergeChain collects the messages along chain, nearest language winning.
func (c *Catalogs) mergeChain(chain []string) map[string]*message {
	merged := map[string]*message{}
	for i := len(chain) - 1; i >= 0; i-- {
		if cat := c.byLang[chain[i]]; cat != nil {
			maps.Copy(merged, cat.messages)
		}
	}
	return merged
}

// usedFunc reports whether a key is in used, or matches a pattern of it.
func usedFunc(used map[string]bool) func(string) bool {
	var patterns []string
	for k := range used {
		if strings.Contains(k, "*") {
			patterns = append(patterns, k)
		}
	}
	return func(key string) bool {
		return used[key] || slices.ContainsFunc(patterns, func(p string) bool { return match(p, key) })
	}
}

// missingKeys reports the used keys of the default language that a
// language's own files lack; an unused one is reported as unused.
func (c *Catalogs) missingKeys(def string, defMsgs map[string]*message, langs []string, isUsed func(string) bool) diag.List {
	var diags diag.List
	type at struct {
		cat *catalog
		key string
	}
	seen := map[at]bool{}
	keys := slices.DeleteFunc(slices.Sorted(maps.Keys(defMsgs)), func(k string) bool { return !isUsed(k) })
	for _, lang := range langs {
		own := c.translations([]string{lang}, def)
		if len(own) == 0 {
			continue // the default language, or a language without a locale (the build's error)
		}
		for _, key := range keys {
			if seen[at{own[0], key}] || slices.ContainsFunc(own, func(cat *catalog) bool { return cat.messages[key] != nil }) {
				continue
			}
			seen[at{own[0], key}] = true
			d := own[0].where(key, "%q is missing in %s; its pages show the %s string %s", key, own[0].tag, def, quote(defMsgs[key]))
			if own[0].siteFile() {
				d.WithHint("write %s in %s", entry(key), own[0].path)
			} else {
				d.WithHint("create %s with %s; it merges over charter's embedded %s strings", own[0].path, entry(key), own[0].tag)
			}
			d.Rule = RuleMissingKey
			diags.Add(d)
		}
	}
	return diags
}

// siteFile reports whether one of the catalog's files is the site's own.
func (cat *catalog) siteFile() bool {
	return slices.ContainsFunc(cat.files, func(f *file) bool { return !f.embedded })
}

// where places a diagnostic for key in the catalog's own site file: at
// the key or the nearest table that encloses it, else at the file. A
// language with only an embedded file is placed at its path in the site,
// where a file of the site would merge over it.
func (cat *catalog) where(key, format string, args ...any) *diag.Diagnostic {
	for _, f := range slices.Backward(cat.files) {
		if f.embedded {
			continue
		}
		if span, ok := nearest(f.spans, strings.Split(key, ".")); ok {
			return f.src.Errorf(span[0], span[1], format, args...)
		}
		return diag.Errorf(diag.Pos{File: f.src.Name}, format, args...)
	}
	return diag.Errorf(diag.Pos{File: cat.path}, format, args...)
}

// quote is a message's text for a diagnostic, cut short if long.
func quote(m *message) string {
	s := m.forms[plural.Other].raw
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

func (c *Catalogs) unusedKeys(def string, langs []string, isUsed func(string) bool) diag.List {
	// Every catalog of the served languages, the default language's first.
	cats := c.translations(Chain(def, ""), "")
	for _, cat := range c.translations(langs, def) {
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
	}
	type definition struct {
		m   *message
		cat *catalog
	}
	defs := map[string][]definition{} // of the site's files only
	for _, cat := range cats {
		for key, m := range cat.messages {
			if !m.file.embedded && !isUsed(key) && !cat.embeddedHas(key) {
				defs[key] = append(defs[key], definition{m, cat})
			}
		}
	}
	var diags diag.List
	for _, key := range slices.Sorted(maps.Keys(defs)) {
		first := defs[key][0]
		src := first.m.file.src
		d := src.Errorf(first.m.key[0], first.m.key[1], "%q is not used by any layout or by charter", key)
		if n := len(defs[key]); n > 1 {
			d.WithHint("remove it from the %d locale files that have it, or show it in a layout with {{ .T %q }}", n, key)
		} else {
			d.WithHint("remove it, or show it in a layout with {{ .T %q }}", key)
		}
		d.Rule = RuleUnusedKey
		diags.Add(d)
	}
	return diags
}

// match reports whether key matches pattern, whose every * stands for
// any run of characters.
func match(pattern, key string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == key
	}
	if !strings.HasPrefix(key, parts[0]) {
		return false
	}
	key = key[len(parts[0]):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(key, p)
		if i < 0 {
			return false
		}
		key = key[i+len(p):]
	}
	return strings.HasSuffix(key, parts[len(parts)-1])
}

// missingPlaceholders reports the keys of cat that leave out a
// placeholder of the default language's string.
func (c *Catalogs) missingPlaceholders(cat *catalog, def string, defMsgs map[string]*message) diag.List {
	var diags diag.List
	for _, key := range slices.Sorted(maps.Keys(cat.messages)) {
		m, dm := cat.messages[key], defMsgs[key]
		if dm == nil || dm == m {
			continue
		}
		has := m.placeholders(false)
		var missing []string
		for _, p := range slices.Sorted(maps.Keys(dm.placeholders(false))) {
			if !has[p] {
				missing = append(missing, p)
			}
		}
		if len(missing) == 0 {
			continue
		}
		d := m.file.src.Errorf(m.key[0], m.key[1], "%q in %s leaves out %s, which the %s string has", key, cat.tag, braces(missing), def)
		if agreed, n := c.agreed(def, key, dm); agreed != nil {
			pos := dm.file.src.Range(dm.key[0], dm.key[1])
			d.WithHint("all %d translations use %s instead: is the %s string at %s misspelt? If not, write %s where %s belongs in the sentence",
				n, braces(agreed), def, pos, braces(missing), pick(len(missing), "it", "each"))
		} else {
			d.WithHint("the page fills %s in; write %s where it belongs in the sentence", braces(missing), pick(len(missing), "it", "them"))
		}
		d.Rule = RulePlaceholder
		diags.Add(d)
	}
	return diags
}

func (c *Catalogs) plurals(def string, defMsgs map[string]*message, langs []string) diag.List {
	var diags diag.List
	cats := c.translations(Chain(def, ""), "")
	for _, cat := range c.translations(langs, def) {
		if !slices.Contains(cats, cat) {
			cats = append(cats, cat)
		}
	}
	for _, cat := range cats {
		for _, key := range slices.Sorted(maps.Keys(cat.messages)) {
			m := cat.messages[key]
			dm := defMsgs[key]
			if !m.plural && (dm == nil || !dm.plural) {
				continue
			}
			examples := integerForms(m.tag)
			var lacking []string
			for f, ex := range examples {
				if len(ex) > 0 && m.forms[f] == nil {
					lacking = append(lacking, formNames[f])
				}
			}
			if len(lacking) == 0 {
				continue
			}
			name := display.English.Tags().Name(m.tag)
			var d *diag.Diagnostic
			if !m.plural {
				d = m.file.src.Errorf(m.key[0], m.key[1], "%q is a plain string, but the %s entry is a table of plural forms; %s uses %s",
					key, def, name, list(quoteAll(append(lacking, "other"))))
				d.WithHint("write it as a table: [%s] with %s", key, list(assignments(append(lacking, "other"))))
			} else {
				var uses []string
				for _, f := range lacking {
					uses = append(uses, fmt.Sprintf("%s for counts such as %s", f, numbers(examples[pluralForms[f]])))
				}
				d = m.file.src.Errorf(m.key[0], m.key[1], "plural %q has no %s %s, which %s uses: %s",
					key, list(quoteAll(lacking)), pick(len(lacking), "form", "forms"), name, strings.Join(uses, "; "))
				d.WithHint("add %s; until then those counts show the \"other\" form", list(assignments(lacking)))
			}
			d.Rule = RulePlural
			diags.Add(d)
		}
	}
	return diags
}

func quoteAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = fmt.Sprintf("%q", w)
	}
	return out
}

func assignments(forms []string) []string {
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = f + ` = "..."`
	}
	return out
}

func numbers(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

var integerFormsCache sync.Map // language.Tag → [numForms][]int

// integerForms are, for each plural form the CLDR cardinal rules of tag
// choose for some whole number, up to three such numbers; nil for the
// forms they never choose for a whole number. "other" is left out: every
// plural table has it. The rules depend on the number modulo 10, 100 or
// 1000000 and on small ranges, so 0 to 200 and the powers of ten up to
// 10^6 meet every form a whole number can take.
func integerForms(tag language.Tag) [numForms][]int {
	if v, ok := integerFormsCache.Load(tag); ok {
		return v.([numForms][]int)
	}
	var forms [numForms][]int
	try := func(n int) {
		f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
		if f != plural.Other && len(forms[f]) < 3 {
			forms[f] = append(forms[f], n)
		}
	}
	for n := range 201 {
		try(n)
	}
	for n := 1000; n <= 1000000; n *= 10 {
		try(n)
	}
	integerFormsCache.Store(tag, forms)
	return forms
}

// embeddedHas reports whether the embedded file of cat defines key (a
// plain string or a plural table).
func (cat *catalog) embeddedHas(key string) bool {
	for _, f := range cat.files {
		if f.embedded {
			_, ok := f.spans[strings.ReplaceAll(key, ".", "\x00")]
			return ok
		}
	}
	return false
}
