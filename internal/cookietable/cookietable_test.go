package cookietable_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/cookietable"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/sitetest"
)

func example(t *testing.T) (*config.Site, *i18n.Catalogs) { return sitetest.Example(t) }

func table(cfg *config.Site, cat *i18n.Catalogs, lang string, widget bool) *cookietable.Table {
	return cookietable.New(cookietable.Input{
		Consent: &cfg.Consent, Widget: widget, Owner: cfg.Title,
		T: func(k string, a ...any) string { return cat.T(lang, k, a...) },
		N: func(k string, n int) string { return cat.N(lang, k, n) },
	})
}

func rows(tbl *cookietable.Table) string {
	var b strings.Builder
	for _, r := range tbl.Rows {
		fmt.Fprintf(&b, "%s | %s | %s | %s | %s\n", strings.Join(r.Names, ", "), r.Provider, r.Category, r.Duration, r.Purpose)
	}
	return b.String()
}

// The example's table, in English and German: the widget's own cookie
// first, for expiryDays, then every declared row in site.toml order.
func TestExampleTable(t *testing.T) {
	cfg, cat := example(t)
	en := table(cfg, cat, "en", true)
	want := "charter_consent | Acme24 | Necessary | 182 days | Stores your cookie choice, its date and the policy version, so that we do not ask you again on every page\n" +
		"_demo_analytics | Acme24 | Analytics | 1 year | Acme24 demo analytics: counts visits and page views with a random identifier\n" +
		"_ga, _ga_* | Advertising partner (example) | Marketing | 2 years | Distinguishes visitors to measure campaigns and to show Acme24 offers on other websites\n" +
		"_gcl_au | Advertising partner (example) | Marketing | 90 days | Links a visit to an earlier click on one of our ads, to measure which campaigns work\n"
	if got := rows(en); got != want {
		t.Errorf("en rows:\n%s\nwant:\n%s", got, want)
	}
	if en.Name != "Name" || en.Duration != "Duration" || en.Caption == "" {
		t.Errorf("en headings %+v", en)
	}
	de := table(cfg, cat, "de", true)
	for _, r := range de.Rows {
		if strings.Contains(r.Duration, "day") || strings.Contains(r.Duration, "year") {
			t.Errorf("de duration %q is English", r.Duration)
		}
	}
	// Without the widget (consent = "none") nothing optional is ever
	// allowed: the table lists the required categories' cookies only,
	// and not the widget's own.
	if got := rows(table(cfg, cat, "en", false)); got != "" {
		t.Errorf("a region without the widget lists:\n%s", got)
	}
}

// Lifetimes use the language's plural forms; a row's provider comes from
// its locale key, else from site.toml, else the site's title.
func TestLifetimesAndProviders(t *testing.T) {
	consent := &config.Consent{ExpiryDays: 1, Categories: []config.Category{{ID: "necessary", Required: true,
		Cookie: []config.CookieInfo{
			{ID: "a", Names: []string{"a"}, Provider: "Site Provider", Lifetime: config.Lifetime{Count: 2, Unit: "hours"}},
			{ID: "b", Names: []string{"b"}, Lifetime: config.Lifetime{Count: 5, Unit: "months"}},
			{ID: "c", Names: []string{"c"}, Provider: "Ignored", Lifetime: config.Lifetime{Unit: "session"}},
		}}}}
	strs := map[string]string{"consent.cookie.c.provider": "Locale Provider"}
	plurals := map[string][2]string{"cookies.days": {"%d Tag", "%d Tage"}, "cookies.hours": {"%d Stunde", "%d Stunden"}, "cookies.months": {"%d Monat", "%d Monate"}}
	tbl := cookietable.New(cookietable.Input{Consent: consent, Widget: true, Owner: "Owner",
		T: func(k string, _ ...any) string {
			if s, ok := strs[k]; ok {
				return s
			}
			return k
		},
		N: func(k string, n int) string {
			f := plurals[k][1]
			if n == 1 {
				f = plurals[k][0]
			}
			return fmt.Sprintf(f, n)
		}})
	var got []string
	for _, r := range tbl.Rows {
		got = append(got, r.Provider+"/"+r.Duration)
	}
	want := "Owner/1 Tag Site Provider/2 Stunden Owner/5 Monate Locale Provider/cookies.session"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %v, want %s", got, want)
	}
}
