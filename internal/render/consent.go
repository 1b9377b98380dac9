package render

import (
	"encoding/json"
	"html/template"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/templates"
)

// ConsentConfigID is the id of the <script type="application/json">
// element that carries the consent widget's configuration.
const ConsentConfigID = "charter-consent"

// consentConfig is what the consent widget reads at run time. The banner
// and dialog themselves are rendered by layouts/partials/consent.html.
type consentConfig struct {
	Region         string            `json:"region"`
	Mode           string            `json:"mode"` // opt-in | opt-out | notice
	Lang           string            `json:"lang"`
	Revision       int               `json:"revision"`
	PolicyVersion  string            `json:"policyVersion"`
	AskOnPolicy    bool              `json:"askOnPolicy"` // a choice under another policyVersion is asked again
	ExpiryDays     int               `json:"expiryDays"`
	RecordEndpoint string            `json:"recordEndpoint,omitempty"`
	ConsentMode    bool              `json:"consentMode"`
	Categories     []consentCategory `json:"categories"`
	CookiePaths    []string          `json:"cookiePaths"`
}

type consentCategory struct {
	ID          string   `json:"id"`
	Required    bool     `json:"required"`
	Sale        bool     `json:"sale"`
	Cookies     []string `json:"cookies"`
	GoogleTypes []string `json:"googleTypes"`
}

// consentJSON is the widget configuration of one region and language.
func consentJSON(c *config.Consent, reg *config.Region, lang string) (template.JS, error) {
	cfg := consentConfig{
		Region:         reg.ID,
		Mode:           reg.Consent,
		Lang:           lang,
		Revision:       c.Revision,
		PolicyVersion:  c.PolicyVersion,
		AskOnPolicy:    c.AsksOnPolicyChange(),
		CookiePaths:    c.CookiePaths,
		ExpiryDays:     c.ExpiryDays,
		RecordEndpoint: c.RecordEndpoint,
		ConsentMode:    c.ConsentMode,
		Categories:     make([]consentCategory, 0, len(c.Categories)),
	}
	for _, cat := range c.Categories {
		cc := consentCategory{ID: cat.ID, Required: cat.Required, Sale: cat.Sale,
			Cookies: cat.Cookies, GoogleTypes: cat.GoogleTypes}
		if cc.Cookies == nil {
			cc.Cookies = []string{}
		}
		if cc.GoogleTypes == nil {
			cc.GoogleTypes = []string{}
		}
		cfg.Categories = append(cfg.Categories, cc)
	}
	// json.Marshal escapes <, > and & so the text cannot end the <script>.
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

// addConsent adds the consent widget's script, style and configuration to
// every page. A region with consent = "none" gets no widget at all.
func (r *Renderer) addConsent(p *templates.Frame, reg *config.Region, lang string) {
	if !reg.ConsentWidget() {
		return
	}
	if _, ok := r.in.Assets.Get("consent.js"); !ok {
		return
	}
	// Deferred, from <head>: fetched at once, run when the page is parsed.
	p.Scripts = append(p.Scripts, r.asset("consent.js"))
	if a, ok := r.in.Assets.Get("consent.css"); ok && !a.Inlined {
		p.Styles = append(p.Styles, r.asset("consent.css"))
	}
	cfg, err := consentJSON(&r.in.Config.Consent, reg, lang)
	if err != nil {
		// Only strings, ints and bools go in: Marshal cannot fail.
		panic("consent config: " + err.Error())
	}
	if p.JSON == nil {
		p.JSON = map[string]template.JS{}
	}
	p.JSON[ConsentConfigID] = cfg
}

// consentFiles are a region's extra files for the consent widget.
func (r *Renderer) consentFiles(reg *config.Region) map[string][]byte {
	files := map[string][]byte{}
	if reg.Consent == "opt-out" {
		// Global Privacy Control support resource (GPC spec, section 3.5).
		files[".well-known/gpc.json"] = []byte(`{"gpc":true}` + "\n")
	}
	return files
}
