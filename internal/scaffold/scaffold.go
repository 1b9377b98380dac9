// Package scaffold writes a new, minimal charter site: a site.toml with
// two regions, only the necessary cookie category and a form to
// uncomment, a banner text that says so, a privacy and a cookie policy
// (::cookies), a .gitignore and a README, all building with the embedded
// defaults.
package scaffold

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
# further languages under /<lang>/. group: the region switcher's heading; a
# UN M.49 code ("019" Americas, "150" Europe) is named in each language.
[regions.us]
domain = "example.com"
baseURL = "https://example.com/"
languages = ["en"]
country = "US"
label = "United States"
group = "019"
consent = "opt-out"

[regions.us.params]
entity = "My Company Inc., 1 Example Street, Springfield, United States"
contact = "privacy@example.com"

[regions.eu]
domain = "example.eu"
baseURL = "https://example.eu/"
languages = ["en", "de"]
label = "Europe"
group = "150"
consent = "opt-in"

[regions.eu.params]
entity = "My Company Europe GmbH, Beispielstraße 1, 10115 Berlin, Germany"
contact = "privacy@example.eu"

# The site sets only the cookie the consent widget needs, so there is one
# category. The banner's text (locales/) says so. When you add analytics or
# advertising, add their category with a row per cookie; the cookie policy's
# table (::cookies) lists it, and withdrawing consent deletes it:
#
#   [[consent.categories]]
#   id = "analytics"
#   googleTypes = ["analytics_storage"]
#
#   [[consent.categories.cookie]]
#   id = "analytics_id"        # its purpose: consent.cookie.analytics_id.purpose in locales
#   names = ["_my_analytics"]
#   provider = "My Company"
#   duration = "1 year"
#
# and say so in the banner text of locales/<lang>.toml.
[[consent.categories]]
id = "necessary"
required = true
googleTypes = ["security_storage"]

# A form (an implementation or contact request) that posts to your
# endpoint and works without JavaScript. Uncomment it, then put
# ::form{id="contact"} on a page; its labels come from locales
# (form.contact.<field>.label).
#
#   [forms.contact]
#   endpoint = "https://api.example.com/contact"
#   honeypot = "website"
#
#   [[forms.contact.fields]]
#   name = "email"
#   type = "email"
#   required = true
#   autocomplete = "email"
#
#   [[forms.contact.fields]]
#   name = "message"
#   type = "textarea"
#   required = true
#   maxLength = 4000
`,
	// The banner's text for a site with necessary cookies only: charter's
	// own text speaks of analytics and marketing cookies, which this site
	// does not set. Each key merges over charter's string.
	"locales/en.toml": `# This site's own UI strings; every other string is charter's.
[consent]
text_optin = "This site uses only the cookies it needs to work, such as the one that remembers this choice. If we add others, we will ask you first."
text_optout = "This site uses only the cookies it needs to work. We do not sell or share your personal information."
text_notice = "This site uses only the cookies it needs to work."
`,
	"locales/de.toml": `# Die eigenen Texte dieser Website; alle anderen sind die von charter.
[consent]
text_optin = "Diese Website verwendet nur die Cookies, die sie zum Funktionieren braucht, etwa das, das diese Auswahl speichert. Wenn wir weitere einsetzen, fragen wir Sie vorher."
text_optout = "Diese Website verwendet nur die Cookies, die sie zum Funktionieren braucht. Wir verkaufen Ihre personenbezogenen Daten nicht und geben sie nicht weiter."
text_notice = "Diese Website verwendet nur die Cookies, die sie zum Funktionieren braucht."
`,
	".gitignore": `# charter's output, the folder it builds in before it swaps, and its
# preview data.
/public/
/.public.staging-*
/.charter/
`,
	"README.md": `# My Company legal site

Built with [charter](https://github.com/charter-ssg/charter): one folder per
regional domain from the Markdown in content/ and the settings in site.toml.

    charter serve     # preview at http://localhost:1313/ while you edit
    charter check     # what is wrong or missing (run it in CI, with --strict)
    charter build     # the sites, into public/<domain>/

- content/: the pages. privacy.md is the English text; privacy.de.md its
  German translation. :::region{only="eu"} ... ::: keeps text to one region;
  ::cookies is the cookie table, made from site.toml.
- site.toml: the regions (domains, languages, consent model), the consent
  categories and their cookies, and forms (one is ready to uncomment).
- locales/: your own UI strings, merged over charter's; here the banner's
  text, which says that the site sets only necessary cookies. Change it
  when you add a category.
`,
	"content/index.md": `---
title: Legal
description: Our privacy policy and legal notices.
weight: 0
---

Welcome. Read our [privacy policy](/privacy/) and our
[cookie policy](/cookies/).
`,
	"content/index.de.md": `---
title: Rechtliches
description: Unsere Datenschutzerklärung und rechtlichen Hinweise.
weight: 0
---

Willkommen. Lesen Sie unsere [Datenschutzerklärung](/privacy/) und unsere
[Cookie-Richtlinie](/cookies/).
`,
	"content/privacy.md": `---
title: Privacy Policy
description: How My Company handles personal data.
effective: 2026-01-01
version: "1.0"
weight: 10
---

## Who we are

This policy explains how :param[entity] processes personal data.

:::region{only="eu"}
## Data controller in the EU

The controller is :param[entity].
:::

## Contact

Write to :param[contact].
`,
	"content/privacy.de.md": `---
title: Datenschutzerklärung
description: Wie My Company personenbezogene Daten verarbeitet.
effective: 2026-01-01
version: "1.0"
weight: 10
---

## Wer wir sind

Diese Erklärung beschreibt, wie :param[entity] personenbezogene Daten verarbeitet.

:::region{only="eu"}
## Verantwortlicher in der EU

Verantwortlich ist :param[entity].
:::

## Kontakt

Schreiben Sie an :param[contact].
`,
	// The cookie policy: ::cookies is the table of the cookies site.toml
	// declares, in the page's language (here the consent widget's own).
	"content/cookies.md": `---
title: Cookie Policy
description: Which cookies My Company uses on this site.
effective: 2026-01-01
version: "1.0"
weight: 20
---

## Cookies we use

::cookies

You can change your choice at any time with "Cookie settings" in the footer.
`,
	"content/cookies.de.md": `---
title: Cookie-Richtlinie
description: Welche Cookies My Company auf dieser Website verwendet.
effective: 2026-01-01
version: "1.0"
weight: 20
---

## Von uns verwendete Cookies

::cookies

Sie können Ihre Auswahl jederzeit über „Cookie-Einstellungen“ in der Fußzeile ändern.
`,
}

// Write creates the scaffold in dir. It refuses a folder where any of its
// files exists, and never follows a link: a file or folder of the
// scaffold's paths that is a symbolic link (even one to nothing) is
// refused, and each file is created new (O_EXCL), so init writes nothing
// outside dir.
func Write(dir string) error {
	if _, err := os.Lstat(filepath.Join(dir, "site.toml")); err == nil {
		return fmt.Errorf("%s already has a site.toml; choose an empty folder", dir)
	}
	names := slices.Sorted(maps.Keys(Files))
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if _, err := os.Lstat(p); err == nil {
			return fmt.Errorf("%s exists; choose an empty folder", p)
		}
		for d := filepath.Dir(p); d != filepath.Clean(dir) && strings.HasPrefix(d, filepath.Clean(dir)); d = filepath.Dir(d) {
			if fi, err := os.Lstat(d); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return fmt.Errorf("%s is a symbolic link; charter init does not follow links", d)
			}
		}
	}
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.WriteString(Files[name])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
