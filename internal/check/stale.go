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
		"recorded it in the translation's translationOf: names the sections of the source that changed, were added or were removed.",
	Help: "Bring those sections of the translation up to date with the source, then run charter check --stamp on the " +
		"translation to record the source it now follows. A translation without translationOf is not compared.",
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
		if changes := staleSections(rec, o); changes != "" {
			warn("%s changed since this translation was stamped (%s)", src.File, changes).
				WithHint("translate what changed, then run charter check --stamp %s", tr.File)
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

// staleSections says which sections of the source o differ from what rec
// recorded: `changed: "Your rights"; added: "Contact"; removed: #old`,
// sections by their heading text in the source, in its order, and removed
// ones by the id they had; "" when none differ.
func staleSections(rec *content.TranslationOf, o *content.Outline) string {
	cur := o.TranslationOf()
	var changed, added []string
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
	var parts []string
	for _, p := range []struct {
		what  string
		names []string
	}{{"changed", changed}, {"added", added}, {"removed", removed}} {
		if len(p.names) > 0 {
			parts = append(parts, p.what+": "+strings.Join(p.names, ", "))
		}
	}
	return strings.Join(parts, "; ")
}
