package forms_test

import (
	"slices"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
)

// Keys lists exactly the keys New looks up, for every kind of field.
func TestKeysAreWhatNewLooksUp(t *testing.T) {
	f := &config.Form{ID: "f", Endpoint: "https://api.example/", Honeypot: "website", Fields: []config.Field{
		{Name: "name", Type: "text", Required: true, MaxLength: 80},
		{Name: "email", Type: "email", Required: true},
		{Name: "phone", Type: "tel"},
		{Name: "note", Type: "textarea"},
		{Name: "plan", Type: "select", Required: true, Options: []string{"a", "b"}},
		{Name: "country", Type: "country", Required: true},
		{Name: "ok", Type: "choice", Required: true, Options: []string{"yes", "no"}},
		{Name: "size", Type: "select", Options: []string{"s"}},
	}}
	for _, tt := range []struct {
		consent string
		form    *config.Form
	}{
		{"opt-out", f},
		{"opt-in", f},
		{"opt-in", &config.Form{ID: "bare"}},
	} {
		seen := map[string]bool{}
		forms.New(forms.Input{
			Form:   tt.form,
			Region: &config.Region{ID: "r", Languages: []string{"en"}, Consent: tt.consent},
			Lang:   "en",
			T:      func(k string, _ ...any) string { seen[k] = true; return k },
		})
		required, optional := forms.Keys(tt.form, tt.consent == "opt-out")
		got := slices.Sorted(slices.Values(append(slices.Clone(required), optional...)))
		var want []string
		for k := range seen {
			want = append(want, k)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("form %s, %s: Keys gives\n%q\nNew looks up\n%q", tt.form.ID, tt.consent, got, want)
		}
		if slices.ContainsFunc(required, func(k string) bool { return slices.Contains(optional, k) }) {
			t.Errorf("a key is both required and optional: %q %q", required, optional)
		}
	}
}

// The embedded locales define every key the example's forms need, in
// every language they ship: in the language's own file or in that of a
// less specific tag of its chain (es-419 inherits Spanish from es.toml),
// never in the default language's file (en) for another language.
func TestEmbeddedLocalesHaveTheFormKeys(t *testing.T) {
	cfg, cat := example(t)
	for _, f := range cfg.Forms {
		required, _ := forms.Keys(f, true)
		for _, lang := range cat.Languages() {
			var files []string
			for _, l := range i18n.Chain(lang, "en") {
				if l == "en" && lang != "en" {
					continue
				}
				files = append(files, "locales/"+l+".toml")
			}
			for _, k := range required {
				if pos, ok := cat.Where(lang, k); !ok || !slices.Contains(files, pos.File) {
					t.Errorf("%s: %q comes from %v (found %v), want one of %q", lang, k, pos, ok, files)
				}
			}
		}
	}
}
