package render

import (
	"slices"

	"github.com/charter-ssg/charter/internal/templates"
)

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
