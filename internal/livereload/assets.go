package livereload

import (
	"bytes"
	_ "embed"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/assets"
	"github.com/charter-ssg/charter/internal/diag"
)

//go:embed live.js
var liveJS []byte

//go:embed live.css
var liveCSS []byte

// The URL paths of the assets on every region's origin.
const (
	ScriptPath     = "/_charter/live.js"
	StylesheetPath = "/_charter/live.css"
)

var (
	jsIntegrity  = assets.Integrity(liveJS)
	cssIntegrity = assets.Integrity(liveCSS)
)

// Script is the URL path and the Subresource Integrity of live.js, for
// <script defer src="{url}" integrity="{integrity}">.
func Script() (url, integrity string) { return ScriptPath, jsIntegrity }

// Stylesheet is the URL path and the Subresource Integrity of live.css,
// for <link rel="stylesheet" href="{url}" integrity="{integrity}">.
func Stylesheet() (url, integrity string) { return StylesheetPath, cssIntegrity }

// ServeAsset serves live.js and live.css at ScriptPath and StylesheetPath
// (GET and HEAD), with no-store and nosniff; 404 for any other path.
func ServeAsset(w http.ResponseWriter, r *http.Request) {
	var body []byte
	h := w.Header()
	switch r.URL.Path {
	case ScriptPath:
		body = liveJS
		h.Set("Content-Type", "text/javascript; charset=utf-8")
	case StylesheetPath:
		body = liveCSS
		h.Set("Content-Type", "text/css; charset=utf-8")
	}
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if body == nil {
		http.Error(w, "404 not found", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Del("Content-Type")
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// maxExcerpt is the most characters of a source line an excerpt keeps.
const maxExcerpt = 240

// FromDiag converts a diagnostic for a "failed" event. src is the file
// it is in (nil when unknown or unreadable); with it and a line, the
// excerpt is that line with the diagnostic's column marked (one
// character wide: diag knows no spans; none without a column). A long line is cut to
// maxExcerpt characters around the column.
func FromDiag(d *diag.Diagnostic, src []byte) Diagnostic {
	out := Diagnostic{
		Severity: d.Severity.String(), File: d.File, Line: d.Line, Col: d.Col,
		Message: d.Message, Hint: d.Hint,
	}
	if src == nil || d.Line < 1 {
		return out
	}
	lines := bytes.Split(src, []byte("\n"))
	if d.Line > len(lines) {
		return out
	}
	line := strings.ToValidUTF8(strings.TrimSuffix(string(lines[d.Line-1]), "\r"), "\uFFFD")
	col, width := d.Col, 1
	if col < 1 {
		col, width = 0, 0 // the line, but no column to mark
	}
	if n := utf8.RuneCountInString(line); n > maxExcerpt {
		runes := []rune(line)
		start := min(max(col-1-maxExcerpt/2, 0), n-maxExcerpt)
		line = string(runes[start : start+maxExcerpt])
		if col > 0 {
			col -= start
		}
	}
	out.Excerpt = &Excerpt{Line: line, Col: col, Width: width}
	return out
}
