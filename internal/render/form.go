package render

import (
	"fmt"
	"html/template"
	"slices"

	"github.com/charter-ssg/charter/internal/cookietable"
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

// printScript shows and runs the Print button of policy pages.
const printScript = "print.js"

// pageScoped are the assets only some pages link (withFormAssets,
// withScript): RegionFiles writes them only for a region whose pages do.
var pageScoped = map[string]bool{"form.js": true, "form.css": true, printScript: true}

// withScript is frame with the script name added, if the site has it.
func (r *Renderer) withScript(frame *templates.Frame, name string) (*templates.Frame, bool) {
	if _, ok := r.in.Assets.Get(name); !ok {
		return frame, false
	}
	f := *frame
	f.Scripts = append(slices.Clip(f.Scripts), r.asset(name))
	return &f, true
}

// withFormAssets is frame with the form's script and style, for a page
// that has a form.
func (r *Renderer) withFormAssets(frame *templates.Frame) *templates.Frame {
	f := *frame
	if _, ok := r.in.Assets.Get("form.js"); ok {
		f.Scripts = append(f.Scripts, r.asset("form.js"))
	}
	if a, ok := r.in.Assets.Get("form.css"); ok && !a.Inlined {
		f.Styles = append(f.Styles, r.asset("form.css"))
	}
	return &f
}
