package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// TranslationOf is what a translation records of the page it was
// translated from (the default-language source): its version, effective
// date, title and description, and a hash of each section of its text
// (the front matter key translationOf, written by charter check --stamp).
// charter check compares it with the source as it is now and names what
// changed since.
type TranslationOf struct {
	// Version is the source's version, "" if it has none.
	Version string
	// Effective is the source's effective date, zero if it has none.
	Effective time.Time
	// Meta is the hash of the source's title and description. A stamp
	// written before charter recorded them has none, and then no
	// Version or Effective either unless they are written: charter check
	// compares only what a stamp records.
	Meta string
	// Intro is the hash of the source's text before its first heading, ""
	// if it has none.
	Intro string
	// Sections are the hashes of the source's sections by heading id.
	Sections map[string]string
	// IDs are the keys of Sections in the source's order, as written in
	// the front matter (or made by Outline.TranslationOf); nil where the
	// front matter does not tell it.
	IDs []string
	Pos diag.Pos // the translationOf key
}

// TranslationOfKey is the front matter key of a TranslationOf.
const TranslationOfKey = "translationOf"

var hashPattern = regexp.MustCompile(`^[0-9a-f]{8}$`)

// parseTranslationOf reads the value of a translationOf key. A value that
// is not what charter check --stamp writes is a warning at that value
// (the page renders as it is; only check reads it), and then nil.
func parseTranslationOf(e fmEntry, diags *diag.List) *TranslationOf {
	bad := func(at diag.Pos, format string, args ...any) *TranslationOf {
		diags.Add(&diag.Diagnostic{Pos: at, Severity: diag.Warning,
			Message: TranslationOfKey + " " + fmt.Sprintf(format, args...),
			Hint:    "charter check --stamp " + e.keyPos.File + " writes it; run it again when the translation follows its source"})
		return nil
	}
	m, ok := stringMap(e.value)
	if !ok {
		return bad(valueAt(&e, e.keyPos), "must be a table of the source's version, effective date and hashes, not %s", describe(e.value))
	}
	t := &TranslationOf{Sections: map[string]string{}, Pos: e.keyPos}
	hash := func(k string) (string, bool) {
		h, ok := m[k].(string)
		return h, ok && hashPattern.MatchString(h)
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		sub := e.subEntry(k)
		at := valueAt(sub, e.keyPos)
		switch k {
		case "version":
			switch v := m[k].(type) {
			case string:
				t.Version = v
			case int, int64, uint64, float64:
				if t.Version = fmt.Sprint(v); sub != nil && sub.raw != "" {
					t.Version = sub.raw // 3.10, not 3.1
				}
			default:
				return bad(at, "version must be text, not %s", describe(m[k]))
			}
		case "effective":
			d, ok := effectiveDate(m[k])
			if !ok {
				return bad(at, "effective must be a date, not %s", describe(m[k]))
			}
			t.Effective = d
		case "meta", "intro":
			h, ok := hash(k)
			if !ok {
				return bad(at, "%s must be a hash of 8 hex digits, not %s", k, describe(m[k]))
			}
			if k == "meta" {
				t.Meta = h
			} else {
				t.Intro = h
			}
		case "sections":
			secs, ok := stringMap(m[k])
			if !ok {
				return bad(at, "sections must be a table of heading id = hash, not %s", describe(m[k]))
			}
			for _, id := range slices.Sorted(maps.Keys(secs)) {
				h, ok := secs[id].(string)
				if !ok || !hashPattern.MatchString(h) {
					var s *fmEntry
					if sub != nil {
						s = sub.subEntry(id)
					}
					return bad(valueAt(s, at), "section %q must have a hash of 8 hex digits, not %s", id, describe(secs[id]))
				}
				t.Sections[id] = h
			}
			t.IDs = writtenOrder(sub, secs)
		default:
			return bad(keyAt(sub, e.keyPos), "has an unknown key %q", k)
		}
	}
	return t
}

// valueAt is where the value of e is written, or else if e is nil or
// its value has no position.
func valueAt(e *fmEntry, orElse diag.Pos) diag.Pos {
	if e == nil || e.valPos.Line == 0 {
		return orElse
	}
	return e.valPos
}

// keyAt is where the key of e is written, or else.
func keyAt(e *fmEntry, orElse diag.Pos) diag.Pos {
	if e == nil || e.keyPos.Line == 0 {
		return orElse
	}
	return e.keyPos
}

// writtenOrder is the keys of the table m in the order e, its entry,
// has them written; nil if e does not have them all.
func writtenOrder(e *fmEntry, m map[string]any) []string {
	if e == nil || len(e.sub) != len(m) {
		return nil
	}
	ids := make([]string, 0, len(e.sub))
	for _, s := range e.sub {
		if _, ok := m[s.key]; !ok {
			return nil
		}
		ids = append(ids, s.key)
	}
	return ids
}

// stringMap is a YAML or TOML table with its keys as strings (YAML reads
// a key such as 2024 as a number).
func stringMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[fmt.Sprint(k)] = v
		}
		return out, true
	}
	return nil, false
}

// Outline is what charter check reads of a page's Markdown besides what
// renders it: its sections, and the code spans of its tables' first
// column.
type Outline struct {
	// version, effective and meta are of the page's front matter, as
	// TranslationOf records them.
	version   string
	effective time.Time
	meta      string
	intro     string // the text before the first heading, whitespace collapsed
	Sections  []Section
	// Codes are the code spans in the first cell of each table body row,
	// in the order written (a cookie policy lists cookie names so).
	Codes []Code
}

// Section is a heading and the text under it, up to the next heading of
// any level. A :::region line right above a heading belongs to it.
type Section struct {
	ID    string   // the heading's id, as the page renders it
	Title string   // its plain text (a :param shows as its name)
	Level int      // 1 to 6, of h1 to h6
	Pos   diag.Pos // the heading
	text  string   // whitespace collapsed
}

// Code is one code span and where it is written (with its backticks).
type Code struct {
	Text string
	Pos  diag.Pos
}

// Outline parses the Markdown of s again (the parsed document is let go
// once its pages render) and returns its outline. site is the one s was
// read with.
func (s *Source) Outline(site *config.Site) (*Outline, error) {
	if s.impl == nil || s.impl.src == nil {
		return nil, fmt.Errorf("%s: the text is not loaded", s.File)
	}
	doc, diags := s.parseDoc(site)
	if diags.HasErrors() {
		return nil, diags.Err()
	}
	body := s.impl.body()
	o := &Outline{version: s.Meta.Version, effective: s.Meta.Effective, meta: metaHash(s.Meta.Title, s.Meta.Description)}
	var starts []int
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			offset := 0
			if n.Lines().Len() > 0 {
				offset = n.Lines().At(0).Start
			}
			id, _ := n.AttributeString("id")
			o.Sections = append(o.Sections, Section{ID: attrString(id), Title: plainText(n, body, nil), Level: n.Level, Pos: s.pos(lineStart(body, offset))})
			starts = append(starts, sectionStart(body, lineStart(body, offset)))
			return ast.WalkSkipChildren, nil
		case *east.TableRow:
			if cell := n.FirstChild(); cell != nil {
				o.Codes = append(o.Codes, s.codeSpans(cell, body)...)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	end := len(body)
	for i := len(o.Sections) - 1; i >= 0; i-- {
		start := min(starts[i], end)
		o.Sections[i].text = collapse(body[start:end])
		end = start
	}
	o.intro = collapse(body[:end])
	return o, nil
}

// codeSpans are the code spans in a table cell.
func (s *Source) codeSpans(cell ast.Node, body []byte) []Code {
	var out []Code
	_ = ast.Walk(cell, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		code, ok := n.(*ast.CodeSpan)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		var text strings.Builder
		start, end := -1, -1
		for c := code.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				if start < 0 {
					start = t.Segment.Start
				}
				end = t.Segment.Stop
				text.Write(t.Segment.Value(body))
			}
		}
		if start < 0 {
			return ast.WalkSkipChildren, nil
		}
		for start > 0 && body[start-1] == '`' {
			start--
		}
		for end < len(body) && body[end] == '`' {
			end++
		}
		out = append(out, Code{Text: strings.TrimSpace(text.String()), Pos: s.span(start, end)})
		return ast.WalkSkipChildren, nil
	})
	return out
}

// lineStart is the offset of the start of the line holding offset.
func lineStart(body []byte, offset int) int {
	return bytes.LastIndexByte(body[:offset], '\n') + 1
}

var openFence = regexp.MustCompile(`^[ \t]*:{3,}[ \t]*[A-Za-z]`)

// sectionStart moves the start of a heading's line up over the blank
// lines and :::name lines right above it: a block opened for the heading
// belongs to its section.
func sectionStart(body []byte, start int) int {
	at := start
	for at > 0 {
		prev := lineStart(body, at-1)
		line := body[prev : at-1]
		switch {
		case len(bytes.TrimSpace(line)) == 0:
		case openFence.Match(line):
			start = prev
		default:
			return start
		}
		at = prev
	}
	return start
}

// collapse is text with every run of white space one space, so that
// rewrapping a paragraph or changing its line ends changes no hash.
func collapse(b []byte) string {
	return strings.Join(strings.Fields(string(b)), " ")
}

// hash8 is the first 8 hex digits of the SHA-256 of text.
func hash8(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:4])
}

// metaHash is the hash TranslationOf.Meta records of a title and a
// description.
func metaHash(title, description string) string {
	return hash8(collapse([]byte(title)) + "\n" + collapse([]byte(description)))
}

// TranslationOf is the record of o that a translation of it keeps. Two
// sections with one id (the same heading in :::region blocks that no
// region shows together) are hashed as one.
func (o *Outline) TranslationOf() TranslationOf {
	t := TranslationOf{Version: o.version, Effective: o.effective, Meta: o.meta, Sections: map[string]string{}}
	if o.intro != "" {
		t.Intro = hash8(o.intro)
	}
	texts := map[string][]string{}
	for _, sec := range o.Sections {
		if _, ok := texts[sec.ID]; !ok {
			t.IDs = append(t.IDs, sec.ID)
		}
		texts[sec.ID] = append(texts[sec.ID], sec.text)
	}
	for id, parts := range texts {
		t.Sections[id] = hash8(strings.Join(parts, "\n"))
	}
	return t
}

// Title is the heading text of the section id, or "".
func (o *Outline) Title(id string) string {
	for _, sec := range o.Sections {
		if sec.ID == id {
			return sec.Title
		}
	}
	return ""
}

// SetTranslationOf returns a page file's bytes (src, as on disk) with its
// front matter key translationOf set to t, and every other byte as it
// was: the key is replaced where it is, or added at the end of the front
// matter. It reads the result back and returns an error rather than a
// file whose other front matter or text would read differently. Its
// errors do not name the file: the caller does, as it names it.
func SetTranslationOf(file string, src []byte, t TranslationOf, site *config.Site) ([]byte, error) {
	fm, format, _, _, d := splitFrontMatter(file, src)
	if d != nil {
		return nil, fmt.Errorf("line %d: %s", d.Pos.Line, d.Message)
	}
	if format == "" {
		return nil, errors.New("it has no front matter")
	}
	fmStart := cap(src) - cap(fm) // fm is a slice of src
	fmEnd := fmStart + len(fm)
	nl := "\n"
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		nl = "\r\n"
	}
	var out []byte
	if format == "yaml" {
		block := yamlTranslationOf(t, nl)
		start, end, found := yamlKeyLines(fm, TranslationOfKey)
		if !found {
			start, end = len(fm), len(fm)
		}
		out = slices.Concat(src[:fmStart+start], []byte(block), src[fmStart+end:])
	} else {
		kept := tomlWithout(fm, TranslationOfKey)
		out = slices.Concat(src[:fmStart], kept, []byte(tomlTranslationOf(t, nl)), src[fmEnd:])
	}
	if err := sameButTranslationOf(file, src, out, t, site); err != nil {
		return nil, fmt.Errorf("cannot set %s without changing the rest of the front matter (%v); set it by hand:%s%s", TranslationOfKey, err, nl, yamlTranslationOf(t, nl))
	}
	return out, nil
}

// lines splits b after each "\n", keeping it.
func lines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}

// yamlKeyLines finds the top-level YAML key in fm: the byte range of its
// line and of the indented (or blank) lines after it, without trailing
// blank lines.
func yamlKeyLines(fm []byte, key string) (start, end int, found bool) {
	keyLine := regexp.MustCompile(`^` + regexp.QuoteMeta(key) + `[ \t]*:`)
	off := 0
	for _, line := range lines(fm) {
		if !found {
			if keyLine.Match(line) {
				start, end, found = off, off+len(line), true
			}
		} else {
			blank := len(bytes.TrimSpace(line)) == 0
			if !blank && line[0] != ' ' && line[0] != '\t' {
				break
			}
			if !blank {
				end = off + len(line)
			}
		}
		off += len(line)
	}
	return start, end, found
}

// tomlWithout is TOML front matter without the top-level key: its
// key = value and key.x = value lines before the first table, and its
// [key] and [key.x] tables.
func tomlWithout(fm []byte, key string) []byte {
	q := regexp.QuoteMeta(key)
	keyLine := regexp.MustCompile(`^` + q + `[ \t]*[.=]`)
	header := regexp.MustCompile(`^[ \t]*\[`)
	ownHeader := regexp.MustCompile(`^[ \t]*\[[ \t]*` + q + `[ \t]*[.\]]`)
	var out []byte
	inTables, dropping := false, false
	for _, line := range lines(fm) {
		switch {
		case header.Match(line):
			inTables = true
			dropping = ownHeader.Match(line)
		case !inTables && keyLine.Match(line):
			continue
		}
		if !dropping {
			out = append(out, line...)
		}
	}
	return out
}

// yamlKey writes a map key plain where YAML reads it back as the same
// string, else quoted.
func yamlKey(k string) string {
	if plainKey.MatchString(k) && !yamlWords[strings.ToLower(k)] {
		return k
	}
	return strconv.Quote(k)
}

var (
	plainKey  = regexp.MustCompile(`^\pL[\pL\pM\pN_-]*$`)
	yamlWords = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true}
)

// stampComment follows the key, so that an editor who sees it knows
// where it comes from.
const stampComment = "# charter check --stamp writes this"

// metaComment says what the meta hash is of.
const metaComment = "# title and description"

// stampField is a key of translationOf other than sections, and its value as
// YAML and TOML both write it.
type stampField struct{ key, value string }

// fields are the keys of t other than sections, in the order written.
func (t TranslationOf) fields() []stampField {
	var out []stampField
	if t.Version != "" {
		out = append(out, stampField{"version", strconv.Quote(t.Version)})
	}
	if !t.Effective.IsZero() {
		out = append(out, stampField{"effective", FormatDate(t.Effective)})
	}
	if t.Meta != "" {
		out = append(out, stampField{"meta", strconv.Quote(t.Meta) + " " + metaComment})
	}
	if t.Intro != "" {
		out = append(out, stampField{"intro", strconv.Quote(t.Intro)})
	}
	return out
}

func yamlTranslationOf(t TranslationOf, nl string) string {
	var b strings.Builder
	if t.empty() {
		return TranslationOfKey + ": {} " + stampComment + nl
	}
	b.WriteString(TranslationOfKey + ": " + stampComment + nl)
	for _, f := range t.fields() {
		fmt.Fprintf(&b, "  %s: %s%s", f.key, f.value, nl)
	}
	if len(t.Sections) > 0 {
		b.WriteString("  sections:" + nl)
		for _, id := range t.order() {
			fmt.Fprintf(&b, "    %s: %q%s", yamlKey(id), t.Sections[id], nl)
		}
	}
	return b.String()
}

var bareTOMLKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func tomlKey(k string) string {
	if bareTOMLKey.MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}

func tomlTranslationOf(t TranslationOf, nl string) string {
	var b strings.Builder
	b.WriteString("[" + TranslationOfKey + "] " + stampComment + nl)
	for _, f := range t.fields() {
		fmt.Fprintf(&b, "%s = %s%s", f.key, f.value, nl)
	}
	if len(t.Sections) > 0 {
		b.WriteString("[" + TranslationOfKey + ".sections]" + nl)
		for _, id := range t.order() {
			fmt.Fprintf(&b, "%s = %q%s", tomlKey(id), t.Sections[id], nl)
		}
	}
	return b.String()
}

// FormatDate writes an effective date as front matter does: 2026-11-01,
// or with its time and zone if it has a time.
func FormatDate(t time.Time) string {
	if t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour)) {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano)
}

// empty reports whether t records nothing.
func (t TranslationOf) empty() bool {
	return len(t.fields()) == 0 && len(t.Sections) == 0
}

// same reports whether t and u record the same source, sections in the
// same order.
func (t TranslationOf) same(u TranslationOf) bool {
	return t.Version == u.Version && t.Effective.Equal(u.Effective) && t.Meta == u.Meta && t.Intro == u.Intro &&
		maps.Equal(t.Sections, u.Sections) && slices.Equal(t.order(), u.order())
}

// order is the section ids in the source's order when known, else sorted.
func (t TranslationOf) order() []string {
	if len(t.IDs) == len(t.Sections) {
		return t.IDs
	}
	return slices.Sorted(maps.Keys(t.Sections))
}

// sameButTranslationOf checks that after, read back, has the front
// matter and text of before but for translationOf, which is t.
func sameButTranslationOf(file string, before, after []byte, t TranslationOf, site *config.Site) error {
	old, _ := scanSource(file, before, site)
	got, diags := scanSource(file, after, site)
	if got == nil || diags.HasErrors() {
		return fmt.Errorf("it would not read: %v", diags)
	}
	if old == nil {
		return fmt.Errorf("it does not read as it is")
	}
	if !bytes.Equal(old.impl.body(), got.impl.body()) {
		return fmt.Errorf("the text would change")
	}
	tr := got.Meta.TranslationOf
	if tr == nil || !tr.same(t) {
		return fmt.Errorf("%s would not read back", TranslationOfKey)
	}
	a, b := old.Meta, got.Meta
	a.TranslationOf, b.TranslationOf = nil, nil
	// Positions move with the lines.
	a.AliasesPos, b.AliasesPos = nil, nil
	a.TitlePos, b.TitlePos = diag.Pos{}, diag.Pos{}
	a.Fields, b.Fields = withoutPositions(a.Fields), withoutPositions(b.Fields)
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("other keys would read differently")
	}
	return nil
}

// withoutPositions is fields with their positions left out, sorted by key.
func withoutPositions(fields []Field) []Field {
	out := make([]Field, len(fields))
	for i, f := range fields {
		f.KeyPos, f.ValPos = diag.Pos{}, diag.Pos{}
		out[i] = f
	}
	slices.SortFunc(out, func(a, b Field) int { return strings.Compare(a.Key, b.Key) })
	return out
}
