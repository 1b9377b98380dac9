package config

import (
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that every diagnostic it
// returns has a usable position: a line and column in site.toml, or --set.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile("../../site.toml")
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		string(example),
		string(example[:len(example)/2]),
		strings.Replace(string(example), "baseURL", "baseUrl", 1),
		strings.Replace(string(example), `"https://acme24.eu/"`, `"https://acme24.eu"`, 1),
		strings.Replace(string(example), `languages = ["en"]`, `languages = ["en", "en", 3]`, 1),
		strings.Replace(string(example), `[[consent.categories]]`, `[consent.categories]`, 1),
		strings.Replace(string(example), `type = "select"`, `type = "select", options = []`, 1),
		eu, form, withForm("endpoints = { eu = \"http://x\", zz = 1 }\n"),
		"regions = 3\n",
		"regions.eu = [1, 2]\n",
		"[forms]\nf = \"x\"\n" + eu,
		"[[regions.eu]]\ndomain = \"a.b\"\n",
		"[consent]\ncategories = [{ id = \"a\", cookies = [\"/(/\"] }]\n" + eu,
		"a = [[[{ b = [1, { c = 2 }] }]]]\n",
		"\"quoted key\" = 1\n[\"regions\".'eu']\ndomain = \"x.y\"\n",
		"x = \"\xff\"\n",
	}
	sets := []string{"", "regions.eu.baseURL=https://x.example/", "forms.f.fields.0.type=select",
		"params.a.b.c=[1,2]", "consent.categories.0.cookies=[\"/(/\"]", "=", "build=1"}
	for i, s := range seeds {
		f.Add([]byte(s), sets[i%len(sets)])
	}
	f.Fuzz(func(t *testing.T, data []byte, set string) {
		var setArgs []string
		if set != "" {
			setArgs = []string{set}
		}
		site, diags := Parse("site.toml", data, setArgs)
		for _, d := range diags {
			switch d.File {
			case "--set":
			case "site.toml":
				if d.Line < 1 || d.Col < 1 {
					t.Errorf("diagnostic without line:col: %v", d)
				}
			default:
				t.Errorf("diagnostic in unexpected file: %v", d)
			}
			if d.Message == "" {
				t.Errorf("empty message: %#v", d)
			}
		}
		if diags.HasErrors() {
			return
		}
		if site == nil || len(site.Regions) == 0 {
			t.Fatal("no errors but no site or no regions")
		}
		for _, r := range site.Regions {
			if len(r.LanguagesPos) != len(r.Languages) || r.Domain == "" || !strings.HasSuffix(r.BaseURL, "/") {
				t.Errorf("region %+v passed validation", r)
			}
		}
	})
}
