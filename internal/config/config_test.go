package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charter-ssg/charter/internal/diag"
)

// eu is a valid region taking lines 1-4, so a case's own lines start at 5.
const eu = `[regions.eu]
domain = "acme24.eu"
baseURL = "https://acme24.eu/"
languages = ["en"]
`

// form is a valid form, for cases that add one key to it; with eu before
// it, its own lines are 5-8 and a case's next line is 9.
const form = eu + `[forms.f]
[[forms.f.fields]]
name = "email"
type = "email"
`

// withForm is eu plus form "f" whose line 6 is key (one or more lines).
func withForm(key string) string {
	return eu + "[forms.f]\n" + key + "[[forms.f.fields]]\nname = \"email\"\ntype = \"email\"\n"
}

func parse(t *testing.T, src string, sets ...string) (*Site, diag.List) {
	t.Helper()
	return Parse("site.toml", []byte(src), sets)
}

// hasError reports whether some diagnostic's text starts with want.
func hasError(diags diag.List, want string) bool {
	for _, d := range diags {
		if strings.HasPrefix(d.Error(), want) {
			return true
		}
	}
	return false
}

func TestFallbackOK(t *testing.T) {
	site, diags := parse(t, eu+"fallbackOK = [\"cookies\", \"legal/terms\"]\n[regions.de]\ndomain = \"acme24.de\"\nbaseURL = \"https://acme24.de/\"\nlanguages = [\"de\"]\nfallbackOK = [\"*\"]\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	euR, de := site.Regions[0], site.Regions[1]
	if got := fmt.Sprint(euR.FallbackOKPos); got != "[site.toml:5:15 site.toml:5:26]" {
		t.Errorf("positions %s", got)
	}
	for _, tt := range []struct {
		r    *Region
		page string
		want bool
	}{{euR, "cookies", true}, {euR, "legal/terms", true}, {euR, "privacy", false}, {euR, "legal", false}, {de, "privacy", true}} {
		if got := tt.r.FallbackIntended(tt.page); got != tt.want {
			t.Errorf("%s.FallbackIntended(%q) = %v", tt.r.ID, tt.page, got)
		}
	}
	if site, _ := parse(t, eu, `regions.eu.fallbackOK=["*"]`); site == nil || !site.Regions[0].FallbackIntended("x") {
		t.Errorf("--set regions.eu.fallbackOK did not apply")
	}
}

func TestParseValid(t *testing.T) {
	for name, src := range map[string]string{"eu": eu, "form": form} {
		if _, diags := parse(t, src); len(diags) > 0 {
			t.Errorf("%s: unexpected diagnostics:\n%v", name, diags)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // prefix of one diagnostic's text
	}{
		// TOML syntax
		{"syntax", "title = \n", "site.toml:1:9: "},
		{"syntax after unicode", "title = \"Ä\" x\n", "site.toml:1:13: "},
		{"duplicate key", eu + "domain = \"x.eu\"\n", "site.toml:5:1: "},

		// unknown keys and types
		{"unknown top-level key", "titel = \"x\"\n" + eu, `site.toml:1:1: unknown key "titel" at the top level (did you mean "title"?)`},
		{"top-level key after a table header", eu + "title = \"x\"\n", `site.toml:5:1: unknown key "title" in [regions.eu] (it is a top-level key: write it before the first [table])`},
		{"key after a table header belongs to it", eu + "titel = \"x\"\n", `site.toml:5:1: unknown key "titel" in [regions.eu] (did you mean "title"? it is a top-level key: write it before the first [table])`},
		{"unknown region key", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseUrl = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:3:1: unknown key "baseUrl" in [regions.eu] (did you mean "baseURL"?)`},
		{"unknown dotted key", "regions.eu.domain = \"acme24.eu\"\nregions.eu.baseURL = \"https://acme24.eu/\"\nregions.eu.languages = [\"en\"]\nregions.eu.lable = \"x\"\n",
			`site.toml:4:12: unknown key "lable" in [regions.eu] (did you mean "label"?)`},
		{"unknown field key", form + "requierd = true\n", `site.toml:9:1: unknown key "requierd" in [forms.f.fields[0]] (did you mean "required"?)`},
		{"unknown build key", eu + "[build]\nminfy = false\n", `site.toml:6:1: unknown key "minfy" in [build] (did you mean "minify"?)`},
		{"wrong type", eu + "[build]\nminify = \"yes\"\n", `site.toml:6:10: minify must be true or false, not a string`},
		{"maxFileMiB zero", eu + "[build]\nmaxFileMiB = 0\n", `site.toml:6:14: maxFileMiB must be between 1 and 1024, not 0`},

		// encoding: a BOM takes no column; invalid UTF-8 is reported where it is
		{"syntax after a BOM", "\xEF\xBB\xBFtitle = \n", "site.toml:1:9: "},
		{"invalid UTF-8", eu + "title = \"Acme\xE924\"\n", "site.toml:5:14: invalid UTF-8 (byte 0xE9) (save the file as UTF-8)"},
		{"wrong element type", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\", 3]\n",
			`site.toml:4:20: languages[1] must be a string, not an integer`},
		{"fieldMap value type", withForm("fieldMap.email = 1\n"), `site.toml:6:18: email must be a string, not an integer`},

		// regions
		{"no regions", "title = \"x\"\n", "site.toml:1:1: site.toml defines no regions"},
		{"bad region id", "[regions.EU]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:1:10: region id "EU" may only use a-z, 0-9 and -`},
		{"no domain", "[regions.eu]\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n", `site.toml:1:10: region "eu" has no domain`},
		{"domain with scheme", "[regions.eu]\ndomain = \"https://acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:2:10: domain "https://acme24.eu" is not a host name (write only the host`},
		{"domain uppercase", "[regions.eu]\ndomain = \"Acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:2:10: domain "Acme24.eu" is not a host name (write it in lowercase: acme24.eu)`},
		{"domain single label", "[regions.eu]\ndomain = \"acme\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:2:10: domain "acme" is not a host name`},
		{"domain bad label", "[regions.eu]\ndomain = \"-acme.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:2:10: domain "-acme.eu" is not a host name`},
		{"duplicate domain", eu + "[regions.de]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.de/\"\nlanguages = [\"de\"]\n",
			`site.toml:6:10: domain "acme24.eu" is already used by region "eu" (see line 2;`},
		{"no baseURL", "[regions.eu]\ndomain = \"acme24.eu\"\nlanguages = [\"en\"]\n",
			`site.toml:1:10: region "eu" has no baseURL (add baseURL = "https://acme24.eu/")`},
		{"relative baseURL", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"/eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:3:11: baseURL "/eu/" is not an absolute http or https URL`},
		{"ftp baseURL", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"ftp://acme24.eu/\"\nlanguages = [\"en\"]\n",
			`site.toml:3:11: baseURL "ftp://acme24.eu/" is not an absolute http or https URL`},
		{"baseURL without slash", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu\"\nlanguages = [\"en\"]\n",
			`site.toml:3:11: baseURL "https://acme24.eu" must end with "/" (add the slash: "https://acme24.eu/")`},
		{"baseURL with query", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/?a=1\"\nlanguages = [\"en\"]\n",
			`site.toml:3:11: baseURL "https://acme24.eu/?a=1" must not have credentials, a query or a fragment`},
		{"no languages", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = []\n",
			`site.toml:1:10: region "eu" lists no languages`},
		{"bad language", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"en\", \"english\"]\n",
			`site.toml:4:20: languages[1] "english" is not a valid BCP 47 language tag`},
		{"duplicate language", "[regions.eu]\ndomain = \"acme24.eu\"\nbaseURL = \"https://acme24.eu/\"\nlanguages = [\"pt-br\", \"pt-BR\"]\n",
			`site.toml:4:23: language "pt-BR" is listed twice in region "eu" (it is also languages[0])`},
		{"bad consent", eu + "consent = \"optin\"\n", `site.toml:5:11: consent "optin" is not a consent model (use one of "opt-in", "opt-out", "notice", "none")`},
		{"bad fallback", eu + "fallback = \"xx-!!\"\n", `site.toml:5:12: fallback "xx-!!" is not a valid BCP 47 language tag`},
		{"bad default language", "defaultLanguage = \"x!\"\n" + eu, `site.toml:1:19: defaultLanguage "x!" is not a valid BCP 47 language tag`},
		{"country alpha-3", eu + "country = \"DEU\"\n", `site.toml:5:11: country "DEU" is not an ISO 3166-1 alpha-2 country code`},
		{"country not a country", eu + "country = \"EU\"\n", `site.toml:5:11: country "EU" is not an ISO 3166-1 alpha-2 country code`},
		{"country unknown", eu + "country = \"XY\"\n", `site.toml:5:11: country "XY" is not an ISO 3166-1 alpha-2 country code`},

		// consent
		{"revision zero", eu + "[consent]\nrevision = 0\n", `site.toml:6:12: revision must be 1 or more, not 0`},
		{"expiry negative", eu + "[consent]\nexpiryDays = -1\n", `site.toml:6:14: expiryDays must be 1 or more, not -1`},
		{"cookie path", eu + "[consent]\ncookiePaths = [\"/\", \"app/\"]\n", `site.toml:6:21: cookie path "app/" is not a path`},
		{"record endpoint http", eu + "[consent]\nrecordEndpoint = \"http://example.com/r\"\n",
			`site.toml:6:18: recordEndpoint "http://example.com/r" must use https (plain http is allowed only for localhost`},
		{"record endpoint with a directive", eu + "[consent]\nrecordEndpoint = \"https://c.example;sandbox/r\"\n",
			`site.toml:6:18: recordEndpoint "https://c.example;sandbox/r" has a host that is not a host name or IP address`},
		{"record endpoint relative", eu + "[consent]\nrecordEndpoint = \"/r\"\n", `site.toml:6:18: recordEndpoint "/r" is not an absolute https URL`},
		{"category id", eu + "[[consent.categories]]\nid = \"Ads\"\nrequired = true\n", `site.toml:6:6: category id "Ads" may only use a-z, 0-9, _ and -`},
		{"category no id", eu + "[[consent.categories]]\nrequired = true\n", `site.toml:5:11: consent category 1 has no id`},
		{"category duplicate", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories]]\nid = \"a\"\n",
			`site.toml:9:6: category id "a" is used twice (it is also categories[0])`},
		{"no required category", eu + "[[consent.categories]]\nid = \"analytics\"\n",
			`site.toml:5:11: no consent category is required (mark the strictly necessary category with required = true)`},
		{"required sale", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\nsale = true\n",
			`site.toml:8:8: category "a" is required, so it cannot be a sale`},
		{"google type", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\ngoogleTypes = [\"analytics_storage\", \"ads_storage\"]\n",
			`site.toml:8:37: "ads_storage" is not a Google Consent Mode type (did you mean "ad_storage"?)`},
		{"google type twice", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\ngoogleTypes = [\"ad_storage\"]\n[[consent.categories]]\nid = \"b\"\ngoogleTypes = [\"ad_storage\"]\n",
			`site.toml:11:16: "ad_storage" is already granted by category "a"`},
		{"cookie regexp", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\ncookies = [\"_x\", \"/^_ga(/\"]\n",
			`site.toml:8:18: cookie pattern /^_ga(/ does not compile: missing closing )`},
		{"cookie regexp flags", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\ncookies = [\"/(?i)^_ga/\"]\n",
			`site.toml:8:12: cookie pattern /(?i)^_ga/ uses (?, which JavaScript reads differently`},
		{"cookie name", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\ncookies = [\"my cookie\"]\n",
			`site.toml:8:12: cookie name "my cookie" is not valid`},
		{"cookie row declares the widget's cookie", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"charter_consent\"]\nduration = \"1 day\"\n",
			`site.toml:10:10: cookie name "charter_consent" is already declared by the consent widget`},
		{"cookie row name twice", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"_x\"]\nduration = \"1 day\"\n[[consent.categories.cookie]]\nid = \"y\"\nnames = [\"_x\"]\nduration = \"1 day\"\n",
			`site.toml:14:10: cookie name "_x" is already declared by cookie "x" of category "a"`},
		{"familyNameFirst not a language", withForm("familyNameFirst = [\"ja\", \"xx-invalid!!\"]\n"),
			`site.toml:6:26: familyNameFirst[1] "xx-invalid!!" is not a valid BCP 47 language tag`},
		{"cookie row without id", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "names = [\"_x\"]\nduration = \"1 day\"\n",
			`site.toml:8:22: a cookie of category "a" has no id`},
		{"cookie row without names", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nduration = \"1 day\"\n",
			`site.toml:8:22: cookie "x" lists no names`},
		{"cookie row regexp", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"/^_x/\"]\nduration = \"1 day\"\n",
			`site.toml:10:10: cookie name "/^_x/" is not a name or a name*`},
		{"cookie row star inside", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"_x*_y*\"]\nduration = \"1 day\"\n",
			`site.toml:10:10: cookie name "_x*_y*" is not a name or a name*`},
		{"cookie row bad duration", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"_x\"]\nduration = \"2 weeks\"\n",
			`site.toml:11:12: cookie "x": duration "2 weeks" is not a lifetime`},
		{"cookie row no duration", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"_x\"]\n",
			`site.toml:8:22: cookie "x": duration "" is not a lifetime`},
		{"cookie row duplicate id", eu + "[[consent.categories]]\nid = \"a\"\nrequired = true\n[[consent.categories.cookie]]\n" + "id = \"x\"\nnames = [\"_x\"]\nduration = \"session\"\n[[consent.categories.cookie]]\nid = \"x\"\nnames = [\"_y\"]\nduration = \"session\"\n",
			`site.toml:13:6: cookie id "x" is used twice`},

		// forms
		{"form id", eu + "[forms.Contact_]\n[[forms.Contact_.fields]]\nname = \"a\"\ntype = \"text\"\n",
			`site.toml:5:8: form id "Contact_" may only use`},
		{"endpoint http", withForm("endpoint = \"http://api.example.com/f\"\n"),
			`site.toml:6:12: endpoint "http://api.example.com/f" must use https (plain http is allowed only for localhost, 127.0.0.1 and [::1])`},
		{"endpoint not a URL", withForm("endpoint = \"api.example.com/f\"\n"), `site.toml:6:12: endpoint "api.example.com/f" is not an absolute https URL`},
		{"endpoint with a directive", withForm("endpoint = \"https://api.example;sandbox/f\"\n"),
			`site.toml:6:12: endpoint "https://api.example;sandbox/f" has a host that is not a host name or IP address`},
		{"endpoint with a second policy", withForm("endpoint = \"https://api.example,script-src/f\"\n"),
			`site.toml:6:12: endpoint "https://api.example,script-src/f" has a host that is not a host name or IP address`},
		{"endpoint with a bad port", withForm("endpoint = \"https://api.example:99999/f\"\n"),
			`site.toml:6:12: endpoint "https://api.example:99999/f" has a host that is not a host name or IP address`},
		{"endpoint credentials", withForm("endpoint = \"https://u:p@api.example.com/f\"\n"), `site.toml:6:12: endpoint "https://u:p@api.example.com/f" must not contain credentials`},
		{"region endpoint http", withForm("endpoints.eu = \"http://api.example.com/f\"\n"), `site.toml:6:16: eu "http://api.example.com/f" must use https`},
		{"region endpoint unknown region", form + "[forms.f.endpoints]\neuro = \"\"\n",
			`site.toml:10:1: endpoints: there is no region "euro" (did you mean "eu"?)`},
		{"encoding", withForm("encoding = \"xml\"\n"), `site.toml:6:12: encoding "xml" is not supported (use one of "json", "urlencoded")`},
		{"timeout", withForm("timeoutMs = 0\n"), `site.toml:6:13: timeoutMs must be 1 or more, not 0`},
		{"no fields", eu + "[forms.f]\nendpoint = \"\"\n", `site.toml:5:8: form "f" has no fields`},
		{"field name", form + "[[forms.f.fields]]\nname = \"1st\"\ntype = \"text\"\n", `site.toml:10:8: field name "1st" must start with a letter`},
		{"field no name", form + "[[forms.f.fields]]\ntype = \"text\"\n", `site.toml:9:11: field 2 has no name (add name = "email")`},
		{"field name twice", form + "[[forms.f.fields]]\nname = \"email\"\ntype = \"text\"\n", `site.toml:10:8: field name "email" is used twice (it is also fields[0])`},
		{"field type", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"txt\"\n", `site.toml:11:8: field type "txt" is not supported (did you mean "text"?)`},
		{"field no type", form + "[[forms.f.fields]]\nname = \"a\"\n", `site.toml:9:11: field "a" has no type (use one of "text", "email"`},
		{"select without options", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"select\"\n", `site.toml:9:11: field "a" of type select has no options`},
		{"choice without options", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"choice\"\noptions = []\n", `site.toml:9:11: field "a" of type choice has no options`},
		{"options on text", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"text\"\noptions = [\"x\"]\n", `site.toml:12:12: field "a" of type text cannot have options`},
		{"option twice", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"select\"\noptions = [\"x\", \"x\"]\n", `site.toml:12:17: option "x" is listed twice`},
		{"option value", form + "[[forms.f.fields]]\nname = \"a\"\ntype = \"select\"\noptions = [\"a b\"]\n", `site.toml:12:12: option "a b" may only use`},
		{"autocomplete typo", form + "autocomplete = \"e-mail\"\n", `site.toml:9:16: autocomplete "e-mail" uses "e-mail", which is not an autofill field name (did you mean "email"?)`},
		{"autocomplete underscore", form + "autocomplete = \"given_name\"\n", `site.toml:9:16: autocomplete "given_name" uses "given_name", which is not an autofill field name (did you mean "given-name"?)`},
		{"autocomplete contact kind", form + "autocomplete = \"work given-name\"\n", `site.toml:9:16: autocomplete "work given-name" puts "work" before "given-name"`},
		{"autocomplete trailing", form + "autocomplete = \"email home\"\n", `site.toml:9:16: autocomplete "email home" has "home" after the field name`},
		{"autocomplete no field", form + "autocomplete = \"section-a billing\"\n", `site.toml:9:16: autocomplete "section-a billing" has no autofill field name`},
		{"maxLength", form + "maxLength = -1\n", `site.toml:9:13: maxLength must be 0 (no limit) or more, not -1`},
		{"fieldMap unknown field", form + "[forms.f.fieldMap]\nemial = \"mail\"\n", `site.toml:10:1: fieldMap: form "f" has no field "emial" (did you mean "email"?)`},
		{"fieldMap empty", form + "[forms.f.fieldMap]\nemail = \"\"\n", `site.toml:10:9: fieldMap.email is empty`},
		{"honeypot clash", eu + "[forms.f]\nhoneypot = \"email\"\n[[forms.f.fields]]\nname = \"email\"\ntype = \"email\"\n",
			`site.toml:6:12: honeypot "email" is also the name of a field`},
		{"honeypot name", eu + "[forms.f]\nhoneypot = \"web site\"\n[[forms.f.fields]]\nname = \"email\"\ntype = \"email\"\n",
			`site.toml:6:12: honeypot "web site" is not a valid field name`},
		{"extra clash", form + "[forms.f.extra]\nemail = \"x\"\n", `site.toml:10:1: extra.email would overwrite the form field sent as "email"`},
		{"region not a table", "[[regions.eu]]\ndomain = \"a.b\"\n", `site.toml:1:11: eu must be a [regions.eu] table, not an array`},
		{"form not a table", "[forms]\nf = 1\n" + eu, `site.toml:2:5: f must be a table, not an integer`},
		{"inline fields", eu + "[forms.f]\nfields = [{ name = \"a\", type = \"txt\" }]\n", `site.toml:6:32: field type "txt" is not supported`},

		// fallbackOK
		{"fallbackOK misspelled", eu + "fallbakOK = [\"*\"]\n", `site.toml:5:1: unknown key "fallbakOK" in [regions.eu] (did you mean "fallbackOK"?)`},
		{"fallbackOK case", eu + "fallbackOk = [\"*\"]\n", `site.toml:5:1: unknown key "fallbackOk" in [regions.eu] (did you mean "fallbackOK"?)`},
		{"fallbackOK not a list", eu + "fallbackOK = \"*\"\n", `site.toml:5:14: fallbackOK must be an array, not a string`},
		{"fallbackOK file name", eu + "fallbackOK = [\"cookies\", \"content/legal/terms.md\"]\n",
			`site.toml:5:26: fallbackOK entry "content/legal/terms.md" is not a page id (write "legal/terms": the path under content/ without the language and .md)`},
		{"fallbackOK URL", eu + "fallbackOK = [\"/\"]\n", `site.toml:5:15: fallbackOK entry "/" is not a page id (write "index": the path under content/ without the language and .md)`},
		{"fallbackOK pattern", eu + "fallbackOK = [\"legal/*\"]\n", `site.toml:5:15: fallbackOK entry "legal/*" is not a page id (write "*" alone for every page, or the pages one by one)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parse(t, tt.src)
			if !hasError(diags, tt.want) {
				t.Errorf("want a diagnostic starting with\n  %s\ngot:\n%v", tt.want, diags)
			}
		})
	}
}

// Errors in site.toml quote their line, with the key or value underlined;
// columns count characters, also in go-toml's syntax errors.
func TestParseExcerpts(t *testing.T) {
	tests := []struct {
		name, src, want string
		excerpt         diag.Excerpt
	}{
		{"syntax after unicode", "title = \"Ä\" x\n", "site.toml:1:13: ",
			diag.Excerpt{Line: `title = "Ä" x`, Col: 13, Width: 1}},
		{"wrong type", eu + "[build]\nminify = \"yes\"\n", "site.toml:6:10: minify must be",
			diag.Excerpt{Line: `minify = "yes"`, Col: 10, Width: 5}},
		{"unknown key", "titel = \"x\"\n" + eu, `site.toml:1:1: unknown key "titel"`,
			diag.Excerpt{Line: `titel = "x"`, Col: 1, Width: 5}},
		{"value after cjk", eu + "[forms.f]\nfields = [{ name = \"名前\", type = \"txt\" }]\n", `site.toml:6:33: field type "txt"`,
			diag.Excerpt{Line: `fields = [{ name = "名前", type = "txt" }]`, Col: 33, Width: 5}},
		{"invalid utf-8", "title = \"\xff\"\n", "site.toml:1:10: invalid UTF-8",
			diag.Excerpt{Line: "title = \"\uFFFD\"", Col: 10, Width: 1}},
		{"tab and crlf", "[build]\r\n\tminify = 1\r\n" + eu, "site.toml:2:11: minify must be",
			diag.Excerpt{Line: "\tminify = 1", Col: 11, Width: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parse(t, tt.src)
			for _, d := range diags {
				if strings.HasPrefix(d.Error(), tt.want) {
					if d.Excerpt == nil || *d.Excerpt != tt.excerpt {
						t.Errorf("excerpt = %+v, want %+v", d.Excerpt, tt.excerpt)
					}
					return
				}
			}
			t.Errorf("want a diagnostic starting with\n  %s\ngot:\n%v", tt.want, diags)
		})
	}
	_, diags := parse(t, eu, "build.minify=maybe")
	if len(diags) != 1 || diags[0].File != "--set" || diags[0].Excerpt != nil {
		t.Errorf("--set: want one diagnostic without excerpt, got %v", diags)
	}
}

func TestDefaults(t *testing.T) {
	site, diags := parse(t, form+"[regions.br]\ndomain = \"acme24.com.br\"\nbaseURL = \"https://acme24.com.br/\"\n"+
		"languages = [\"pt-br\", \"zh-hans\"]\ncountry = \"br\"\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if site.DefaultLanguage != "en" || site.Build.Minify == nil || !*site.Build.Minify {
		t.Errorf("site defaults: %q %v", site.DefaultLanguage, site.Build.Minify)
	}
	c := site.Consent
	if c.Revision != 1 || c.ExpiryDays != 182 || len(c.Categories) != 3 || c.Categories[0].ID != "necessary" ||
		!c.Categories[0].Required || !c.Categories[2].Sale || !c.AsksOnPolicyChange() {
		t.Errorf("consent defaults: %+v", c)
	}
	if !slices.Equal(c.CookiePaths, []string{"/"}) {
		t.Errorf("cookiePaths default to %q, want [/]", c.CookiePaths)
	}
	off := false
	if (&Consent{AskOnPolicyChange: &off}).AsksOnPolicyChange() {
		t.Error("askOnPolicyChange = false still asks again")
	}
	f := site.Forms["f"]
	if f.ID != "f" || f.Encoding != "json" || f.TimeoutMS != 15000 || f.Pos.String() != "site.toml:5:8" {
		t.Errorf("form defaults: %+v", f)
	}
	eu, br := site.Regions[0], site.Regions[1]
	if eu.Consent != "opt-in" || eu.Fallback != "en" || eu.Label != "eu" || eu.Pos.String() != "site.toml:1:10" {
		t.Errorf("region defaults: %+v", eu)
	}
	if got := strings.Join(br.Languages, ","); got != "pt-BR,zh-Hans" || br.Country != "BR" {
		t.Errorf("canonical forms: %q %q", got, br.Country)
	}
	if len(br.LanguagesPos) != 2 || br.LanguagesPos[1].String() != "site.toml:12:23" {
		t.Errorf("LanguagesPos = %v", br.LanguagesPos)
	}
}

func TestBOMAccepted(t *testing.T) {
	site, diags := parse(t, "\xEF\xBB\xBFtitle = \"Acme24\"\n"+eu+"[build]\nmaxFileMiB = 32\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if site.Title != "Acme24" || site.Regions[0].Pos.String() != "site.toml:2:10" || site.Build.MaxFileMiB != 32 {
		t.Errorf("title %q, region at %s, maxFileMiB %d", site.Title, site.Regions[0].Pos, site.Build.MaxFileMiB)
	}
	if site, _ := parse(t, eu); site.Build.MaxFileMiB != 16 {
		t.Errorf("default maxFileMiB = %d, want 16", site.Build.MaxFileMiB)
	}
}

func TestRegionOrder(t *testing.T) {
	src := ""
	for _, id := range []string{"zz", "aa", "mm"} {
		src += "[regions." + id + "]\ndomain = \"" + id + ".example\"\nbaseURL = \"https://" + id + ".example/\"\nlanguages = [\"en\"]\n"
	}
	src += "[regions.aa.params]\nx = 1\n"
	site, diags := parse(t, src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	var ids []string
	for _, r := range site.Regions {
		ids = append(ids, r.ID)
	}
	if got := strings.Join(ids, " "); got != "zz aa mm" {
		t.Errorf("order = %s", got)
	}
}

func TestZeroValuesAreNotDefaults(t *testing.T) {
	// An explicit false or "" must survive: minify off, form disabled.
	site, diags := parse(t, withForm("endpoint = \"\"\n")+"[build]\nminify = false\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if *site.Build.Minify {
		t.Error("minify = false was lost")
	}
}

func TestSet(t *testing.T) {
	src := withForm("endpoint = \"https://api.example.com/f\"\n") + "[params]\ncompany = \"Acme24\"\n"
	site, diags := parse(t, src,
		"regions.eu.baseURL=https://staging.acme24.eu/",
		"forms.f.endpoint=http://localhost:8080/f",
		"forms.f.endpoints.eu=",
		"build.unsafeHTML=true",
		`regions.eu.languages=["de", "en"]`,
		"consent.revision=3",
		"consent.policyVersion=2026-11-01",
		"params.company=Acme24 Staging",
		"params.social.x=acme24",
		"forms.f.fields.email.required=true",
		"forms.f.fields.0.maxLength=99",
		`title="Acme24 \u2013 staging"`,
		"defaultLanguage=de",
	)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	r := site.Regions[0]
	f := site.Forms["f"]
	checks := []struct {
		name      string
		got, want any
	}{
		{"baseURL", r.BaseURL, "https://staging.acme24.eu/"},
		{"endpoint", f.Endpoint, "http://localhost:8080/f"},
		{"endpoints.eu", f.Endpoints["eu"], ""},
		{"has endpoints.eu", len(f.Endpoints), 1},
		{"unsafeHTML", site.Build.UnsafeHTML, true},
		{"languages", strings.Join(r.Languages, ","), "de,en"},
		{"languages pos", r.LanguagesPos[0].File, "--set"},
		{"revision", site.Consent.Revision, 3},
		{"policyVersion", site.Consent.PolicyVersion, "2026-11-01"},
		{"company", site.Params["company"], "Acme24 Staging"},
		{"social", site.Params["social"], map[string]any{"x": "acme24"}},
		{"required", f.Fields[0].Required, true},
		{"maxLength", f.Fields[0].MaxLength, 99},
		{"title", site.Title, "Acme24 \u2013 staging"},
		{"defaultLanguage", site.DefaultLanguage, "de"},
		{"fallback follows defaultLanguage", r.Fallback, "de"},
	}
	for _, c := range checks {
		if c.name == "social" {
			m, _ := c.got.(map[string]any)
			if m["x"] != "acme24" {
				t.Errorf("%s = %v", c.name, c.got)
			}
			continue
		}
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
}

func TestSetErrors(t *testing.T) {
	tests := []struct {
		set  string
		want string
	}{
		{"regions.eu.baseUrl=https://x/", `--set: regions.eu.baseUrl: no such setting (did you mean "baseURL"?)`},
		{"regions.euro.baseURL=https://x/", `--set: regions.euro.baseURL: no such setting (did you mean "eu"?)`},
		{"forms.g.endpoint=https://x/", `--set: forms.g.endpoint: no such setting`},
		{"consent.revison=2", `--set: consent.revison: no such setting (did you mean "revision"?)`},
		{"regions.eu=1", `--set: regions.eu: no such setting (regions.eu is a table; set one of its keys)`},
		{"build.minify.x=1", `--set: build.minify.x: no such setting (build.minify is a single value)`},
		{"forms.f.fields.phone.required=true", `--set: forms.f.fields.phone.required: no such setting`},
		{"forms.f.fields.7.required=true", `--set: forms.f.fields.7.required: no such setting`},
		{"regions..baseURL=x", `--set: regions..baseURL: no such setting`},
		{"noequals", `--set: "noequals": expected KEY=VALUE`},
		// values are validated like the file's, and reported at --set
		{"regions.eu.baseURL=https://staging.acme24.eu", `--set: regions.eu.baseURL: baseURL "https://staging.acme24.eu" must end with "/" (add the slash`},
		{"forms.f.endpoint=http://staging.example.com/", `--set: forms.f.endpoint: endpoint "http://staging.example.com/" must use https`},
		{"forms.f.endpoints.euro=", `--set: forms.f.endpoints.euro: endpoints: there is no region "euro"`},
		{"build.minify=yes", `--set: build.minify: minify must be true or false, not a string`},
		{"consent.revision=two", `--set: consent.revision: revision must be an integer, not a string`},
		{"regions.eu.languages=en,de", `--set: regions.eu.languages: languages must be an array, not a string`},
		{`regions.eu.languages=["en", "xx!"]`, `--set: regions.eu.languages: languages[1] "xx!" is not a valid BCP 47 language tag`},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			_, diags := parse(t, form, tt.set)
			if !hasError(diags, tt.want) {
				t.Errorf("want a diagnostic starting with\n  %s\ngot:\n%v", tt.want, diags)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/site.toml", []byte(eu+"consent = \"nope\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags := Load(dir, nil)
	if want := dir + "/site.toml:5:11: consent"; !hasError(diags, want) {
		t.Errorf("want %s..., got %v", want, diags)
	}
	_, diags = Load(t.TempDir(), nil)
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "no site.toml") {
		t.Errorf("missing file: %v", diags)
	}
}

// site.toml is read through sitefs: not a FIFO, not a link out of the
// site, not larger than the default limit.
func TestLoadRefuses(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "other.toml")
	os.WriteFile(outside, []byte(eu), 0o644)
	tests := []struct {
		name string
		make func(file string) error
		want string
	}{
		{"fifo", func(file string) error { return syscall.Mkfifo(file, 0o644) }, "named pipe (FIFO), not a regular file"},
		{"link out", func(file string) error { return os.Symlink(outside, file) }, "a symbolic link out of the site (to " + outside + ")"},
		{"too large", func(file string) error {
			return os.WriteFile(file, append([]byte(eu+"# "), bytes.Repeat([]byte("x"), 17<<20)...), 0o644)
		}, "larger than the limit of 16 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "site.toml")
			if err := tt.make(file); err != nil {
				t.Fatal(err)
			}
			done := make(chan diag.List)
			go func() { _, d := Load(dir, nil); done <- d }()
			select {
			case diags := <-done:
				if len(diags) != 1 || diags[0].File != file || !strings.Contains(diags[0].Error(), tt.want) {
					t.Errorf("want one error at %s with %q, got %v", file, tt.want, diags)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Load blocked")
			}
		})
	}
}

func TestCheckAutocomplete(t *testing.T) {
	valid := []string{"given-name", "family-name", "email", "tel", "country-name", "country", "address-level2",
		"organization", "off", "on", "section-x shipping street-address", "billing email", "work email",
		"section-blue shipping mobile tel", "username webauthn", "Email"}
	for _, s := range valid {
		if p, _ := checkAutocomplete(s); p != "" {
			t.Errorf("%q: %s", s, p)
		}
	}
	invalid := []string{"", " ", "e-mail", "off email", "shipping", "email billing", "mobile name", "section- email", "on off"}
	for _, s := range invalid {
		if p, _ := checkAutocomplete(s); p == "" {
			t.Errorf("%q accepted", s)
		}
	}
}

// A cookie row's names become the category's cookies (a family as a
// pattern), at their positions, and its duration is parsed.
func TestCookieRows(t *testing.T) {
	site, diags := parse(t, eu+"[[consent.categories]]\nid = \"a\"\nrequired = true\ncookies = [\"_old\"]\n"+
		"[[consent.categories.cookie]]\nid = \"ga\"\nnames = [\"_ga\", \"_ga.x_*\"]\nprovider = \"Ads\"\nduration = \"2 years\"\n"+
		"[[consent.categories.cookie]]\nid = \"s\"\nnames = [\"sid\"]\nduration = \"session\"\n"+
		"[[consent.categories.cookie]]\nid = \"d\"\nnames = [\"d\"]\nduration = \"1 day\"\n")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	cat := site.Consent.Categories[0]
	if got := fmt.Sprint(cat.Cookies); got != `[_old _ga /^_ga\.x_/ sid d]` {
		t.Errorf("cookies %s", got)
	}
	if got := fmt.Sprint(cat.CookiesPos); got != "[site.toml:8:12 site.toml:11:10 site.toml:11:17 site.toml:16:10 site.toml:20:10]" {
		t.Errorf("positions %s", got)
	}
	var lifetimes []Lifetime
	for _, c := range cat.Cookie {
		lifetimes = append(lifetimes, c.Lifetime)
	}
	if got := fmt.Sprint(lifetimes); got != "[{2 years} {0 session} {1 days}]" {
		t.Errorf("lifetimes %s", got)
	}
	if got := cat.Cookie[0].Pos.String(); got != "site.toml:9:22" {
		t.Errorf("row position %s", got)
	}
}

func TestParseLifetime(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Lifetime
		ok   bool
	}{
		{"session", Lifetime{Unit: "session"}, true},
		{"1 year", Lifetime{1, "years"}, true},
		{"1 years", Lifetime{1, "years"}, true},
		{"13 months", Lifetime{13, "months"}, true},
		{"90 days", Lifetime{90, "days"}, true},
		{"12 hours", Lifetime{12, "hours"}, true},
		{"2 year", Lifetime{}, false},
		{"0 days", Lifetime{}, false},
		{"+3 days", Lifetime{}, false},
		{"-3 days", Lifetime{}, false},
		{"3 weeks", Lifetime{}, false},
		{"days", Lifetime{}, false},
		{"", Lifetime{}, false},
	} {
		got, ok := parseLifetime(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseLifetime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
