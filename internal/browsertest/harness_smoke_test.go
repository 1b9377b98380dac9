package browsertest

import (
	"net/http"
	"strings"
	"testing"
)

// TestHarness checks the harness itself: one origin per region, the
// headers of the region's _headers file on every response, and a page that
// loads in the browser.
func TestHarness(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	resp, _ := s.Get(t, "de", "/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET de home: %s", resp.Status)
	}
	for k := range s.Headers("de", "/") {
		if got, want := resp.Header.Get(k), s.Headers("de", "/").Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("de home: Cache-Control %q, CSP %q", resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Security-Policy"))
	}
	resp, _ = s.Get(t, "nowhere", "/")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown region: %s, want 404", resp.Status)
	}

	p := s.Open(t, "de", "/")
	if lang := Eval[string](p, "document.documentElement.lang"); lang != "de" {
		t.Errorf("de home has lang %q, want de", lang)
	}
	p2 := s.Open(t, "us", "/")
	if origin := Eval[string](p2, "location.origin"); origin != s.Origin("us") {
		t.Errorf("us page origin %q, want %q", origin, s.Origin("us"))
	}
}
