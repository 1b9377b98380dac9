// Package templates loads the html/template layouts (the site's own over
// the embedded defaults) and executes them for a page.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
)

// Kinds are the page kinds a site has a layout for.
var Kinds = []string{"policy", "page", "home", "changes", "404", "alias"}

// sentences splits text after each sentence mark (Unicode's
// Sentence_Terminal: ". ", "؟ ", "। ", ...) that a space follows, and
// after the full-width marks ("。", "！", "？"), which need none; the marks
// stay. A text without them (Thai separates sentences by spaces alone) is
// one sentence.
func sentences(text string) []string {
	var out []string
	start := 0
	rs := []rune(text)
	pos := 0 // byte offset of rs[i]
	for i, r := range rs {
		end := pos + utf8.RuneLen(r)
		pos = end
		if i+1 == len(rs) || !unicode.Is(unicode.Sentence_Terminal, r) {
			continue
		}
		switch {
		case r == '。' || r == '！' || r == '？':
			out = append(out, text[start:end])
			start = end
		case rs[i+1] == ' ':
			out = append(out, text[start:end])
			start = end + 1
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// isEmail reports whether v reads as an e-mail address.
func isEmail(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t\n/:<>\"'()[],;") && !strings.Contains(domain, "@")
}

// optionalKinds are the kinds a site's layouts may leave out, and the
// kind whose layout renders them then: a policy or a comparison of
// versions is shown as a plain page.
var optionalKinds = map[string]string{"policy": "page", "changes": "page"}

// Set is the parsed layouts, one template set per kind.
type Set struct {
	kinds   map[string]*template.Template
	dir     string
	keys    []UIKey                 // see UIKeys
	sources map[string]*diag.Source // each layout file's text, for excerpts
}

// DateFormatter formats a date for a language; the build supplies one
// backed by the locales.
type DateFormatter func(t time.Time, lang string) string

// Load parses dir/base.html and dir/partials/*.html into one set, and for
// each kind clones it and parses dir/<kind>.html. origin names where a
// file came from, for diagnostics ("layouts/page.html").
func Load(fsys fs.FS, dir string, date DateFormatter) (*Set, diag.List) {
	var diags diag.List
	funcs := template.FuncMap{
		"date": func(t time.Time, lang string) string {
			if t.IsZero() {
				return ""
			}
			return date(t, lang)
		},
		"dict": dict,
		// email reports whether v is an e-mail address (one @, a dot in
		// the domain, no spaces or URL), for a mailto: link.
		"email": isEmail,
		// sentences splits a text after each sentence's final mark, for
		// a layout that shows each sentence as a block of its own.
		"sentences": sentences,
		"add":       func(a, b int) int { return a + b },
	}
	root := template.New("").Funcs(funcs)
	files := []string{path.Join(dir, "base.html")}
	partials, err := fs.Glob(fsys, path.Join(dir, "partials", "*.html"))
	if err != nil {
		diags.Merge(err)
		return nil, diags
	}
	files = append(files, partials...)
	set := &Set{kinds: map[string]*template.Template{}, dir: dir, sources: map[string]*diag.Source{}}
	for _, f := range files {
		if err := set.parseFile(root, fsys, f); err != nil {
			diags.Add(err)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	for _, kind := range Kinds {
		t, err := root.Clone()
		if err != nil {
			diags.Merge(err)
			continue
		}
		file := path.Join(dir, kind+".html")
		if instead, ok := optionalKinds[kind]; ok {
			if _, err := fs.Stat(fsys, file); errors.Is(err, fs.ErrNotExist) {
				file = path.Join(dir, instead+".html")
			}
		}
		if err := set.parseFile(t, fsys, file); err != nil {
			diags.Add(err)
			continue
		}
		if t.Lookup("base") == nil {
			diags.Add(diag.Errorf(diag.Pos{File: path.Join(dir, "base.html")}, `no template "base" defined`).
				WithHint(`base.html must contain {{ define "base" }}...{{ end }}`))
			continue
		}
		set.kinds[kind] = t
	}
	return set, diags
}

// parseFile parses the layout file name into t, and records its text
// and the UI keys its templates use.
func (s *Set) parseFile(t *template.Template, fsys fs.FS, name string) *diag.Diagnostic {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return diag.Errorf(diag.Pos{File: name}, "layout file is missing")
		}
		return sitefs.ReadError(name, err)
	}
	b, bad := sitefs.Text(name, b)
	if bad != nil {
		return bad
	}
	// Each file's text is parsed under the file's name so that errors name it.
	if _, err := t.New(name).Parse(string(b)); err != nil {
		return templateError(err, name, b)
	}
	src := diag.NewSource(name, b)
	s.sources[name] = src
	s.keys = append(s.keys, uiKeys(t, src)...)
	return nil
}

// AddExcerpts gives the diagnostics placed in a layout file (such as at
// a UIKey's position) the excerpt of their position.
func (s *Set) AddExcerpts(l diag.List) {
	if s == nil {
		return
	}
	for _, src := range s.sources {
		src.AddExcerpts(l)
	}
}

// Execute renders kind for p.
func (s *Set) Execute(kind string, p *Page) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := s.ExecuteTo(&buf, kind, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExecuteTo renders kind for p into buf, so that callers rendering many
// pages can reuse one buffer.
func (s *Set) ExecuteTo(buf *bytes.Buffer, kind string, p *Page) error {
	t, ok := s.kinds[kind]
	if !ok {
		return fmt.Errorf("no layout for kind %q", kind)
	}
	if err := t.ExecuteTemplate(buf, "base", p); err != nil {
		return templateError(err, path.Join(s.dir, kind+".html"), nil)
	}
	return nil
}

// ExecutePartial renders the named template (a partial such as "form")
// with data, for content directives that render through layouts. It
// reports false when no layout defines name.
func (s *Set) ExecutePartial(name string, data any) (template.HTML, bool, error) {
	t := s.kinds["page"].Lookup(name)
	if t == nil {
		return "", false, nil
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return "", true, templateError(err, path.Join(s.dir, "partials", name+".html"), nil)
	}
	return template.HTML(buf.String()), true, nil
}

// Go's template errors read "template: NAME:LINE:COL: msg" or
// "template: NAME:LINE: msg"; turn them into diagnostics.
var errPos = regexp.MustCompile(`^(?:html/)?template: ([^:]+):(\d+)(?::(\d+))?: (.*)$`)

func templateError(err error, file string, src []byte) *diag.Diagnostic {
	msg := err.Error()
	if m := errPos.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if col == 0 {
			col = 1
		}
		name := m[1]
		if !strings.Contains(name, "/") {
			name = file
		}
		text := m[4]
		// Execution errors repeat the position inside the message.
		text = strings.TrimPrefix(text, "executing \""+m[1]+"\" at ")
		return diag.Errorf(diag.Pos{File: name, Line: line, Col: col}, "%s", text)
	}
	return diag.Errorf(diag.Pos{File: file}, "%s", strings.TrimPrefix(msg, "template: "))
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
