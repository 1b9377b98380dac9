package build

import (
	"html/template"

	"github.com/charter-ssg/charter/internal/forms"
	"github.com/charter-ssg/charter/internal/templates"
)

// policyPage is the page id the form's notice at collection links to.
const policyPage = "privacy"

// renderForm renders ::form{id=...} through the "form" partial, if the
// layouts define one. The partial receives a *forms.View as dot.
func (r *renderer) renderForm(id string, in *instance) (template.HTML, error) {
	form := r.site.Config.Forms[id]
	if form == nil {
		// content checks form ids against site.toml; nothing to render.
		return "", nil
	}
	policy := langPrefix(in.region, in.lang) + "/" + policyPage + "/"
	if p := r.plan.lookup[[3]string{in.region.ID, in.lang, policyPage}]; p != nil {
		policy = p.relURL
	}
	view := forms.New(forms.Input{
		Form:      form,
		Region:    in.region,
		Lang:      in.lang,
		T:         r.translator(in.lang),
		PolicyURL: policy,
	})
	html, ok, err := r.site.Layouts.ExecutePartial("form", view)
	if !ok {
		return "", nil
	}
	return html, err
}

// addFormAssets adds the form's script and style to a page that has a form.
func (r *renderer) addFormAssets(p *templates.Page) {
	if _, ok := r.site.Assets.Get("form.js"); ok {
		p.Scripts = append(p.Scripts, r.asset("form.js"))
	}
	if a, ok := r.site.Assets.Get("form.css"); ok && !a.Inlined {
		p.Styles = append(p.Styles, r.asset("form.css"))
	}
}
