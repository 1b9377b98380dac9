package site

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/render"
)

// The strings charter's code formats have, in the embedded default
// language's file, exactly the placeholders the code fills in: the names
// forms.New and forms.Message (the form sink's answers) pass, recorded
// for a form with a field of every type in an opt-out region, are those
// forms.Placeholders declares and the build checks sites' strings
// against (render.UIKeys), and each is checked as a layout's call would
// be: a placeholder it leaves out and a name the string lacks both fail.
func TestCodeStringsHaveThePlaceholdersTheCodePasses(t *testing.T) {
	c, diags := i18n.Load(charter.Defaults, "locales")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	f := &config.Form{ID: "f", Endpoint: "https://api.test/", Honeypot: "website", Fields: []config.Field{
		{Name: "name", Type: "text", Required: true, MaxLength: 100},
		{Name: "email", Type: "email", Required: true},
		{Name: "phone", Type: "tel"},
		{Name: "topic", Type: "select", Required: true, Options: []string{"a", "b"}},
		{Name: "country", Type: "country", Required: true},
		{Name: "consent", Type: "choice", Required: true, Options: []string{"yes"}},
		{Name: "message", Type: "textarea", MaxLength: 2000},
	}}
	passed := map[string][]string{} // key → the names passed
	record := func(key string, args ...any) string {
		var names []string
		for i := 0; i+1 < len(args); i += 2 {
			names = append(names, args[i].(string))
		}
		if prev, ok := passed[key]; ok && !slices.Equal(prev, names) {
			t.Errorf("%s is passed %q and %q", key, prev, names)
		}
		passed[key] = names
		return c.T("en", key, args...)
	}
	forms.New(forms.Input{Form: f, Region: &config.Region{ID: "x", Consent: "opt-out"}, Lang: "en", T: record, PolicyURL: "/privacy/"})
	for _, key := range slices.Sorted(maps.Keys(forms.Placeholders)) {
		if _, ok := passed[key]; !ok {
			t.Errorf("forms.Placeholders has %s, which New does not format", key)
		}
		forms.Message(record, key, "Name", 100)
	}
	var calls []i18n.Call
	for _, key := range slices.Sorted(maps.Keys(passed)) {
		if want := forms.Placeholders[key]; !slices.Equal(passed[key], want) {
			t.Errorf("New passes %q to %s; forms.Placeholders says %q", passed[key], key, want)
		}
		call := i18n.Call{Key: key, Pos: diag.Pos{File: "code"}}
		for _, name := range passed[key] {
			call.Args = append(call.Args, i18n.Arg{Name: name, Pos: diag.Pos{File: "code"}})
		}
		calls = append(calls, call)
	}
	cfg := &config.Site{Forms: map[string]*config.Form{"f": f}, Regions: []*config.Region{{ID: "x", Consent: "opt-out"}}}
	for _, k := range render.UIKeys(cfg) {
		if _, ok := passed[k.Key]; !ok && !strings.HasPrefix(k.Key, "form.") {
			call := i18n.Call{Key: k.Key, Pos: diag.Pos{File: "code"}} // the 404 page's title, meta.language
			for _, name := range k.Args {
				call.Args = append(call.Args, i18n.Arg{Name: name, Pos: diag.Pos{File: "code"}})
			}
			calls = append(calls, call)
		}
		if want := forms.Placeholders[k.Key]; !slices.Equal(k.Args, want) {
			t.Errorf("render.UIKeys gives %s the names %q, want %q", k.Key, k.Args, want)
		}
	}
	for _, d := range c.Arguments(calls) {
		t.Error(d.Error())
	}
	if len(calls) < len(forms.Placeholders)+10 {
		t.Errorf("only %d strings checked", len(calls))
	}
}

// A site's default-language string that charter's code formats, with a
// placeholder the code does not fill in, fails the build at the string.
func TestUpdateCodeStringPlaceholderErrors(t *testing.T) {
	fsys := mini("en")
	fsys["site.toml"].Data = append(fsys["site.toml"].Data, "\n[forms.contact]\nendpoint = \"https://api.example/\"\nfields = [{ name = \"email\", type = \"email\", required = true }]\n"...)
	fsys["locales/en.toml"] = &fstest.MapFile{Data: []byte("[form.contact.email]\nlabel = \"Email\"\n[form.error]\nrequired = \"Enter {lable}\"\n")}
	s := New(Options{Dir: ".", FS: fsys, Defaults: charter.Defaults}).Update(context.Background(), nil)
	var got []string
	for _, d := range s.Diags {
		got = append(got, d.Error())
	}
	want := []string{
		fmt.Sprintf(`(embedded)/locales/fr.toml:%d:1: "form.error.required" uses {label}, which the en string does not have (it has {lable}) (nothing fills {label} in, so the page shows it as written; but all 42 translations use {label}: is the en string at locales/en.toml:4:1 misspelt?)`,
			embeddedLine(t, "locales/fr.toml", "[form.error]", "required = ")),
		`locales/en.toml:4:1: "form.error.required" uses {lable}, which charter does not fill in (it fills {label}) (nothing fills {lable} in, so the page shows it as written; use {label}, spelled so (all 42 translations use {label}))`,
	}
	if !s.Failed() || !slices.Equal(got, want) {
		t.Errorf("failed %v,\n%s\nwant\n%s", s.Failed(), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// embeddedLine is the line of charter's embedded file whose text starts
// with prefix, the first after the line that is exactly after (if given):
// so that a test quoting a position in a locale file does not depend on
// the translators' edits above it.
func embeddedLine(t *testing.T, file, after, prefix string) int {
	t.Helper()
	b, err := fs.ReadFile(charter.Defaults, file)
	if err != nil {
		t.Fatal(err)
	}
	seen := after == ""
	for i, line := range strings.Split(string(b), "\n") {
		if line == after {
			seen = true
		} else if seen && strings.HasPrefix(line, prefix) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line %q after %q", file, prefix, after)
	return 0
}
