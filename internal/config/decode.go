package config

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
)

// loader carries one Parse: the decoded document, where each of its values
// is written, which values --set replaced, and the diagnostics so far.
type loader struct {
	file  string
	ix    *index
	doc   map[string]any
	sets  map[string]string // path key -> the --set KEY that replaced it
	diags diag.List
}

// where returns the position to report a problem with p at: its value if
// onValue, else its key. A value that came from --set is reported at File
// "--set", and setKey is then the KEY it was set by.
func (l *loader) where(p path, onValue bool) (pos diag.Pos, setKey string) {
	for n := len(p); n > 0; n-- {
		if k, ok := l.sets[p[:n].key()]; ok {
			return diag.Pos{File: "--set"}, k
		}
	}
	s, exact := l.ix.lookup(p)
	pos = s.key
	if onValue && exact {
		pos = s.val
	}
	if pos.Line == 0 {
		pos = diag.Pos{File: l.file, Line: 1, Col: 1}
	}
	return pos, ""
}

func (l *loader) report(p path, onValue bool, format string, args ...any) *diag.Diagnostic {
	pos, setKey := l.where(p, onValue)
	msg := fmt.Sprintf(format, args...)
	if setKey != "" {
		msg = setKey + ": " + msg
	}
	return l.diags.Errorf(pos, "%s", msg)
}

// keyErr reports a problem with the key at p (unknown, duplicate, missing
// something); valueErr one with the value written at p.
func (l *loader) keyErr(p path, format string, args ...any) *diag.Diagnostic {
	return l.report(p, false, format, args...)
}

func (l *loader) valueErr(p path, format string, args ...any) *diag.Diagnostic {
	return l.report(p, true, format, args...)
}

// posOf is the position of the value at p, for later stages.
func (l *loader) posOf(p path) diag.Pos {
	pos, _ := l.where(p, true)
	return pos
}

// has reports whether the document (after --set) holds a value at p.
func (l *loader) has(p path) bool {
	var cur any = l.doc
	for _, elem := range p {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[elem]
			if !ok {
				return false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(elem)
			if err != nil || i < 0 || i >= len(c) {
				return false
			}
			cur = c[i]
		default:
			return false
		}
	}
	return true
}

// name shows the last element of p the way a user reads it: "baseURL",
// "languages[1]".
func name(p path) string {
	if len(p) == 0 {
		return "site.toml"
	}
	last := p[len(p)-1]
	if _, err := strconv.Atoi(last); err == nil && len(p) > 1 {
		return fmt.Sprintf("%s[%s]", name(p[:len(p)-1]), last)
	}
	return last
}

// tableName shows a table's path: "regions.eu", "forms.x.fields[2]".
func tableName(p path) string {
	var b strings.Builder
	for i, elem := range p {
		if _, err := strconv.Atoi(elem); err == nil && i > 0 {
			fmt.Fprintf(&b, "[%s]", elem)
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(elem)
	}
	return b.String()
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case float64:
		return "a number with a fraction"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return "a date or time"
}

// tomlKeys lists the TOML keys of a struct type, in field order.
func tomlKeys(t reflect.Type) []string {
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("toml"); tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func fieldByKey(t reflect.Type, key string) (int, bool) {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("toml") == key {
			return i, true
		}
	}
	return 0, false
}

// suggest returns a did-you-mean hint for word among candidates, or "".
// Unlike diag.Suggest it also catches a difference only in case
// ("baseUrl" for "baseURL"), the most common slip in camelCase keys.
func suggest(word string, candidates []string) string {
	for _, c := range candidates {
		if c != word && strings.EqualFold(c, word) {
			return fmt.Sprintf("did you mean %q?", c)
		}
	}
	if s := diag.Suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// decode stores the TOML value v into rv, reporting type mismatches and
// unknown keys at p. Free-form maps (map[string]any) take any keys.
func (l *loader) decode(v any, rv reflect.Value, p path) {
	want := func(what string) {
		l.valueErr(p, "%s must be %s, not %s", name(p), what, typeName(v))
	}
	switch rv.Kind() {
	case reflect.Pointer:
		nv := reflect.New(rv.Type().Elem())
		l.decode(v, nv.Elem(), p)
		rv.Set(nv)
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			want("a table")
			return
		}
		l.decodeStruct(m, rv, p, nil)
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			want("a string")
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := v.(bool)
		if !ok {
			want("true or false")
			return
		}
		rv.SetBool(b)
	case reflect.Int:
		n, ok := v.(int64)
		if !ok {
			want("an integer")
			return
		}
		if n > math.MaxInt32 || n < math.MinInt32 {
			l.valueErr(p, "%s is out of range", name(p))
			return
		}
		rv.SetInt(n)
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			want("an array")
			return
		}
		s := reflect.MakeSlice(rv.Type(), len(arr), len(arr))
		for i, e := range arr {
			l.decode(e, s.Index(i), p.child(strconv.Itoa(i)))
		}
		rv.Set(s)
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			want("a table")
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for _, k := range sortedKeys(m) {
			e := reflect.New(rv.Type().Elem()).Elem()
			l.decode(m[k], e, p.child(k))
			out.SetMapIndex(reflect.ValueOf(k), e)
		}
		rv.Set(out)
	case reflect.Interface:
		if v != nil {
			rv.Set(reflect.ValueOf(v))
		}
	default:
		panic("config: no decoder for " + rv.Type().String())
	}
}

// decodeStruct decodes table m into the struct rv; keys in skip are
// handled by the caller.
func (l *loader) decodeStruct(m map[string]any, rv reflect.Value, p path, skip map[string]bool) {
	t := rv.Type()
	for _, k := range sortedKeys(m) {
		if skip[k] {
			continue
		}
		i, ok := fieldByKey(t, k)
		if !ok {
			candidates := tomlKeys(t)
			for s := range skip {
				candidates = append(candidates, s)
			}
			where := "at the top level"
			if len(p) > 0 {
				where = "in [" + tableName(p) + "]"
			}
			d := l.keyErr(p.child(k), "unknown key %q %s", k, where)
			d.Hint = suggest(k, candidates)
			if d.Hint == "" && len(p) > 0 {
				// A top-level key written after a [table] header lands in that table.
				const move = "it is a top-level key: write it before the first [table]"
				if _, ok := fieldByKey(siteType, k); ok {
					d.Hint = move
				} else if top := diag.Suggest(k, tomlKeys(siteType)); top != "" {
					d.Hint = fmt.Sprintf("did you mean %q? %s", top, move)
				}
			}
			continue
		}
		l.decode(m[k], rv.Field(i), p.child(k))
	}
}
