package check

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
)

// StaleRule is the rule of a translation whose source changed since it
// was stamped.
var StaleRule = Rule{
	ID: "translation-stale",
	Description: "A translation whose source (the page in the default language) changed since charter check --stamp " +
		"recorded it in the translation's translationOf: names the source's new version and effective date, and the " +
		"title or description, sections and order of sections that changed.",
	Help: "Bring the translation up to date with the source (its version and effective date too), then run charter " +
		"check --stamp on the translation to record the source it now follows. A translation without translationOf is not compared.",
}

func init() { register(checkStale, StaleRule) }

// checkStale compares each translation's translationOf with its source.
func checkStale(s *Site) diag.List {
	def := s.Site.DefaultLanguage
	sources := defaultSources(s.Sources, def)
	outlines := map[string]*content.Outline{}
	var out diag.List
	for _, tr := range s.Sources {
		rec := tr.Meta.TranslationOf
		if rec == nil {
			continue
		}
		warn := func(format string, args ...any) *diag.Diagnostic {
			d := &diag.Diagnostic{Pos: rec.Pos, Severity: diag.Warning, Rule: StaleRule.ID, Message: fmt.Sprintf(format, args...)}
			out.Add(d)
			return d
		}
		src := sources[tr.Page]
		switch {
		case tr.Lang == def:
			warn("%s is in the default language (%s), so it is a source, not a translation: translationOf compares it with nothing", tr.File, def).
				WithHint("remove translationOf here; its translations record it")
			continue
		case src == nil:
			warn("translationOf: page %q has no source in the default language (%s) to compare this translation with", tr.Page, def).
				WithHint("add the page in %s, or remove translationOf", def)
			continue
		}
		o, ok := outlines[src.File]
		if !ok {
			var err error
			if o, err = src.Outline(s.Site); err != nil {
				continue // the build reports the source's errors
			}
			outlines[src.File] = o
		}
		if st := staleSince(rec, o); !st.none() {
			hint := "translate what changed, then run charter check --stamp " + tr.File
			if st.was != "" {
				if own := ownDrift(tr, src); own != "" {
					hint = "set " + own + " here as in the source, " + hint
				}
			}
			warn("%s", st.message(src.File)).WithHint("%s", hint)
		}
	}
	return s.withExcerpts(out)
}

// defaultSources are the sources in the default language, by page.
func defaultSources(srcs []*content.Source, def string) map[string]*content.Source {
	m := map[string]*content.Source{}
	for _, src := range srcs {
		if src.Lang == def {
			m[src.Page] = src
		}
	}
	return m
}

// staleness is what changed in a source since a translation of it was
// stamped.
type staleness struct {
	// now and was are the source's version and effective date, as now
	// and as recorded ("version 3.3, effective 2026-12-01"), when either
	// changed; else "". version says whether they name the version.
	now, was string
	version  bool
	// parts name what else changed: `changed: "Your rights"`, `moved:
	// ...`, `added: ...`, `removed: #old`, sections by their heading text
	// in the source.
	parts []string
}

func (st staleness) none() bool { return st.was == "" && len(st.parts) == 0 }

// message is the finding about a translation of the source file:
// "content/privacy.md changed since this translation was stamped: it is
// now version 3.3, effective 2026-12-01; this translation follows version
// 3.2, effective 2026-11-01 (changed: "Your rights")".
func (st staleness) message(file string) string {
	msg := file + " changed since this translation was stamped"
	if st.was != "" {
		follows := st.was
		if !st.version {
			follows = "the text " + st.was
		}
		msg += ": it is now " + st.now + "; this translation follows " + follows
	}
	if len(st.parts) > 0 {
		msg += " (" + strings.Join(st.parts, "; ") + ")"
	}
	return msg
}

// since says what changed as Stamp reports it: "now version 3.3, was
// version 3.2; changed: "Your rights"".
func (st staleness) since() string {
	parts := st.parts
	if st.was != "" {
		parts = append([]string{"now " + st.now + ", was " + st.was}, parts...)
	}
	return strings.Join(parts, "; ")
}

// staleSince compares what rec recorded of a source with the source's
// outline o as it is now. A stamp records the version and effective date
// if it records the title and description (meta): one without them, from
// before charter recorded them, is compared on them only where it has
// them.
func staleSince(rec *content.TranslationOf, o *content.Outline) staleness {
	cur := o.TranslationOf()
	var st staleness
	versionKnown := rec.Meta != "" || rec.Version != ""
	effectiveKnown := rec.Meta != "" || !rec.Effective.IsZero()
	if versionKnown && rec.Version != cur.Version || effectiveKnown && !rec.Effective.Equal(cur.Effective) {
		showVersion := versionKnown && (rec.Version != "" || cur.Version != "")
		showEffective := effectiveKnown && (!rec.Effective.IsZero() || !cur.Effective.IsZero())
		st.now = versionAndDate(cur, showVersion, showEffective)
		st.was = versionAndDate(*rec, showVersion, showEffective)
		st.version = showVersion
	}

	var changed, added []string
	if rec.Meta != "" && rec.Meta != cur.Meta {
		changed = append(changed, "the title or description")
	}
	if rec.Intro != cur.Intro {
		switch {
		case rec.Intro == "":
			added = append(added, "the text before the first heading")
		case cur.Intro == "":
			changed = append(changed, "the text before the first heading (now gone)")
		default:
			changed = append(changed, "the text before the first heading")
		}
	}
	for _, id := range cur.IDs {
		name := fmt.Sprintf("%q", o.Title(id))
		switch old, ok := rec.Sections[id]; {
		case !ok:
			added = append(added, name)
		case old != cur.Sections[id]:
			changed = append(changed, name)
		}
	}
	var removed []string
	for _, id := range slices.Sorted(maps.Keys(rec.Sections)) {
		if _, ok := cur.Sections[id]; !ok {
			removed = append(removed, "#"+id)
		}
	}
	for _, p := range []struct {
		what  string
		names []string
	}{{"changed", changed}, {"moved", movedSections(rec, cur, o)}, {"added", added}, {"removed", removed}} {
		if len(p.names) > 0 {
			st.parts = append(st.parts, p.what+": "+strings.Join(p.names, ", "))
		}
	}
	return st
}

// versionAndDate is "version 3.2, effective 2026-11-01", of what t
// records, naming the version, the date or both.
func versionAndDate(t content.TranslationOf, version, effective bool) string {
	var parts []string
	if version {
		if t.Version == "" {
			parts = append(parts, "no version")
		} else {
			parts = append(parts, "version "+t.Version)
		}
	}
	if effective {
		if t.Effective.IsZero() {
			parts = append(parts, "no effective date")
		} else {
			parts = append(parts, "effective "+content.FormatDate(t.Effective))
		}
	}
	return strings.Join(parts, ", ")
}

// ownDrift is what of the source's version and effective date the
// translation tr does not say as its source src does: `version: "3.3"
// and effective: 2026-12-01`, or "".
func ownDrift(tr, src *content.Source) string {
	var keys []string
	if v := src.Meta.Version; v != "" && tr.Meta.Version != v {
		keys = append(keys, fmt.Sprintf("version: %q", v))
	}
	if e := src.Meta.Effective; !e.IsZero() && !tr.Meta.Effective.Equal(e) {
		keys = append(keys, "effective: "+content.FormatDate(e))
	}
	return strings.Join(keys, " and ")
}

// movedSections are the sections of the source that are in another
// place than when rec was stamped, by their heading text, with where they
// are now: a section now under another section (by heading level) than
// in rec's order, and of the sections under one section in both, those
// outside the longest run still in their recorded order. The sections of
// a section that moved are not named: they moved with it. Only sections
// in both count, so an added or removed one moves no other.
func movedSections(rec *content.TranslationOf, cur content.TranslationOf, o *content.Outline) []string {
	if len(rec.IDs) != len(rec.Sections) {
		return nil // a stamp that does not tell its order
	}
	tree := newOutlineTree(o.Sections, nil)
	var recOrder, curOrder []string
	for _, id := range rec.IDs {
		if _, ok := cur.Sections[id]; ok {
			recOrder = append(recOrder, id)
		}
	}
	for _, id := range cur.IDs {
		if _, ok := rec.Sections[id]; ok {
			curOrder = append(curOrder, id)
		}
	}
	then := newOutlineTree(o.Sections, recOrder)
	now := newOutlineTree(o.Sections, curOrder)
	moved := map[string]bool{}
	siblings := map[string][]string{} // by parent, in curOrder
	for _, id := range curOrder {
		if p := now.parent[id]; p != then.parent[id] {
			moved[id] = true
		} else {
			siblings[p] = append(siblings[p], id)
		}
	}
	rank := map[string]int{} // of each section among its siblings, in recOrder
	count := map[string]int{}
	for _, id := range recOrder {
		if p := then.parent[id]; !moved[id] {
			rank[id] = count[p]
			count[p]++
		}
	}
	for _, ids := range siblings {
		keep := inOrder(ids, rank)
		for _, id := range ids {
			moved[id] = !keep[id]
		}
	}
	var out []string
	for _, id := range curOrder {
		if moved[id] {
			out = append(out, fmt.Sprintf("%q (now %s)", o.Title(id), tree.place(id)))
		}
	}
	return out
}

// inOrder is a longest run of the ids of seq in the order of their index
// (a longest increasing subsequence), as a set.
func inOrder(seq []string, index map[string]int) map[string]bool {
	var tails []int // tails[k]: the seq index ending the best run of k+1 so far
	prev := make([]int, len(seq))
	for i, id := range seq {
		v := index[id]
		k := sort.Search(len(tails), func(k int) bool { return index[seq[tails[k]]] >= v })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	keep := map[string]bool{}
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			keep[seq[i]] = true
		}
	}
	return keep
}

// outlineTree is sections of an outline by id, with the section each is
// under by heading level.
type outlineTree struct {
	parent map[string]string // "" for none
	after  map[string]string // the section before it at its level, under the same parent; "" for none
	title  map[string]string // the heading text
}

// newOutlineTree is the tree of the sections ids, in that order, with
// their levels and titles in secs (the first section of an id); for nil,
// of all of secs in their order.
func newOutlineTree(secs []content.Section, ids []string) outlineTree {
	t := outlineTree{parent: map[string]string{}, after: map[string]string{}, title: map[string]string{}}
	level := map[string]int{}
	all := ids == nil
	for _, sec := range secs {
		if _, seen := level[sec.ID]; !seen {
			level[sec.ID], t.title[sec.ID] = sec.Level, sec.Title
			if all {
				ids = append(ids, sec.ID)
			}
		}
	}
	var stack []string // the open sections, levels increasing
	for _, id := range ids {
		prev := ""
		for len(stack) > 0 && level[stack[len(stack)-1]] >= level[id] {
			if level[stack[len(stack)-1]] == level[id] {
				prev = stack[len(stack)-1]
			}
			stack = stack[:len(stack)-1]
		}
		t.parent[id] = ""
		if len(stack) > 0 {
			t.parent[id] = stack[len(stack)-1]
		}
		t.after[id] = prev
		stack = append(stack, id)
	}
	return t
}

// place says where the section id is: `under "Your rights", after
// "Access"`, `first under "Your rights"`, `after "Access"` or "first".
func (t outlineTree) place(id string) string {
	p, prev := t.parent[id], t.after[id]
	switch {
	case p != "" && prev != "":
		return fmt.Sprintf("under %q, after %q", t.title[p], t.title[prev])
	case p != "":
		return fmt.Sprintf("first under %q", t.title[p])
	case prev != "":
		return fmt.Sprintf("after %q", t.title[prev])
	}
	return "first"
}
