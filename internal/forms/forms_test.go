package forms_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/sitetest"
	"github.com/charter-ssg/charter/internal/templates"
)

const formID = "implementation-request"

func example(t *testing.T) (*config.Site, *i18n.Catalogs) { return sitetest.Example(t) }

func region(t *testing.T, cfg *config.Site, id string) *config.Region {
	t.Helper()
	for _, r := range cfg.Regions {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no region %s", id)
	return nil
}

func view(t *testing.T, regionID, lang string) *forms.View {
	t.Helper()
	cfg, cat := example(t)
	return forms.New(forms.Input{
		Form:      cfg.Forms[formID],
		Region:    region(t, cfg, regionID),
		Lang:      lang,
		T:         func(k string, a ...any) string { return cat.T(lang, k, a...) },
		PolicyURL: "/privacy/",
	})
}

func TestEndpoint(t *testing.T) {
	f := &config.Form{
		Endpoint:  "https://api.example/leads",
		Endpoints: map[string]string{"de": "https://eu.api.example/leads", "cn": ""},
	}
	tests := []struct{ region, want string }{
		{"us", "https://api.example/leads"},
		{"de", "https://eu.api.example/leads"},
		{"cn", ""}, // an empty override disables the form there
	}
	for _, tt := range tests {
		if got := forms.Endpoint(f, tt.region); got != tt.want {
			t.Errorf("Endpoint(%s) = %q, want %q", tt.region, got, tt.want)
		}
	}
	if got := forms.Endpoint(&config.Form{}, "us"); got != "" {
		t.Errorf("Endpoint of a form without endpoint = %q, want empty", got)
	}
}

func TestDisabledRegion(t *testing.T) {
	v := view(t, "cn", "zh-Hans")
	if !v.Disabled || v.Action != "" {
		t.Fatalf("cn: Disabled=%v Action=%q, want disabled without action", v.Disabled, v.Action)
	}
	if v.DisabledTitle == "" || v.DisabledTitle == "form.disabled" {
		t.Errorf("disabled title not translated: %q", v.DisabledTitle)
	}
	html := render(t, v)
	if strings.Contains(html, "action=") {
		t.Errorf("a disabled form must not have an action:\n%s", html)
	}
	for _, re := range []string{`<input id="form-implementation-request-firstName"[^>]* disabled`, `<button type="submit"[^>]* disabled`, `<fieldset[^>]*data-f="partnerContact"[^>]* disabled`} {
		if !regexp.MustCompile(re).MatchString(html) {
			t.Errorf("disabled form has no match for %s", re)
		}
	}

	us := view(t, "us", "en")
	if us.Disabled || us.Action != "https://api.acme24.example/v1/implementation-requests" {
		t.Errorf("us: Disabled=%v Action=%q", us.Disabled, us.Action)
	}
}

func field(t *testing.T, v *forms.View, name string) forms.Field {
	t.Helper()
	for _, f := range v.Fields {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no field %s", name)
	return forms.Field{}
}

func TestFieldsFromLocales(t *testing.T) {
	v := view(t, "de", "de")
	first := field(t, v, "firstName")
	if first.Label != "Vorname" || first.Optional != "" || !first.Required {
		t.Errorf("firstName = %+v", first)
	}
	if first.DescribedBy != first.ErrorID || first.ErrorID != "form-implementation-request-firstName-error" {
		t.Errorf("firstName ids: describedby %q error %q", first.DescribedBy, first.ErrorID)
	}
	phone := field(t, v, "phone")
	if phone.Optional == "" || phone.Hint == "" || phone.DescribedBy != phone.HintID+" "+phone.ErrorID || phone.Pattern == "" {
		t.Errorf("phone = %+v", phone)
	}

	product := field(t, v, "product")
	if len(product.Options) != 6 || product.Options[0].Value != "" || product.Options[1].Value != "cloud" {
		t.Fatalf("product options = %+v", product.Options)
	}
	for _, o := range product.Options {
		if o.Label == "" || strings.HasPrefix(o.Label, "form.") {
			t.Errorf("product option %q has no translated label: %q", o.Value, o.Label)
		}
	}

	ack := field(t, v, "partnerContact")
	if len(ack.Options) != 2 || ack.Options[0].Value != "yes" || ack.Options[1].Value != "no" {
		t.Fatalf("partnerContact options = %+v", ack.Options)
	}
	for _, o := range ack.Options {
		if o.Selected {
			t.Errorf("partnerContact option %s is preselected", o.Value)
		}
	}

	errs := v.Script.Errors
	if !strings.Contains(errs["firstName"]["required"], "Vorname") || errs["phone"]["required"] != "" ||
		errs["email"]["format"] == "" || !strings.Contains(errs["message"]["long"], "4000") {
		t.Errorf("script error messages = %v", errs)
	}
}

func TestCountries(t *testing.T) {
	v := view(t, "de", "de")
	c := field(t, v, "country")
	if c.Options[0].Value != "" {
		t.Errorf("first country option = %+v, want the empty choice", c.Options[0])
	}
	codes := func(opts []forms.Option) []string {
		var s []string
		for _, o := range opts {
			s = append(s, o.Value)
		}
		return s
	}
	want := []string{}
	for _, x := range i18n.Countries("de") {
		want = append(want, x.Code)
	}
	if got := codes(c.Options[1:]); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("country order differs from i18n.Countries(de)")
	}
	// German collation: Österreich sorts with O, between Oman and Pakistan.
	at, om, pk := index(c.Options, "AT"), index(c.Options, "OM"), index(c.Options, "PK")
	if !(om < at && at < pk) {
		t.Errorf("Österreich at %d, Oman %d, Pakistan %d", at, om, pk)
	}
	var selected []string
	for _, o := range c.Options {
		if o.Selected {
			selected = append(selected, o.Value)
		}
	}
	if strings.Join(selected, ",") != "DE" {
		t.Errorf("selected countries in de = %v, want DE", selected)
	}
	if de := c.Options[index(c.Options, "DE")].Label; de != "Deutschland" {
		t.Errorf("DE is called %q in German", de)
	}

	// A region without a country preselects nothing.
	for _, o := range field(t, view(t, "eu", "fr"), "country").Options {
		if o.Selected {
			t.Errorf("eu preselects %s", o.Value)
		}
	}
	ja := field(t, view(t, "jp", "ja"), "country")
	if ja.Options[index(ja.Options, "JP")].Label != "日本" || !ja.Options[index(ja.Options, "JP")].Selected {
		t.Errorf("JP in Japanese = %+v", ja.Options[index(ja.Options, "JP")])
	}
}

func index(opts []forms.Option, code string) int {
	for i, o := range opts {
		if o.Value == code {
			return i
		}
	}
	return -1
}

func TestHiddenFieldsAndNotice(t *testing.T) {
	us := view(t, "us", "en")
	got := map[string]string{}
	for _, h := range us.Hidden {
		got[h.Name] = h.Value
	}
	if got["region"] != "us" || got["language"] != "en" || got["form"] != formID {
		t.Errorf("hidden fields = %v", got)
	}
	if us.Notice == nil || us.Notice.URL != "/privacy/" || us.Notice.LinkText != "Privacy Policy" ||
		!strings.HasPrefix(us.Notice.Before, "We use") || strings.Contains(us.Notice.Before+us.Notice.After, "{policy}") {
		t.Errorf("opt-out notice = %+v", us.Notice)
	}
	if de := view(t, "de", "de"); de.Notice != nil {
		t.Errorf("opt-in region de has a notice at collection: %+v", de.Notice)
	}
	if us.Honeypot == nil || us.Honeypot.Name != "website" {
		t.Errorf("honeypot = %+v", us.Honeypot)
	}
}

func TestConstantFieldsDoNotShadowFields(t *testing.T) {
	f := &config.Form{ID: "f", Endpoint: "https://x.example/", Fields: []config.Field{{Name: "region", Type: "text"}},
		Extra: map[string]string{"source": "web"}}
	v := forms.New(forms.Input{Form: f, Region: &config.Region{ID: "us"}, Lang: "en", T: func(k string, _ ...any) string { return k }})
	var names []string
	for _, h := range v.Hidden {
		names = append(names, h.Name+"="+h.Value)
	}
	if got := strings.Join(names, " "); got != "language=en form=f source=web" {
		t.Errorf("hidden fields = %s", got)
	}
}

// render executes the real "form" partial with v.
func render(t *testing.T, v *forms.View) string {
	t.Helper()
	set, diags := templates.Load(charter.Defaults, "layouts", func(tm time.Time, _ string) string { return tm.String() })
	if diags.HasErrors() {
		t.Fatalf("layouts: %s", diags)
	}
	out, ok, err := set.ExecutePartial("form", v)
	if !ok || err != nil {
		t.Fatalf("executing the form partial: ok=%v err=%v", ok, err)
	}
	return string(out)
}

func TestRenderedForm(t *testing.T) {
	v := view(t, "us", "en")
	h := render(t, v)
	for _, want := range []string{
		`<form id="form-implementation-request" class="cf-form" method="post" action="https://api.acme24.example/v1/implementation-requests"`,
		`<label for="form-implementation-request-email">Email address</label>`,
		`<input id="form-implementation-request-email" name="email" type="email" dir="ltr" autocomplete="email" maxlength="254" required aria-describedby="form-implementation-request-email-hint form-implementation-request-email-error" data-f="email">`,
		`autocomplete="given-name"`,
		`<legend>May an authorized Acme24 partner contact you about this request?</legend>`,
		`<input type="radio" id="form-implementation-request-partnerContact-yes" name="partnerContact" value="yes" required>`,
		`<input id="form-implementation-request-website" name="website" type="text" tabindex="-1" autocomplete="off">`,
		`<option value="US" selected>United States</option>`,
		`<a href="/privacy/">Privacy Policy</a>`,
		`<input type="hidden" name="region" value="us">`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("rendered form lacks %s", want)
		}
	}
	if strings.Contains(h, "novalidate") || strings.Contains(h, " checked") {
		t.Errorf("server-rendered form must not be novalidate or preselect a radio")
	}
	// The partnerContact fieldset's legend is its label, in the page's language.
	legend := regexp.MustCompile(`<fieldset [^>]*data-f="partnerContact"[^>]*>\n<legend>([^<]*)</legend>`)
	if m := legend.FindStringSubmatch(h); m == nil || m[1] != "May an authorized Acme24 partner contact you about this request?" {
		t.Errorf("partnerContact legend in English = %q", m)
	}
	if m := legend.FindStringSubmatch(render(t, view(t, "de", "de"))); m == nil || m[1] != "Darf ein autorisierter Acme24-Partner Sie zu dieser Anfrage kontaktieren?" {
		t.Errorf("partnerContact legend in German = %q", m)
	}
	// The required note comes before the form.
	if strings.Index(h, v.RequiredNote) > strings.Index(h, "<form") {
		t.Errorf("required note is not before the form")
	}
	// The script's configuration is valid JSON.
	m := regexp.MustCompile(`(?s)<script type="application/json" class="cf-config">(.*?)</script>`).FindStringSubmatch(h)
	if m == nil {
		t.Fatal("no script configuration")
	}
	var cfg forms.ScriptConfig
	if err := json.Unmarshal([]byte(m[1]), &cfg); err != nil {
		t.Fatalf("configuration %s: %v", m[1], err)
	}
	if cfg.Encoding != "json" || cfg.Timeout != 15000 || cfg.Honeypot != "website" || cfg.Messages["sent"] != "Request has been sent!" {
		t.Errorf("configuration = %+v", cfg)
	}
}

func TestHostileStringsEscaped(t *testing.T) {
	cfg, cat := example(t)
	const evil = `<script>alert(1)</script>"'&`
	hostile := func(k string, a ...any) string {
		if strings.HasSuffix(k, ".label") || strings.HasSuffix(k, ".hint") || strings.Contains(k, ".option.") ||
			strings.HasPrefix(k, "form.error.") || k == "nav.privacy" {
			return evil
		}
		return cat.T("en", k, a...)
	}
	f := *cfg.Forms[formID]
	f.Extra = map[string]string{"source": evil}
	v := forms.New(forms.Input{Form: &f, Region: region(t, cfg, "us"), Lang: "en", T: hostile, PolicyURL: `javascript:alert(1)`})
	h := render(t, v)
	if strings.Contains(h, "<script>alert") || strings.Contains(h, "javascript:alert") {
		t.Fatalf("hostile text reached the HTML unescaped:\n%s", h)
	}
	if n := strings.Count(h, html.EscapeString("<script>alert(1)</script>")); n < 10 {
		t.Errorf("escaped hostile text appears %d times, want it in every label", n)
	}
	// In the JSON configuration it must not close the script element.
	if strings.Count(h, "</script>") != 1 {
		t.Errorf("the configuration's script element is closed early")
	}
}

// Languages that write the family name first ask for it first; the
// example's forms take the default list, and a site can turn it off.
func TestFamilyNameFirst(t *testing.T) {
	names := func(v *forms.View) string {
		var out []string
		for _, f := range v.Fields {
			if f.Name == "firstName" || f.Name == "lastName" {
				out = append(out, f.Name)
			}
		}
		return strings.Join(out, " ")
	}
	for _, tt := range []struct{ region, lang, want string }{
		{"us", "en", "firstName lastName"},
		{"de", "de", "firstName lastName"},
		{"jp", "ja", "lastName firstName"},
		{"cn", "zh-Hans", "lastName firstName"},
		{"tw", "zh-Hant", "lastName firstName"},
		{"vn", "vi", "lastName firstName"},
	} {
		if got := names(view(t, tt.region, tt.lang)); got != tt.want {
			t.Errorf("%s/%s: fields %s, want %s", tt.region, tt.lang, got, tt.want)
		}
	}

	cfg, cat := example(t)
	f := *cfg.Forms[formID]
	f.FamilyNameFirst = nil
	v := forms.New(forms.Input{Form: &f, Region: region(t, cfg, "jp"), Lang: "ja",
		T: func(k string, a ...any) string { return cat.T("ja", k, a...) }})
	if got := names(v); got != "firstName lastName" {
		t.Errorf("familyNameFirst = []: fields %s, want firstName lastName", got)
	}
	if f := cfg.Forms[formID]; f.Fields[0].Name != "firstName" {
		t.Errorf("the view reordered the configuration: %s first", f.Fields[0].Name)
	}
}
