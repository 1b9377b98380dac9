package i18n

import (
	"slices"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/internal/overlay"
)

// The embedded locales of these tests: what charter ships.
var embedded = map[string]string{
	"en.toml": "[nav]\nskip = \"Skip to content\"\nhome = \"Home\"\n\n[sections]\none = \"{count} section\"\nother = \"{count} sections\"\n",
	"de.toml": "[nav]\nskip = \"Zum Inhalt\"\nhome = \"Startseite\"\n",
}

// layered is the site's locale files over the embedded ones, as the
// build reads them; a nil site is a site without locales/.
func layered(site map[string]string) *overlay.FS {
	o := &overlay.FS{Base: mapFS(embedded)}
	if site != nil {
		o.Top = mapFS(site)
	}
	return o
}

// A site's locale file merges over the embedded one key by key, and each
// key's position names the file that defined it.
func TestLoadMergesSiteOverEmbedded(t *testing.T) {
	type lookup struct{ lang, key, text, pos string }
	tests := []struct {
		name  string
		site  map[string]string
		want  []lookup
		diags []string
	}{
		{
			name: "one key overridden, the others kept",
			site: map[string]string{"de.toml": "[nav]\nhome = \"Übersicht\"\n"},
			want: []lookup{
				{"de", "nav.home", "Übersicht", "locales/de.toml:2:1"},
				{"de", "nav.skip", "Zum Inhalt", "(embedded)/locales/de.toml:2:1"},
				{"en", "nav.home", "Home", "(embedded)/locales/en.toml:3:1"},
			},
		},
		{
			name: "no locales folder: the embedded files alone",
			want: []lookup{
				{"de", "nav.home", "Startseite", "(embedded)/locales/de.toml:3:1"},
				{"en", "sections", "{count} sections", "(embedded)/locales/en.toml:5:2"},
			},
		},
		{
			name: "a language charter does not ship",
			site: map[string]string{"nl.toml": "nav.home = \"Start\"\n"},
			want: []lookup{
				{"nl", "nav.home", "Start", "locales/nl.toml:1:1"},
				{"nl", "nav.skip", "Skip to content", "(embedded)/locales/en.toml:2:1"},
			},
		},
		{
			name: "a plural table replaced by a plain string",
			site: map[string]string{"en.toml": "sections = \"Sections: {count}\"\n"},
			want: []lookup{
				{"en", "sections", "Sections: {count}", "locales/en.toml:1:1"},
				{"en", "nav.skip", "Skip to content", "(embedded)/locales/en.toml:2:1"},
			},
		},
		{
			name: "a broken site file keeps the embedded strings",
			site: map[string]string{"de.toml": "[nav]\nhome = \"Übersicht\n"},
			want: []lookup{
				{"de", "nav.home", "Startseite", "(embedded)/locales/de.toml:3:1"},
			},
			diags: []string{`locales/de.toml:2:18: basic strings cannot have new lines (locale files are TOML: key = "text" lines, grouped under [section] headers)`},
		},
		{
			name: "a file name in another case merges over the canonical one",
			site: map[string]string{"DE.toml": "[nav]\nhome = \"Übersicht\"\n"},
			want: []lookup{
				{"de", "nav.home", "Übersicht", "locales/DE.toml:2:1"},
				{"de", "nav.skip", "Zum Inhalt", "(embedded)/locales/de.toml:2:1"},
			},
			diags: []string{`locales/DE.toml: warning: locale file name "DE" is not in canonical form; it is read as "de" (rename the file to de.toml)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Load(layered(tt.site), "locales")
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			if !slices.Equal(got, tt.diags) {
				t.Errorf("diagnostics:\n%q\nwant:\n%q", got, tt.diags)
			}
			for _, w := range tt.want {
				if text := c.T(w.lang, w.key); text != w.text {
					t.Errorf("T(%s, %s) = %q, want %q", w.lang, w.key, text, w.text)
				}
				if pos, ok := c.Where(w.lang, w.key); !ok || pos.String() != w.pos {
					t.Errorf("Where(%s, %s) = %s, %v; want %s", w.lang, w.key, pos, ok, w.pos)
				}
			}
		})
	}
}

func TestLoadLayersFolders(t *testing.T) {
	// Neither layer has locales/: one error.
	_, diags := Load(&overlay.FS{Base: fstest.MapFS{}, Top: fstest.MapFS{}}, "locales")
	if len(diags) != 1 || diags[0].Error() != "locales: cannot read the locales folder: file does not exist (create locales/ with one <language>.toml file per language, e.g. en.toml)" {
		t.Errorf("no folder in either layer: %v", diags)
	}
	// Only the site has it.
	c, diags := Load(&overlay.FS{Base: fstest.MapFS{}, Top: mapFS(map[string]string{"fr.toml": "a = \"A\"\n"})}, "locales")
	if len(diags) != 0 || c.T("fr", "a") != "A" || !slices.Equal(c.Languages(), []string{"fr"}) {
		t.Errorf("site only: %v, %q", diags, c.Languages())
	}
	// A merged language is one language.
	c, _ = Load(layered(map[string]string{"de.toml": "x = \"X\"\n", "fr.toml": "x = \"X\"\n"}), "locales")
	if got, want := c.Languages(), []string{"de", "en", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
	if got, want := c.Missing("de"), []string{"sections"}; !slices.Equal(got, want) {
		t.Errorf("Missing(de) = %q, want %q: the embedded de strings count", got, want)
	}
}
