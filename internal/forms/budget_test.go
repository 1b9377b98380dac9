package forms_test

import (
	"testing"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/assets"
)

// budget is the most the form may cost a visitor: its script and its
// stylesheet, each gzip -9 compressed as a server would send them.
const budget = 2560

func TestFormAssetBudget(t *testing.T) {
	b, diags := assets.Build(charter.Defaults, true)
	if diags.HasErrors() {
		t.Fatalf("building assets: %s", diags)
	}
	js, css := b.GzipSize("form.js"), b.GzipSize("form.css")
	if js < 0 || css < 0 {
		t.Fatalf("form.js (%d) or form.css (%d) was not built", js, css)
	}
	t.Logf("form.js %d + form.css %d = %d bytes gzip (budget %d)", js, css, js+css, budget)
	if js+css > budget {
		t.Errorf("form.js %d + form.css %d = %d bytes gzip, over the budget of %d", js, css, js+css, budget)
	}
}
