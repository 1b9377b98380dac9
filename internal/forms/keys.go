package forms

import (
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
)

// messageKeys are the UI strings every form looks up.
var messageKeys = []string{
	"form.disabled", "form.disabled_text", "form.required_note", "form.submit",
	"form.sending", "form.sent_title", "form.sent_text", "form.send_another",
	"form.failed_title", "form.resend", "form.error_summary",
	"form.error.network", "form.error.server", "form.error.rejected",
}

// Placeholders are the names charter fills in for the UI strings of a
// form that it formats (New, Message, and so the form sink's answers),
// by key; it shows every other string of Keys as written, the format
// errors of email and tel fields too. These are the placeholders of the
// embedded default-language strings, no more: a {placeholder} a string
// has that its names lack is shown as written.
var Placeholders = map[string][]string{
	collectionNotice:      {"policy"}, // where the link to the privacy policy goes
	"form.error.required": {"label"},
	"form.error.choose":   {"label"},
	"form.error.answer":   {"label"},
	"form.error.too_long": {"label", "max"},
}

// collectionNotice is the notice at collection that opt-out regions
// show under a form.
const collectionNotice = "form.collection_notice"

// Message is the field message key in t's language, its placeholders
// (Placeholders) filled in with the field's label and maxLength.
func Message(t func(string, ...any) string, key, label string, maxLength int) string {
	values := map[string]any{"label": label, "max": maxLength}
	var args []any
	for _, name := range Placeholders[key] {
		args = append(args, name, values[name])
	}
	return t(key, args...)
}

// Keys are the UI strings New looks up for f, each once, sorted: the
// required ones, which a page shows as the key itself where no locale in
// its language's fallback chain has them, and the optional ones (the
// form's title and intro, a field's hint), whose element is left out
// there. optOut adds the notice at collection that regions with opt-out
// consent show.
func Keys(f *config.Form, optOut bool) (required, optional []string) {
	key := func(parts ...string) string { return "form." + f.ID + "." + strings.Join(parts, ".") }
	required = slices.Clone(messageKeys)
	optional = []string{key("title"), key("intro")}
	if f.Honeypot != "" {
		required = append(required, "form.honeypot")
	}
	if optOut {
		required = append(required, collectionNotice, "nav.privacy")
	}
	for _, fd := range f.Fields {
		required = append(required, key(fd.Name, "label"))
		optional = append(optional, key(fd.Name, "hint"))
		if !fd.Required {
			required = append(required, "form.optional")
		}
		switch fd.Type {
		case "select", "country":
			required = append(required, "form.choose")
		}
		if fd.Type == "select" || fd.Type == "choice" {
			for _, o := range fd.Options {
				required = append(required, key(fd.Name, "option", o))
			}
		}
		for _, k := range fieldMessages(fd) {
			required = append(required, k)
		}
	}
	slices.Sort(required)
	slices.Sort(optional)
	return slices.Compact(required), slices.Compact(optional)
}
