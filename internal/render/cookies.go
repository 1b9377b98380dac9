package render

import (
	"fmt"
	"html/template"

	"github.com/charter-ssg/charter/internal/cookietable"
	"github.com/charter-ssg/charter/internal/plan"
)

// renderCookies renders ::cookies through the "cookies" partial, which
// receives a *cookietable.Table as dot.
func (r *Renderer) renderCookies(in *plan.Instance) (template.HTML, error) {
	owner := ""
	if r.in.Config != nil {
		owner = r.in.Config.Title
	}
	tbl := cookietable.New(cookietable.Input{
		Lang:    in.Lang,
		Consent: &r.in.Config.Consent,
		Widget:  in.Region.ConsentWidget(),
		Owner:   owner,
		T:       r.translator(in.Lang),
		N:       func(key string, n int) string { return r.in.Locales.N(in.Lang, key, n) },
	})
	html, ok, err := r.in.Layouts.ExecutePartial("cookies", tbl)
	if !ok {
		return "", fmt.Errorf(`the layouts define no "cookies" partial; add {{ define "cookies" }} to a layout (see charter's layouts/partials/cookies.html)`)
	}
	return html, err
}
