package browsertest

import (
	"testing"
)

// Policy pages get a working Print button and their contents beside the
// text (sticky) on wide screens, folded above it on phones; other page
// kinds get neither, nor a version line.
func TestPolicyPageKinds(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/privacy/")
	p.WaitFor(`document.querySelector('.print-button.ready') !== null`)
	if !Eval[bool](p, `getComputedStyle(document.querySelector('.print-button')).visibility === 'visible'`) {
		t.Error("the Print button is not visible once print.js ran")
	}
	Eval[bool](p, `(window.print = () => { window.printed = true }, true)`)
	p.Click(".print-button")
	if !Eval[bool](p, `window.printed === true`) {
		t.Error("the Print button does not print")
	}

	// Wide: the side contents are shown and stay in view at the end of
	// the page; the folded list is not shown.
	if !visible(p, ".toc-side") || visible(p, ".toc-compact") {
		t.Error("at 1280 px the contents are not beside the text")
	}
	Eval[bool](p, `(window.scrollTo({top: document.body.scrollHeight / 2, behavior: "instant"}), true)`)
	if top := Eval[float64](p, `document.querySelector('.toc-side').getBoundingClientRect().top`); top < -1 || top > 50 {
		t.Errorf("the side contents are not sticky: top %.0f px after scrolling", top)
	}

	phone(t, p, true)
	p.Reload()
	if visible(p, ".toc-side") || !visible(p, ".toc-compact") || Eval[bool](p, `document.querySelector('.toc-compact').open`) {
		t.Error("on a phone the contents are not one folded line")
	}
	if h := Eval[float64](p, `document.querySelector('.toc-compact').getBoundingClientRect().height`); h > 60 {
		t.Errorf("the folded contents are %.0f px high", h)
	}

	for _, path := range []string{"/", "/implementation-request/"} {
		q := s.Open(t, "de", path)
		if Eval[bool](q, `!!document.querySelector('.print-button, .toc-side, .toc-compact, .meta')`) {
			t.Errorf("%s shows a policy's version line, contents or Print button", path)
		}
	}
}

// The cookie table comes from site.toml in the page's language, and on a
// phone its rows stack without the page scrolling sideways.
func TestCookieTable(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/cookies/")
	tr(t, "de", "nav.home") // loads the catalogs
	got := Eval[string](p, `[...document.querySelectorAll('.cookie-table tbody tr')].find(r => r.querySelector('th').textContent === '_demo_analytics').lastElementChild.textContent`)
	if want := catalogs.N("de", "cookies.years", 1); got != want {
		t.Errorf("_demo_analytics lasts %q in the German table, want %q (site.toml: 1 year)", got, want)
	}
	phone(t, p, true)
	p.Reload()
	if Eval[bool](p, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Error("the cookie page scrolls sideways on a phone")
	}
	if Eval[string](p, `getComputedStyle(document.querySelector('.cookie-table td')).display`) != "block" {
		t.Error("the cookie table's rows do not stack on a phone")
	}
	if label := Eval[string](p, `getComputedStyle(document.querySelector('.cookie-table td'), '::before').content`); label != `"Anbieter"` {
		t.Errorf("a stacked cell is labelled %s, want its column's name", label)
	}
}
