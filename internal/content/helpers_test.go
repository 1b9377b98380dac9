package content

import (
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// testSite is a small site: three regions with their own params, site
// params and one form.
func testSite() *config.Site {
	return &config.Site{
		Title:           "Acme24",
		DefaultLanguage: "en",
		Params:          map[string]any{"company": "Acme24 Ltd", "storage": "Frankfurt", "hostile": `<script>alert(1)</script>`},
		Forms:           map[string]*config.Form{"implementation-request": {ID: "implementation-request"}},
		Regions: []*config.Region{
			{ID: "eu", Domain: "acme24.eu", Languages: []string{"en", "fr"}, Consent: "opt-in", Params: map[string]any{"domain": "acme24.eu"}},
			{ID: "de", Domain: "acme24.de", Languages: []string{"de"}, Consent: "opt-in", Params: map[string]any{"domain": "acme24.de", "storage": "Nürnberg", "attack": `"><img src=x onerror=alert(1)>`}},
			{ID: "us", Domain: "acme24.com", Languages: []string{"en"}, Consent: "opt-out", Params: map[string]any{"domain": "acme24.com", "dpo": "Jane Roe"}},
		},
	}
}

func region(site *config.Site, id string) *config.Region {
	for _, r := range site.Regions {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// parseString parses src as content/x.md.
func parseString(t testing.TB, src string) (*Source, diag.List) {
	t.Helper()
	return parseSource("content/x.md", []byte(src), testSite())
}

// mustParse parses src (a body; a front matter with a title is added) and
// fails on any diagnostic.
func mustParse(t testing.TB, body string) *Source {
	t.Helper()
	s, diags := parseString(t, "---\ntitle: T\n---\n"+body)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	return s
}

// mustRender renders s for region id ("" for none).
func mustRender(t testing.TB, s *Source, id string) Rendered {
	t.Helper()
	site := testSite()
	r, err := s.Render(RenderContext{Site: site, Region: region(site, id), Lang: s.Lang})
	if err != nil {
		t.Fatalf("render %s: %v", id, err)
	}
	return r
}

// writeFiles writes files (path relative to the site dir) into a temp dir.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	return sitetest.Write(t, t.TempDir(), files)
}

// errorAt reports whether diags has an error at pos whose message contains msg.
func findDiag(diags diag.List, pos, msg string) *diag.Diagnostic {
	for _, d := range diags {
		if d.Pos.String() == pos && strings.Contains(d.Message, msg) {
			return d
		}
	}
	return nil
}

// parseSource scans and parses one file.
func parseSource(file string, src []byte, site *config.Site) (*Source, diag.List) {
	s, diags := scanSource(file, src, site)
	if s == nil {
		return nil, diags
	}
	return s, append(diags, s.parse(site)...)
}

// Load is Scan, then Parse of every source, as a build does; sources with
// errors are left out.
func Load(dir string, site *config.Site) ([]*Source, diag.List) {
	fsys, err := sitefs.Open(dir, 0)
	if err != nil {
		panic(err)
	}
	defer fsys.Close()
	srcs, diags := Scan(fsys, site)
	kept := srcs[:0]
	for _, s := range srcs {
		d := s.parse(site)
		diags = append(diags, d...)
		if !d.HasErrors() {
			kept = append(kept, s)
		}
	}
	return kept, diags
}
