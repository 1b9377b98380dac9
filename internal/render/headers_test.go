package render

import (
	"os"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/headers"
)

func TestRegionHeaders(t *testing.T) {
	site := &config.Site{
		Consent: config.Consent{
			RecordEndpoint: "https://consent.example/v1/record",
			Scripts:        []config.GatedScript{{Src: "/stats.js", Category: "analytics"}, {Src: "https://tags.example/t.js", Category: "marketing"}},
		},
		Forms: map[string]*config.Form{
			"lead": {
				Endpoint:  "https://api.example/v1/leads",
				Endpoints: map[string]string{"cn": "", "de": "https://api.example.de/leads", "local": "https://local.example/api/lead"},
			},
			"disabled": {Endpoint: ""},
		},
	}
	region := func(id, consent string) *config.Region {
		return &config.Region{ID: id, BaseURL: "https://" + id + ".example/", Consent: consent, Languages: []string{"en"}}
	}
	for _, tc := range []struct {
		name   string
		reg    *config.Region
		seen   Origins
		csp    string
		absent []string
	}{
		{
			name: "form endpoint on another origin, record endpoint and gated scripts",
			reg:  region("us", "opt-out"),
			csp: "default-src 'self'; script-src 'self' https://tags.example; connect-src 'self' https://api.example https://consent.example; " +
				"form-action 'self' https://api.example; frame-src 'none'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
		},
		{
			name: "the region's own endpoint wins over the form's",
			reg:  region("de", "opt-in"),
			csp: "default-src 'self'; script-src 'self' https://tags.example; connect-src 'self' https://api.example.de https://consent.example; " +
				"form-action 'self' https://api.example.de; frame-src 'none'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
			absent: []string{"https://api.example "},
		},
		{
			name: "form disabled in the region",
			reg:  region("cn", "opt-in"),
			csp: "default-src 'self'; script-src 'self' https://tags.example; connect-src 'self' https://consent.example; " +
				"form-action 'self'; frame-src 'none'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
			absent: []string{"api.example"},
		},
		{
			name: "consent none: no record endpoint, no gated scripts",
			reg:  region("ca", "none"),
			csp: "default-src 'self'; connect-src 'self' https://api.example; form-action 'self' https://api.example; " +
				"frame-src 'none'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
			absent: []string{"consent.example", "tags.example"},
		},
		{
			name: "an endpoint on the region's own origin is 'self'",
			reg:  &config.Region{ID: "local", BaseURL: "https://local.example/", Consent: "none", Languages: []string{"en"}},
			csp: "default-src 'self'; connect-src 'self'; form-action 'self'; frame-src 'none'; " +
				"base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
		},
		{
			name: "what the pages load",
			reg:  region("ca", "none"),
			seen: Origins{frameSrc: {"https://video.example", "'self'"}, imgSrc: {"https://img.example"}, mediaSrc: {"'self'"}},
			csp: "default-src 'self'; img-src 'self' https://img.example; connect-src 'self' https://api.example; form-action 'self' https://api.example; " +
				"frame-src 'self' https://video.example; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := regionHeaders(site, tc.reg, tc.seen)
			// What the file says is what a host reads from it.
			parsed, err := headers.Parse(f.Format())
			if err != nil {
				t.Fatal(err)
			}
			page := parsed.For("/privacy/")
			if got := page.Get("Content-Security-Policy"); got != tc.csp {
				t.Errorf("CSP\n got %s\nwant %s", got, tc.csp)
			}
			for _, a := range tc.absent {
				if strings.Contains(page.Get("Content-Security-Policy")+" ", a) {
					t.Errorf("CSP has %q", a)
				}
			}
			want := map[string]string{
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "strict-origin-when-cross-origin",
				"Permissions-Policy":     PermissionsPolicy,
			}
			for k, v := range want {
				if got := page.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"} {
				if !strings.Contains(page.Get("Permissions-Policy"), feature) {
					t.Errorf("Permissions-Policy does not deny %s", feature)
				}
			}
			if got := page.Get("Cache-Control"); got != "" {
				t.Errorf("pages get Cache-Control %q; the host's default is for HTML", got)
			}
			asset := parsed.For("/assets/site.0123456789.css")
			if got := asset.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("assets Cache-Control = %q", got)
			}
			if asset.Get("Content-Security-Policy") != tc.csp {
				t.Errorf("assets do not get the CSP too")
			}
		})
	}
}

func TestPageOriginsScan(t *testing.T) {
	opt := &config.Region{ID: "eu", Consent: "opt-in"}
	none := &config.Region{ID: "ca", Consent: "none"}
	page := []byte(`<!doctype html><html><head><script src=/assets/consent.abc.js defer></script>` +
		`<link rel=alternate href=https://elsewhere.example/ hreflang=de></head><body>` +
		`<p>a <a href="https://link.example/">link</a> <img alt="x > y" src="https://img.example/a.png" srcset="https://img2.example/a.png 2x, /b.png 3x">` +
		`<IFRAME data-consent=marketing data-src='https://video.example/embed/1' title=v></IFRAME>` +
		`<form method=post action=https://api.example/leads></form><iframe src=/embed/></iframe><script type=text/plain src=//tags.example/t.js></script>` +
		`<imgx src=https://no.example/>` +
		`<img src="https://cdn.example;sandbox/x.png"><img src="https://img.example,script-src/y.png">` +
		`<img src="https://q.example'/z.png"><img srcset="https://s.example%20x.example/a.png 2x"><script src="data:text/javascript,1"></script>`)
	got := ScanOrigins(opt, page).sorted()

	want := Origins{
		scriptSrc:  {"'self'", "https://tags.example"},
		imgSrc:     {"'self'", "https://img.example", "https://img2.example"},
		frameSrc:   {"'self'", "https://video.example"},
		formAction: {"https://api.example"},
	}
	if len(got) != len(want) {
		t.Errorf("scan = %v, want %v", got, want)
	}
	for d, os := range want {
		if strings.Join(got[d], " ") != strings.Join(os, " ") {
			t.Errorf("%s = %v, want %v", d, got[d], os)
		}
	}
	// Without the widget, nothing loads a gated iframe's data-src.
	if f := ScanOrigins(none, page).sorted()[frameSrc]; strings.Join(f, " ") != "'self'" {
		t.Errorf("consent none: frame-src sources %v, want only 'self'", f)
	}
}

// A source enters the policy as written, so originOf keeps only
// scheme://host[:port] built from checked parts: a ";" would start a
// directive, a "," a second policy, a space or quote a source of its own.
func TestOriginOf(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://cdn.example/x.png", "https://cdn.example"},
		{"HTTPS://CDN.Example:8443/x", "https://cdn.example:8443"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"https://[::1]:8443/", "https://[::1]:8443"},
		{"https://[2001:DB8::1]/", "https://[2001:db8::1]"},
		{"//tags.example/t.js", "https://tags.example"},
		{"https://xn--bcher-kva.example/", "https://xn--bcher-kva.example"},
		{"https://user:pw@api.example/", "https://api.example"},
		{"/assets/x.png", "'self'"},
		{"x.png", "'self'"},
		{"'self'", "'self'"},
		// Hostile: each would change the policy, or is no origin.
		{"https://cdn.example;sandbox/x.png", ""},
		{"https://cdn.example;script-src 'unsafe-inline'/x", ""},
		{"https://img.example,script-src/y.png", ""},
		{"https://img.example, script-src *", ""},
		{"https://a.example b.example/", ""},
		{"https://a.example%20b.example/", ""},
		{"https://a.example%3Bsandbox/", ""},
		{"https://a.example'/", ""},
		{`https://a.example"/`, ""},
		{"https://a.example\nscript-src */", ""},
		{"https://a.example\n/", ""},
		{"https://'unsafe-inline'/", ""},
		{"'unsafe-inline'", "'self'"}, // a relative path, not a keyword: 'self' either way
		{"https://*/", ""},
		{"https://*.example/", ""},
		{"*", "'self'"},
		{"data:image/png;base64,AAAA", ""},
		{"javascript:alert(1)", ""},
		{"blob:https://a.example/x", ""},
		{"https:a.example", ""},
		{"https://", ""},
		{"https://:443/", ""},
		{"https://a.example:/", ""},
		{"https://a.example:99999/", ""},
		{"https://a.example:8o8/", ""},
		{"https://-a.example/", ""},
		{"https://a..example/", ""},
		{"https://bücher.example/", ""},
		{"https://[::1%25eth0]/", ""},
		{"https://[1.2.3.4]/", ""},
		{"ws://live.example/", ""},
		{"ftp://files.example/", ""},
	} {
		if got := originOf(tt.in); got != tt.want {
			t.Errorf("originOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{"wss://live.example/socket": "wss://live.example", "ws://127.0.0.1:9000": "ws://127.0.0.1:9000", "wss://a;b/": ""} {
		if got := connectOrigin(in); got != want {
			t.Errorf("connectOrigin(%q) = %q, want %q", in, got, want)
		}
	}
}

// The scan runs on every page a build writes:
// go test ./internal/render -run XXX -bench PageOrigins
func BenchmarkPageOriginsScan(b *testing.B) {
	page, err := os.ReadFile("../site/testdata/golden/fixture.eu/privacy/index.html")
	if err != nil {
		b.Fatal(err)
	}
	reg := &config.Region{ID: "eu", Consent: "opt-in"}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		ScanOrigins(reg, page)
	}
}

// Origins from site.toml pass the same check as those of pages.
func TestRegionHeadersDropHostileOrigins(t *testing.T) {
	site := &config.Site{
		Consent: config.Consent{
			RecordEndpoint: "https://consent.example;sandbox/record",
			Scripts:        []config.GatedScript{{Src: "https://tags.example,script-src 'unsafe-inline'/t.js", Category: "marketing"}, {Src: "https://ok.example/t.js", Category: "analytics"}},
		},
		Forms: map[string]*config.Form{"lead": {Endpoint: "https://api.example 'unsafe-inline'/leads"}},
	}
	reg := &config.Region{ID: "eu", BaseURL: "https://eu.example/", Consent: "opt-in", Languages: []string{"en"}}
	seen := Origins{imgSrc: {"https://cdn.example;sandbox", "https://img.example"}}
	csp := regionHeaders(site, reg, seen)[0].Fields[0].Value
	for _, bad := range []string{"sandbox", "unsafe-inline", ",", "consent.example", "tags.example", "api.example", "cdn.example"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP holds %q: %s", bad, csp)
		}
	}
	for _, good := range []string{"script-src 'self' https://ok.example", "img-src 'self' https://img.example", "connect-src 'self';", "form-action 'self';"} {
		if !strings.Contains(csp, good) {
			t.Errorf("CSP lacks %q: %s", good, csp)
		}
	}
}
