// Package headers reads and writes the _headers file of Netlify and
// Cloudflare Pages: URL patterns, each followed by indented
// "Name: value" lines that apply to the responses it matches.
//
//	# a comment
//	/*
//	  X-Content-Type-Options: nosniff
//	/assets/*
//	  Cache-Control: public, max-age=31536000, immutable
//
// A pattern is a path that may hold one "*" (matches anything, "/"
// included) and ":name" placeholders (match one path segment). The build
// writes the file; the preview server and the browser tests serve what it
// says, through Parse and File.For.
package headers

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// Field is one header line.
type Field struct{ Name, Value string }

// Rule is a URL pattern and the headers of the responses it matches.
type Rule struct {
	Path   string
	Fields []Field
}

// File is a _headers file: its rules in order.
type File []Rule

// Format writes f in the _headers format: each pattern on its own line,
// its headers indented by two spaces.
func (f File) Format() []byte {
	var b bytes.Buffer
	for _, r := range f {
		b.WriteString(r.Path)
		b.WriteByte('\n')
		for _, h := range r.Fields {
			fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
		}
	}
	return b.Bytes()
}

// Parse reads a _headers file. Blank lines and lines starting with "#"
// are skipped; a line that starts with whitespace is a header of the
// pattern above it. An error names the line.
func Parse(b []byte) (File, error) {
	var f File
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			if !strings.HasPrefix(trimmed, "/") || strings.ContainsAny(trimmed, " \t") {
				return nil, fmt.Errorf("_headers:%d: %q is not a path pattern (it starts with /)", n, trimmed)
			}
			f = append(f, Rule{Path: trimmed})
			continue
		}
		if len(f) == 0 {
			return nil, fmt.Errorf("_headers:%d: a header before any path pattern", n)
		}
		name, value, ok := strings.Cut(trimmed, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || !validName(name) {
			return nil, fmt.Errorf("_headers:%d: %q is not a \"Name: value\" header", n, trimmed)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return nil, fmt.Errorf("_headers:%d: control character in the value of %s", n, name)
		}
		r := &f[len(f)-1]
		r.Fields = append(r.Fields, Field{Name: http.CanonicalHeaderKey(name), Value: value})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("_headers: %v", err)
	}
	return f, nil
}

// validName reports whether s is an HTTP header name (an RFC 9110 token).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

// For is the headers the file gives a response at urlPath: those of every
// matching rule, in file order. A header set by several rules gets their
// values joined with ", ", as Cloudflare Pages does.
func (f File) For(urlPath string) http.Header {
	h := http.Header{}
	for _, r := range f {
		if !Match(r.Path, urlPath) {
			continue
		}
		for _, fl := range r.Fields {
			if old := h.Get(fl.Name); old != "" {
				h.Set(fl.Name, old+", "+fl.Value)
			} else {
				h.Set(fl.Name, fl.Value)
			}
		}
	}
	return h
}

// Match reports whether urlPath matches pattern: "*" matches any run of
// characters, ":name" one path segment, anything else itself.
func Match(pattern, urlPath string) bool {
	var re strings.Builder
	re.WriteString("^")
	lit := 0 // start of the literal run being read
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c != '*' && !(c == ':' && i+1 < len(pattern) && isNameByte(pattern[i+1])) {
			i++
			continue
		}
		re.WriteString(regexp.QuoteMeta(pattern[lit:i]))
		if c == '*' {
			re.WriteString(".*")
			i++
		} else {
			for i++; i < len(pattern) && isNameByte(pattern[i]); i++ {
			}
			re.WriteString("[^/]+")
		}
		lit = i
	}
	re.WriteString(regexp.QuoteMeta(pattern[lit:]))
	re.WriteString("$")
	// Go's regexp runs in linear time, whatever the pattern.
	m, err := regexp.Compile(re.String())
	return err == nil && m.MatchString(urlPath)
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
