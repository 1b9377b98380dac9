package server

import (
	"net/http"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/templates"
)

// FormSink takes the submissions of the preview's forms.
type FormSink interface {
	Action(form string) string // the URL a form posts to
	ServeHTTP(w http.ResponseWriter, r *http.Request, region string)
	SetConfig(cfg *config.Site)
	Scripts() []templates.Asset
	Styles() []templates.Asset
	Close()
}

type noSink struct{}

func (noSink) Action(form string) string { return "/_charter/forms/" + form }
func (noSink) ServeHTTP(w http.ResponseWriter, r *http.Request, region string) {
	http.NotFound(w, r)
}
func (noSink) SetConfig(*config.Site)     {}
func (noSink) Scripts() []templates.Asset { return nil }
func (noSink) Styles() []templates.Asset  { return nil }
func (noSink) Close()                     {}

func newFormSink(opts Options) FormSink { return noSink{} }
