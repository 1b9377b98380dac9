package formsink

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/net/idna"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
)

// Kinds of Problem. The first three are the kinds of the page's own
// messages (forms.ScriptConfig.Errors); KindOption has no client-side
// counterpart, as a browser can only send the options the page offers.
const (
	KindRequired = "required" // a required field is empty
	KindFormat   = "format"   // an email or tel value in the wrong format
	KindLong     = "long"     // over maxLength
	KindOption   = "option"   // not one of the select's, choice's or country list's values
)

// Problem is one field that fails validation.
type Problem struct {
	Field string // the field's name in site.toml
	Kind  string // KindRequired, KindFormat, KindLong or KindOption
}

// Validate checks a submission's values, by field name (a missing name is
// an empty value, as an unanswered choice is), against the form's fields
// with the rules the page applies, and returns the problems in field order,
// at most one per field. The rules and their order are those of
// assets/form.ts's check, which reads the browser's constraint validation:
//
//   - required: the value is empty (valueMissing; a text value of spaces
//     is not missing, as in the browser);
//   - format: an email that is not a valid e-mail address as the HTML
//     standard defines it (ValidEmail), a tel value that does not match
//     forms.TelPattern (patternMismatch); both only when not empty;
//   - long: more than maxLength characters, counted as the browser and
//     form.ts count them (UTF-16 code units of the value with its line
//     breaks as one character each; Length);
//   - option (server only): a select or choice value that is not one of
//     its options, a country that is not an ISO 3166-1 code of the list.
//
// A required choice such as partnerContact: "no" is a
// valid answer (site.toml: it must be answered, not agreed to).
func Validate(f *config.Form, values map[string]string) []Problem {
	var problems []Problem
	for _, fd := range f.Fields {
		v := values[fd.Name]
		if fd.Type == "email" {
			v = sanitizeEmail(v)
		}
		kind := ""
		switch {
		case v == "":
			if fd.Required {
				kind = KindRequired
			}
		case fd.Type == "email" && !ValidEmail(v), fd.Type == "tel" && !telPattern.MatchString(v):
			kind = KindFormat
		case fd.MaxLength > 0 && Length(v) > fd.MaxLength:
			kind = KindLong
		case (fd.Type == "select" || fd.Type == "choice") && !slices.Contains(fd.Options, v),
			fd.Type == "country" && !isCountry(v):
			kind = KindOption
		}
		if kind != "" {
			problems = append(problems, Problem{Field: fd.Name, Kind: kind})
		}
	}
	return problems
}

// telPattern is forms.TelPattern as the browser applies a pattern
// attribute: anchored at both ends. (Its escapes, \+ \( \/ \-, mean the
// same in RE2 as with JavaScript's "v" flag.)
var telPattern = regexp.MustCompile(`^(?:` + forms.TelPattern + `)$`)

// emailPattern is the HTML standard's "valid e-mail address"
// (https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address),
// the check behind an email input's typeMismatch.
var emailPattern = regexp.MustCompile("^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@" +
	`[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$`)

// ValidEmail reports whether s is a valid e-mail address for an
// <input type=email>: the HTML standard's pattern, with a domain in
// another script checked in its punycode form, as Chromium does (it
// accepts name@bücher.example and submits name@xn--bcher-kva.example).
func ValidEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return false
	}
	if domain := s[at+1:]; !isASCII(domain) {
		ascii, err := idna.Lookup.ToASCII(domain)
		if err != nil {
			return false
		}
		s = s[:at+1] + ascii
	}
	return emailPattern.MatchString(s)
}

// sanitizeEmail is an email input's value sanitization: line breaks
// removed, leading and trailing ASCII whitespace trimmed.
func sanitizeEmail(s string) string {
	s = strings.NewReplacer("\r", "", "\n", "").Replace(s)
	return strings.Trim(s, " \t\n\f\r")
}

// Length is the length of a value as maxlength and form.ts count it: in
// UTF-16 code units (an emoji outside the BMP counts two), a CR LF or a
// lone CR as one line break, as in a textarea's value (the submitted form
// data has CR LF where the textarea's value has LF).
func Length(s string) int {
	n := 0
	prevCR := false
	for _, r := range s {
		switch {
		case r == '\n' && prevCR:
			// the LF of a CR LF: already counted
		case r >= 0x10000:
			n += 2
		default:
			n++
		}
		prevCR = r == '\r'
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var countries = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, c := range i18n.Countries("en") {
		m[c.Code] = true
	}
	return m
})

// isCountry reports whether code is a value of the page's country list
// (the same codes in every language).
func isCountry(code string) bool { return countries()[code] }
