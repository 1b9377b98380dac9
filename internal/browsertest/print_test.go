package browsertest

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A printed policy carries the text, not the site's controls: no consent
// banner or dialog, no switchers, no footer navigation.
func TestPrintHidesBannerAndNavigation(t *testing.T) {
	t.Parallel()
	s := BuildSite(t)
	p := s.Open(t, "de", "/privacy/")
	if !visible(p, "#cc-banner") {
		t.Fatal("no banner on the first visit: nothing to hide in print")
	}
	if _, err := chromedp.Call(p.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	for _, css := range []string{"#cc-banner", ".switchers", ".site-footer nav", ".skip-link"} {
		if visible(p, css) {
			t.Errorf("%s shows in print", css)
		}
	}
	if !visible(p, "main h1") || !visible(p, ".content h2") {
		t.Error("the policy's text does not show in print")
	}
	Eval[chromedp.Void](p, `document.getElementById("cc-dialog").showModal()`)
	if visible(p, "#cc-dialog") {
		t.Error("the consent dialog shows in print")
	}
}
