package check

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/site"
)

// legalSite is a small site for the rules of require.go, stale.go and
// cookies.go: two regions, a privacy policy and a cookie policy in
// English and German. Its line numbers are what the tests assert; edit
// with care.
var legalSite = map[string]string{
	"site.toml": `title = "T"

[regions.eu]
domain = "t.eu"
baseURL = "https://t.eu/"
languages = ["en", "de"]
require = ["privacy#dpo"]

[regions.us]
domain = "t.com"
baseURL = "https://t.com/"
languages = ["en"]
country = "US"
consent = "opt-out"
require = ["privacy#your-rights", 'privacy::form{id="implementation-request"}']

[[consent.categories]]
id = "necessary"
required = true

[[consent.categories]]
id = "analytics"
cookies = ["_a", "/^_ga/"]

[forms.implementation-request]
endpoint = "https://api.example/"

[[forms.implementation-request.fields]]
name = "email"
type = "email"
`,
	"content/privacy.md": `---
title: Privacy
---

Who we are.

## Your rights

You have rights.

:::region{only="eu"}
### Data protection officer {#dpo}

Write to the DPO.
:::

:::region{only="us"}
::form{id="implementation-request"}
:::
`,
	"content/privacy.de.md": `---
title: Datenschutz
---

Wer wir sind.

## Ihre Rechte

Sie haben Rechte.

:::region{only="eu"}
### Datenschutzbeauftragter {#dpo}

Schreiben Sie an den DSB.
:::
`,
	"content/cookies.md": "---\ntitle: Cookies\n---\n\n## Cookies we use\n\n| Name | Purpose |\n|---|---|\n" +
		"| `charter_consent` | your choice |\n| `_a` | analytics |\n| `_ga`, `_ga_*` | analytics |\n",
	"content/cookies.de.md": "---\ntitle: Cookies\n---\n\n## Verwendete Cookies\n\n| Name | Zweck |\n|---|---|\n" +
		"| `charter_consent` | Ihre Auswahl |\n| `_a` | Analyse |\n| `_ga` | Analyse |\n",
}

// snapshot loads files (legalSite with edits: "" deletes a file) in memory.
func snapshot(t *testing.T, edits map[string]string) *site.Snapshot {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range legalSite {
		fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	for name, text := range edits {
		if text == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	m := site.New(site.Options{Dir: ".", FS: fsys, Defaults: charter.Defaults})
	t.Cleanup(m.Close)
	snap := m.Update(context.Background(), nil)
	if snap.Failed() {
		t.Fatalf("the fixture does not load:\n%v", snap.Diags)
	}
	return snap
}

// replace is legalSite's file with old replaced by new, which must be there.
func replace(t *testing.T, file, old, new string) string {
	t.Helper()
	if !strings.Contains(legalSite[file], old) {
		t.Fatalf("%s has no %q", file, old)
	}
	return strings.Replace(legalSite[file], old, new, 1)
}

// report is one line per finding of the rules given: "file:line:col
// severity rule [regions]: message (hint)".
func report(l diag.List, rules ...string) []string {
	var out []string
	for _, d := range l {
		if !slices.Contains(rules, d.Rule) {
			continue
		}
		line := fmt.Sprintf("%s %s %s", d.Pos, d.Severity, d.Rule)
		if len(d.Regions) > 0 {
			line += " [" + strings.Join(d.Regions, " ") + "]"
		}
		line += ": " + d.Message
		if d.Hint != "" {
			line += " (" + d.Hint + ")"
		}
		out = append(out, line)
	}
	return out
}

func expect(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// legalCase is legalSite with edits, and the findings it must have.
type legalCase struct {
	name  string
	edits map[string]string
	want  []string
}

// runCases checks the findings of rules in each case.
func runCases(t *testing.T, cases []legalCase, rules ...string) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, report(Run(snapshot(t, tt.edits)), rules...), tt.want)
		})
	}
}

func TestRequiredContent(t *testing.T) {
	runCases(t, []legalCase{
		{"all there", nil, nil},
		{"a translation's heading without the id", map[string]string{
			"content/privacy.de.md": replace(t, "content/privacy.de.md", " {#dpo}", ""),
		}, []string{
			`site.toml:7:12 error required-content [eu]: page privacy in de has no heading #dpo (give the heading of content/privacy.de.md that says this the id: ## ... {#dpo})`,
		}},
		{"a heading in a block the region does not show", map[string]string{
			"site.toml": replace(t, "site.toml", `require = ["privacy#your-rights", `, `require = ["privacy#dpo", `),
		}, []string{
			`site.toml:15:12 error required-content [us]: page privacy in en has no heading #dpo (content/privacy.md has the heading "Data protection officer" with this id in a :::region block that region us does not show)`,
		}},
		{"a missing form, and a fallback", map[string]string{
			"content/privacy.md": replace(t, "content/privacy.md", `::form{id="implementation-request"}`, "No form."),
			"site.toml": replace(t, "site.toml", `languages = ["en"]
country`, `languages = ["en", "de"]
country`),
		}, []string{
			`site.toml:15:12 error required-content [us]: page privacy in de has no heading #your-rights (give the heading of content/privacy.de.md that says this the id: ## ... {#your-rights})`,
			`site.toml:15:35 error required-content [us]: page privacy in en has no form implementation-request (place it in content/privacy.md with ::form{id="implementation-request"})`,
			`site.toml:15:35 error required-content [us]: page privacy in de has no form implementation-request (place it in content/privacy.de.md with ::form{id="implementation-request"})`,
		}},
		{"a page the region does not have", map[string]string{
			"site.toml": replace(t, "site.toml", `require = ["privacy#dpo"]`, `require = ["privcy#dpo", "terms#x"]`),
		}, []string{
			`site.toml:7:12 error required-content [eu]: region eu has no page privcy in en, which must have heading #dpo (did you mean "privacy"?)`,
			`site.toml:7:12 error required-content [eu]: region eu has no page privcy in de, which must have heading #dpo (did you mean "privacy"?)`,
			`site.toml:7:26 error required-content [eu]: region eu has no page terms in en, which must have heading #x (add content/terms.md, or require a page the site has)`,
			`site.toml:7:26 error required-content [eu]: region eu has no page terms in de, which must have heading #x (add content/terms.md, or require a page the site has)`,
		}},
	}, RequiredRule.ID)
}
