package check

import (
	"fmt"
	"maps"
	"slices"
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
		"title or description and the sections that changed.",
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
	// parts name what else changed: `changed: "Your rights"`, `added:
	// ...`, `removed: #old`, sections by their heading text in the
	// source.
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
	}{{"changed", changed}, {"added", added}, {"removed", removed}} {
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
