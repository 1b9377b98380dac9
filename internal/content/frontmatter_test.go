package content

import (
	"fmt"

	"github.com/charter-ssg/charter/internal/diag"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestFrontMatterYAML(t *testing.T) {
	s, diags := parseString(t, `---
title: Datenschutzerklärung
description: "Wie wir Daten verarbeiten"
effective: 2026-11-01
version: 1.10
draft: true
aliases: [/old/privacy/, "/datenschutz/"]
regions:
  - eu
  - de
weight: 20
author: Jane Roe
tags: [a, b]
---
Body
`)
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%v", diags)
	}
	want := FrontMatter{
		Title:       "Datenschutzerklärung",
		Description: "Wie wir Daten verarbeiten",
		Effective:   time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		Version:     "1.10",
		Draft:       true,
		Aliases:     []string{"/old/privacy/", "/datenschutz/"},
		AliasesPos:  []diag.Pos{{File: "content/x.md", Line: 7, Col: 11, EndLine: 7, EndCol: 24}, {File: "content/x.md", Line: 7, Col: 26, EndLine: 7, EndCol: 41}},
		Regions:     []string{"eu", "de"},
		Weight:      20,
		Params:      map[string]any{"author": "Jane Roe", "tags": []any{"a", "b"}},
		HasAliases:  true,
	}
	got := s.Meta
	got.Fields = nil // TestFrontMatterParams
	if got.TitlePos.String() != "content/x.md:2:1" {
		t.Errorf("title at %s", got.TitlePos)
	}
	got.TitlePos = diag.Pos{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("meta =\n%#v\nwant\n%#v", got, want)
	}
}

// The keys under params: and any other key go into Params; Fields say
// where each is written, in YAML and in each way TOML writes a table.
func TestFrontMatterParams(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // key, key position, value position
	}{
		{"yaml", "---\ntitle: T\nowner: Legal\nparams:\n  reviewer: Ana\n  lastReviewed: 2026-02-30\n---\n", []string{
			"owner content/x.md:3:1 content/x.md:3:8",
			"params.reviewer content/x.md:5:3 content/x.md:5:13",
			"params.lastReviewed content/x.md:6:3 content/x.md:6:17",
		}},
		{"yaml inline", "---\ntitle: T\nparams: {reviewer: Ana}\n---\n", []string{
			"params.reviewer content/x.md:3:10 content/x.md:3:20",
		}},
		{"toml table", "+++\ntitle = 'T'\nowner = 'Legal'\n[params]\nreviewer = 'Ana'\n  lastReviewed = '2026-02-30'\n+++\n", []string{
			"owner content/x.md:3:1 content/x.md:3:9",
			"params.reviewer content/x.md:5:1 content/x.md:5:12",
			"params.lastReviewed content/x.md:6:3 content/x.md:6:18",
		}},
		{"toml dotted", "+++\ntitle = 'T'\nparams.reviewer = 'Ana'\nparams.since = 2026-01-02\n+++\n", []string{
			"params.reviewer content/x.md:3:8 content/x.md:3:19",
			"params.since content/x.md:4:8 content/x.md:4:16",
		}},
		{"toml inline", "+++\ntitle = 'T'\nparams = { reviewer = 'Ana' }\n+++\n", []string{
			"params.reviewer content/x.md:3:12 content/x.md:3:23",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := parseString(t, tt.src)
			if len(diags) > 0 {
				t.Fatalf("diagnostics:\n%v", diags)
			}
			var got []string
			for _, f := range s.Meta.Fields {
				got = append(got, f.Key+" "+f.KeyPos.String()+" "+f.ValPos.String())
				if v, ok := s.Meta.Params[f.Name()]; !ok || !reflect.DeepEqual(v, f.Value) {
					t.Errorf("Params[%q] = %#v, Field.Value %#v", f.Name(), v, f.Value)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("fields\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestFrontMatterTOML(t *testing.T) {
	s, diags := parseString(t, `+++
title = "Conditions générales"
effective = 2026-11-01T09:30:00+01:00
version = 2
draft = false
aliases = ["/cgv/"]
regions = ["eu"]
weight = 3
author = "Jane Roe"

[extra]
color = "blue"
+++
Body
`)
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%v", diags)
	}
	m := s.Meta
	if m.Title != "Conditions générales" || m.Version != "2" || m.Draft || m.Weight != 3 ||
		!reflect.DeepEqual(m.Aliases, []string{"/cgv/"}) || !reflect.DeepEqual(m.Regions, []string{"eu"}) {
		t.Errorf("meta = %#v", m)
	}
	if !m.Effective.Equal(time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("effective = %v", m.Effective)
	}
	if m.Params["author"] != "Jane Roe" || !reflect.DeepEqual(m.Params["extra"], map[string]any{"color": "blue"}) {
		t.Errorf("params = %#v", m.Params)
	}
}

func TestFrontMatterDates(t *testing.T) {
	tests := []struct {
		fm   string
		want time.Time
	}{
		{"---\ntitle: T\neffective: \"2026-11-01\"\n---\n", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"---\ntitle: T\neffective: 2026-11-01T10:00:00Z\n---\n", time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)},
		{"+++\ntitle = 'T'\neffective = 2026-11-01\n+++\n", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"+++\ntitle = 'T'\neffective = \"2026-11-01\"\n+++\n", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		s, diags := parseString(t, tt.fm)
		if len(diags) > 0 {
			t.Errorf("%q: %v", tt.fm, diags)
			continue
		}
		if !s.Meta.Effective.Equal(tt.want) {
			t.Errorf("%q: effective = %v, want %v", tt.fm, s.Meta.Effective, tt.want)
		}
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		pos  string
		msg  string
		hint string
	}{
		{"misspelled key yaml", "---\ntitle: T\ntitel: X\n---\n", "content/x.md:3:1", `unknown front matter key "titel"`, `did you mean "title"?`},
		{"misspelled key toml", "+++\ntitle = 'T'\n  descripton = 'x'\n+++\n", "content/x.md:3:3", `unknown front matter key "descripton"`, `did you mean "description"?`},
		{"misspelled regions", "---\ntitle: T\nregion: [eu]\n---\n", "content/x.md:3:1", `unknown front matter key "region"`, `did you mean "regions"?`},
		{"bad yaml", "---\ntitle: T\ndescription: [a\nweight: 3\n---\n", "content/x.md:", "invalid YAML front matter", ""},
		{"bad yaml indentation", "---\ntitle: T\n  x: y\n---\n", "content/x.md:3:1", "invalid YAML front matter", ""},
		{"bad toml", "+++\ntitle = 'T'\nweight = = 3\n+++\n", "content/x.md:3:10", "invalid TOML front matter", ""},
		{"unclosed yaml", "---\ntitle: T\n\nBody\n", "content/x.md:1:1", "unclosed front matter: no closing --- line", "end the front matter"},
		{"unclosed toml", "+++\ntitle = 'T'\n", "content/x.md:1:1", "unclosed front matter: no closing +++ line", ""},
		{"draft maybe", "---\ntitle: T\ndraft: maybe\n---\n", "content/x.md:3:8", `draft must be true or false, not "maybe"`, ""},
		{"draft toml string", "+++\ntitle = 'T'\ndraft = 'yes'\n+++\n", "content/x.md:3:9", "draft must be true or false", ""},
		{"weight text", "---\ntitle: T\nweight: heavy\n---\n", "content/x.md:3:9", "weight must be a whole number", ""},
		{"bad date", "---\ntitle: T\neffective: 1.11.2026\n---\n", "content/x.md:3:12", "effective must be a date", "YYYY-MM-DD"},
		{"impossible date", "---\ntitle: T\neffective: 2026-02-30\n---\n", "content/x.md:3:12", `effective must be a date, not "2026-02-30": February 2026 has 28 days`, "YYYY-MM-DD"},
		{"month 13", "---\ntitle: T\neffective: \"2026-13-01\"\n---\n", "content/x.md:3:12", `effective must be a date, not "2026-13-01": there is no month 13`, "YYYY-MM-DD"},
		{"params not a table", "---\ntitle: T\nparams: Legal\n---\n", "content/x.md:3:9", `params must be a table of keys of your own, not "Legal"`, "owner: Legal"},
		{"misspelled params", "---\ntitle: T\nparms: {a: 1}\n---\n", "content/x.md:3:1", `unknown front matter key "parms"`, `did you mean "params"?`},
		{"title list", "---\ntitle: [a]\n---\n", "content/x.md:2:8", "title must be text", ""},
		{"missing title", "---\ndescription: x\n---\n", "content/x.md:1:1", "missing title", ""},
		{"empty title", "---\ntitle: \"\"\n---\n", "content/x.md:2:8", "title is empty", ""},
		{"no front matter", "# Just text\n", "content/x.md:1:1", "missing front matter", ""},
		{"alias without slash", "---\ntitle: T\naliases:\n  - /ok/\n  - old/privacy\n---\n", "content/x.md:5:5", `alias "old/privacy" must be a URL path`, `write "/old/privacy"`},
		{"unknown region", "---\ntitle: T\nregions: [eu, dee]\n---\n", "content/x.md:3:15", `unknown region "dee"`, `did you mean "de"?`},
		{"unknown region toml", "+++\ntitle = 'T'\nregions = ['eu', 'uss']\n+++\n", "content/x.md:3:18", `unknown region "uss"`, `did you mean "us"?`},
		{"regions not a list", "---\ntitle: T\nregions: eu\n---\n", "content/x.md:3:10", "regions must be a list", ""},
		{"duplicate key", "---\ntitle: T\nTitle: U\n---\n", "content/x.md:3:1", "duplicate front matter key", ""},
		{"version as list", "---\ntitle: T\nversion: [1]\n---\n", "content/x.md:3:10", "version must be text or a number", ""},
		{"front matter not a map", "---\n- a\n- b\n---\n", "content/x.md:2:1", "front matter must be", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, tt.src)
			var found bool
			for _, d := range diags {
				if strings.HasPrefix(d.Pos.String(), tt.pos) && strings.Contains(d.Message, tt.msg) && strings.Contains(d.Hint, tt.hint) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s: %s (%s), got:\n%v", tt.pos, tt.msg, tt.hint, diags)
			}
		})
	}
}

func TestFrontMatterBodyPositions(t *testing.T) {
	// Body positions count the front matter lines, for both formats.
	for _, fm := range []string{"---\ntitle: T\ndescription: D\n---\n", "+++\ntitle = 'T'\ndescription = 'D'\n+++\n", "\xEF\xBB\xBF---\ntitle: T\ndescription: D\n---\n"} {
		_, diags := parseString(t, fm+"\nText :parm[x]\n")
		if findDiag(diags, "content/x.md:6:6", "unknown directive :parm") == nil {
			t.Errorf("%q: got %v", fm, diags)
		}
	}
}

// Front matter larger than maxFrontMatter is refused before YAML or TOML
// parses it (15.9 MB of YAML took 11.8 s and 1.5 GB to parse).
func TestFrontMatterSizeLimit(t *testing.T) {
	const limit = 256 << 10 // maxFrontMatter
	lines := func(n int, format string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i)
		}
		return b.String()
	}
	big := lines(1_000_000, "k%d: v\n") // about 10 MiB
	tests := []struct {
		name, src, msg string
	}{
		{"yaml", "---\ntitle: T\n" + big + "---\nBody\n", "front matter is 10.4 MiB; charter allows at most 256 KiB"},
		{"toml", "+++\ntitle = \"T\"\n" + lines(30_000, "k%d = \"v\"\n") + "+++\nBody\n", "front matter is 370.1 KiB; charter allows at most 256 KiB"},
		{"just over", "---\ntitle: T\n" + "p: " + strings.Repeat("x", limit-len("title: T\n")-len("p: \n")+1) + "\n---\nBody\n", "front matter is 256.1 KiB; charter allows at most 256 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, tt.src)
			if d := findDiag(diags, "content/x.md:1:1", tt.msg); d == nil || len(diags) != 1 || d.Hint == "" {
				t.Fatalf("want %q at content/x.md:1:1, got %v", tt.msg, diags)
			}
		})
	}
	atLimit := "---\ntitle: T\n" + "p: " + strings.Repeat("x", limit-len("title: T\n")-len("p: \n")) + "\n---\nBody\n"
	if _, diags := parseString(t, atLimit); diags.HasErrors() {
		t.Fatalf("front matter of exactly %d bytes: %v", limit, diags)
	}
}

// Positions in a large TOML front matter are found without counting lines
// from the start for every key (which took 14 s for 30,000 keys).
func TestFrontMatterTOMLPositionsLarge(t *testing.T) {
	var b strings.Builder
	b.WriteString("+++\ntitle = 'T'\n")
	for i := range 20_000 {
		fmt.Fprintf(&b, "k%d = 'v'\n", i)
	}
	b.WriteString("  descripton = 'x'\n+++\nBody\n")
	done := make(chan diag.List, 1)
	go func() { _, diags := parseString(t, b.String()); done <- diags }()
	select {
	case diags := <-done:
		if d := findDiag(diags, "content/x.md:20003:3", `unknown front matter key "descripton"`); d == nil {
			t.Fatalf("want the misspelled key at content/x.md:20003:3, got %v", diags)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("not parsed within 2 minutes")
	}
}

// Front matter columns count characters in both formats, and in TOML
// syntax errors too: "é" and "日本" before the value are one character
// each, not two or three bytes. The excerpt quotes the line.
func TestFrontMatterCharacterColumns(t *testing.T) {
	tests := []struct {
		name, src, pos, msg string
		excerpt             diag.Excerpt
	}{
		{"toml value after é", "+++\ntitle = 'T'\n\"título\" = 1; regions = ['é', 'uss']\n+++\n", "content/x.md:3:", "",
			diag.Excerpt{}}, // a TOML bare key cannot hold é: quoted, it can
		{"toml region after é", "+++\ntitle = 'T'\nregions = ['é', 'uss']\n+++\n", "content/x.md:3:17", `unknown region "uss"`,
			diag.Excerpt{Line: "regions = ['é', 'uss']", Col: 17, Width: 5}},
		{"toml item after cjk", "+++\ntitle = '日本'\naliases = ['/日本/', 'x']\n+++\n", "content/x.md:3:20", `alias "x" must be a URL path`,
			diag.Excerpt{Line: "aliases = ['/日本/', 'x']", Col: 20, Width: 3}},
		{"toml key after cjk", "+++\ntitle = 'T'\n\"日本\" = 1\n  descripton = 'x'\n+++\n", "content/x.md:4:3", `unknown front matter key "descripton"`,
			diag.Excerpt{Line: "  descripton = 'x'", Col: 3, Width: 10}},
		{"toml syntax error after é", "+++\n\"título\" = 'T'\ntitle = 'é' x\n+++\n", "content/x.md:3:13", "invalid TOML front matter",
			diag.Excerpt{Line: "title = 'é' x", Col: 13, Width: 1}},
		{"invalid utf-8", "---\ntitle: \xe9t\xe9\n---\n", "content/x.md:2:8", "invalid UTF-8",
			diag.Excerpt{Line: "title: \uFFFDt\uFFFD", Col: 8, Width: 1}},
		{"yaml value after é", "---\ntitle: T\ndraft: é\n---\n", "content/x.md:3:8", "draft must be true or false",
			diag.Excerpt{Line: "draft: é", Col: 8, Width: 1}},
		{"yaml item after cjk", "---\ntitle: 日本\naliases: [/日本/, x]\n---\n", "content/x.md:3:17", `alias "x" must be a URL path`,
			diag.Excerpt{Line: "aliases: [/日本/, x]", Col: 17, Width: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := parseString(t, tt.src)
			var d *diag.Diagnostic
			for _, x := range diags {
				if strings.HasPrefix(x.Pos.String(), tt.pos) && strings.Contains(x.Message, tt.msg) {
					d = x
				}
			}
			if d == nil {
				t.Fatalf("want %s: %s, got:\n%v", tt.pos, tt.msg, diags)
			}
			if tt.excerpt.Line == "" {
				return
			}
			if d.Excerpt == nil || *d.Excerpt != tt.excerpt {
				t.Errorf("excerpt = %+v, want %+v", d.Excerpt, tt.excerpt)
			}
		})
	}
}

func TestDateProblem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-11-01", ""},
		{"2028-02-29", ""},
		{"2026-11-01T09:30:00+01:00", ""},
		{"2026-02-29", "February 2026 has 28 days"},
		{"2026-04-31", "April 2026 has 30 days"},
		{"2026-00-10", "there is no month 0"},
		{"2026-1-5", "write the month and the day with two digits each"},
		{"2026-11-01T25:00:00", "the time is not hh:mm:ss, with an optional zone such as Z or +01:00"},
		{"1.11.2026", "not a date"},
		{"soon", "not a date"},
	}
	for _, tt := range tests {
		if got := DateProblem(tt.in); got != tt.want {
			t.Errorf("DateProblem(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if LooksLikeDate(tt.in) != (tt.want != "not a date") {
			t.Errorf("LooksLikeDate(%q) = %v", tt.in, LooksLikeDate(tt.in))
		}
	}
}
