// Package i18n loads the UI string catalogs in locales/<lang>.toml and
// answers translated, pluralised strings along a language fallback chain
// (pt-BR → pt → en).
//
// A locale file maps keys to strings. A table whose keys are all CLDR plural
// forms (zero, one, two, few, many, other) and that has "other" is one
// plural message; any other table is a namespace whose keys are joined with
// dots. Placeholders are written {name}.
//
// A site's locale file merges over the embedded one of its language key
// by key (Load). Undefined, Placeholders and Arguments find what a build
// must not ship (a key no locale defines, a placeholder nothing fills
// in, a name a call passes that no placeholder takes); Completeness
// finds what charter check warns of.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/overlay"
	"github.com/charter-ssg/charter/internal/sitefs"
)

// DefaultLanguage is the end of every fallback chain unless SetDefault
// changes it.
const DefaultLanguage = "en"

// Catalogs holds every loaded locale. After Load (and SetDefault, if used)
// it is read-only, so T and N are safe for concurrent use without locks.
// SetDefault must not run concurrently with lookups.
type Catalogs struct {
	def    string
	langs  []string            // canonical tags of the loaded files, sorted
	byLang map[string]*catalog // by canonical tag
	// resolved holds, for every loaded language, each key already looked up
	// along its chain, so the hot path is two map lookups.
	resolved map[string]map[string]*message
	// others caches the same for languages without a file of their own
	// (de-CH when only de.toml exists): lang → map[string]*message.
	others *sync.Map
}

// catalog is one language's strings: its locale file, or the site's file
// merged over the embedded one.
type catalog struct {
	tag      language.Tag
	path     string  // its file's path in the folder ("locales/de.toml"), for hints
	files    []*file // the files read, the embedded one first
	messages map[string]*message
}

// message is one key's text: a plain string has only forms[plural.Other].
type message struct {
	forms [numForms]*template // indexed by plural.Form
	tag   language.Tag        // whose plural rules choose among forms
	file  *file               // where it is defined
	key   [2]int              // the byte span of its key in file
	// formKeys are the spans of each form's key in a plural table.
	formKeys [numForms][2]int
	plural   bool // written as a table of plural forms
}

// file is a locale file that was read.
type file struct {
	src      *diag.Source      // named as diagnostics name it
	path     string            // its path in its folder ("locales/de.toml")
	embedded bool              // one of the embedded defaults
	spans    map[string][2]int // where its keys and tables are; see keySpans
}

const numForms = int(plural.Many) + 1

var pluralForms = map[string]plural.Form{
	"zero":  plural.Zero,
	"one":   plural.One,
	"two":   plural.Two,
	"few":   plural.Few,
	"many":  plural.Many,
	"other": plural.Other,
}

// formNames are the CLDR names of plural.Form values, in CLDR order.
var formNames = [numForms]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// layer is one folder of locale files; a later layer's strings win.
type layer struct {
	fsys     fs.FS
	embedded bool
}

// Load reads every dir/*.toml in fsys. The file name (without .toml) is the
// language's BCP 47 tag. Problems are reported with the file's path and,
// where known, line and column; files with errors still contribute the
// entries that were valid.
//
// When fsys is an *overlay.FS (the site over the embedded defaults), the
// site's locales/xx.toml merges over the embedded locales/xx.toml key by
// key, as Hugo merges a project's i18n over its theme's: a site that
// overrides one string keeps every other embedded string. Positions of
// keys from the embedded file name it overlay.EmbeddedName
// ("(embedded)/locales/xx.toml").
func Load(fsys fs.FS, dir string) (*Catalogs, diag.List) {
	layers := []layer{{fsys: fsys}}
	if o, ok := fsys.(*overlay.FS); ok {
		layers = []layer{{fsys: o.Base, embedded: true}, {fsys: o.Top}}
	}
	c := &Catalogs{def: DefaultLanguage, byLang: map[string]*catalog{}}
	var diags diag.List
	found := false
	var firstErr error
	for _, l := range layers {
		if l.fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(l.fsys, dir)
		if err != nil {
			if d := sitefs.Refusal(err); d != nil {
				diags.Add(d) // the site's folder is a link out of it: said, not skipped
				found = true
			} else if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		c.loadLayer(l, dir, entries, &diags)
	}
	if !found {
		if firstErr == nil {
			firstErr = fs.ErrNotExist
		}
		diags.Errorf(diag.Pos{File: dir}, "cannot read the locales folder: %v", unwrapPathError(firstErr)).
			WithHint("create %s/ with one <language>.toml file per language, e.g. en.toml", dir)
	}
	sort.Strings(c.langs)
	c.resolve()
	diags.Sort()
	return c, diags
}

// loadLayer reads the locale files of one layer and merges their keys
// over those of the layers before.
func (c *Catalogs) loadLayer(l layer, dir string, entries []fs.DirEntry, diags *diag.List) {
	seen := map[string]string{} // language → its file in this layer
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".toml" {
			continue
		}
		p := path.Join(dir, name)
		shown := p
		if l.embedded {
			shown = overlay.EmbeddedName(p)
		}
		stem := strings.TrimSuffix(name, ".toml")
		tag, err := language.Parse(stem)
		if err != nil || tag == language.Und {
			diags.Errorf(diag.Pos{File: shown}, "%q is not a valid BCP 47 language tag", stem).
				WithHint("name locale files after their language, e.g. de.toml, pt-BR.toml or zh-Hans.toml")
			continue
		}
		lang := tag.String()
		if truncations(lang)[0] != lang {
			diags.Errorf(diag.Pos{File: shown}, "locale file name %q has extension or private-use subtags, which language fallback ignores", stem).
				WithHint("name locale files by language, script and region only, e.g. de.toml or zh-Hant-TW.toml")
			continue
		}
		if lang != stem {
			d := diag.Errorf(diag.Pos{File: shown}, "locale file name %q is not in canonical form; it is read as %q", stem, lang).
				WithHint("rename the file to %s.toml", lang)
			d.Severity = diag.Warning
			diags.Add(d)
		}
		if prev, ok := seen[lang]; ok {
			diags.Errorf(diag.Pos{File: shown}, "language %q already has the locale file %s", lang, prev).
				WithHint("merge the two files into %s.toml", lang)
			continue
		}
		seen[lang] = shown
		src, err := fs.ReadFile(l.fsys, p)
		if err != nil {
			diags.Add(sitefs.ReadError(shown, err))
			continue
		}
		src, bad := sitefs.Text(shown, src)
		if bad != nil {
			diags.Add(bad)
			diag.NewSource(shown, src).AddExcerpts(diag.List{bad})
			continue
		}
		f := &file{src: diag.NewSource(shown, src), path: p, embedded: l.embedded}
		messages, ds := parseFile(f, tag)
		*diags = append(*diags, ds...)
		cat := c.byLang[lang]
		if cat == nil {
			cat = &catalog{tag: tag, messages: map[string]*message{}}
			c.byLang[lang] = cat
			c.langs = append(c.langs, lang)
		}
		cat.path = p
		cat.files = append(cat.files, f)
		maps.Copy(cat.messages, messages)
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseFile decodes one locale file into flat keys.
func parseFile(file *file, tag language.Tag) (map[string]*message, diag.List) {
	src := file.src
	text := src.Text
	var diags diag.List
	messages := map[string]*message{}
	var doc map[string]any
	if err := toml.Unmarshal(text, &doc); err != nil {
		msg := err.Error()
		var d *diag.Diagnostic
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, byteCol := de.Position() // go-toml counts bytes
			d = src.Errorf(src.Offset(row, 1)+byteCol-1, 0, "%s", strings.TrimPrefix(de.Error(), "toml: "))
		} else {
			d = diag.Errorf(diag.Pos{File: src.Name}, "%s", strings.TrimPrefix(msg, "toml: "))
		}
		diags.Add(d.WithHint(`locale files are TOML: key = "text" lines, grouped under [section] headers`))
		return messages, diags
	}
	file.spans = keySpans(text)
	f := flattener{
		file:     file,
		src:      src,
		tag:      tag,
		keys:     file.spans,
		messages: messages,
	}
	f.table(nil, doc)
	diags = append(diags, f.diags...)
	src.AddExcerpts(diags)
	return messages, diags
}

// keySpans maps every key path in the document (parts joined by NUL) to
// the byte offsets where its key starts and ends, so problems found after
// decoding can point at their source.
func keySpans(src []byte) map[string][2]int {
	spans := map[string][2]int{}
	var p unstable.Parser
	p.Reset(src)
	var prefix []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			parts, span := keyParts(e.Key())
			prefix = parts
			record(spans, prefix, span)
		case unstable.KeyValue:
			recordKeyValue(spans, prefix, e)
		}
	}
	return spans
}

func recordKeyValue(spans map[string][2]int, prefix []string, kv *unstable.Node) {
	parts, span := keyParts(kv.Key())
	full := append(slices.Clip(prefix), parts...)
	record(spans, full, span)
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if n := it.Node(); n.Kind == unstable.KeyValue {
				recordKeyValue(spans, full, n)
			}
		}
	}
}

// keyParts returns the parts of a (dotted) key and the span from its
// first part to the end of its last; the start is -1 for no key.
func keyParts(it unstable.Iterator) ([]string, [2]int) {
	var parts []string
	span := [2]int{-1, -1}
	for it.Next() {
		n := it.Node()
		if span[0] < 0 {
			span[0] = int(n.Raw.Offset)
		}
		span[1] = int(n.Raw.Offset + n.Raw.Length)
		parts = append(parts, string(n.Data))
	}
	return parts, span
}

func record(spans map[string][2]int, parts []string, span [2]int) {
	k := strings.Join(parts, "\x00")
	if _, ok := spans[k]; !ok && span[0] >= 0 {
		spans[k] = span
	}
}

type flattener struct {
	file     *file
	src      *diag.Source
	tag      language.Tag
	keys     map[string][2]int // see keySpans
	messages map[string]*message
	diags    diag.List
}

// pos returns where the key path is written, or the nearest enclosing table.
func (f *flattener) pos(parts []string) diag.Pos {
	if span, ok := nearest(f.keys, parts); ok {
		return f.src.Range(span[0], span[1])
	}
	return diag.Pos{File: f.src.Name}
}

// nearest is the span of the key path in spans (see keySpans), or of the
// nearest table that encloses it.
func nearest(spans map[string][2]int, parts []string) ([2]int, bool) {
	for n := len(parts); n > 0; n-- {
		if span, ok := spans[strings.Join(parts[:n], "\x00")]; ok {
			return span, true
		}
	}
	return [2]int{}, false
}

func (f *flattener) table(parts []string, t map[string]any) {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.value(append(slices.Clip(parts), k), t[k])
	}
}

func (f *flattener) value(parts []string, v any) {
	key := strings.Join(parts, ".")
	switch v := v.(type) {
	case string:
		f.add(parts, key, &message{forms: [numForms]*template{plural.Other: parseTemplate(v)}, tag: f.tag})
	case map[string]any:
		if !isPluralTable(v) {
			f.table(parts, v)
			return
		}
		if _, ok := v["other"]; !ok {
			f.diags.Errorf(f.pos(parts), "plural table %q has no \"other\" form", key).
				WithHint(`add other = "..."; it is used for every count the other forms do not cover`)
			return
		}
		m := &message{tag: f.tag, plural: true}
		for _, form := range slices.Sorted(maps.Keys(v)) {
			fparts := append(slices.Clip(parts), form)
			s, ok := v[form].(string)
			if !ok {
				f.diags.Errorf(f.pos(fparts), "plural form %q of %q is %s, not a string", form, key, describe(v[form])).
					WithHint(`write it in double quotes: %s = "..."`, form)
				return
			}
			m.forms[pluralForms[form]] = parseTemplate(s)
			m.formKeys[pluralForms[form]], _ = nearest(f.keys, fparts)
		}
		f.add(parts, key, m)
	default:
		f.diags.Errorf(f.pos(parts), "%q is %s; a locale entry must be a string or a table of plural forms", key, describe(v)).
			WithHint(`write the text in double quotes: %s = "..."`, parts[len(parts)-1])
	}
}

func (f *flattener) add(parts []string, key string, m *message) {
	if _, dup := f.messages[key]; dup {
		f.diags.Errorf(f.pos(parts), "key %q is defined twice (a quoted key containing dots names the same key as a table)", key).
			WithHint("remove one of the two definitions")
		return
	}
	m.file = f.file
	m.key, _ = nearest(f.keys, parts)
	f.messages[key] = m
}

// isPluralTable reports whether every key of t is a CLDR plural form.
func isPluralTable(t map[string]any) bool {
	if len(t) == 0 {
		return false
	}
	for k := range t {
		if _, ok := pluralForms[k]; !ok {
			return false
		}
	}
	return true
}

func describe(v any) string {
	switch v.(type) {
	case int64, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return "a date or time"
	}
	return fmt.Sprintf("a %T", v)
}

// resolve precomputes each loaded language's keys along its chain.
func (c *Catalogs) resolve() {
	c.resolved = make(map[string]map[string]*message, len(c.langs))
	for _, lang := range c.langs {
		c.resolved[lang] = c.merge(lang)
	}
	c.others = new(sync.Map)
}

// merge collects lang's messages along its chain, nearest language winning.
func (c *Catalogs) merge(lang string) map[string]*message {
	chain := Chain(lang, c.def)
	merged := map[string]*message{}
	for i := len(chain) - 1; i >= 0; i-- {
		if cat := c.byLang[chain[i]]; cat != nil {
			maps.Copy(merged, cat.messages)
		}
	}
	return merged
}

// lookup finds key for lang along Chain(lang, default).
func (c *Catalogs) lookup(lang, key string) *message {
	if c == nil {
		return nil
	}
	if m, ok := c.resolved[lang]; ok {
		return m[key]
	}
	if c.others == nil { // not made by Load
		return c.merge(lang)[key]
	}
	if m, ok := c.others.Load(lang); ok {
		return m.(map[string]*message)[key]
	}
	m, _ := c.others.LoadOrStore(lang, c.merge(lang))
	return m.(map[string]*message)[key]
}

// Where is where lang's string of key is defined, along its fallback
// chain: the key in the file that supplied it (the site's locale file, or
// the embedded one it merges over). ok is false when no file of the chain
// defines key.
func (c *Catalogs) Where(lang, key string) (pos diag.Pos, ok bool) {
	m := c.lookup(lang, key)
	if m == nil {
		return diag.Pos{}, false
	}
	return m.file.src.Range(m.key[0], m.key[1]), true
}

// Languages returns the canonical tags of the loaded locale files, sorted.
func (c *Catalogs) Languages() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.langs)
}

// Has reports whether a locale file covers lang: its exact tag or a less
// specific one (pt-BR is covered by pt-BR.toml or pt.toml).
func (c *Catalogs) Has(lang string) bool {
	if c == nil {
		return false
	}
	for _, l := range Chain(lang, "") {
		if c.byLang[l] != nil {
			return true
		}
	}
	return false
}

// SetDefault sets the language at the end of every chain ("en" unless
// set). Call it before the catalogs are used concurrently.
func (c *Catalogs) SetDefault(lang string) {
	c.def = canonical(lang)
	c.resolve()
}

// T returns key's text in lang, looking along Chain(lang, default). args
// are name, value pairs filling {name}; placeholders without a value stay
// visible. A key missing everywhere returns the key itself. For a plural
// key T returns its "other" form. The result is plain text: escaping is
// the template's job.
func (c *Catalogs) T(lang, key string, args ...any) string {
	m := c.lookup(lang, key)
	if m == nil {
		return key
	}
	return m.forms[plural.Other].fill(args, 0, false)
}

// N returns the plural form of key for count, chosen by the CLDR cardinal
// rules of the language whose file supplied the message, falling back to
// "other". {count} is filled with count unless args give "count" (e.g. a
// formatted number).
func (c *Catalogs) N(lang, key string, count int, args ...any) string {
	m := c.lookup(lang, key)
	if m == nil {
		return key
	}
	n := count
	if n < 0 {
		n = -n
	}
	form := plural.Cardinal.MatchPlural(m.tag, n, 0, 0, 0, 0)
	t := m.forms[form]
	if t == nil {
		t = m.forms[plural.Other]
	}
	return t.fill(args, count, true)
}

// Missing returns the keys of the default language's file that lang's own
// file (the site's merged over the embedded one) lacks, sorted.
func (c *Catalogs) Missing(lang string) []string {
	if c == nil {
		return nil
	}
	def := c.byLang[c.def]
	if def == nil {
		return nil
	}
	own := c.byLang[canonical(lang)]
	var missing []string
	for k := range def.messages {
		if own == nil || own.messages[k] == nil {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	return missing
}

// SelfNameKey is the optional locale entry that names a language in
// itself, for the language switcher.
const SelfNameKey = "meta.language"

// SelfName is the language's name in itself: the meta.language entry of
// lang's own locale file if it has one, else the CLDR name (SelfName).
func (c *Catalogs) SelfName(lang string) string {
	if c != nil {
		if cat := c.byLang[canonical(lang)]; cat != nil {
			if m := cat.messages[SelfNameKey]; m != nil && m.forms[plural.Other].raw != "" {
				return m.forms[plural.Other].raw
			}
		}
	}
	return SelfName(lang)
}

// template is a message text split into literal text and placeholders.
type template struct {
	raw   string
	parts []part // nil if raw has no placeholders
}

type part struct {
	text        string
	placeholder bool // text is a placeholder name
}

func parseTemplate(s string) *template {
	t := &template{raw: s}
	if !strings.Contains(s, "{") {
		return t
	}
	lit := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		end := strings.IndexByte(s[i+1:], '}')
		if end <= 0 || !isName(s[i+1:i+1+end]) {
			continue
		}
		if lit < i {
			t.parts = append(t.parts, part{text: s[lit:i]})
		}
		t.parts = append(t.parts, part{text: s[i+1 : i+1+end], placeholder: true})
		i += end + 1
		lit = i + 1
	}
	if t.parts != nil && lit < len(s) {
		t.parts = append(t.parts, part{text: s[lit:]})
	}
	return t
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return s != ""
}

// fill replaces placeholders with the named args (and {count}, if
// hasCount); placeholders without a value are written back unchanged.
func (t *template) fill(args []any, count int, hasCount bool) string {
	if t.parts == nil || (len(args) < 2 && !hasCount) {
		return t.raw
	}
	var b strings.Builder
	b.Grow(len(t.raw) + 16)
	for _, p := range t.parts {
		if !p.placeholder {
			b.WriteString(p.text)
			continue
		}
		if v, ok := arg(args, p.text); ok {
			writeValue(&b, v)
		} else if hasCount && p.text == "count" {
			b.WriteString(strconv.Itoa(count))
		} else {
			b.WriteByte('{')
			b.WriteString(p.text)
			b.WriteByte('}')
		}
	}
	return b.String()
}

func arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return args[i+1], true
		}
	}
	return nil, false
}

func writeValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case string:
		b.WriteString(v)
	case int:
		b.WriteString(strconv.Itoa(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case fmt.Stringer:
		b.WriteString(v.String())
	default:
		fmt.Fprint(b, v)
	}
}
