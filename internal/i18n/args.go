package i18n

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
)

// Call is a lookup of a UI string with the names it passes for the
// string's {placeholders}: a layout's T call
// ({{ .T "page.version" "version" .Version }}), or charter's code.
type Call struct {
	Key  string
	Pos  diag.Pos // the key in the layout; unused for charter's code
	Args []Arg    // the names the call passes, in order
	// Open: the call passes names besides Args that are not known before
	// a page renders; what it seems to leave out is not reported.
	Open bool
	// Code: charter's code formats the string and fills in Args (it may
	// pass more, for strings a site words differently). A placeholder
	// the default language's string has and Args lacks is reported at
	// the string, which the site can change; the code cannot be.
	Code bool
}

// Arg is a name a Call passes for a {placeholder}.
type Arg struct {
	Name    string
	Pos     diag.Pos // the name in the layout
	NoValue bool     // the name is the call's last argument, with no value after it
}

// Arguments reports, as errors with RulePlaceholder, the calls whose
// names disagree with the {placeholders} of the default language's
// string of their key, which decides what a page shows wherever a
// translation does not differ: a placeholder the string has and the call
// does not pass (the page shows it as written), at the key; a name the
// call passes that the string has no placeholder for (its value is shown
// nowhere), and a name without a value, at the name. For charter's code
// (Call.Code), a placeholder the code does not fill in is reported at
// the string, once a key. Keys the default language lacks are
// Undefined's. When every translation (two or more locale files of other
// languages, served or not) agrees on other placeholders than the
// default language's string, and the call passes those, the hint says
// the default language's string may be the misspelt one.
func (c *Catalogs) Arguments(calls []Call) diag.List {
	if c == nil {
		return nil
	}
	var diags diag.List
	code := map[string]bool{} // keys of the code already checked
	for _, call := range calls {
		dm := c.lookup(c.def, call.Key)
		if dm == nil {
			continue
		}
		if call.Code {
			if !code[call.Key] {
				code[call.Key] = true
				diags = append(diags, c.codeArguments(call, dm)...)
			}
			continue
		}
		diags = append(diags, c.callArguments(call, dm)...)
	}
	diags.Sort()
	return diags
}

// callArguments checks a layout's call against dm, the default
// language's string of its key.
func (c *Catalogs) callArguments(call Call, dm *message) diag.List {
	var diags diag.List
	has := dm.placeholders(false) // T fills {count} in only if passed
	names := slices.Sorted(maps.Keys(has))
	passed := map[string]bool{}
	var extra []Arg
	for _, a := range call.Args {
		switch {
		case a.NoValue:
			d := diag.Errorf(a.Pos, "%q has no value after it: T takes a value after each name, and ignores a name without one", a.Name).
				WithHint("write the value after it: {{ .T %q %q VALUE }}", call.Key, a.Name)
			d.Rule = RulePlaceholder
			diags.Add(d)
		case !passed[a.Name]:
			passed[a.Name] = true
			if !has[a.Name] {
				extra = append(extra, a)
			}
		}
	}
	var missing []string
	if !call.Open {
		for _, p := range names {
			if !passed[p] && !slices.ContainsFunc(call.Args, func(a Arg) bool { return a.Name == p }) {
				missing = append(missing, p)
			}
		}
	}
	if len(missing) == 0 && len(extra) == 0 {
		return diags
	}
	en := c.enString(call.Key)
	agreed, n := c.agreed(c.def, call.Key, dm)
	// The translations use what this call passes, not the en string's.
	agrees := agreed != nil && !call.Open && slices.Equal(agreed, slices.Sorted(maps.Keys(passed)))
	misspelt := fmt.Sprintf("all %d translations use %s, as this call does; is %s misspelt?", n, braces(agreed), en)
	if len(missing) > 0 {
		d := diag.Errorf(call.Pos, "%q needs %s, which this call does not pass (it passes %s)",
			call.Key, braces(missing), passedList(call.Args))
		var renamed []string // "datum" to "date"
		for _, a := range extra {
			if s := diag.Suggest(a.Name, missing); s != "" {
				renamed = append(renamed, fmt.Sprintf("%q to %q", a.Name, s))
			}
		}
		switch {
		case agrees:
			d.WithHint("%s", misspelt)
		case len(renamed) > 0:
			d.WithHint("rename %s: {{ .T %q%s }}", list(renamed), call.Key, example(call.Args, has, missing))
		default:
			d.WithHint("pass %s, %s: {{ .T %q%s }}; the string is %s", list(quoteAll(missing)),
				pick(len(missing), "followed by its value", "each followed by its value"), call.Key, example(call.Args, has, missing), en)
		}
		d.Rule = RulePlaceholder
		diags.Add(d)
	}
	for _, a := range extra {
		d := diag.Errorf(a.Pos, "{%s} is not in %q (%s)", a.Name, call.Key, hasList(has))
		switch s := diag.Suggest(a.Name, names); {
		case agrees:
			d.WithHint("%s", misspelt)
		case s != "" && !passed[s]:
			d.WithHint("did you mean %q? The value passed as %q is not shown anywhere", s, a.Name)
		default:
			d.WithHint("remove %q and its value, or write {%s} in %s", a.Name, a.Name, en)
		}
		d.Rule = RulePlaceholder
		diags.Add(d)
	}
	return diags
}

// codeArguments checks a string charter's code formats: every
// placeholder of dm must be one the code fills in.
func (c *Catalogs) codeArguments(call Call, dm *message) diag.List {
	fills := map[string]bool{}
	for _, a := range call.Args {
		fills[a.Name] = true
	}
	var unfilled []string
	for _, p := range slices.Sorted(maps.Keys(dm.placeholders(false))) {
		if !fills[p] {
			unfilled = append(unfilled, p)
		}
	}
	if len(unfilled) == 0 {
		return nil
	}
	d := dm.file.src.Errorf(dm.key[0], dm.key[1], "%q uses %s, which charter does not fill in (%s)",
		call.Key, braces(unfilled), fillsList(fills))
	hint := fmt.Sprintf("nothing fills %s in, so the page shows it as written", braces(unfilled))
	if len(fills) > 0 {
		hint += fmt.Sprintf("; use %s, spelled so", braces(slices.Sorted(maps.Keys(fills))))
	}
	if agreed, n := c.agreed(c.def, call.Key, dm); agreed != nil && !slices.ContainsFunc(unfilled, func(p string) bool { return slices.Contains(agreed, p) }) {
		hint += fmt.Sprintf(" (all %d translations use %s)", n, braces(agreed))
	}
	d.WithHint("%s", hint)
	d.Rule = RulePlaceholder
	return diag.List{d}
}

// agreed is the placeholders that every translation of key uses (but
// {count} of a plural message, which N fills in), every locale file's of
// the languages but def's, and how many translations there are, when
// they are two or more, all use the same, and those are some and differ
// from dm's, def's string: then dm may be the misspelt one. nil
// otherwise.
func (c *Catalogs) agreed(def, key string, dm *message) ([]string, int) {
	names := func(m *message) []string {
		s := slices.Sorted(maps.Keys(m.placeholders(false)))
		if m.plural || dm.plural {
			s = slices.DeleteFunc(s, func(p string) bool { return p == "count" })
		}
		return s
	}
	var common []string
	n := 0
	for _, cat := range c.translations(c.langs, def) {
		m := cat.messages[key]
		if m == nil || m == dm {
			continue
		}
		s := names(m)
		if n > 0 && !slices.Equal(s, common) {
			return nil, 0
		}
		common, n = s, n+1
	}
	if n < 2 || len(common) == 0 || slices.Equal(common, names(dm)) {
		return nil, 0
	}
	return common, n
}

// enString names the default language's string of key and where it is:
// `the en string at locales/en.toml:25:1`.
func (c *Catalogs) enString(key string) string {
	if pos, ok := c.Where(c.def, key); ok {
		return fmt.Sprintf("the %s string at %s", c.def, pos)
	}
	return fmt.Sprintf("the %s string", c.def)
}

// passedList is the names a call passes with a value, as {a} and {b},
// or "none".
func passedList(args []Arg) string {
	var names []string
	for _, a := range args {
		if !a.NoValue && !slices.Contains(names, a.Name) {
			names = append(names, a.Name)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return braces(names)
}

func fillsList(fills map[string]bool) string {
	if len(fills) == 0 {
		return "it fills none"
	}
	return "it fills " + braces(slices.Sorted(maps.Keys(fills)))
}

// example is the arguments of a T call that passes what args pass that
// has (elided) and the missing names: ` "version" ... "date" VALUE`.
func example(args []Arg, has map[string]bool, missing []string) string {
	var b strings.Builder
	for _, a := range args {
		if has[a.Name] && !a.NoValue {
			fmt.Fprintf(&b, " %q ...", a.Name)
		}
	}
	for _, p := range missing {
		fmt.Fprintf(&b, " %q VALUE", p)
	}
	return b.String()
}
