package formsink

import (
	"testing"

	"github.com/charter-ssg/charter/internal/config"
)

// Any body, in either encoding, decodes, reads back and validates
// without a panic, and a problem names a field of the form:
// go test -fuzz=FuzzSubmission ./internal/formsink
func FuzzSubmission(f *testing.F) {
	cfg, diags := config.Load("../..", nil)
	if diags.HasErrors() {
		f.Fatal(diags)
	}
	form := cfg.Forms["implementation-request"]
	if form == nil {
		f.Fatal("no implementation-request form in the example site")
	}
	f.Add(true, []byte(`{"firstName":"Lena","email":"lena@example.com","fields":{"EMAIL":[{"VALUE":"x"}]}}`))
	f.Add(false, []byte("firstName=Lena&email=lena%40example.com&country=DE&partnerContact=yes"))
	f.Add(true, []byte(`{"a":[[[[[[1]]]]]],"b":{"c":null},"d":1e400}`))
	f.Add(false, []byte("%zz=%&&=;a=b"))
	fields := map[string]bool{}
	for _, fd := range form.Fields {
		fields[fd.Name] = true
	}
	f.Fuzz(func(t *testing.T, asJSON bool, body []byte) {
		enc := EncodingURLEncoded
		if asJSON {
			enc = EncodingJSON
		}
		p, err := decodePayload(enc, body)
		if err != nil {
			return
		}
		sub := p.read(form)
		for _, problem := range Validate(form, sub.fields) {
			if !fields[problem.Field] {
				t.Errorf("problem %+v names no field of the form", problem)
			}
		}
	})
}
