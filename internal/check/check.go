// Package check finds what a build lets through but a legal site must not
// ship: links and anchors that do not resolve in a region, hreflang sets
// that are not reciprocal, pages missing in a region's languages, stale
// translations, incomplete locales, required content a region lacks, and
// cookie disclosures that disagree with the consent configuration.
//
// It reads one snapshot of the site model (internal/site), the same one
// build and serve use, and never writes, but for Stamp (charter check
// --stamp), which sets one front matter key of the translation named. Each checker is a function of
// the snapshot that returns diagnostics with a rule; Run runs them all.
package check

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/site"
)

// A Rule is a kind of finding, as the json and sarif formats list them.
type Rule struct {
	ID          string // "link"
	Description string // one sentence: what it finds
	Help        string // how to fix or silence it
}

// A checker looks at a snapshot and reports what it finds.
type checker struct {
	rules []Rule
	run   func(*Site) diag.List
}

var (
	registryMu sync.Mutex
	checkers   []checker
)

// register adds a checker; each file of the package registers its own in
// an init function.
func register(run func(*Site) diag.List, rules ...Rule) {
	registryMu.Lock()
	defer registryMu.Unlock()
	checkers = append(checkers, checker{rules, run})
}

// Rules are every rule a check can report, sorted by id.
func Rules() []Rule {
	registryMu.Lock()
	defer registryMu.Unlock()
	var rules []Rule
	for _, c := range checkers {
		rules = append(rules, c.rules...)
	}
	slices.SortFunc(rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	return rules
}

// Site is what the checkers read: a good snapshot, and what they derive
// from it once (the parsed output pages).
type Site struct {
	*site.Snapshot

	pagesOnce sync.Once
	pages     *outputPages
	texts     sync.Map // file -> []byte, see sourceText
	trees     sync.Map // output file -> *html.Node, see instanceDoc

	layoutsOnce sync.Once
	layouts     []string // the layout files, see located.inLayouts
}

// Run runs every check on snap, which must not have failed. The findings
// are sorted by position and carry a rule; the same finding from several
// regions is reported once, with the regions.
func Run(snap *site.Snapshot) diag.List {
	s := &Site{Snapshot: snap}
	registryMu.Lock()
	cs := slices.Clone(checkers)
	registryMu.Unlock()
	results := make([]diag.List, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Go(func() { results[i] = c.run(s) })
	}
	wg.Wait()
	var all diag.List
	for _, r := range results {
		all = append(all, r...)
	}
	all = mergeRegions(all)
	all.Sort()
	return all
}

// mergeRegions reports a finding made in several regions once, with
// their regions in site.toml order.
func mergeRegions(l diag.List) diag.List {
	// The hint can differ by region (a "did you mean" among the ids of
	// each region's target page); the first region's is kept.
	type key struct {
		pos       diag.Pos
		sev       diag.Severity
		rule, msg string
	}
	seen := map[key]*diag.Diagnostic{}
	var out diag.List
	for _, d := range l {
		k := key{d.Pos, d.Severity, d.Rule, d.Message}
		if prev, ok := seen[k]; ok {
			for _, r := range d.Regions {
				if !slices.Contains(prev.Regions, r) {
					prev.Regions = append(prev.Regions, r)
				}
			}
			continue
		}
		c := *d
		c.Regions = slices.Clone(d.Regions)
		seen[k] = &c
		out = append(out, &c)
	}
	return out
}

// regionOrder sorts region ids as site.toml lists them.
func (s *Site) regionOrder(ids []string) {
	idx := map[string]int{}
	for i, r := range s.Site.Regions {
		idx[r.ID] = i
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(idx[a], idx[b]) })
}

// Strict turns warnings into errors, for charter check --strict.
func Strict(l diag.List) diag.List {
	out := make(diag.List, len(l))
	for i, d := range l {
		c := *d
		c.Severity = diag.Error
		out[i] = &c
	}
	return out
}

// Counts are the errors and warnings of l.
func Counts(l diag.List) (errors, warnings int) {
	for _, d := range l {
		if d.Severity == diag.Warning {
			warnings++
		} else {
			errors++
		}
	}
	return
}

// regionsSuffix is " (regions de, us)" for a finding in some regions.
func regionsSuffix(d *diag.Diagnostic) string {
	if len(d.Regions) == 0 {
		return ""
	}
	word := "region"
	if len(d.Regions) > 1 {
		word = "regions"
	}
	return " (" + word + " " + strings.Join(d.Regions, ", ") + ")"
}
