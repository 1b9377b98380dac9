package browsertest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The accessibility tests run axe-core (https://github.com/dequelabs/axe-core)
// against built pages in every state a visitor meets: the first visit with
// the consent banner open, the preferences dialog open, the page after a
// choice (in light and dark colour schemes), and on the request form the
// error summary after an empty submit. Any WCAG 2.2 A/AA violation fails.
//
// scripts/test installs axe-core from npm into .cache/axe and exports
// CHARTER_AXE, the path of its axe.min.js.

// axeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript returns the source of axe.min.js named by CHARTER_AXE, skipping
// the test when it is unset (failing it when CHARTER_BROWSER_REQUIRED=1).
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("CHARTER_AXE")
	if path == "" {
		if os.Getenv("CHARTER_BROWSER_REQUIRED") == "1" {
			t.Fatal("CHARTER_BROWSER_REQUIRED=1 but CHARTER_AXE is unset; scripts/test installs axe-core and sets it")
		}
		t.Skip("CHARTER_AXE is unset; run scripts/test, which installs axe-core")
	}
	axeOnce.Do(func() {
		b, err := os.ReadFile(path)
		axeSource, axeErr = string(b), err
	})
	if axeErr != nil {
		t.Fatalf("reading axe-core (CHARTER_AXE): %v", axeErr)
	}
	return axeSource
}

// axeViolation is the part of an axe-core result a failure message needs.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeResult is what one axe-core run found: the violations, how many rules
// passed, and the rules it could not decide ("incomplete", to review by hand).
type axeResult struct {
	Violations []axeViolation `json:"violations"`
	Passes     int            `json:"passes"`
	Incomplete []string       `json:"incomplete"`
}

// runAxe injects axe-core into the page (Runtime.evaluate is not subject to
// the page's CSP), runs the WCAG rules, logs the rules axe could not decide
// and returns the violations.
func runAxe(t *testing.T, p *Page, axe string) []axeViolation {
	t.Helper()
	if !Eval[bool](p, "typeof window.axe === 'object'") {
		Eval[chromedp.Void](p, axe+"\n;void 0")
	}
	tags := `['` + strings.Join(axeTags, `','`) + `']`
	r := Eval[axeResult](p, `axe.run(document, {runOnly: {type: 'tag', values: `+tags+`}}).then(function (r) {
	  return {
	    passes: r.passes.length,
	    incomplete: r.incomplete.map(function (v) { return v.id + ' ' + JSON.stringify(v.nodes.map(function (n) { return n.target; })); }),
	    violations: r.violations.map(function (v) {
	      return {id: v.id, impact: v.impact || '', help: v.help, nodes: v.nodes.map(function (n) { return {target: n.target, failureSummary: n.failureSummary || ''}; })};
	    })
	  };
	})`)
	if r.Passes == 0 {
		t.Errorf("axe passed no rule at all on %s: it did not run", Eval[string](p, "location.href"))
	}
	for _, inc := range r.Incomplete {
		t.Logf("axe needs review: %s", inc)
	}
	return r.Violations
}

// reportViolations fails t with every violation: rule, impact and targets.
func reportViolations(t *testing.T, where string, vs []axeViolation) {
	t.Helper()
	for _, v := range vs {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s", where, v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
		}
		t.Error(b.String())
	}
}

// a11yPages are the pages judged: home, privacy policy and request form in
// a Latin (de), a CJK (cn, zh-Hans), a Thai (th) and a right-to-left
// Arabic (ae) region, the cookie policy with its generated table, an
// earlier version and a comparison of versions, a page shown in its
// fallback language (tr), and a further language of a multilingual region
// (eu, French).
var a11yPages = []struct{ region, path string }{
	{"de", "/"}, {"de", "/privacy/"}, {"de", "/implementation-request/"}, {"de", "/cookies/"},
	{"de", "/privacy/changes/"}, {"de", "/privacy/versions/2026-05-01/"},
	{"cn", "/"}, {"cn", "/privacy/"}, {"cn", "/implementation-request/"},
	{"th", "/"}, {"th", "/privacy/"}, {"th", "/implementation-request/"},
	{"ae", "/"}, {"ae", "/privacy/"}, {"ae", "/implementation-request/"}, {"ae", "/cookies/"},
	{"tr", "/privacy/"},
	{"eu", "/fr/privacy/"}, {"eu", "/fr/implementation-request/"},
	{"de", "/404.html"},
}

func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := axeScript(t)
	s := BuildSite(t)
	for _, pg := range a11yPages {
		t.Run(pg.region+pg.path, func(t *testing.T) {
			t.Parallel()
			where := pg.region + pg.path
			p := s.Open(t, pg.region, pg.path)

			// First visit: the banner is open over the page.
			if !visible(p, "#cc-banner") {
				t.Fatalf("%s: no consent banner on the first visit", where)
			}
			reportViolations(t, where+" with the banner", runAxe(t, p, axe))

			// The preferences dialog, opened from the banner.
			p.Click(`#cc-banner [data-consent-action="settings"]`)
			p.WaitFor("document.getElementById('cc-dialog').open")
			reportViolations(t, where+" with the preferences dialog", runAxe(t, p, axe))

			// After a choice: the page alone.
			p.Click(`#cc-dialog [data-consent-action="reject-all"]`)
			p.WaitFor("!document.getElementById('cc-dialog').open")
			if visible(p, "#cc-banner") {
				t.Fatalf("%s: the banner stays after Reject all", where)
			}
			reportViolations(t, where+" after the choice", runAxe(t, p, axe))
			// Dark colour scheme, with the region switcher open.
			colorScheme(t, p, "dark")
			p.Click(".region-switcher summary")
			p.WaitFor("document.querySelector('.region-switcher details').open")
			reportViolations(t, where+" in dark mode with the region switcher open", runAxe(t, p, axe))
			colorScheme(t, p, "light")
			Eval[chromedp.Void](p, "document.querySelector('.region-switcher details').open = false")

			// A phone-sized viewport (targets, reflow), then with the region
			// switcher open. Reflow (WCAG 1.4.10): nothing wider than the screen.
			phone(t, p, true)
			reportViolations(t, where+" on a phone-sized viewport", runAxe(t, p, axe))
			if wide := Eval[[]string](p, overflowing); len(wide) > 0 {
				t.Errorf("%s: on a 390px screen these elements reach past the screen: %q", where, wide)
			}
			p.Click(".region-switcher summary")
			p.WaitFor("document.querySelector('.region-switcher details').open")
			if wide := Eval[[]string](p, overflowing); len(wide) > 0 {
				t.Errorf("%s: on a 390px screen with the region switcher open these elements reach past the screen: %q", where, wide)
			}
			Eval[chromedp.Void](p, "document.querySelector('.region-switcher details').open = false")
			phone(t, p, false)

			// The request form after an empty submit: inline errors and the
			// error summary (regions with an endpoint only).
			if Eval[bool](p, `!!document.querySelector('form[data-form] .cf-submit:not([disabled])')`) {
				Eval[chromedp.Void](p, `document.querySelector('form[data-form] .cf-submit').click()`)
				p.WaitFor(`!document.querySelector('.cf-summary').hidden`)
				reportViolations(t, where+" with form errors", runAxe(t, p, axe))
			}
		})
	}
}

// colorScheme emulates prefers-color-scheme: scheme ("light" or "dark").
func colorScheme(t *testing.T, p *Page, scheme string) {
	t.Helper()
	if _, err := chromedp.Call(p.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}); err != nil {
		t.Fatalf("emulating prefers-color-scheme: %s: %v", scheme, err)
	}
}

// overflowing lists the rendered elements that reach past the viewport's
// sides (except the skip link, which waits above the page until focused,
// and what a clipping ancestor cuts off), and the page itself if it
// scrolls sideways.
const overflowing = `(function () {
  var w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth > w) out.push('html scrollWidth ' + document.documentElement.scrollWidth + ' > ' + w);
  function outside(r) { return r.width > 0 && (r.right > w + 1 || r.left < -1); }
  function clipped(e) {
    for (var a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && !outside(a.getBoundingClientRect())) return true;
    }
    return false;
  }
  document.querySelectorAll('body *').forEach(function (e) {
    if (outside(e.getBoundingClientRect()) && e.checkVisibility() && !e.closest('.skip-link') && !clipped(e)) {
      var r = e.getBoundingClientRect();
      out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  });
  return out.slice(0, 10);
})()`

// phone emulates a 390x844 touch screen at 3x, or ends the emulation.
func phone(t *testing.T, p *Page, on bool) {
	t.Helper()
	var err error
	if on {
		_, err = chromedp.Call(p.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 3, Mobile: true,
		})
	} else {
		_, err = chromedp.Call(p.Ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	}
	if err != nil {
		t.Fatalf("emulating a phone (%v): %v", on, err)
	}
}

// TestAccessibilityRunsAxe proves the check can fail: on a page with an
// image without alt text and an unlabelled input, axe reports both.
func TestAccessibilityRunsAxe(t *testing.T) {
	t.Parallel()
	axe := axeScript(t)
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	Eval[chromedp.Void](p, `(function () {
	  var img = document.createElement('img'); img.src = '/favicon.svg';
	  var input = document.createElement('input'); input.type = 'text';
	  document.getElementById('main').append(img, input);
	})()`)
	got := map[string]bool{}
	for _, v := range runAxe(t, p, axe) {
		got[v.ID] = true
	}
	for _, id := range []string{"image-alt", "label"} {
		if !got[id] {
			t.Errorf("axe did not report %s on a page made to violate it (got %v)", id, got)
		}
	}
}
