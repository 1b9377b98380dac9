// Package forms turns a form declared in site.toml into what the "form"
// layout partial renders for one region and language: the endpoint the
// region posts to (or none: the form is disabled), labels, hints, options
// and messages from the locales, the country list in the page's language,
// the ids that tie labels, hints and errors to their controls, and the JSON
// configuration the form script reads.
package forms

import (
	"slices"
	"strings"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/i18n"
)

// Input is what New needs to build a form's view.
type Input struct {
	Form      *config.Form
	Region    *config.Region
	Lang      string                               // the page's language
	T         func(key string, args ...any) string // translates into Lang
	PolicyURL string                               // the region's privacy policy in Lang, for the collection notice
}

// View is one form as one page shows it.
type View struct {
	ID     string // the form id from site.toml
	DOMID  string // the <form> element's id: "form-<id>"
	Action string // the endpoint the form posts to; "" when Disabled
	// Disabled is true when the region has no endpoint: the fields are
	// shown but disabled, with DisabledTitle and DisabledText.
	Disabled      bool
	DisabledTitle string
	DisabledText  string

	Title        string
	Intro        string
	RequiredNote string // explains required fields, shown before the form
	NoteID       string

	Fields   []Field
	Hidden   []Hidden  // constant fields sent with every submission, with or without script
	Honeypot *Honeypot // nil when the form has no honeypot
	Notice   *Notice   // the notice at collection, on opt-out regions

	Submit      string
	Sending     string
	SentTitle   string
	SentText    string
	SendAnother string
	FailedTitle string
	Resend      string
	Summary     string // the error summary's heading

	Script ScriptConfig // rendered as JSON for the script
}

// Field is one control, or for a choice a group of radio buttons.
type Field struct {
	Name         string
	Type         string // the config type: text, email, tel, textarea, select, country, choice
	InputType    string // for text-like inputs: text, email, tel
	ID           string // the control's id; for a choice, the fieldset's
	Label        string
	Hint         string
	HintID       string // "" without a hint
	ErrorID      string
	DescribedBy  string // HintID and ErrorID, space separated
	Required     bool
	Optional     string // the "(optional)" marker, "" for a required field
	Autocomplete string
	MaxLength    int
	Pattern      string // for tel: the characters a phone number may have
	Options      []Option
}

// Option is one entry of a select, country list or choice.
type Option struct {
	Value    string
	Label    string
	ID       string // for a choice's radio button
	Selected bool
}

// Hidden is a constant field of the submission.
type Hidden struct{ Name, Value string }

// Honeypot is the trap field: hidden from people, filled in by bots.
type Honeypot struct{ Name, ID, Label string }

// Notice is the notice at collection with a link to the privacy policy:
// Before, the link, After.
type Notice struct{ Before, LinkText, URL, After string }

// ScriptConfig is what the form script reads from the page.
type ScriptConfig struct {
	Encoding string            `json:"encoding"`           // "json" or "urlencoded"
	Timeout  int               `json:"timeout"`            // milliseconds
	FieldMap map[string]string `json:"fieldMap,omitempty"` // field name -> payload name or bracket path
	Honeypot string            `json:"honeypot,omitempty"`
	// Messages are the localized state messages: sending, sent, network,
	// server, rejected.
	Messages map[string]string `json:"messages"`
	// Errors are each field's localized messages by kind: required,
	// format (email, tel), long (over maxLength).
	Errors map[string]map[string]string `json:"errors"`
}

// Built-in names of the constant fields; a form field of the same name wins.
const (
	FieldRegion   = "region"
	FieldLanguage = "language"
	FieldForm     = "form"
)

// TelPattern is the HTML pattern of a tel field: an optional "+" or "(",
// a digit, then at least three more digits, spaces or ( ) . / - characters.
// It is written for the "v" flag browsers use for pattern attributes.
const TelPattern = `[\+\(]?[0-9][0-9 \(\)\.\/\-]{3,}`

// Endpoint is where the form posts in region: the region's entry of
// Endpoints when it has one ("" there disables the form), else Endpoint.
// "" means the form is disabled in the region.
func Endpoint(f *config.Form, region string) string {
	if ep, ok := f.Endpoints[region]; ok {
		return ep
	}
	return f.Endpoint
}

// New builds the view of in.Form for in.Region in in.Lang.
func New(in Input) *View {
	f, t := in.Form, in.T
	key := func(parts ...string) string { return "form." + strings.Join(append([]string{f.ID}, parts...), ".") }
	// opt looks up an optional key: missing keys come back as the key itself.
	opt := func(k string) string {
		if s := t(k); s != k {
			return s
		}
		return ""
	}
	dom := "form-" + f.ID
	v := &View{
		ID:            f.ID,
		DOMID:         dom,
		Action:        Endpoint(f, in.Region.ID),
		DisabledTitle: t("form.disabled"),
		DisabledText:  t("form.disabled_text"),
		Title:         opt(key("title")),
		Intro:         opt(key("intro")),
		RequiredNote:  t("form.required_note"),
		NoteID:        dom + "-note",
		Submit:        t("form.submit"),
		Sending:       t("form.sending"),
		SentTitle:     t("form.sent_title"),
		SentText:      t("form.sent_text"),
		SendAnother:   t("form.send_another"),
		FailedTitle:   t("form.failed_title"),
		Resend:        t("form.resend"),
		Summary:       t("form.error_summary"),
		Script: ScriptConfig{
			Encoding: f.Encoding,
			Timeout:  f.TimeoutMS,
			FieldMap: f.FieldMap,
			Honeypot: f.Honeypot,
			Messages: map[string]string{
				"sending":  t("form.sending"),
				"sent":     t("form.sent_title"),
				"network":  t("form.error.network"),
				"server":   t("form.error.server"),
				"rejected": t("form.error.rejected"),
			},
			Errors: map[string]map[string]string{},
		},
	}
	v.Disabled = v.Action == ""
	if v.Script.Encoding == "" {
		v.Script.Encoding = config.DefaultEncoding
	}
	if v.Script.Timeout <= 0 {
		v.Script.Timeout = config.DefaultTimeoutMS
	}

	names := map[string]bool{}
	for _, fd := range fieldOrder(f, in.Lang) {
		names[fd.Name] = true
		v.Fields = append(v.Fields, newField(in, fd, dom, key))
		v.Script.Errors[fd.Name] = fieldErrors(t, fd, v.Fields[len(v.Fields)-1].Label)
	}

	for _, h := range []Hidden{{FieldRegion, in.Region.ID}, {FieldLanguage, in.Lang}, {FieldForm, f.ID}} {
		if !names[h.Name] {
			v.Hidden = append(v.Hidden, h)
		}
	}
	for _, k := range sortedKeys(f.Extra) {
		v.Hidden = append(v.Hidden, Hidden{k, f.Extra[k]})
	}

	if f.Honeypot != "" {
		v.Honeypot = &Honeypot{Name: f.Honeypot, ID: dom + "-" + f.Honeypot, Label: t("form.honeypot")}
	}
	if in.Region.Consent == "opt-out" {
		// The policy link sits inside the translated sentence: split the
		// text around its {policy} placeholder.
		const mark = "\x00"
		before, after, _ := strings.Cut(t(collectionNotice, "policy", mark), mark)
		v.Notice = &Notice{Before: before, LinkText: t("nav.privacy"), URL: in.PolicyURL, After: after}
	}
	return v
}

// fieldOrder is the form's fields in the order lang asks for them: in a
// language of f.FamilyNameFirst the family-name field takes the given-name
// field's place and the other way round, wherever they are.
func fieldOrder(f *config.Form, lang string) []config.Field {
	chain := i18n.Chain(lang, "")
	in := func(l string) bool { // "zh" covers zh-Hant, whose chain stops short of zh
		return slices.ContainsFunc(chain, func(c string) bool { return c == l || strings.HasPrefix(c, l+"-") })
	}
	if !slices.ContainsFunc(f.FamilyNameFirst, in) {
		return f.Fields
	}
	given := slices.IndexFunc(f.Fields, func(fd config.Field) bool { return fd.Autocomplete == "given-name" })
	family := slices.IndexFunc(f.Fields, func(fd config.Field) bool { return fd.Autocomplete == "family-name" })
	if given < 0 || family < 0 || family < given {
		return f.Fields
	}
	fields := slices.Clone(f.Fields)
	fields[given], fields[family] = fields[family], fields[given]
	return fields
}

func newField(in Input, fd config.Field, dom string, key func(...string) string) Field {
	t := in.T
	id := dom + "-" + fd.Name
	f := Field{
		Name:         fd.Name,
		Type:         fd.Type,
		ID:           id,
		Label:        t(key(fd.Name, "label")),
		ErrorID:      id + "-error",
		Required:     fd.Required,
		Autocomplete: fd.Autocomplete,
		MaxLength:    fd.MaxLength,
	}
	if h := key(fd.Name, "hint"); t(h) != h {
		f.Hint = t(h)
		f.HintID = id + "-hint"
	}
	f.DescribedBy = strings.TrimSpace(f.HintID + " " + f.ErrorID)
	if !fd.Required {
		f.Optional = t("form.optional")
	}
	switch fd.Type {
	case "text", "email", "tel":
		f.InputType = fd.Type
		if fd.Type == "tel" {
			f.Pattern = TelPattern
		}
	case "select":
		f.Options = append(f.Options, Option{Label: t("form.choose")})
		for _, o := range fd.Options {
			f.Options = append(f.Options, Option{Value: o, Label: t(key(fd.Name, "option", o))})
		}
	case "country":
		f.Options = append(f.Options, Option{Label: t("form.choose")})
		for _, c := range i18n.Countries(in.Lang) {
			f.Options = append(f.Options, Option{Value: c.Code, Label: c.Name, Selected: c.Code == in.Region.Country})
		}
	case "choice":
		for _, o := range fd.Options {
			f.Options = append(f.Options, Option{Value: o, Label: t(key(fd.Name, "option", o)), ID: id + "-" + o})
		}
	}
	return f
}

// fieldErrors are a field's messages for the script's validation.
func fieldErrors(t func(string, ...any) string, fd config.Field, label string) map[string]string {
	m := map[string]string{}
	for kind, key := range fieldMessages(fd) {
		m[kind] = Message(t, key, label, fd.MaxLength)
	}
	return m
}

// fieldMessages are the keys of a field's messages by kind: required,
// format (email, tel), long (over maxLength).
func fieldMessages(fd config.Field) map[string]string {
	m := map[string]string{}
	if fd.Required {
		switch fd.Type {
		case "select", "country":
			m["required"] = "form.error.choose"
		case "choice":
			m["required"] = "form.error.answer"
		default:
			m["required"] = "form.error.required"
		}
	}
	switch fd.Type {
	case "email":
		m["format"] = "form.error.email"
	case "tel":
		m["format"] = "form.error.tel"
	}
	if fd.MaxLength > 0 {
		m["long"] = "form.error.too_long"
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
