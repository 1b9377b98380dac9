package content

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// checkAlias validates an alias as a URL path and returns it decoded and
// normalized: a folder path ends in "/" ("/old/privacy/"), a page path in
// ".html" or ".htm" ("/privacy.html"), as it is written to the output.
// Otherwise it returns what is wrong and how to fix it.
//
// An alias becomes a folder (or file) in the output and a line of
// _redirects, so it may hold only what a URL path may: letters and digits
// of any script, "-._~!$&'()+,;=@", and %XX escapes; no "." or ".."
// segments, no query or fragment, no spaces; and none of the characters
// that _redirects reads as placeholders (":" and "*"), nor characters
// that are not printable or are format characters (zero-width spaces,
// bidi controls), whether written raw or as escapes.
func checkAlias(a string) (alias, problem, hint string) {
	if !strings.HasPrefix(a, "/") {
		return "", "must be a URL path starting with /", fmt.Sprintf(`write "/%s"`, strings.TrimLeft(a, "/"))
	}
	if !utf8.ValidString(a) {
		return "", "is not valid UTF-8", "save the file as UTF-8"
	}
	for _, r := range a {
		switch {
		case r == '?' || r == '#':
			return "", fmt.Sprintf("holds %q: an alias is a path, without a query or a fragment", r), "remove what starts at " + string(r)
		case r == ':' || r == '*':
			return "", fmt.Sprintf("holds %q, which _redirects reads as a placeholder", r), "remove it"
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return "", fmt.Sprintf("holds %q", r), "use - instead of spaces; a path holds no spaces or line breaks"
		case r < utf8.RuneSelf && !isPathByte(byte(r)):
			return "", fmt.Sprintf("holds %q, which a URL path may not hold", r), "remove it, or percent-encode it (" + url.PathEscape(string(r)) + ")"
		case r >= utf8.RuneSelf && (!unicode.IsPrint(r) || unicode.Is(unicode.Cf, r)):
			return "", fmt.Sprintf("holds %q, which is not a printable character", r), "remove it"
		}
	}
	decoded, err := url.PathUnescape(a)
	decoded = norm.NFC.String(decoded) // "café" whether typed composed or not: one URL
	if err != nil {
		return "", "holds a % that does not start an escape such as %20", "write % as %25"
	}
	if !utf8.ValidString(decoded) || strings.ContainsFunc(decoded, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r) || r == '\\'
	}) {
		return "", "holds an escape that decodes to a space, a control character or an invalid one", "remove the escape"
	}
	// The escapes are decoded into the output path and read by the host's
	// _redirects parser, so what they decode to is checked as well.
	for _, r := range decoded {
		switch {
		case r == ':' || r == '*':
			return "", fmt.Sprintf("holds an escape that decodes to %q, which _redirects reads as a placeholder", r), "remove it"
		case !unicode.IsPrint(r) || unicode.Is(unicode.Cf, r):
			return "", fmt.Sprintf("holds an escape that decodes to %q, which is not a printable character", r), "remove it"
		}
	}
	if strings.Contains(a, "%2F") || strings.Contains(a, "%2f") {
		return "", "holds %2F, an escaped /", "write / as a plain /"
	}
	trimmed := strings.Trim(decoded, "/")
	if trimmed == "" {
		return "/", "", ""
	}
	if trimmed == "assets" || strings.HasPrefix(trimmed, "assets/") {
		return "", "is under /assets/, where charter puts fingerprinted files that browsers cache for a year", "choose another path"
	}
	for _, seg := range strings.Split(trimmed, "/") {
		switch seg {
		case "":
			return "", "holds an empty segment (//)", "write a single /"
		case ".", "..":
			return "", fmt.Sprintf("holds a %q segment: an alias names a path of its own site", seg), "write the path without . and .. segments"
		}
	}
	switch ext := strings.ToLower(path.Ext(trimmed)); ext {
	case "":
		return "/" + trimmed + "/", "", ""
	case ".html", ".htm":
		if strings.HasSuffix(decoded, "/") {
			return "/" + trimmed + "/", "", ""
		}
		return "/" + trimmed, "", ""
	default:
		if strings.HasSuffix(decoded, "/") {
			return "/" + trimmed + "/", "", ""
		}
		return "", fmt.Sprintf("ends in %s: an alias becomes an HTML redirect page, which a browser would not open as %s", ext, ext),
			fmt.Sprintf(`write it as a folder ("/%s/") or a page ending in .html`, trimmed)
	}
}

// isPathByte reports whether an ASCII byte may stand unescaped in an
// alias: unreserved characters, sub-delimiters but "*", "@", "/" and "%"
// (checked as an escape later).
func isPathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~!$&'()+,;=@/%", c) >= 0
}

// EscapedAlias is an alias as a _redirects rule writes it: non-ASCII and
// reserved characters percent-encoded.
func EscapedAlias(alias string) string {
	return (&url.URL{Path: alias}).EscapedPath()
}
