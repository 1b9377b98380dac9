package check

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/charter-ssg/charter/internal/content"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/pelletier/go-toml/v2"
)

// Front matter: keys charter does not read, and dates that are not
// dates. A misspelling of a key charter reads (titel:) and a bad
// effective: date are build errors, reported under the same rules.
func init() {
	register(checkFrontMatter,
		Rule{ID: content.RuleFrontMatterKey,
			Description: "A front matter key charter does not read: a misspelling of one it reads is an error (titel: for title:), any other key outside params: a warning, because charter ignores it.",
			Help:        "Fix the spelling as the hint says; put values of your own for layouts under params: (params: {owner: Legal}), where check does not flag them."},
		Rule{ID: content.RuleFrontMatterDate,
			Description: "A front matter date that is not a date (2026-02-30): in effective:, in any key named like a date (reviewDate, lastReviewed, published, ...), or any value written as YYYY-MM-DD.",
			Help:        "Write a real date as YYYY-MM-DD."},
	)
}

func checkFrontMatter(s *Site) diag.List {
	var out diag.List
	for _, src := range s.Sources {
		for _, f := range src.Meta.Fields {
			if !f.Declared {
				out.Add(&diag.Diagnostic{Pos: f.KeyPos, Severity: diag.Warning, Rule: content.RuleFrontMatterKey,
					Message: fmt.Sprintf("unknown front matter key %q: charter does not read it", f.Key),
					Hint:    fmt.Sprintf("a value of your own for layouts goes under params: (params: {%s: ...}); else remove it", f.Key)})
			}
			checkDates(&out, f, f.Name(), f.Value)
		}
	}
	s.withExcerpts(out)
	return out
}

// checkDates reports v, the value of key (or an item of it), if it is
// written as a date but is none, or if key names a date and v is text
// or a number that is not one. Items of lists and tables are checked at
// the field's value.
func checkDates(out *diag.List, f content.Field, key string, v any) {
	dateKey := isDateKey(key)
	switch v := v.(type) {
	case string:
		why := content.DateProblem(v)
		switch {
		case why == "":
		case dateKey:
			msg := fmt.Sprintf("%s must be a date, not %q", key, v)
			if content.LooksLikeDate(v) {
				msg += ": " + why
			}
			out.Add(dateError(f, msg))
		case content.LooksLikeDate(v):
			out.Add(dateError(f, fmt.Sprintf("%q in %s is not a date: %s", v, key, why)))
		}
	case int, int64, uint64, float64:
		if dateKey {
			out.Add(dateError(f, fmt.Sprintf("%s must be a date, not %v", key, v)))
		}
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime, bool, nil:
	case []any:
		for _, item := range v {
			checkDates(out, f, key, item)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			checkDates(out, f, k, v[k])
		}
	}
}

func dateError(f content.Field, msg string) *diag.Diagnostic {
	return &diag.Diagnostic{Pos: f.ValPos, Rule: content.RuleFrontMatterDate, Message: msg,
		Hint: "write a real date as YYYY-MM-DD, e.g. 2026-11-01"}
}

// dateWords end the names of keys that hold dates; a key containing
// "date" does too.
var dateWords = []string{"effective", "reviewed", "published", "modified", "updated", "created", "expires", "lastmod"}

// isDateKey reports whether a key's name says it holds a date:
// reviewDate, date, lastReviewed, published, lastmod, ...
func isDateKey(key string) bool {
	k := strings.ToLower(key)
	if strings.Contains(k, "date") {
		return true
	}
	for _, w := range dateWords {
		if strings.HasSuffix(k, w) {
			return true
		}
	}
	return false
}
