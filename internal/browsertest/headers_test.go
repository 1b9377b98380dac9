package browsertest

import (
	"fmt"
	"strings"
	"testing"
)

// TestHeadersEnforced proves the browser gets the region's _headers and
// applies them: the headers it sees are the file's, a normal page causes
// no policy violation, and what the policy does not list is blocked
// (a fetch to another origin, a frame, a denied feature).
func TestHeadersEnforced(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	want := s.Headers("de", "/privacy/")
	for _, k := range []string{"Content-Security-Policy", "Permissions-Policy", "Referrer-Policy", "X-Content-Type-Options"} {
		if want.Get(k) == "" {
			t.Fatalf("de's _headers has no %s", k)
		}
	}
	p := s.Open(t, "de", "/privacy/", WithInitScript(`window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) { window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });`))
	// What the browser received for this very page.
	seen := Eval[map[string]string](p, `fetch(location.href).then(function (r) {
	  var h = {}; r.headers.forEach(function (v, k) { h[k] = v; }); return h; })`)
	for k, v := range want {
		if got := seen[strings.ToLower(k)]; got != strings.Join(v, ", ") {
			t.Errorf("browser sees %s = %q, _headers says %q", k, got, strings.Join(v, ", "))
		}
	}
	if v := Eval[[]string](p, "window.__violations"); len(v) != 0 {
		t.Errorf("a normal page violates its policy: %v", v)
	}
	if n := len(p.Problems()); n != 0 {
		t.Fatalf("problems before the checks: %v", p.Problems())
	}

	p.AllowProblems() // the checks below provoke violations on purpose
	other := s.URL("us", "/")
	got := Eval[string](p, fmt.Sprintf(`fetch(%q, {mode: 'no-cors'}).then(function () { return 'loaded'; }, function () { return 'blocked'; })`, other))
	if got != "blocked" {
		t.Errorf("a fetch to %s, which connect-src does not list: %s", other, got)
	}
	Eval[string](p, `new Promise(function (done) {
	  var f = document.createElement('iframe'); f.src = '/cookies/'; f.title = 't';
	  document.addEventListener('securitypolicyviolation', function () { done(''); });
	  document.body.append(f); setTimeout(function () { done(''); }, 2000); })`)
	v := strings.Join(Eval[[]string](p, "window.__violations"), "\n")
	if !strings.Contains(v, "connect-src "+other) {
		t.Errorf("no connect-src violation for %s in %q", other, v)
	}
	if !strings.Contains(v, "frame-src "+s.URL("de", "/cookies/")) {
		t.Errorf("no frame-src violation for the iframe in %q", v)
	}
	if Eval[bool](p, `!!document.featurePolicy && document.featurePolicy.allowsFeature('camera')`) {
		t.Error("Permissions-Policy does not deny the camera")
	}
}
