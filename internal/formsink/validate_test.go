package formsink

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
)

// testForm is the example site's request form, as site.toml declares it.
func testForm() *config.Form {
	return &config.Form{
		ID:       "implementation-request",
		Endpoint: "https://api.example.com/leads",
		Encoding: "json",
		Honeypot: "website",
		Fields: []config.Field{
			{Name: "firstName", Type: "text", Required: true, MaxLength: 100},
			{Name: "lastName", Type: "text", Required: true, MaxLength: 100},
			{Name: "email", Type: "email", Required: true, MaxLength: 254},
			{Name: "phone", Type: "tel", MaxLength: 40},
			{Name: "country", Type: "country", Required: true},
			{Name: "city", Type: "text", MaxLength: 100},
			{Name: "product", Type: "select", Required: true, Options: []string{"cloud", "onpremise", "migration", "training", "other"}},
			{Name: "message", Type: "textarea", Required: true, MaxLength: 4000},
			{Name: "partnerContact", Type: "choice", Required: true, Options: []string{"yes", "no"}},
		},
	}
}

func validLead() map[string]string {
	return map[string]string{
		"firstName": "Lena", "lastName": "Schneider", "email": "lena.schneider@example.com",
		"phone": "+49 30 12345678", "country": "DE", "city": "Leipzig", "product": "cloud",
		"message": "Wir möchten Ihr Produkt einführen.", "partnerContact": "yes",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		set  map[string]string // changes to a valid lead ("\x00" deletes)
		want []Problem
	}{
		{"valid", nil, nil},
		{"optional fields empty", map[string]string{"phone": "", "city": "\x00"}, nil},
		{"partner contact declined is an answer", map[string]string{"partnerContact": "no"}, nil},
		{"required empty", map[string]string{"firstName": "", "message": "\x00"},
			[]Problem{{"firstName", KindRequired}, {"message", KindRequired}}},
		{"spaces are a value, as in the browser", map[string]string{"lastName": "   "}, nil},
		{"email of spaces is missing (sanitized)", map[string]string{"email": "  "}, []Problem{{"email", KindRequired}}},
		{"email trimmed", map[string]string{"email": " a@example.com\n"}, nil},
		{"email without @", map[string]string{"email": "lena.example.com"}, []Problem{{"email", KindFormat}}},
		{"email without local part", map[string]string{"email": "@example.com"}, []Problem{{"email", KindFormat}}},
		{"email with space", map[string]string{"email": "lena schneider@example.com"}, []Problem{{"email", KindFormat}}},
		{"email domain with a dot at the end", map[string]string{"email": "a@example."}, []Problem{{"email", KindFormat}}},
		{"email domain label over 63", map[string]string{"email": "a@" + strings.Repeat("x", 64) + ".com"}, []Problem{{"email", KindFormat}}},
		{"email without a dot is valid (as in the browser)", map[string]string{"email": "a@localhost"}, nil},
		{"email with plus and quote chars", map[string]string{"email": "o'neil+forms@example.org"}, nil},
		{"email with an IDN domain", map[string]string{"email": "lena@bücher.example"}, nil},
		{"email with a non-ASCII local part", map[string]string{"email": "léna@example.com"}, []Problem{{"email", KindFormat}}},
		{"tel in a bad format", map[string]string{"phone": "call me"}, []Problem{{"phone", KindFormat}}},
		{"tel too short", map[string]string{"phone": "+49"}, []Problem{{"phone", KindFormat}}},
		{"tel with a letter", map[string]string{"phone": "+49 30 1234 x5"}, []Problem{{"phone", KindFormat}}},
		{"tel with brackets, dots, slashes", map[string]string{"phone": "(030) 123.45/67-8"}, nil},
		{"tel pattern is anchored", map[string]string{"phone": "1234\n"}, []Problem{{"phone", KindFormat}}},
		{"maxLength exactly", map[string]string{"firstName": strings.Repeat("ä", 100)}, nil},
		{"maxLength over by one", map[string]string{"firstName": strings.Repeat("a", 101)}, []Problem{{"firstName", KindLong}}},
		{"maxLength counts UTF-16 units", map[string]string{"firstName": strings.Repeat("😀", 51)}, []Problem{{"firstName", KindLong}}},
		{"CR LF counts one", map[string]string{"message": strings.Repeat("abc\r\n", 1000)}, nil},
		{"CR LF counts one, over", map[string]string{"message": strings.Repeat("abc\r\n", 1000) + "d"}, []Problem{{"message", KindLong}}},
		{"select not an option", map[string]string{"product": "enterprise"}, []Problem{{"product", KindOption}}},
		{"select placeholder", map[string]string{"product": ""}, []Problem{{"product", KindRequired}}},
		{"choice not an option", map[string]string{"partnerContact": "maybe"}, []Problem{{"partnerContact", KindOption}}},
		{"choice unanswered", map[string]string{"partnerContact": "\x00"}, []Problem{{"partnerContact", KindRequired}}},
		{"country not a code", map[string]string{"country": "Germany"}, []Problem{{"country", KindOption}}},
		{"country lower case", map[string]string{"country": "de"}, []Problem{{"country", KindOption}}},
		{"one problem per field, in form order", map[string]string{"message": "", "email": strings.Repeat("a", 300)},
			[]Problem{{"email", KindFormat}, {"message", KindRequired}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := validLead()
			for k, x := range tc.set {
				if x == "\x00" {
					delete(v, k)
				} else {
					v[k] = x
				}
			}
			if got := Validate(testForm(), v); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Validate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLength(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "Müller": 6, "日本": 2, "😀": 2, "a\r\nb": 3, "a\rb": 3, "a\nb": 3, "\r\n\r\n": 2} {
		if got := Length(s); got != want {
			t.Errorf("Length(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestDecodePayload(t *testing.T) {
	f := testForm()
	f.FieldMap = map[string]string{"email": "fields[EMAIL][0][VALUE]", "firstName": "fields[NAME]", "phone": "tel[]"}
	tests := []struct {
		name, encoding, body string
		fields, other        map[string]string
		honeypot, language   string
		err                  bool
	}{
		{name: "JSON with nested fieldMap paths", encoding: EncodingJSON,
			body:   `{"fields":{"EMAIL":[{"VALUE":"a@example.com"}],"NAME":"Ada"},"tel":"+1 555 0100","lastName":"L","region":"us","language":"en","idempotencyKey":"k"}`,
			fields: map[string]string{"email": "a@example.com", "firstName": "Ada", "phone": "+1 555 0100", "lastName": "L"},
			other:  map[string]string{"region": "us", "language": "en", "idempotencyKey": "k"}, language: "en"},
		{name: "urlencoded with bracket names as written", encoding: EncodingURLEncoded,
			body:   "fields%5BEMAIL%5D%5B0%5D%5BVALUE%5D=a%40example.com&fields%5BNAME%5D=Ada&lastName=L&website=&language=de",
			fields: map[string]string{"email": "a@example.com", "firstName": "Ada", "lastName": "L"},
			other:  map[string]string{"language": "de"}, language: "de"},
		{name: "honeypot", encoding: EncodingURLEncoded, body: "website=https%3A%2F%2Fspam.example%2F&lastName=x",
			fields: map[string]string{"lastName": "x"}, other: map[string]string{}, honeypot: "https://spam.example/"},
		{name: "first of a repeated name", encoding: EncodingURLEncoded, body: "lastName=a&lastName=b",
			fields: map[string]string{"lastName": "a"}, other: map[string]string{}},
		{name: "JSON non-strings", encoding: EncodingJSON, body: `{"lastName":12,"city":null,"x":true}`,
			fields: map[string]string{"lastName": "12"}, other: map[string]string{"x": "true"}},
		{name: "JSON not an object", encoding: EncodingJSON, body: `["a"]`, err: true},
		{name: "JSON broken", encoding: EncodingJSON, body: `{"a":`, err: true},
		{name: "JSON two values", encoding: EncodingJSON, body: `{} {}`, err: true},
		{name: "urlencoded bad escape", encoding: EncodingURLEncoded, body: "a=%zz", err: true},
		{name: "urlencoded not UTF-8", encoding: EncodingURLEncoded, body: "lastName=%ff", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := decodePayload(tc.encoding, []byte(tc.body))
			if tc.err {
				if err == nil {
					t.Fatalf("decodePayload accepted %q", tc.body)
				}
				if strings.Contains(err.Error(), "zz") || strings.Contains(err.Error(), `"a"`) {
					t.Errorf("the error quotes the body: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := p.read(f)
			if !reflect.DeepEqual(s.fields, tc.fields) || !reflect.DeepEqual(s.other, tc.other) || s.honeypot != tc.honeypot || s.language != tc.language {
				t.Errorf("read = fields %v, other %v, honeypot %q, language %q;\nwant fields %v, other %v, honeypot %q, language %q",
					s.fields, s.other, s.honeypot, s.language, tc.fields, tc.other, tc.honeypot, tc.language)
			}
		})
	}
}
