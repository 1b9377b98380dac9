package content

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
	"gopkg.in/yaml.v3"
)

// knownKeys are the front matter keys charter reads itself. The keys of
// params: and any other key go into FrontMatter.Params, unless it looks
// like a misspelling of one of these.
var knownKeys = []string{"title", "description", "effective", "version", "draft", "aliases", "regions", "weight", "layout", "params", TranslationOfKey}

// Rules of the front matter diagnostics, as charter check names them.
const (
	RuleFrontMatterKey  = "front-matter-key"  // a key charter does not know
	RuleFrontMatterDate = "front-matter-date" // a date that is not one
)

// maxFrontMatter is how large a page's front matter may be. Real front
// matter is well below 4 KiB; parsing megabytes of YAML takes seconds and
// gigabytes (15.9 MB of "kN: v" lines took 11.8 s and 1.5 GB), so larger
// front matter is refused before it is parsed.
const maxFrontMatter = 256 << 10

// sizeString formats n bytes as "15.9 MiB", "256 KiB" or "100 bytes",
// rounded up, so a size just over a limit does not print as the limit.
func sizeString(n int) string {
	tenths := func(unit int) string {
		return strconv.FormatFloat(math.Ceil(float64(n)*10/float64(unit))/10, 'f', 1, 64)
	}
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<20:
		return tenths(1<<20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	case n >= 1<<10:
		return tenths(1<<10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// splitFrontMatter finds the front matter at the start of src. It returns
// the front matter text, its format ("yaml", "toml" or "" if there is none),
// the file line its first line is on, and the byte offset where the
// Markdown body starts. An opening delimiter without a closing one, and
// front matter larger than maxFrontMatter, are errors at line 1.
func splitFrontMatter(file string, src []byte) (fm []byte, format string, firstLine, bodyStart int, d *diag.Diagnostic) {
	start := 0
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		start = 3
	}
	line, next := lineAt(src, start)
	delim := string(bytes.TrimRight(line, " \t\r"))
	switch delim {
	case "---":
		format = "yaml"
	case "+++":
		format = "toml"
	default:
		return nil, "", 0, 0, nil
	}
	fmStart := next
	lineNo := 2
	for pos := next; pos < len(src); lineNo++ {
		line, next := lineAt(src, pos)
		if string(bytes.TrimRight(line, " \t\r")) == delim {
			if n := pos - fmStart; n > maxFrontMatter {
				d = diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "front matter is %s; charter allows at most %s", sizeString(n), sizeString(maxFrontMatter)).
					WithHint("keep the front matter to the page's settings and move the rest into the text or a data file")
				return nil, format, 0, 0, d
			}
			return src[fmStart:pos], format, 2, next, nil
		}
		pos = next
	}
	d = diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "unclosed front matter: no closing %s line", delim).
		WithHint("end the front matter with a line %s before the text", delim)
	return nil, format, 0, 0, d
}

// lineAt returns the line starting at pos (without its newline) and the
// offset of the next line.
func lineAt(src []byte, pos int) ([]byte, int) {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return src[pos:], len(src)
	}
	return src[pos : pos+i], pos + i + 1
}

// fmEntry is one top-level front matter key with its decoded value and
// where it is, independent of YAML or TOML.
type fmEntry struct {
	key    string
	keyPos diag.Pos
	valPos diag.Pos
	value  any        // decoded: string, int/int64, float64, bool, time.Time, toml.Local*, []any, map[string]any
	raw    string     // source text of a scalar (for version "1.10")
	items  []diag.Pos // positions of list items, if value is a list
	sub    []fmEntry  // the keys of a table, where they are known (for params:)
}

// parseFrontMatter decodes fm (found in the file src starting at line
// firstLine) and checks it against site.
func parseFrontMatter(src *diag.Source, fm []byte, format string, firstLine int, site *config.Site) (FrontMatter, diag.List) {
	file := src.Name
	var diags diag.List
	var entries []fmEntry
	switch format {
	case "yaml":
		entries = yamlEntries(src, fm, firstLine, &diags)
	case "toml":
		entries = tomlEntries(src, fm, firstLine, &diags)
	}
	meta := FrontMatter{}
	if diags.HasErrors() {
		return meta, diags
	}
	checkEntries(&meta, entries, site, &diags)
	if meta.Title == "" && !hasKey(entries, "title") {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "missing title in front matter").
			WithHint("add a line title: ... to the front matter")
	}
	return meta, diags
}

func hasKey(entries []fmEntry, key string) bool {
	for _, e := range entries {
		if strings.EqualFold(e.key, key) {
			return true
		}
	}
	return false
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

func yamlEntries(src *diag.Source, fm []byte, firstLine int, diags *diag.List) []fmEntry {
	file := src.Name
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		line := 1
		if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = yamlLineRE.ReplaceAllString(msg, "")
		msg = strings.TrimLeft(msg, ": ")
		diags.Errorf(diag.Pos{File: file, Line: firstLine + line - 1, Col: 1}, "invalid YAML front matter: %s", msg)
		return nil
	}
	// yaml.v3 counts columns in characters, as diag.Source does. A
	// scalar on one line is a span: plain, as it reads, or quoted.
	pos := func(n *yaml.Node) diag.Pos {
		off := src.Offset(firstLine+n.Line-1, n.Column)
		if n.Kind == yaml.ScalarNode {
			if end := yamlScalarEnd(src.Text[off:], n); end > 0 {
				return src.Range(off, off+end)
			}
		}
		return src.Pos(off)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // empty front matter
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(pos(root), "front matter must be a list of key: value lines").
			WithHint("write title: My page")
		return nil
	}
	return yamlMapping(root, -1, pos, diags)
}

// subLevels is how many levels of tables under the top-level key are
// kept as fmEntry.sub: the keys of params:, and of translationOf: and
// its sections: (where each hash is written, and in what order).
func subLevels(key string) int {
	if strings.EqualFold(key, TranslationOfKey) {
		return 2
	}
	return 1
}

// yamlMapping is the entries of a mapping node and, levels deep, of the
// mappings that are their values; levels < 0 is the top level, where
// subLevels says how deep for each key.
func yamlMapping(m *yaml.Node, levels int, pos func(*yaml.Node) diag.Pos, diags *diag.List) []fmEntry {
	var entries []fmEntry
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			diags.Errorf(pos(k), "front matter keys must be plain names")
			continue
		}
		e := fmEntry{key: k.Value, keyPos: pos(k), valPos: pos(v)}
		if err := v.Decode(&e.value); err != nil {
			diags.Errorf(pos(v), "invalid value for %q: %s", k.Value, strings.TrimPrefix(err.Error(), "yaml: "))
			continue
		}
		switch v.Kind {
		case yaml.ScalarNode:
			e.raw = v.Value
			if v.Tag == "!!timestamp" {
				e.value = v.Value // parsed by checkEntries, like a quoted date
			}
		case yaml.SequenceNode:
			for _, item := range v.Content {
				e.items = append(e.items, pos(item))
			}
		case yaml.MappingNode:
			sub := levels
			if levels < 0 {
				sub = subLevels(k.Value)
			}
			if sub > 0 {
				var decoded diag.List // the errors were reported by Decode above
				e.sub = yamlMapping(v, sub-1, pos, &decoded)
			}
		}
		entries = append(entries, e)
	}
	return entries
}

// yamlScalarEnd is the length of the scalar n written at the start of
// text, if it ends on its line; else 0.
func yamlScalarEnd(text []byte, n *yaml.Node) int {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	switch n.Style {
	case 0:
		if n.Value != "" && bytes.HasPrefix(line, []byte(n.Value)) {
			return len(n.Value)
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		q := byte('"')
		if n.Style == yaml.SingleQuotedStyle {
			q = '\''
		}
		if len(line) == 0 || line[0] != q {
			return 0
		}
		for i := 1; i < len(line); i++ {
			switch {
			case q == '"' && line[i] == '\\':
				i++ // the escaped character
			case line[i] == q && q == '\'' && i+1 < len(line) && line[i+1] == '\'':
				i++ // '' is a quote
			case line[i] == q:
				return i + 1
			}
		}
	}
	return 0
}

// keyList is the parts of a TOML key: a.b.c is three.
func keyList(it unstable.Iterator) []*unstable.Node {
	var ks []*unstable.Node
	for it.Next() {
		ks = append(ks, it.Node())
	}
	return ks
}

// subEntry is the entry of the key name in the table of e, or nil.
func (e *fmEntry) subEntry(name string) *fmEntry {
	for i := range e.sub {
		if e.sub[i].key == name {
			return &e.sub[i]
		}
	}
	return nil
}

func tomlEntries(src *diag.Source, fm []byte, firstLine int, diags *diag.List) []fmEntry {
	base := src.Offset(firstLine, 1) // of fm in the file
	values := map[string]any{}
	if err := toml.Unmarshal(fm, &values); err != nil {
		var de *toml.DecodeError
		p := src.Pos(base)
		msg := err.Error()
		if errors.As(err, &de) {
			row, byteCol := de.Position() // go-toml counts bytes
			p = src.Pos(src.Offset(firstLine+row-1, 1) + byteCol - 1)
			msg = de.Error()
		}
		msg = strings.TrimPrefix(msg, "toml: ")
		d := diags.Errorf(p, "invalid TOML front matter: %s", msg)
		if strings.Contains(msg, "date") { // "impossible date": 2026-02-30
			d.Rule = RuleFrontMatterDate
			d.Hint = "write a real date as YYYY-MM-DD"
		}
		return nil
	}
	// A second pass with the low-level parser finds where each top-level
	// key and its value are, which the decoded map does not tell.
	var p unstable.Parser
	p.Reset(fm)
	// (Parser.Shape counts lines from the start of fm on every call,
	// which made a position per key quadratic, and counts bytes.)
	pos := func(r unstable.Range) diag.Pos {
		off := base + int(r.Offset)
		return src.Range(off, off+int(r.Length))
	}
	seen := map[string]int{}
	var entries []fmEntry
	// entry is the index of the entry of the top-level key k, added on
	// first sight.
	entry := func(k *unstable.Node, valPos diag.Pos) (i int, first bool) {
		name := string(k.Data)
		if i, ok := seen[name]; ok {
			return i, false
		}
		seen[name] = len(entries)
		entries = append(entries, fmEntry{key: name, keyPos: pos(k.Raw), valPos: valPos, value: values[name]})
		return len(entries) - 1, true
	}
	// scalar notes the source text of a scalar value, or where a list's
	// items are.
	scalar := func(e *fmEntry, v *unstable.Node) {
		switch v.Kind {
		case unstable.String, unstable.Integer, unstable.Float, unstable.Bool,
			unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime, unstable.LocalTime:
			e.raw = string(v.Data)
		case unstable.Array:
			it := v.Children()
			for it.Next() {
				e.items = append(e.items, pos(it.Node().Raw))
			}
		}
	}
	// child is the entry of the key k in the table of e, added (its
	// value written at valPos) on first sight.
	child := func(e *fmEntry, k *unstable.Node, valPos diag.Pos) (*fmEntry, bool) {
		name := string(k.Data)
		if s := e.subEntry(name); s != nil {
			return s, false
		}
		m, _ := e.value.(map[string]any)
		e.sub = append(e.sub, fmEntry{key: name, keyPos: pos(k.Raw), valPos: valPos, value: m[name]})
		return &e.sub[len(e.sub)-1], true
	}
	// sub adds the key ks[0] of the table of e, written with value v
	// (the keys of params:, wherever TOML lets them be written), and the
	// rest of a dotted key under it, levels deep at most; of an inline
	// table, levels deep too.
	var inline func(e *fmEntry, v *unstable.Node, levels int)
	var sub func(e *fmEntry, ks []*unstable.Node, v *unstable.Node, levels int)
	sub = func(e *fmEntry, ks []*unstable.Node, v *unstable.Node, levels int) {
		s, first := child(e, ks[0], pos(v.Raw))
		switch {
		case len(ks) > 1 && levels > 0:
			sub(s, ks[1:], v, levels-1)
		case len(ks) == 1 && first:
			scalar(s, v)
			if v.Kind == unstable.InlineTable && levels > 0 {
				inline(s, v, levels-1)
			}
		}
	}
	// inline adds the keys of the inline table v to the table of e.
	inline = func(e *fmEntry, v *unstable.Node, levels int) {
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				if ks := keyList(kv.Key()); len(ks) > 0 {
					sub(e, ks, kv.Value(), levels)
				}
			}
		}
	}
	table := -1            // the entry of the [params] table the key-values are in
	var tablePath []string // [translationOf.sections]: the keys under it
	inTable := false
	for p.NextExpression() {
		expr := p.Expression()
		switch expr.Kind {
		case unstable.Table, unstable.ArrayTable:
			inTable, table, tablePath = true, -1, nil
			ks := keyList(expr.Key())
			if len(ks) == 0 {
				continue
			}
			i, _ := entry(ks[0], pos(ks[0].Raw))
			// [params], [translationOf.sections]; not [params.x] nor [[params]]
			if expr.Kind == unstable.Table && len(ks) <= subLevels(entries[i].key) {
				table = i
				e := &entries[i]
				for _, k := range ks[1:] {
					e, _ = child(e, k, pos(k.Raw))
					tablePath = append(tablePath, string(k.Data))
				}
			}
		case unstable.KeyValue:
			ks := keyList(expr.Key())
			if len(ks) == 0 {
				continue
			}
			v := expr.Value()
			if inTable {
				if table >= 0 {
					e := &entries[table]
					for _, name := range tablePath {
						if e = e.subEntry(name); e == nil {
							break
						}
					}
					if e == nil {
						continue
					}
					sub(e, ks, v, subLevels(entries[table].key)-1-len(tablePath))
				}
				continue
			}
			i, first := entry(ks[0], pos(v.Raw))
			e := &entries[i]
			levels := subLevels(e.key) - 1
			switch {
			case len(ks) > 1: // params.owner = "..."
				sub(e, ks[1:], v, levels)
			case first && v.Kind == unstable.InlineTable: // params = {owner = "..."}
				inline(e, v, levels)
			case first:
				scalar(e, v)
			}
		}
	}
	return entries
}

// checkEntries fills meta from entries, reporting wrong types, unknown
// region ids and likely misspelled keys.
func checkEntries(meta *FrontMatter, entries []fmEntry, site *config.Site, diags *diag.List) {
	seen := map[string]diag.Pos{}
	for _, e := range entries {
		key := strings.ToLower(e.key)
		if !isKnownKey(key) {
			if s := diag.Suggest(e.key, knownKeys); s != "" {
				d := diags.Errorf(e.keyPos, "unknown front matter key %q", e.key).WithHint("did you mean %q?", s)
				d.Rule = RuleFrontMatterKey
				continue
			}
			meta.addParam(e, "")
			continue
		}
		if prev, dup := seen[key]; dup {
			diags.Errorf(e.keyPos, "duplicate front matter key %q", e.key).WithHint("it is already set at line %d", prev.Line)
			continue
		}
		seen[key] = e.keyPos
		switch key {
		case "title", "description":
			s, ok := e.value.(string)
			if !ok {
				diags.Errorf(e.valPos, "%s must be text, not %s", key, describe(e.value)).WithHint(`put it in quotes: %s: "..."`, key)
				continue
			}
			if key == "title" {
				if strings.TrimSpace(s) == "" {
					diags.Errorf(e.valPos, "title is empty").WithHint("every page needs a title")
				}
				meta.Title = s
				meta.TitlePos = e.keyPos
			} else {
				meta.Description = s
			}
		case "params":
			if _, ok := e.value.(map[string]any); !ok {
				diags.Errorf(e.valPos, "params must be a table of keys of your own, not %s", describe(e.value)).
					WithHint("write params: then one indented line per key, e.g.   owner: Legal")
				continue
			}
			for _, s := range e.sub {
				meta.addParam(s, "params.")
			}
		case "effective":
			t, ok := effectiveDate(e.value)
			if !ok {
				msg := "effective must be a date, not " + describeRaw(e)
				if s, isText := e.value.(string); isText {
					if why := DateProblem(s); why != "" && why != notADate {
						msg += ": " + why
					}
				}
				d := diags.Errorf(e.valPos, "%s", msg).WithHint("write it as YYYY-MM-DD, e.g. effective: 2026-11-01")
				d.Rule = RuleFrontMatterDate
				continue
			}
			meta.Effective = t
		case "version":
			switch v := e.value.(type) {
			case string:
				meta.Version = v
			case int, int64, uint64, float64:
				meta.Version = e.raw
				if meta.Version == "" {
					meta.Version = fmt.Sprint(v)
				}
			default:
				diags.Errorf(e.valPos, "version must be text or a number, not %s", describe(e.value)).WithHint(`write version: "1.2"`)
			}
		case "draft":
			b, ok := e.value.(bool)
			if !ok {
				diags.Errorf(e.valPos, "draft must be true or false, not %s", describeRaw(e))
				continue
			}
			meta.Draft = b
		case "layout":
			v, ok := e.value.(string)
			switch {
			case !ok:
				diags.Errorf(e.valPos, "layout must be text, not %s", describeRaw(e)).WithHint("write layout: policy")
			case !slices.Contains(Layouts, v):
				d := diags.Errorf(e.valPos, "layout %q is not a page kind", v)
				if sug := diag.Suggest(v, Layouts); sug != "" {
					d.WithHint("did you mean %q?", sug)
				} else {
					d.WithHint("use policy (effective date, version and contents), page or home")
				}
			default:
				meta.Layout = v
			}
		case "weight":
			switch v := e.value.(type) {
			case int:
				meta.Weight = v
			case int64:
				meta.Weight = int(v)
			default:
				diags.Errorf(e.valPos, "weight must be a whole number, not %s", describeRaw(e)).WithHint("write weight: 10")
			}
		case "aliases":
			list, ok := stringList(e, key, diags)
			if !ok {
				continue
			}
			meta.HasAliases = true
			for i, a := range list {
				alias, problem, hint := checkAlias(a)
				if problem != "" {
					diags.Errorf(itemPos(e, i), "alias %q %s", a, problem).WithHint("%s", hint)
					continue
				}
				meta.Aliases = append(meta.Aliases, alias)
				meta.AliasesPos = append(meta.AliasesPos, itemPos(e, i))
			}
		case strings.ToLower(TranslationOfKey):
			meta.TranslationOf = parseTranslationOf(e, diags)
		case "regions":
			list, ok := stringList(e, key, diags)
			if !ok {
				continue
			}
			ids := regionIDs(site)
			for i, id := range list {
				if !containsString(ids, id) {
					diags.Errorf(itemPos(e, i), "unknown region %q", id).Hint = regionHint(id, ids)
					continue
				}
				meta.Regions = append(meta.Regions, id)
			}
		}
	}
}

func isKnownKey(k string) bool {
	for _, known := range knownKeys {
		if strings.EqualFold(known, k) {
			return true
		}
	}
	return false
}

// addParam puts e into Params and Fields; prefix is "params." for a key
// under params:.
func (meta *FrontMatter) addParam(e fmEntry, prefix string) {
	if meta.Params == nil {
		meta.Params = map[string]any{}
	}
	meta.Params[e.key] = e.value
	meta.Fields = append(meta.Fields, Field{Key: prefix + e.key, KeyPos: e.keyPos, ValPos: e.valPos, Value: e.value, Declared: prefix != ""})
}

// notADate is what DateProblem says of text that is not written as a
// date at all.
const notADate = "not a date"

// dateRE is text written as a date: YYYY-MM-DD, maybe with a time.
var dateRE = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\S.*)?$`)

// LooksLikeDate reports whether s is written as a date (YYYY-MM-DD, maybe
// with a time), whether or not it is one.
func LooksLikeDate(s string) bool { return dateRE.MatchString(strings.TrimSpace(s)) }

// DateProblem says why s is not a date front matter takes ("February
// 2026 has 28 days"), or "" if it is one.
func DateProblem(s string) string {
	if _, ok := effectiveDate(s); ok {
		return ""
	}
	m := dateRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return notADate
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	switch {
	case mo < 1 || mo > 12:
		return fmt.Sprintf("there is no month %d", mo)
	case len(m[2]) != 2 || len(m[3]) != 2:
		return "write the month and the day with two digits each"
	}
	if days := time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC).Day(); d < 1 || d > days {
		return fmt.Sprintf("%s %d has %d days", time.Month(mo), y, days)
	}
	return "the time is not hh:mm:ss, with an optional zone such as Z or +01:00"
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itemPos(e fmEntry, i int) diag.Pos {
	if i < len(e.items) {
		return e.items[i]
	}
	return e.valPos
}

func stringList(e fmEntry, key string, diags *diag.List) ([]string, bool) {
	raw, ok := e.value.([]any)
	if !ok {
		diags.Errorf(e.valPos, "%s must be a list, not %s", key, describe(e.value)).WithHint(`write %s: ["...", "..."]`, key)
		return nil, false
	}
	out := make([]string, 0, len(raw))
	for i, item := range raw {
		s, ok := item.(string)
		if !ok {
			diags.Errorf(itemPos(e, i), "%s entries must be text, not %s", key, describe(item))
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func effectiveDate(v any) (time.Time, bool) {
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range []string{"2006-01-02", time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, true
			}
		}
	case time.Time:
		return v, true
	case toml.LocalDate:
		return v.AsTime(time.UTC), true
	case toml.LocalDateTime:
		return v.AsTime(time.UTC), true
	}
	return time.Time{}, false
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "empty"
	case string:
		return fmt.Sprintf("%q", v)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	default:
		return fmt.Sprint(v)
	}
}

func describeRaw(e fmEntry) string {
	if s, ok := e.value.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	if e.raw != "" {
		return e.raw
	}
	return describe(e.value)
}

func regionIDs(site *config.Site) []string {
	if site == nil {
		return nil
	}
	ids := make([]string, len(site.Regions))
	for i, r := range site.Regions {
		ids[i] = r.ID
	}
	return ids
}

// regionHint is the hint for an unknown region id: "did you mean", or
// the list of region ids.
func regionHint(id string, ids []string) string {
	if s := diag.Suggest(id, ids); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	} else if len(ids) > 0 {
		return "regions in site.toml: " + strings.Join(ids, ", ")
	}
	return ""
}
