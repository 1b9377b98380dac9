package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// canonical returns lang's canonical BCP 47 form (pt-br → pt-BR, iw → he),
// or lang unchanged if it does not parse.
func canonical(lang string) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return lang
	}
	return tag.String()
}

// Chain is the fallback order for lang: lang itself, then ever less
// specific tags, then def: "zh-Hant-TW" → zh-Hant-TW, zh-Hant, zh, en.
// Tags are canonical, extensions (-u-…, -x-…) are dropped, and no tag
// appears twice.
func Chain(lang, def string) []string {
	var chain []string
	add := func(tag string) {
		for _, t := range scriptAware(tag, truncations(canonical(tag))) {
			if t != "" && t != "und" && !slices.Contains(chain, t) {
				chain = append(chain, t)
			}
		}
	}
	add(lang)
	add(def)
	return chain
}

// scriptLanguages are languages written in more than one script whose
// locales name the script (zh-Hans, zh-Hant, sr-Latn): a tag without one
// falls back to the one its region implies (zh-TW to zh-Hant, zh-CN to
// zh-Hans).
var scriptLanguages = map[string]bool{"zh": true, "sr": true, "bs": true, "uz": true, "az": true, "pa": true, "mn": true}

// scriptAware adjusts the truncations of tag for scripts: a tag in a
// script other than its language's usual one never falls back to the
// bare language (sr-Latn is not sr, which is Cyrillic; zh-TW is not zh,
// which is Simplified), and gets the script its region implies; Norwegian
// "no" falls back to Bokmål, nb.
func scriptAware(tag string, trunc []string) []string {
	t, err := language.Parse(tag)
	if err != nil || len(trunc) == 0 {
		return trunc
	}
	base, _ := t.Base()
	b := base.String()
	if b == "no" {
		return append(trunc, "nb")
	}
	if !scriptLanguages[b] {
		return trunc
	}
	script, conf := t.Script()
	usual, _ := language.Make(b).Script()
	out := []string{trunc[0]}
	if conf != language.Exact { // implied by the region: zh-TW → zh-Hant
		out = append(out, b+"-"+script.String())
	}
	for _, s := range trunc[1:] {
		if s == b && script != usual {
			continue
		}
		out = append(out, s)
	}
	return out
}

// truncations returns tag and each shorter prefix of its subtags, longest
// first, ignoring extensions and private use subtags.
func truncations(tag string) []string {
	if tag == "" {
		return nil
	}
	parts := strings.Split(tag, "-")
	for i, p := range parts {
		if i > 0 && len(p) == 1 { // a singleton starts an extension
			parts = parts[:i]
			break
		}
	}
	out := make([]string, 0, len(parts))
	for n := len(parts); n > 0; n-- {
		out = append(out, strings.Join(parts[:n], "-"))
	}
	return out
}

var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Thaa": true, "Syrc": true, "Nkoo": true,
	"Adlm": true, "Rohg": true, "Mand": true, "Samr": true,
}

// Dir is the writing direction of lang, "rtl" or "ltr", from its script
// (explicit or the likely one: "ar" and "he" are rtl, "az-Arab" too).
func Dir(lang string) string {
	script, _ := language.Make(lang).Script()
	if rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// SelfName is the language's name in itself from CLDR ("Deutsch",
// "português (Brasil)", "日本語"), capitalised for Latin and Cyrillic
// scripts. Where CLDR has no separate name for a regional variant, the
// region is added in brackets. Unknown languages return lang.
func SelfName(lang string) string {
	name := NameInText(lang)
	tag := language.Make(lang)
	if script, _ := tag.Script(); script.String() == "Latn" || script.String() == "Cyrl" {
		r, size := utf8.DecodeRuneInString(name)
		name = string(unicode.ToUpper(r)) + name[size:]
	}
	return name
}

// NameInText is the language's name in itself as a sentence writes it,
// CLDR's form without the capital a menu item takes: "français", "polski",
// "Deutsch" (German capitalises nouns), "ไทย", "العربية". Where CLDR has
// no separate name for a regional variant, the region is added in brackets.
// Unknown languages return lang.
func NameInText(lang string) string {
	tag := language.Make(lang)
	name := display.Self.Name(tag)
	if n, ok := serbianLatin(tag, tag); ok {
		name = n
	}
	if name == "" {
		return lang
	}
	name = inSentence(name, tag)
	if region, conf := tag.Region(); conf == language.Exact {
		base, _ := tag.Base()
		general := language.Make(base.String())
		if script, conf := tag.Script(); conf == language.Exact {
			general, _ = language.Compose(base, script)
		}
		if display.Self.Name(general) == name {
			if r := display.Regions(tag).Name(region); r != "" {
				name += " (" + r + ")"
			}
		}
	}
	return name
}

// RegionName is the name of country (an ISO 3166-1 code such as "DE") in
// the language inLang, from CLDR; English if CLDR has no name in inLang,
// and the code itself if the code is unknown.
func RegionName(country, inLang string) string {
	region, err := language.ParseRegion(country)
	if err != nil {
		return country
	}
	return regionName(region, language.Make(inLang))
}

// AreaName is a region switcher group's name in inLang: a UN M.49 area
// code ("150" Europe, "019" Americas, "142" Asia, "419" Latin America) is
// named from CLDR; any other group is shown as written.
func AreaName(group, inLang string) string {
	if len(group) != 3 || strings.Trim(group, "0123456789") != "" {
		return group
	}
	region, err := language.ParseRegion(group)
	if err != nil || region.String() == "ZZ" || fmt.Sprintf("%03d", region.M49()) != group {
		return group
	}
	return regionName(region, language.Make(inLang))
}

func regionName(region language.Region, in language.Tag) string {
	if name := display.Regions(in).Name(region); name != "" {
		return name
	}
	if name := display.Regions(language.English).Name(region); name != "" {
		return name
	}
	return region.String()
}

// Country is one ISO 3166-1 country with its name in some language.
type Country struct {
	Code string // ISO 3166-1 alpha-2, e.g. "DE"
	Name string
}

// countryRegions lists the current ISO 3166-1 alpha-2 countries: CLDR
// regions that are countries, not groupings (EU, UN, QO), not private use
// (ZZ, XK), not deprecated (DD, SU) and not merely reserved (AC, EA, IC).
var countryRegions = sync.OnceValue(func() []language.Region {
	var regions []language.Region
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.IsPrivateUse() || r.Canonicalize() != r || r.M49() == 0 {
				continue
			}
			// Withdrawn codes that CLDR keeps as their own region but no
			// longer names (AN, CS, NT, SU, YU).
			if display.Regions(language.English).Name(r) == "" {
				continue
			}
			regions = append(regions, r)
		}
	}
	return regions
})

var countriesCache sync.Map // canonical tag → []Country

// Countries returns every ISO 3166-1 country with its name in inLang,
// sorted by that language's collation rules (in German, Österreich sorts
// with O). The caller may modify the result.
func Countries(inLang string) []Country {
	tag := language.Make(inLang)
	key := tag.String()
	if cached, ok := countriesCache.Load(key); ok {
		return slices.Clone(cached.([]Country))
	}
	regions := countryRegions()
	list := make([]Country, len(regions))
	for i, r := range regions {
		list[i] = Country{Code: r.String(), Name: regionName(r, tag)}
	}
	coll := collate.New(tag)
	slices.SortStableFunc(list, func(a, b Country) int {
		if c := coll.CompareString(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	countriesCache.Store(key, list)
	return slices.Clone(list)
}

// DisplayName is the name of lang in the language inLang, from CLDR
// ("en" in "pl" is "angielski"), for notices that name another language.
// It falls back to lang itself.
func DisplayName(lang, inLang string) string {
	namer := display.Tags(language.Make(inLang))
	if namer == nil {
		return lang
	}
	tag := language.Make(lang)
	if name, ok := serbianLatin(tag, language.Make(inLang)); ok {
		return inSentence(name, language.Make(inLang))
	}
	if name := namer.Name(tag); name != "" {
		return inSentence(name, language.Make(inLang))
	}
	return lang
}

// serbianLatin names Serbian in Latin script, which x/text's names take
// for the retired "sh", Serbo-Croatian: as CLDR does, Serbian with the
// script, "srpski (latinica)", "Serbian (Latin)".
func serbianLatin(tag, in language.Tag) (string, bool) {
	base, _ := tag.Base()
	script, conf := tag.Script()
	if base.String() != "sr" || script.String() != "Latn" || conf != language.Exact {
		return "", false
	}
	if base, _ := in.Base(); base.String() == "sr" {
		if s, _ := in.Script(); s.String() == "Latn" {
			return "srpski (latinica)", true
		}
		return "српски (латиница)", true
	}
	serbian := display.Languages(in).Name(language.Serbian)
	latin := display.Scripts(in).Name(script)
	if serbian == "" || latin == "" {
		return "", false
	}
	return serbian + " (" + latin + ")", true
}

// inSentence is a language's name as a sentence in the language in
// writes it: CLDR's Vietnamese names start with a capital ("Tiếng Anh"),
// which a sentence writes small ("bản tiếng Anh").
func inSentence(name string, in language.Tag) string {
	if base, _ := in.Base(); base.String() == "vi" {
		r, size := utf8.DecodeRuneInString(name)
		return string(unicode.ToLower(r)) + name[size:]
	}
	return name
}
