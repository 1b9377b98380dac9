package sitefs

import (
	"bytes"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/diag"
)

// bom is the UTF-8 byte order mark some editors write at the start of a file.
var bom = []byte("\xEF\xBB\xBF")

// StripBOM removes a leading UTF-8 byte order mark. Stylesheets need it:
// esbuild drops a BOM from TypeScript, but the CSS minifier keeps it, and
// in an @import inlined mid-file it would become part of a selector.
func StripBOM(b []byte) []byte { return bytes.TrimPrefix(b, bom) }

// Text prepares a site text file (site.toml, content, locales, layouts)
// for parsing: it strips a leading UTF-8 byte order mark, so that
// positions computed from the result with diag.LineCol are where an
// editor shows them, and reports invalid UTF-8 at the first bad byte.
// On invalid UTF-8 the stripped text is still returned.
func Text(file string, b []byte) ([]byte, *diag.Diagnostic) {
	b = StripBOM(b)
	if utf8.Valid(b) {
		return b, nil
	}
	off := 0
	for off < len(b) {
		r, n := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	line, col := diag.LineCol(b, off)
	return b, diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "invalid UTF-8 (byte 0x%02X)", b[off]).
		WithHint("save the file as UTF-8")
}
