package browsertest

import (
	"bytes"
	"fmt"
	"github.com/charter-ssg/charter/internal/assets"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/i18n"
	"github.com/charter-ssg/charter/internal/overlay"
)

// ConsentBudget is the most gzip -9 bytes consent.js and consent.css may
// weigh together (issue 3).
const ConsentBudget = 3072

const (
	consentCookie = "charter_consent"
	demoCookie    = "_demo_analytics"
	gatedDemo     = `script[src="/demo-analytics.js"]`
)

// recordEvents keeps every charter:consent event's detail in window.__events.
const recordEvents = `window.__events = [];
document.addEventListener('charter:consent', function (e) { window.__events.push(JSON.parse(JSON.stringify(e.detail))); });`

// gpcFromCookie makes navigator.globalPrivacyControl true while the page
// has the cookie test_gpc=1, so one browser context can turn GPC on later.
const gpcFromCookie = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
  configurable: true, get: function () { return document.cookie.indexOf('test_gpc=1') >= 0; } });`

// gpcOn makes navigator.globalPrivacyControl true.
const gpcOn = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: function () { return true; } });`

func visible(p *Page, css string) bool {
	return Eval[bool](p, fmt.Sprintf(`(function (e) { return !!e && e.getClientRects().length > 0 })(document.querySelector(%q))`, css))
}

// demoRan reports whether the gated demo script ran in the current document.
func demoRan(p *Page) bool {
	return Eval[bool](p, `!!window.demoAnalytics && document.querySelector('script[src="/demo-analytics.js"]').type !== 'text/plain'`)
}

func hasCookie(p *Page, name string) bool {
	_, ok := p.Cookie(name)
	return ok
}

// clickAndWaitLoad clicks css and waits for the next page load (a reload).
func (p *Page) clickAndWaitLoad(css string) {
	p.t.Helper()
	wait := chromedp.WaitEvent(page.LoadEventFired, func(page.EventLoadEventFired) bool { return true },
		chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	if _, err := chromedp.Run(p.Ctx, wait); err != nil {
		p.t.Fatalf("clicking %s and waiting for the reload: %v", css, err)
	}
}

func TestConsentFirstVisitOptIn(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	if !visible(p, "#cc-banner") {
		t.Fatal("no banner on the first visit in an opt-in region")
	}
	if visible(p, "#cc-dialog") {
		t.Error("the dialog is open on the first visit")
	}
	if demoRan(p) {
		t.Error("the gated analytics script ran before consent")
	}
	for _, c := range p.Cookies() {
		t.Errorf("cookie %s exists before any choice", c.Name)
	}
	if Eval[bool](p, "window.charter.consent.decided") {
		t.Error("window.charter.consent says decided on a first visit")
	}
	// Accept all and Reject all look the same.
	same := Eval[bool](p, `(function () {
	  var a = document.querySelector('#cc-banner [data-consent-action="accept-all"]');
	  var r = document.querySelector('#cc-banner [data-consent-action="reject-all"]');
	  var sa = getComputedStyle(a), sr = getComputedStyle(r);
	  return a.tagName === r.tagName && a.className === r.className &&
	    ['color', 'background-color', 'font-size', 'font-weight', 'padding-top', 'border-top-width', 'min-height'].every(function (k) { return sa[k] === sr[k]; }) &&
	    Math.abs(a.offsetHeight - r.offsetHeight) < 1;
	})()`)
	if !same {
		t.Error("Accept all and Reject all differ in element, class, colours or size")
	}
	// Targets are at least 24 x 24 px.
	small := Eval[[]string](p, `Array.from(document.querySelectorAll('#cc-banner button')).filter(function (b) {
	  var r = b.getBoundingClientRect(); return r.width < 24 || r.height < 24; }).map(function (b) { return b.textContent; })`)
	if len(small) > 0 {
		t.Errorf("buttons smaller than 24x24 px: %q", small)
	}
}

func TestConsentWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	_, html := s.Get(t, "de", "/")
	// The minifier may drop quotes around attribute values.
	for _, want := range []string{
		`<section id="?cc-banner"?[^>]* hidden>`,
		`<script type="?text/plain"? data-consent="?analytics"? data-src="?/demo-analytics.js"?></script>`,
		`<script type="?application/json"? id="?charter-consent"?>\{"region":"de","mode":"opt-in","lang":"de","revision":1,`,
	} {
		if !regexp.MustCompile(want).Match(html) {
			t.Errorf("de home has nothing like %s", want)
		}
	}
	p := NewPage(t)
	if _, err := chromedp.Call(p.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	p.Navigate(s.URL("de", "/"))
	if visible(p, "#cc-banner") {
		t.Error("the banner shows without JavaScript")
	}
	if hasCookie(p, demoCookie) {
		t.Error("the gated script ran without JavaScript")
	}
}

func TestConsentAcceptPersists(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/", WithInitScript(recordEvents))
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	if visible(p, "#cc-banner") {
		t.Error("the banner stays after Accept all")
	}
	if !hasCookie(p, demoCookie) {
		t.Error("accepting did not run the demo script (no _demo_analytics cookie)")
	}
	c, ok := p.Cookie(consentCookie)
	if !ok {
		t.Fatal("no charter_consent cookie after Accept all")
	}
	if c.SameSite != "Lax" || c.Path != "/" {
		t.Errorf("charter_consent has SameSite=%s Path=%s, want Lax and /", c.SameSite, c.Path)
	}
	if days := time.Until(time.Unix(int64(c.Expires), 0)).Hours() / 24; days < 181 || days > 183 {
		t.Errorf("charter_consent expires in %.1f days, want 182", days)
	}
	parts := strings.Split(c.Value, "|")
	if len(parts) != 7 || len(parts[0]) != 32 || parts[2] != "1" || parts[3] != "2026-11" || parts[4] != "de" || parts[5] != "necessary+analytics+marketing" {
		t.Errorf("charter_consent = %q, want id|time|1|2026-11|de|necessary+analytics+marketing|gpc", c.Value)
	}
	events := Eval[[]map[string]any](p, "window.__events")
	if len(events) != 1 || events[0]["decided"] != true {
		t.Errorf("charter:consent events = %v, want one decided state", events)
	}

	p.Reload()
	if visible(p, "#cc-banner") || !demoRan(p) {
		t.Error("after a reload the banner shows again or the accepted script does not run")
	}
	p.Navigate(s.URL("de", "/privacy/"))
	if visible(p, "#cc-banner") || !demoRan(p) {
		t.Error("on another page the banner shows again or the accepted script does not run")
	}
	if got := Eval[bool](p, "window.charter.consent.categories.analytics"); !got {
		t.Error("window.charter.consent does not report analytics allowed")
	}
}

func TestConsentRejectPersists(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "fr", "/")
	p.Click(`#cc-banner [data-consent-action="reject-all"]`)
	if visible(p, "#cc-banner") {
		t.Error("the banner stays after Reject all")
	}
	c, ok := p.Cookie(consentCookie)
	if !ok || strings.Split(c.Value, "|")[5] != "necessary" {
		t.Errorf("charter_consent after Reject all = %v, want only necessary", c)
	}
	for _, path := range []string{"/", "/privacy/"} {
		p.Navigate(s.URL("fr", path))
		if visible(p, "#cc-banner") {
			t.Errorf("%s: the banner shows again after Reject all", path)
		}
		if demoRan(p) || hasCookie(p, demoCookie) {
			t.Errorf("%s: the demo script ran after Reject all", path)
		}
	}
}

func TestConsentWithdrawal(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	c, ok := p.Cookie(demoCookie)
	if !ok {
		t.Fatal("no _demo_analytics cookie after Accept all")
	}
	// The cookie policy says it lasts 1 year, in every language.
	if days := (c.Expires - float64(time.Now().Unix())) / 86400; days < 364 || days > 366 {
		t.Errorf("_demo_analytics expires in %.1f days; the cookie policy says 1 year", days)
	}
	p.Click(`.site-footer [data-consent-action="settings"]`)
	if !Eval[bool](p, "document.getElementById('cc-dialog').open") {
		t.Fatal("the footer's Cookie settings link did not open the dialog")
	}
	if !Eval[bool](p, `document.querySelector('#cc-dialog [data-cc="analytics"]').checked`) {
		t.Error("the dialog does not show analytics as allowed")
	}
	if !Eval[bool](p, `(function (b) { return b.checked && b.disabled })(document.querySelector('#cc-dialog [data-cc="necessary"]'))`) {
		t.Error("necessary is not shown on and read-only")
	}
	p.Click(`#cc-dialog [data-cc="analytics"]`)
	p.clickAndWaitLoad(`#cc-dialog [data-consent-action="save"]`)
	if hasCookie(p, demoCookie) {
		t.Error("withdrawing analytics left the _demo_analytics cookie")
	}
	if demoRan(p) {
		t.Error("the demo script ran after withdrawal")
	}
	if visible(p, "#cc-banner") {
		t.Error("the banner shows after the choice was saved")
	}
	if !Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("saving analytics off also turned marketing off")
	}
}

func TestConsentRevisionBumpAsksAgain(t *testing.T) {
	t.Parallel()
	s1 := BuildSite(t)
	s2 := BuildSite(t, "consent.revision=2")
	p := s1.Open(t, "de", "/")
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	// Cookies are per host, not per port: the revision 2 build sees the choice.
	p.Navigate(s2.URL("de", "/"))
	if !hasCookie(p, consentCookie) {
		t.Fatal("the revision 2 site does not see the stored choice")
	}
	if !visible(p, "#cc-banner") {
		t.Error("a new revision does not ask again")
	}
	if demoRan(p) {
		t.Error("the demo script ran on a choice made under an older revision")
	}
	if hasCookie(p, demoCookie) {
		t.Error("the analytics cookie survived the revision bump without a new choice")
	}
}

func TestConsentExpiryAsksAgain(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	c, _ := p.Cookie(consentCookie)
	parts := strings.Split(c.Value, "|")
	// Same choice, made 183 days ago (expiryDays is 182).
	old := time.Now().Add(-183 * 24 * time.Hour).UnixMilli()
	parts[1] = strconv.FormatInt(old, 36)
	p.SetCookie(consentCookie, strings.Join(parts, "|"))
	p.Reload()
	if !visible(p, "#cc-banner") {
		t.Error("an expired choice does not ask again")
	}
	if demoRan(p) {
		t.Error("the demo script ran on an expired choice")
	}
	// A choice one day younger is still valid.
	parts[1] = strconv.FormatInt(time.Now().Add(-181*24*time.Hour).UnixMilli(), 36)
	p.SetCookie(consentCookie, strings.Join(parts, "|"))
	p.Reload()
	if visible(p, "#cc-banner") || !demoRan(p) {
		t.Error("a 181-day-old choice was not honoured")
	}
}

func TestConsentGPCOptOut(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	resp, body := s.Get(t, "us", "/.well-known/gpc.json")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"gpc":true`)) {
		t.Errorf("us /.well-known/gpc.json: %s %s", resp.Status, body)
	}
	if resp, _ := s.Get(t, "de", "/.well-known/gpc.json"); resp.StatusCode != 404 {
		t.Errorf("de (opt-in) serves /.well-known/gpc.json: %s", resp.Status)
	}

	// First visit with GPC: sale categories off at once, the rest allowed.
	p := s.Open(t, "us", "/", WithInitScript(gpcOn))
	if Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("GPC did not turn marketing (a sale) off")
	}
	if !Eval[bool](p, "window.charter.consent.categories.analytics") || !demoRan(p) {
		t.Error("in an opt-out region analytics should be allowed by default")
	}
	if !visible(p, ".cc-dns .cc-gpc") {
		t.Error("no visible GPC notice")
	}
	if got := Eval[string](p, `document.querySelector('.cc-dns .cc-gpc').textContent`); got != "Opt-out request honored" {
		t.Errorf("GPC notice = %q", got)
	}
	if !visible(p, `.cc-dns [data-consent-action="settings"]`) {
		t.Error("no Do Not Sell or Share link")
	}
	p.Click(`.cc-dns [data-consent-action="settings"]`)
	if !Eval[bool](p, "document.getElementById('cc-dialog').open") {
		t.Error("the Do Not Sell or Share link does not open the dialog")
	}
	if Eval[bool](p, `document.querySelector('#cc-dialog [data-cc="marketing"]').checked`) {
		t.Error("the dialog shows marketing on under GPC")
	}
}

func TestConsentGPCOverridesEarlierAllow(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "us", "/", WithInitScript(gpcFromCookie))
	if !Eval[bool](p, "window.charter.consent.categories.marketing") || visible(p, ".cc-gpc") {
		t.Fatal("without GPC, marketing should be allowed in the opt-out region, with no GPC notice")
	}
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.SetCookie("test_gpc", "1")
	p.Reload()
	if Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("GPC did not override an allow given before it")
	}
	if !visible(p, ".cc-dns .cc-gpc") {
		t.Error("no GPC notice")
	}
	// Accept all keeps honouring the signal (CCPA regulations §7025(c)).
	p.Click(`.cc-dns [data-consent-action="settings"]`)
	p.Click(`#cc-dialog [data-consent-action="accept-all"]`)
	p.Reload()
	if Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("Accept all under GPC allowed marketing (a sale)")
	}
	// Turning marketing on in the dialog is the visitor's later word, and sticks.
	p.Click(`.cc-dns [data-consent-action="settings"]`)
	p.Click(`#cc-dialog [data-cc="marketing"]`)
	p.Click(`#cc-dialog [data-consent-action="save"]`)
	p.Reload()
	if !Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("an allow given while GPC was on was overridden")
	}
	if visible(p, ".cc-dns .cc-gpc") {
		t.Error("the GPC notice shows although the visitor re-consented")
	}
}

func TestConsentGPCOptIn(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "br", "/", WithInitScript(gpcOn))
	p.Click(`#cc-banner [data-consent-action="settings"]`)
	on := Eval[[]string](p, `Array.from(document.querySelectorAll('#cc-dialog [data-cc]:not([disabled])')).filter(function (b) { return b.checked }).map(function (b) { return b.dataset.cc })`)
	if len(on) > 0 {
		t.Errorf("with GPC in an opt-in region the dialog pre-selects %v, want all off", on)
	}
}

func TestConsentModeOrder(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	// What dataLayer holds: "consent default {...}", "consent update {...}" or an event name.
	const log = `(window.dataLayer || []).map(function (e) { return e[0] === 'consent' ? 'consent ' + e[1] + ' ' + JSON.stringify(e[2]) : e.event })`
	p := s.Open(t, "de", "/")
	first := Eval[[]string](p, log)
	if len(first) != 1 || !strings.HasPrefix(first[0], "consent default ") {
		t.Fatalf("first visit dataLayer = %q, want only consent default", first)
	}
	for _, typ := range []string{"ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage"} {
		if !strings.Contains(first[0], `"`+typ+`":"denied"`) {
			t.Errorf("opt-in default does not deny %s: %s", typ, first[0])
		}
	}
	if !strings.Contains(first[0], `"security_storage":"granted"`) {
		t.Errorf("default does not grant security_storage (necessary): %s", first[0])
	}
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	got := Eval[[]string](p, log)
	if len(got) != 3 || !strings.HasPrefix(got[1], "consent update ") || !strings.Contains(got[1], `"analytics_storage":"granted"`) || got[2] != "demo_analytics" {
		t.Errorf("after Accept all dataLayer = %q, want default, update (granted), demo_analytics", got)
	}
	p.Reload()
	got = Eval[[]string](p, log)
	if len(got) != 3 || !strings.HasPrefix(got[0], "consent default ") || !strings.HasPrefix(got[1], "consent update ") || got[2] != "demo_analytics" {
		t.Errorf("on a later visit dataLayer = %q, want default, update, then the gated tag", got)
	}
}

func TestConsentKeyboard(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	const active = `(function (e) { return e ? e.tagName + ' ' + (e.getAttribute('data-consent-action') || e.getAttribute('data-cc') || e.id || '') + (e.closest('#cc-dialog') ? ' in-dialog' : '') + (e.closest('#cc-banner') ? ' in-banner' : '') + (e.closest('.site-footer') ? ' in-footer' : '') : '' })(document.activeElement)`
	tabTo := func(want string) {
		t.Helper()
		for range 150 {
			p.Press(kb.Tab)
			if Eval[string](p, active) == want {
				return
			}
		}
		t.Fatalf("Tab never reached %q", want)
	}
	tabTo("BUTTON settings in-banner")
	p.Press(kb.Enter)
	if !Eval[bool](p, "document.getElementById('cc-dialog').open") {
		t.Fatal("Enter on Settings did not open the dialog")
	}
	if a := Eval[string](p, active); !strings.HasSuffix(a, "in-dialog") {
		t.Fatalf("focus is not in the dialog after it opened: %q", a)
	}
	n := Eval[int](p, `document.querySelectorAll('#cc-dialog button, #cc-dialog input:not([disabled])').length`)
	seen := map[string]bool{}
	for range 2*n + 1 {
		p.Press(kb.Tab)
		a := Eval[string](p, active)
		if !strings.HasSuffix(a, "in-dialog") {
			t.Fatalf("Tab left the dialog: focus on %q", a)
		}
		seen[a] = true
	}
	if len(seen) != n {
		t.Errorf("Tab visited %d of the dialog's %d controls", len(seen), n)
	}
	p.Press(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	if a := Eval[string](p, active); !strings.HasSuffix(a, "in-dialog") {
		t.Fatalf("Shift+Tab left the dialog: focus on %q", a)
	}
	// Escape on a first visit in an opt-in region closes and refuses.
	p.Press(kb.Escape)
	if Eval[bool](p, "document.getElementById('cc-dialog').open") {
		t.Fatal("Escape did not close the dialog")
	}
	// The dialog's close event, which records the choice, is a task of its own.
	p.WaitFor("window.charter.consent.decided")
	if Eval[bool](p, "window.charter.consent.categories.analytics") {
		t.Error("closing on the first visit did not count as Reject all")
	}
	if a := Eval[string](p, active); a != "MAIN main" {
		t.Errorf("after the banner closed focus is on %q, want main", a)
	}
	// Reopen from the footer link: Escape changes nothing and focus returns.
	tabTo("A settings in-footer")
	p.Press(kb.Enter)
	if !Eval[bool](p, "document.getElementById('cc-dialog').open") {
		t.Fatal("Enter on the footer link did not open the dialog")
	}
	p.Press(kb.Tab)
	p.Press(" ") // toggle something, then leave without saving
	p.Press(kb.Escape)
	p.WaitFor("!document.getElementById('cc-dialog').open")
	if a := Eval[string](p, active); a != "A settings in-footer" {
		t.Errorf("focus did not return to the footer link: %q", a)
	}
	if Eval[bool](p, "window.charter.consent.categories.analytics || window.charter.consent.categories.marketing") {
		t.Error("Escape saved a change")
	}
}

func TestConsentNoticeRegion(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	cat, diags := i18n.Load(overlay.New(siteDir, charter.Defaults), "locales")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	p := s.Open(t, "jp", "/")
	if !visible(p, "#cc-banner") {
		t.Fatal("no banner in the notice region")
	}
	buttons := Eval[[]string](p, `Array.from(document.querySelectorAll('#cc-banner button')).map(function (b) { return b.textContent.trim() })`)
	if want := cat.T("ja", "consent.got_it"); len(buttons) != 1 || buttons[0] != want {
		t.Errorf("notice banner buttons = %q, want only %q", buttons, want)
	}
	if !demoRan(p) {
		t.Error("the notice model blocked analytics")
	}
	p.Click("#cc-banner button")
	p.Reload()
	if visible(p, "#cc-banner") {
		t.Error("the notice shows again after Got it")
	}
}

func TestConsentBlockedIframe(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	// Add an iframe as content would, then let the widget render a choice.
	// It loads about:blank: the example's pages embed nothing, so their
	// _headers say frame-src 'none' (an iframe a script adds at run time is
	// not in the HTML the build reads), and frame-ancestors 'none' refuses
	// the site's own pages in a frame.
	Eval[chromedp.Void](p, `(function () { var f = document.createElement('iframe'); f.dataset.consent = 'marketing';
	  f.dataset.src = 'about:blank'; f.title = 'demo'; document.getElementById('main').append(f); })()`)
	p.Click(`#cc-banner [data-consent-action="reject-all"]`)
	if !visible(p, `.cc-ph [data-cc-allow="marketing"]`) || visible(p, "iframe[data-consent]") {
		t.Fatal("a refused iframe shows no placeholder with Allow and load, or is not hidden")
	}
	if Eval[string](p, `document.querySelector('iframe[data-consent]').getAttribute('src') || ''`) != "" {
		t.Error("a refused iframe has a src")
	}
	// The hidden banner gives back the space it kept at the page's end a
	// frame later (a ResizeObserver): until then the page may still move
	// under a click at the placeholder's coordinates, as it once did in CI.
	p.WaitFor(`document.body.style.paddingBlockEnd === ''`)
	p.Click(`.cc-ph [data-cc-allow="marketing"]`)
	if got := Eval[string](p, `document.querySelector('iframe[data-consent]').getAttribute('src')`); got != "about:blank" {
		t.Errorf("after Allow and load the iframe src = %q", got)
	}
	if visible(p, ".cc-ph") || !Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("Allow and load did not remove the placeholder and allow marketing")
	}
}

func TestConsentEveryRegion(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	// Three tabs share the regions, to keep the suite fast.
	const tabs = 3
	for i := range tabs {
		t.Run(fmt.Sprint("tab", i), func(t *testing.T) {
			t.Parallel()
			p := NewPage(t)
			for j, r := range s.Config.Regions {
				if j%tabs == i {
					checkRegionBanner(t, p, s, r)
				}
			}
		})
	}
}

func checkRegionBanner(t *testing.T, p *Page, s *Site, r *config.Region) {
	t.Helper()
	p.Navigate(s.URL(r.ID, "/"))
	if !visible(p, "#cc-banner") {
		t.Errorf("%s: no banner", r.ID)
	}
	n := Eval[int](p, `document.querySelectorAll('#cc-banner button').length`)
	want := 3
	if r.Consent == "notice" {
		want = 1
	}
	if n != want {
		t.Errorf("%s (%s): %d banner buttons, want %d", r.ID, r.Consent, n, want)
	}
	if got := Eval[bool](p, "!!document.querySelector('.cc-dns')"); got != (r.Consent == "opt-out") {
		t.Errorf("%s (%s): Do Not Sell link present = %v", r.ID, r.Consent, got)
	}
	if lang := Eval[string](p, "JSON.parse(document.getElementById('charter-consent').textContent).lang"); lang != r.DefaultLanguage() {
		t.Errorf("%s: widget config language %q, want %q", r.ID, lang, r.DefaultLanguage())
	}
}

// TestConsentSizeBudget measures what a page downloads for the widget:
// consent.js, and consent.css (inlined into site.css at build time, so it
// costs no request of its own), each gzip -9.
func TestConsentSizeBudget(t *testing.T) {
	s := BuildSite(t)
	js, _ := filepath.Glob(filepath.Join(s.Dir, "acme24.de", "assets", "consent.*.js"))
	if len(js) != 1 {
		t.Fatalf("found %d consent scripts in the build, want 1", len(js))
	}
	if css, _ := filepath.Glob(filepath.Join(s.Dir, "acme24.de", "assets", "consent.*.css")); len(css) != 0 {
		t.Errorf("consent.css is written on its own (%v): it should be inlined into site.css", css)
	}
	bundle, diags := assets.Build(charter.Defaults, true)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	data, err := os.ReadFile(js[0])
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := bundle.Get("consent.js"); !bytes.Equal(a.Data, data) {
		t.Fatal("the built consent.js differs from the bundle's")
	}
	site, _ := bundle.Get("site.css")
	consentCSS, _ := bundle.Get("consent.css")
	if !bytes.Contains(site.Data, consentCSS.Data) {
		t.Error("site.css does not contain the consent styles")
	}
	total := bundle.GzipSize("consent.js") + bundle.GzipSize("consent.css")
	t.Logf("consent widget: consent.js %d + consent.css %d = %d bytes gzip -9 (budget %d)",
		bundle.GzipSize("consent.js"), bundle.GzipSize("consent.css"), total, ConsentBudget)
	if total > ConsentBudget {
		t.Errorf("consent JS + CSS weigh %d bytes gzip, over the %d-byte budget", total, ConsentBudget)
	}
}

// A choice given under an earlier policyVersion is asked again: the
// banner shows, and the gated script does not run until a new choice.
func TestConsentAskedAgainOnNewPolicyVersion(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/")
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	c, ok := p.Cookie(consentCookie)
	if !ok {
		t.Fatal("no charter_consent cookie after Accept all")
	}
	parts := strings.Split(c.Value, "|")
	if len(parts) != 7 || parts[3] != "2026-11" {
		t.Fatalf("charter_consent = %q, want the policy version 2026-11 in its fourth field", c.Value)
	}
	// The same choice, recorded under the policy before this one.
	parts[3] = "2026-05"
	Eval[chromedp.Void](p, fmt.Sprintf(`document.cookie = %q`, consentCookie+"="+strings.Join(parts, "|")+"; Path=/; SameSite=Lax"))
	p.Reload()
	if !visible(p, "#cc-banner") {
		t.Error("no banner for a choice given under an earlier policy version")
	}
	if demoRan(p) {
		t.Error("the gated script ran on a choice given under an earlier policy version")
	}
	// The same version again is a choice already made.
	parts[3] = "2026-11"
	Eval[chromedp.Void](p, fmt.Sprintf(`document.cookie = %q`, consentCookie+"="+strings.Join(parts, "|")+"; Path=/; SameSite=Lax"))
	p.Reload()
	if visible(p, "#cc-banner") {
		t.Error("the banner shows again for a choice under the current policy version")
	}
}

// Under Global Privacy Control, Accept all in the banner keeps sales and
// sharing off; the banner says the signal is honoured; only the dialog's
// own switch turns marketing on.
func TestConsentGPCAcceptAllKeepsSalesOff(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "us", "/", WithInitScript(gpcOn))
	if !visible(p, "#cc-banner") || !visible(p, "#cc-banner .cc-gpc") {
		t.Fatal("the banner does not say the GPC signal is honoured")
	}
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	if Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("Accept all under GPC turned marketing (a sale) on")
	}
	if !Eval[bool](p, "window.charter.consent.categories.analytics") {
		t.Error("Accept all under GPC left analytics off")
	}
	p.Reload()
	if Eval[bool](p, "window.charter.consent.categories.marketing") || visible(p, "#cc-banner") {
		t.Error("after a reload marketing is on, or the banner asks again")
	}
	// The visitor's own switch in the dialog is a choice GPC does not undo.
	p.Click(`.site-footer [data-consent-action="settings"]`)
	p.Click(`#cc-dialog [data-cc="marketing"]`)
	p.Click(`#cc-dialog [data-consent-action="save"]`)
	p.WaitFor("window.charter.consent.categories.marketing")
	p.Reload()
	if !Eval[bool](p, "window.charter.consent.categories.marketing") {
		t.Error("marketing turned on in the dialog under GPC did not stay on")
	}
}

// Withdrawing a category deletes its cookies on every path the site
// declares in consent.cookiePaths, not only on /: a cookie set with
// Path=/privacy/ is deleted only with that path.
func TestConsentWithdrawalDeletesOnDeclaredPaths(t *testing.T) {
	t.Parallel()
	s := BuildSite(t, `consent.cookiePaths=["/", "/privacy/"]`)
	p := s.Open(t, "de", "/privacy/")
	p.Click(`#cc-banner [data-consent-action="accept-all"]`)
	p.WaitFor("window.demoAnalytics")
	Eval[chromedp.Void](p, `document.cookie = "_demo_analytics=on-a-path; Path=/privacy/; SameSite=Lax"`)
	if !Eval[bool](p, `document.cookie.includes("_demo_analytics=on-a-path")`) {
		t.Fatal("could not set the cookie on /privacy/")
	}
	p.Click(`.site-footer [data-consent-action="settings"]`)
	p.Click(`#cc-dialog [data-cc="analytics"]`)
	p.clickAndWaitLoad(`#cc-dialog [data-consent-action="save"]`) // the demo script ran: the page reloads
	if c, ok := p.Cookie(demoCookie); ok {
		t.Errorf("after withdrawing analytics the page still has %s=%s on path %s", c.Name, c.Value, c.Path)
	}
}
