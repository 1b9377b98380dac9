// Package scaffold writes a new, minimal charter site: a site.toml with
// two regions and a few pages that build with the embedded defaults.
package scaffold

import (
	"fmt"
	"os"
	"path/filepath"
)

// Files are the scaffold's files, by path relative to the site root.
var Files = map[string]string{
	"site.toml": `# charter site configuration. See the charter README for every key.
title = "My Company"
defaultLanguage = "en"

[params]
company = "My Company"
email = "privacy@example.com"

# One table per regional site. The first language is served at the root,
# further languages under /<lang>/.
[regions.us]
domain = "example.com"
baseURL = "https://example.com/"
languages = ["en"]
country = "US"
label = "United States"
group = "America"
consent = "opt-out"

[regions.eu]
domain = "example.eu"
baseURL = "https://example.eu/"
languages = ["en", "de"]
label = "Europe"
group = "Europe"
consent = "opt-in"

[regions.eu.params]
entity = "My Company Europe GmbH, Berlin"
`,
	"content/index.md": `---
title: Legal
description: Our privacy policy and legal notices.
weight: 0
---

Welcome. Read our [privacy policy](/privacy/).
`,
	"content/index.de.md": `---
title: Rechtliches
description: Unsere Datenschutzerklärung und rechtlichen Hinweise.
weight: 0
---

Willkommen. Lesen Sie unsere [Datenschutzerklärung](/privacy/).
`,
	"content/privacy.md": `---
title: Privacy Policy
description: How :param[company] handles personal data.
effective: 2026-01-01
version: "1.0"
weight: 10
---

## Who we are

This policy explains how :param[company] processes personal data.

:::region{only="eu"}
## Data controller in the EU

The controller is :param[entity].
:::

## Contact

Write to :param[email].
`,
	"content/privacy.de.md": `---
title: Datenschutzerklärung
description: Wie :param[company] personenbezogene Daten verarbeitet.
effective: 2026-01-01
version: "1.0"
weight: 10
---

## Wer wir sind

Diese Erklärung beschreibt, wie :param[company] personenbezogene Daten verarbeitet.

:::region{only="eu"}
## Verantwortlicher in der EU

Verantwortlich ist :param[entity].
:::

## Kontakt

Schreiben Sie an :param[email].
`,
	// The cookie policy: charter check compares the cookies its table
	// lists with those [consent.categories] declares (none yet, so only
	// the consent widget's own).
	"content/cookies.md": `---
title: Cookie Policy
description: Which cookies :param[company] uses on this site.
weight: 20
---

## Cookies we use

| Name | Purpose | Duration |
|---|---|---|
| ` + "`charter_consent`" + ` | Stores your cookie choice, so that we do not ask you on every page | 182 days |

You can change your choice at any time with "Cookie settings" in the footer.
`,
	"content/cookies.de.md": `---
title: Cookie-Richtlinie
description: Welche Cookies :param[company] auf dieser Website verwendet.
weight: 20
---

## Von uns verwendete Cookies

| Name | Zweck | Speicherdauer |
|---|---|---|
| ` + "`charter_consent`" + ` | Speichert Ihre Cookie-Auswahl, damit wir Sie nicht auf jeder Seite erneut fragen | 182 Tage |

Sie können Ihre Auswahl jederzeit über „Cookie-Einstellungen“ in der Fußzeile ändern.
`,
}

// Write creates the scaffold in dir. It refuses to overwrite a site.
func Write(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		return fmt.Errorf("%s already has a site.toml; choose an empty folder", dir)
	}
	for name := range Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("%s exists; choose an empty folder", p)
		}
	}
	for name, text := range Files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}
