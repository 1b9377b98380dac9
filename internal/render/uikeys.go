package render

import (
	"maps"
	"slices"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/cookietable"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/i18n"
)

// NotFoundTitleKey is the UI string of the 404 page's title.
const NotFoundTitleKey = "notfound.title"

// CodeKey is a UI string that charter's code looks up for a site, beside
// those its layouts name (templates.Set.UIKeys).
type CodeKey struct {
	Key string
	// Optional keys leave their element out where no locale has them
	// (a form's title, a field's hint, meta.language); a missing
	// required one shows as the key itself.
	Optional bool
	// Pos is what makes the code look it up: the form in site.toml; zero
	// for the keys every site uses.
	Pos diag.Pos
	// Args are the names of the placeholders the code fills in
	// (forms.Placeholders); it shows a string without them as written.
	Args []string
}

// UIKeys are the UI strings the code looks up for cfg: the 404 page's
// title, the language's name in itself, every form's labels, options and
// messages (forms.Keys), with the placeholders the code fills in, and the
// cookie table's strings where site.toml describes cookies
// (cookietable.Keys). A key comes once for each form that uses it, sorted by form
// id.
func UIKeys(cfg *config.Site) []CodeKey {
	keys := []CodeKey{{Key: NotFoundTitleKey}, {Key: i18n.SelfNameKey, Optional: true}}
	optOut := slices.ContainsFunc(cfg.Regions, func(r *config.Region) bool { return r.Consent == "opt-out" })
	for _, id := range slices.Sorted(maps.Keys(cfg.Forms)) {
		f := cfg.Forms[id]
		required, optional := forms.Keys(f, optOut)
		for _, k := range required {
			keys = append(keys, CodeKey{Key: k, Pos: f.Pos, Args: forms.Placeholders[k]})
		}
		for _, k := range optional {
			keys = append(keys, CodeKey{Key: k, Optional: true, Pos: f.Pos})
		}
	}
	if slices.ContainsFunc(cfg.Consent.Categories, func(c config.Category) bool { return len(c.Cookie) > 0 }) {
		widget := slices.ContainsFunc(cfg.Regions, (*config.Region).ConsentWidget)
		required, optional := cookietable.Keys(&cfg.Consent, widget)
		for _, k := range required {
			keys = append(keys, CodeKey{Key: k, Pos: cookiePos(cfg, k), Args: cookietable.Placeholders[k]})
		}
		for _, k := range optional {
			keys = append(keys, CodeKey{Key: k, Optional: true, Pos: cookiePos(cfg, k)})
		}
	}
	return keys
}

// cookiePos is the cookie of site.toml whose UI string key is, or the
// zero position for the table's own strings.
func cookiePos(cfg *config.Site, key string) diag.Pos {
	for _, cat := range cfg.Consent.Categories {
		for _, c := range cat.Cookie {
			if key == cookietable.PurposeKey(c.ID) || key == cookietable.ProviderKey(c.ID) {
				return c.Pos
			}
		}
	}
	return diag.Pos{}
}
