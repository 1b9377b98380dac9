package browsertest

import (
	"fmt"
	"testing"
)

// lcpEntries resolves to the page's Largest Contentful Paint candidates so
// far (a buffered observer sees those before it), each as its size and
// the element it names, after two frames and a moment for late paints.
const lcpEntries = `new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
  const out = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      const el = e.element;
      out.push({size: e.size, inBanner: !!(el && el.closest('#cc-banner')),
        what: el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '(removed)'});
    }
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve(out), 100);
}, 300))))`

// The first-layer banner is never a page's Largest Contentful Paint: on a
// first visit (banner shown) every page kind's largest element is its own
// content, on a phone and on a wide screen, so the banner costs no LCP.
func TestBannerIsNeverLCP(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	type entry struct {
		Size     float64
		InBanner bool
		What     string
	}
	for _, c := range []struct{ region, path string }{
		{"de", "/"}, {"de", "/privacy/"}, {"de", "/cookies/"}, {"de", "/implementation-request/"},
		{"de", "/privacy/changes/"}, {"de", "/privacy/versions/2026-05-01/"}, {"de", "/imprint/"}, {"de", "/no-such-page/"},
		{"us", "/privacy/"}, {"jp", "/privacy/"}, {"ae", "/privacy/"}, {"ae", "/privacy/changes/"}, {"tr", "/privacy/changes/"},
		{"th", "/"}, {"cn", "/implementation-request/"},
	} {
		for _, onPhone := range []bool{false, true} {
			name := fmt.Sprintf("%s%s phone=%v", c.region, c.path, onPhone)
			p := NewPage(t)
			p.AllowProblems() // the 404's status
			phone(t, p, onPhone)
			p.Navigate(s.URL(c.region, c.path))
			if !Eval[bool](p, `!!document.getElementById('cc-banner')`) {
				continue // a page without the widget (the 404) has no banner
			}
			p.WaitFor(`!document.getElementById('cc-banner').hidden`)
			entries := Eval[[]entry](p, lcpEntries)
			if len(entries) == 0 {
				t.Errorf("%s: no LCP entry", name)
				continue
			}
			if last := entries[len(entries)-1]; last.InBanner {
				t.Errorf("%s: the LCP element is the banner's %s (%.0f px²); candidates %v", name, last.What, last.Size, entries)
			}
		}
	}

	// The measurement can fail: a banner paragraph larger than the page's
	// own is reported as the LCP element. (LCP takes an element's size at
	// its first paint, so the control adds one rather than growing one.)
	p := NewPage(t)
	p.Navigate(s.URL("de", "/"))
	p.WaitFor(`!document.getElementById('cc-banner').hidden`)
	Eval[bool](p, `(() => { const big = document.createElement('p'); big.textContent = document.querySelector('#cc-banner p').textContent.repeat(3); big.style.fontSize = '2rem'; document.querySelector('#cc-banner h2').after(big); return true })()`)
	entries := Eval[[]entry](p, lcpEntries)
	if len(entries) == 0 || !entries[len(entries)-1].InBanner {
		t.Errorf("an enlarged banner is not reported as the LCP element: %v", entries)
	}
}
