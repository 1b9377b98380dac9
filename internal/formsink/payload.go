package formsink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/forms"
)

// Encodings of a submission's body.
const (
	EncodingJSON       = "json"       // application/json, as form.ts sends with encoding "json"
	EncodingURLEncoded = "urlencoded" // application/x-www-form-urlencoded: form.ts or the form without JavaScript
)

// payload is a decoded body: every value by its payload name. A JSON body's
// nested objects and arrays are flattened back into the bracket paths
// assets/form/payload.ts builds them from ({"fields":{"EMAIL":[{"VALUE":
// "x"}]}} is "fields[EMAIL][0][VALUE]"); urlencoded names are as sent.
type payload struct {
	encoding string
	values   map[string]string
}

// decodePayload decodes a body of the given encoding. Its errors quote
// nothing of the body: they go to the terminal.
func decodePayload(encoding string, body []byte) (*payload, error) {
	p := &payload{encoding: encoding, values: map[string]string{}}
	switch encoding {
	case EncodingURLEncoded:
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, errors.New("the urlencoded body does not parse")
		}
		for k, vs := range q {
			if !utf8.ValidString(k) || !utf8.ValidString(vs[0]) {
				return nil, errors.New("the urlencoded body is not UTF-8")
			}
			p.values[k] = vs[0] // a name sent twice: the first, as FormData.get
		}
	case EncodingJSON:
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		var root any
		if err := d.Decode(&root); err != nil {
			return nil, errors.New("the JSON body does not parse")
		}
		if d.More() {
			return nil, errors.New("the JSON body has more than one value")
		}
		obj, ok := root.(map[string]any)
		if !ok {
			return nil, errors.New("the JSON body is not an object")
		}
		flatten(p.values, "", obj)
	default:
		return nil, fmt.Errorf("unknown encoding %q", encoding)
	}
	return p, nil
}

// flatten adds v's leaves to values under their bracket paths. form.ts
// sends only strings; numbers and booleans keep their JSON text, nulls
// (holes of a sparse array) are left out.
func flatten(values map[string]string, path string, v any) {
	name := func(k string) string {
		if path == "" {
			return k
		}
		return path + "[" + k + "]"
	}
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			flatten(values, name(k), e)
		}
	case []any:
		for i, e := range v {
			flatten(values, name(strconv.Itoa(i)), e)
		}
	case string:
		values[path] = v
	case json.Number:
		values[path] = v.String()
	case bool:
		values[path] = strconv.FormatBool(v)
	}
}

// pathKeys splits a payload name as payload.ts does (name.match(/[^[\]]+/g)
// || [name]).
var pathKeys = regexp.MustCompile(`[^\[\]]+`)

// key is where the payload holds the value sent under name: for JSON, the
// flattened form of the path payload.ts nests it under.
func (p *payload) key(name string) string {
	if p.encoding != EncodingJSON {
		return name
	}
	keys := pathKeys.FindAllString(name, -1)
	switch len(keys) {
	case 0:
		return name
	case 1:
		return keys[0]
	}
	return keys[0] + "[" + strings.Join(keys[1:], "][") + "]"
}

// submission is a payload read back with the form's configuration.
type submission struct {
	fields   map[string]string // the form's fields, by field name (also when fieldMap renames them)
	other    map[string]string // everything else but the honeypot: region, language, form, pageUrl, idempotencyKey, consentId, extra
	honeypot string            // the honeypot's value ("" unless a bot filled it in)
	language string            // the language field as sent
}

// read takes the form's fields out of the payload, under the names
// fieldMap gives them.
func (p *payload) read(f *config.Form) *submission {
	s := &submission{fields: map[string]string{}, other: map[string]string{}}
	used := map[string]bool{}
	take := func(name string) (string, bool) {
		k := p.key(name)
		v, ok := p.values[k]
		if ok {
			used[k] = true
		}
		return v, ok
	}
	for _, fd := range f.Fields {
		name := fd.Name
		if m := f.FieldMap[fd.Name]; m != "" {
			name = m
		}
		if v, ok := take(name); ok {
			s.fields[fd.Name] = v
		}
	}
	if f.Honeypot != "" {
		s.honeypot, _ = take(f.Honeypot)
	}
	for k, v := range p.values {
		if !used[k] {
			s.other[k] = v
		}
	}
	if v, ok := s.fields[forms.FieldLanguage]; ok {
		s.language = v // a form field named "language" wins over the constant
	} else {
		s.language = s.other[forms.FieldLanguage]
	}
	return s
}

// sent are the names of the form's fields that have a value, in form order.
func (s *submission) sent(f *config.Form) []string {
	var names []string
	for _, fd := range f.Fields {
		if s.fields[fd.Name] != "" {
			names = append(names, fd.Name)
		}
	}
	return names
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
