package render

import (
	"html/template"
	"slices"

	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/plan"
	"github.com/charter-ssg/charter/internal/templates"
)

// policyPage is the page id the form's notice at collection links to.
const policyPage = "privacy"

// renderForm renders ::form{id=...} through the "form" partial, if the
// layouts define one. The partial receives a *forms.View as dot.
func (r *Renderer) renderForm(id string, in *plan.Instance) (template.HTML, error) {
	form := r.in.Config.Forms[id]
	if form == nil {
		// content checks form ids against site.toml; nothing to render.
		return "", nil
	}
	policy := plan.LangPrefix(in.Region, in.Lang) + "/" + policyPage + "/"
	if p := r.plan.Lookup(in.Region.ID, in.Lang, policyPage); p != nil {
		policy = p.RelURL
	}
	view := forms.New(forms.Input{
		Form:      form,
		Region:    in.Region,
		Lang:      in.Lang,
		T:         r.translator(in.Lang),
		PolicyURL: policy,
	})
	if r.opts.FormAction != nil && !view.Disabled {
		view.Action = r.opts.FormAction(id)
	}
	html, ok, err := r.in.Layouts.ExecutePartial("form", view)
	if !ok {
		return "", nil
	}
	return html, err
}

// withFormAssets is frame with the form's script and style, for a page
// that has a form.
func (r *Renderer) withFormAssets(frame *templates.Frame) *templates.Frame {
	f, _ := r.withScript(frame, "form.js")
	if a, ok := r.in.Assets.Get("form.css"); ok && !a.Inlined {
		g := *f
		g.Styles = append(slices.Clip(g.Styles), r.asset("form.css"))
		f = &g
	}
	return f
}
