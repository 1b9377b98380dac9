package server

import (
	"net/http"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/formsink"
	"github.com/charter-ssg/charter/internal/templates"
)

// sink takes the preview's form submissions (internal/formsink): every
// form of every page posts to /_charter/forms/<id> on its region's own
// origin, and a serve-only panel above it chooses the answer.
type sink struct{ s *formsink.Sink }

func newSink(opts Options) *sink { return &sink{formsink.New(nil, opts.Dir, opts.Log)} }

func (k *sink) action(form string) string { return formsink.FormsPrefix + form }

func (k *sink) handles(path string) bool { return formsink.Handles(path) }

func (k *sink) serve(w http.ResponseWriter, r *http.Request, region string) { k.s.Handle(w, r, region) }

func (k *sink) setConfig(cfg *config.Site) { k.s.SetConfig(cfg) }

func (k *sink) close() { k.s.Close() }

// assets are the panel's script and stylesheet, for every page.
func (k *sink) assets() (scripts, styles []templates.Asset) {
	js, jsi := formsink.Script()
	css, cssi := formsink.Stylesheet()
	return []templates.Asset{{URL: js, Integrity: jsi}}, []templates.Asset{{URL: css, Integrity: cssi}}
}
