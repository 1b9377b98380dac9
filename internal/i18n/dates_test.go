package i18n

import (
	"os"
	"testing"
	"time"
)

func TestFormatDate(t *testing.T) {
	d := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ lang, want string }{
		{"en", "November 1, 2026"},
		{"de", "1. November 2026"},
		{"de-AT", "1. November 2026"}, // a parent's patterns
		{"fr", "1er novembre 2026"},   // the first as an ordinal
		{"fr-CA", "1er novembre 2026"},
		{"es", "1 de noviembre de 2026"},
		{"pt-BR", "1º de novembro de 2026"},
		{"ja", "2026年11月1日"},
		{"zh-Hans", "2026年11月1日"},
		{"zh-Hant", "2026年11月1日"},
		{"pl", "1 listopada 2026"},
		{"it", "1º novembre 2026"},
		{"tr", "1 Kasım 2026"},
		{"th", "1 พฤศจิกายน พ.ศ. 2569"},
		{"vi", "1 tháng 11, 2026"},
		{"id", "1 November 2026"},
		{"ms", "1 November 2026"},
		{"ru", "1 ноября 2026 г."},
		{"zh-TW", "2026年11月1日"},
		{"ko", "2026년 11월 1일"},
		{"nl", "1 november 2026"},
		{"pt", "1 de novembro de 2026"}, // Portugal's
		{"pt-PT", "1 de novembro de 2026"},
		{"hu", "2026. november 1."},
		{"ar", "1 نوفمبر 2026"},
		{"xx", "2026-11-01"}, // no patterns: ISO
	} {
		if got := FormatDate(d, tt.lang); got != tt.want {
			t.Errorf("FormatDate(%s) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	// Only the first of the month takes the ordinal.
	for lang, want := range map[string]string{"fr": "11 novembre 2026", "pt-BR": "11 de novembro de 2026", "it": "11 novembre 2026"} {
		if got := FormatDate(d.AddDate(0, 0, 10), lang); got != want {
			t.Errorf("FormatDate(%s) = %q, want %q", lang, got, want)
		}
	}
}

// Every embedded language formats dates from CLDR, none as ISO.
func TestFormatDateEveryEmbeddedLanguage(t *testing.T) {
	c, diags := Load(os.DirFS("../.."), "locales")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	d := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for _, lang := range c.Languages() {
		if got := FormatDate(d, lang); got == "2026-11-01" {
			t.Errorf("%s has no CLDR date patterns", lang)
		}
	}
}
