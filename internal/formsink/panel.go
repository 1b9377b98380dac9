package formsink

import (
	"bytes"
	_ "embed"
	"github.com/charter-ssg/charter/internal/assets"
	"net/http"
	"time"
)

// The panel: a "Preview only" box above each form, for charter serve's
// pages only (never in a build).
var (
	//go:embed panel/formsink.js
	panelJS []byte
	//go:embed panel/formsink.css
	panelCSS []byte
)

type asset struct {
	body        []byte
	contentType string
	integrity   string
}

func newAsset(body []byte, contentType string) *asset {
	return &asset{body: body, contentType: contentType, integrity: assets.Integrity(body)}
}

var (
	scriptAsset = newAsset(panelJS, "text/javascript; charset=utf-8")
	styleAsset  = newAsset(panelCSS, "text/css; charset=utf-8")
)

// Script is the panel script's URL (root-relative, on the region's
// origin) and its subresource integrity, for
// <script src=... integrity=... crossorigin="anonymous" defer>.
func Script() (url, integrity string) { return ScriptPath, scriptAsset.integrity }

// Stylesheet is the panel stylesheet's URL and integrity, for
// <link rel="stylesheet" href=... integrity=... crossorigin="anonymous">.
func Stylesheet() (url, integrity string) { return StylePath, styleAsset.integrity }

// HeadTags are the stylesheet and script tags of the panel, to insert
// into a page before </head>. Both are same-origin, so the region's CSP
// (default-src 'self') allows them; the script does nothing on a page
// without a form.
func HeadTags() string {
	// Fixed paths and base64: nothing to escape.
	return `<link rel="stylesheet" href="` + StylePath + `" integrity="` + styleAsset.integrity + `" crossorigin="anonymous">` +
		`<script src="` + ScriptPath + `" integrity="` + scriptAsset.integrity + `" crossorigin="anonymous" defer></script>`
}

// serveAsset serves the panel's script or stylesheet (GET and HEAD).
func serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "GET only", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
