package config

import (
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/pelletier/go-toml/v2/unstable"
)

// A path names a value in the document: table keys, and array indexes
// written in decimal ("forms", "x", "fields", "0", "name").
type path []string

func (p path) key() string { return strings.Join(p, "\x1f") }

// child returns p extended by one element, never sharing p's backing array.
func (p path) child(elem string) path {
	q := make(path, len(p), len(p)+1)
	copy(q, p)
	return append(q, elem)
}

// dotted renders p as a --set style key: regions.eu.baseURL.
func (p path) dotted() string { return strings.Join(p, ".") }

// span is where a key and its value are written.
type span struct {
	key, val diag.Pos
}

// index maps every path in a TOML document to the position of its key and
// its value. It is built from go-toml's unstable parser, which keeps byte
// ranges, and knows the order in which keys first appear.
type index struct {
	src    *diag.Source // places the byte ranges, in characters
	spans  map[string]span
	order  []path         // every path, in order of first appearance
	arrays map[string]int // lengths of arrays of tables, by path key
}

func buildIndex(src *diag.Source) *index {
	ix := &index{
		src:    src,
		spans:  map[string]span{},
		arrays: map[string]int{},
	}
	var p unstable.Parser
	p.Reset(src.Text)
	var table path
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = ix.header(e)
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	// A parse error here was already reported by the decoder; the index
	// then simply knows fewer positions.
	return ix
}

// pos is the position of the range r: of a key, or a value as written
// (a string with its quotes).
func (ix *index) pos(r unstable.Range) diag.Pos {
	return ix.src.Range(int(r.Offset), int(r.Offset+r.Length))
}

// record notes the position of p unless p was seen before: the first place
// that mentions a table is where it is defined.
func (ix *index) record(p path, key, val diag.Pos) {
	k := p.key()
	if _, ok := ix.spans[k]; ok {
		return
	}
	if val.Line == 0 {
		val = key
	}
	ix.spans[k] = span{key: key, val: val}
	ix.order = append(ix.order, p)
}

// header resolves a [table] or [[array.table]] header to a concrete path,
// descending into the last element of any array of tables on the way.
func (ix *index) header(e *unstable.Node) path {
	var nodes []*unstable.Node
	it := e.Key()
	for it.Next() {
		nodes = append(nodes, it.Node())
	}
	var p path
	for i, n := range nodes {
		p = p.child(string(n.Data))
		pos := ix.pos(n.Raw)
		ix.record(p, pos, pos)
		k := p.key()
		if i == len(nodes)-1 && e.Kind == unstable.ArrayTable {
			count := ix.arrays[k]
			ix.arrays[k] = count + 1
			p = p.child(strconv.Itoa(count))
			ix.record(p, pos, pos)
		} else if count := ix.arrays[k]; count > 0 {
			p = p.child(strconv.Itoa(count - 1))
		}
	}
	return p
}

func (ix *index) keyValue(table path, e *unstable.Node) {
	p := table
	var last diag.Pos
	it := e.Key()
	for it.Next() {
		n := it.Node()
		p = p.child(string(n.Data))
		last = ix.pos(n.Raw)
		if !it.IsLast() {
			ix.record(p, last, last)
		}
	}
	v := e.Value()
	ix.record(p, last, ix.valuePos(v))
	ix.value(p, v)
}

// valuePos is where a value starts; arrays carry no range of their own, so
// they are placed at their first element (or nowhere, meaning the key).
func (ix *index) valuePos(v *unstable.Node) diag.Pos {
	if v.Raw.Length > 0 {
		return ix.pos(v.Raw)
	}
	if v.Kind == unstable.Array {
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind != unstable.Comment {
				return ix.valuePos(c)
			}
		}
	}
	return diag.Pos{}
}

// value indexes the insides of inline tables and arrays.
func (ix *index) value(p path, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				ix.keyValue(p, c)
			}
		}
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			q := p.child(strconv.Itoa(i))
			pos := ix.valuePos(c)
			ix.record(q, pos, pos)
			ix.value(q, c)
			i++
		}
	}
}

// lookup returns the span of p, or of its nearest ancestor that has one
// (a missing key is reported at the table that lacks it).
func (ix *index) lookup(p path) (span, bool) {
	for n := len(p); n > 0; n-- {
		if s, ok := ix.spans[p[:n].key()]; ok {
			return s, n == len(p)
		}
	}
	return span{}, false
}
