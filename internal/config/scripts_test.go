package config

import "testing"

func TestGatedScripts(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string // prefix of one diagnostic; "" for none
	}{
		{"root-relative", `src = "/demo-analytics.js"` + "\n" + `category = "analytics"`, ""},
		{"https", `src = "https://cdn.example/a.js"` + "\n" + `category = "marketing"`, ""},
		{"no src", `category = "analytics"`, "site.toml:5:11: gated script 1 has no src"},
		{"http", `src = "http://cdn.example/a.js"` + "\n" + `category = "analytics"`, `site.toml:6:7: script src "http://cdn.example/a.js" must be`},
		{"protocol-relative", `src = "//cdn.example/a.js"` + "\n" + `category = "analytics"`, `site.toml:6:7: script src "//cdn.example/a.js"`},
		{"host with a quote", `src = "https://cdn.example'unsafe-inline'/a.js"` + "\n" + `category = "analytics"`, `site.toml:6:7: script src "https://cdn.example'unsafe-inline'/a.js" has a host that`},
		{"host with a port", `src = "https://cdn.example:8443/a.js"` + "\n" + `category = "analytics"`, ""},
		{"IPv6 host", `src = "https://[2001:db8::1]/a.js"` + "\n" + `category = "analytics"`, ""},
		{"no category", `src = "/a.js"`, "site.toml:5:11: gated script 1 has no category"},
		{"unknown category", `src = "/a.js"` + "\n" + `category = "analytic"`, `site.toml:7:12: script category "analytic" is not a consent category`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, diags := parse(t, eu+"[[consent.scripts]]\n"+tt.src+"\n")
			if tt.want == "" {
				if len(diags) > 0 {
					t.Fatalf("unexpected diagnostics:\n%v", diags)
				}
				if len(site.Consent.Scripts) != 1 {
					t.Fatalf("got %d scripts, want 1", len(site.Consent.Scripts))
				}
				return
			}
			if !hasError(diags, tt.want) {
				t.Errorf("diagnostics:\n%v\nwant one starting %q", diags, tt.want)
			}
		})
	}
}
