package config

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	toml "github.com/pelletier/go-toml/v2"
)

var (
	siteType   = reflect.TypeOf(Site{})
	regionType = reflect.TypeOf(Region{})
)

// applySet applies one --set KEY=VALUE to the document, before decoding,
// so the value is checked exactly like one written in site.toml.
func (l *loader) applySet(arg string) {
	key, raw, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		l.diags.Errorf(diag.Pos{File: "--set"}, "%q: expected KEY=VALUE", arg).
			WithHint("for example --set regions.eu.baseURL=https://staging.acme24.eu/")
		return
	}
	p, target, d := l.resolveSet(key)
	if d != nil {
		l.diags.Add(d)
		return
	}
	if d := l.assign(key, p, setValue(raw, target)); d != nil {
		l.diags.Add(d)
		return
	}
	l.sets[p.key()] = key
}

func noSetting(key, format string, args ...any) *diag.Diagnostic {
	d := diag.Errorf(diag.Pos{File: "--set"}, "%s: no such setting", key)
	if format != "" {
		d.WithHint(format, args...)
	}
	return d
}

// resolveSet checks a dotted --set key against the shape of Site and the
// document, and returns the document path it names (list elements resolved
// to indexes) and the Go type of the value there.
func (l *loader) resolveSet(key string) (path, reflect.Type, *diag.Diagnostic) {
	segs := strings.Split(key, ".")
	for _, s := range segs {
		if s == "" {
			return nil, nil, noSetting(key, "a key is dot-separated names, e.g. regions.eu.baseURL")
		}
	}
	hint := func(word string, candidates []string) string {
		if h := suggest(word, candidates); h != "" {
			return h
		}
		return "" // noSetting skips an empty format
	}
	var p path
	var cur any = l.doc
	t := siteType
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		switch {
		case t == siteType && seg == "regions":
			if i+1 == len(segs) {
				return nil, nil, noSetting(key, "set a key of one region, e.g. regions.<id>.baseURL")
			}
			regions, _ := child(cur, "regions").(map[string]any)
			id := segs[i+1]
			if _, ok := regions[id]; !ok {
				return nil, nil, noSetting(key, "%s", hint(id, sortedKeys(regions)))
			}
			p = append(p, "regions", id)
			cur = regions[id]
			t = regionType
			i++
		case t.Kind() == reflect.Struct:
			f, ok := fieldByKey(t, seg)
			if !ok {
				candidates := tomlKeys(t)
				if t == siteType {
					candidates = append(candidates, "regions")
				}
				return nil, nil, noSetting(key, "%s", hint(seg, candidates))
			}
			p = append(p, seg)
			cur = child(cur, seg)
			t = t.Field(f).Type
		case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.Interface:
			// Free-form params: any further keys name nested tables.
			return append(p, segs[i:]...), t.Elem(), nil
		case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.String:
			if i+1 != len(segs) {
				return nil, nil, noSetting(key, "%s takes string values; set %s", name(p), strings.Join(segs[:i+1], "."))
			}
			return append(p, seg), t.Elem(), nil
		case t.Kind() == reflect.Map: // forms: only existing ones
			m, _ := cur.(map[string]any)
			if _, ok := m[seg]; !ok {
				return nil, nil, noSetting(key, "%s", hint(seg, sortedKeys(m)))
			}
			p = append(p, seg)
			cur = m[seg]
			t = t.Elem()
			if t.Kind() == reflect.Pointer {
				t = t.Elem()
			}
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
			arr, _ := cur.([]any)
			idx := elementIndex(arr, seg)
			if idx < 0 {
				return nil, nil, noSetting(key, "%s has no element %q (use its index or its id/name)", name(p), seg)
			}
			p = append(p, strconv.Itoa(idx))
			cur = arr[idx]
			t = t.Elem()
		default: // a scalar or a list of scalars: nothing below it
			return nil, nil, noSetting(key, "%s is a single value", strings.Join(segs[:i], "."))
		}
	}
	switch {
	case t.Kind() == reflect.Struct, t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		return nil, nil, noSetting(key, "%s is a table; set one of its keys", key)
	case t.Kind() == reflect.Map && t.Elem().Kind() != reflect.Interface && t.Elem().Kind() != reflect.String:
		return nil, nil, noSetting(key, "%s is a table; set one of its keys", key)
	}
	return p, t, nil
}

func child(v any, key string) any {
	m, _ := v.(map[string]any)
	return m[key]
}

// elementIndex finds a list element by index or by its id or name.
func elementIndex(arr []any, seg string) int {
	if i, err := strconv.Atoi(seg); err == nil {
		if i >= 0 && i < len(arr) {
			return i
		}
		return -1
	}
	for i, e := range arr {
		m, _ := e.(map[string]any)
		if m["id"] == seg || m["name"] == seg {
			return i
		}
	}
	return -1
}

// setValue reads VALUE as a TOML value if it is one, else as a plain
// string. A setting of type string always takes the text as written
// (unless it is a quoted TOML string), so --set consent.policyVersion=2026-11-01
// stays a string instead of becoming a date.
func setValue(raw string, target reflect.Type) any {
	var m map[string]any
	if err := toml.Unmarshal([]byte("v = "+raw), &m); err != nil || len(m) != 1 {
		return raw
	}
	v := m["v"]
	if target.Kind() == reflect.String {
		if s, ok := v.(string); ok {
			return s
		}
		return raw
	}
	return v
}

// assign stores v at p in the document, creating missing tables.
func (l *loader) assign(key string, p path, v any) *diag.Diagnostic {
	var cur any = l.doc
	for i, elem := range p {
		last := i == len(p)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[elem] = v
				return nil
			}
			next, ok := c[elem]
			if !ok {
				next = map[string]any{}
				c[elem] = next
			}
			cur = next
		case []any:
			idx, _ := strconv.Atoi(elem) // resolveSet made it a valid index
			if last {
				c[idx] = v
				return nil
			}
			cur = c[idx]
		default:
			return diag.Errorf(diag.Pos{File: "--set"}, "%s: cannot set it, %s in site.toml is %s, not a table",
				key, p[:i].dotted(), typeName(cur))
		}
	}
	return nil
}
