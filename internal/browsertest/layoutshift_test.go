package browsertest

import (
	"fmt"
	"testing"
	"time"
)

// recordShifts keeps every layout-shift entry of the document, with the
// elements that moved, in window.__shifts.
const recordShifts = `window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    if (e.hadRecentInput) return;
    window.__shifts.push(e.value.toFixed(4) + ' ' + (e.sources || []).map(function (s) {
      var n = s.node; if (!n || !n.tagName) return '?';
      var a = s.previousRect, b = s.currentRect;
      return n.tagName.toLowerCase() + (n.id ? '#' + n.id : '') + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '') +
        ' ' + [a.x, a.y, a.width].join(',') + ' -> ' + [b.x, b.y, b.width].join(',');
    }).join(', '));
  });
}).observe({ type: 'layout-shift', buffered: true });`

// TestConsentNoLayoutShift loads pages with the banner showing (first
// visits in an opt-in, an opt-out and a notice region) and with a stored
// choice, on a phone and on a desktop screen, and fails on any layout
// shift: the banner is rendered into the page and fixed, so showing it,
// padding the page's end for it and hiding it move nothing; and the first
// paint waits for the header (<link rel=expect>), which painted half
// parsed grew and moved the region switcher in about one load in ten.
func TestConsentNoLayoutShift(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	for _, region := range []string{"de", "us", "jp"} {
		for _, path := range []string{"/", "/privacy/", "/implementation-request/"} {
			t.Run(region+path, func(t *testing.T) {
				t.Parallel()
				for _, onPhone := range []bool{true, false} {
					where := fmt.Sprintf("%s%s (phone %v)", region, path, onPhone)
					p := NewPage(t, WithInitScript(recordShifts))
					if onPhone {
						phone(t, p, true)
					}
					p.Navigate(s.URL(region, path))
					p.WaitFor(`!document.getElementById('cc-banner').hidden`)
					settle(p)
					if got := Eval[[]string](p, `window.__shifts`); len(got) > 0 {
						t.Errorf("%s: layout shifts on a first visit: %q", where, got)
					}
					// A returning visitor: the banner stays hidden.
					p.Click(`#cc-banner [data-consent-action="accept-all"]`)
					p.Reload()
					settle(p)
					if got := Eval[[]string](p, `window.__shifts`); len(got) > 0 {
						t.Errorf("%s: layout shifts with a stored choice: %q", where, got)
					}
				}
			})
		}
	}
}

// TestHeaderStreamedInDoesNotShift stops the page's download in the middle
// of the header, where a first paint would show the region switcher's
// <details> with the browser's own "Details" summary, and checks that no
// layout shift follows when the rest arrives: the first paint waits for
// the header (<link rel="expect" href="#main" blocking="render">).
func TestHeaderStreamedInDoesNotShift(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	for _, onPhone := range []bool{true, false} {
		p := NewPage(t, WithInitScript(recordShifts))
		if onPhone {
			phone(t, p, true)
		}
		p.Navigate(s.URL("us", "/privacy/?pause-after=<details>"))
		settle(p)
		if got := Eval[[]string](p, `window.__shifts`); len(got) > 0 {
			t.Errorf("phone %v: layout shifts while the page streamed in: %q", onPhone, got)
		}
	}
}

// settle waits for two animation frames and a little more, so that the
// widget's ResizeObserver and any late layout have run.
func settle(p *Page) {
	Eval[bool](p, `window.__settled = false; requestAnimationFrame(function () { requestAnimationFrame(function () { window.__settled = true }) }); true`)
	p.WaitFor(`window.__settled`)
	time.Sleep(150 * time.Millisecond)
}
