package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/charter-ssg/charter/internal/diag"
)

// A manifest.json that a user hands charter (the one of the previous
// deploy, for --changed-since) is read strictly: it comes from a download
// or a CI cache, and a wrong one would make a deploy upload or delete the
// wrong files. Every problem is reported at its file:line:col.

// maxManifestBytes bounds what ReadManifest reads: far above the manifest
// of any real site (a million files is about 150 MB).
const maxManifestBytes = 1 << 30

// maxManifestErrors is how many problems of one manifest are listed; a
// file wrong throughout says so after these.
const maxManifestErrors = 20

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ReadManifest reads the manifest.json at file, which may be any file
// that can be read (a pipe too: --changed-since <(curl ...)).
func ReadManifest(file string) (Manifest, diag.List) {
	var diags diag.List
	f, err := os.Open(file)
	if err != nil {
		d := diags.Errorf(diag.Pos{File: file}, "cannot read the manifest: %v", unwrapPath(err))
		if errors.Is(err, os.ErrNotExist) {
			d.WithHint(`for a first deploy, compare against a manifest of no files: echo '{"files":[]}' > %s`, file)
		}
		return Manifest{}, diags
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		diags.Errorf(diag.Pos{File: file}, "is a folder, not a manifest.json").
			WithHint("name the manifest.json file itself")
		return Manifest{}, diags
	}
	data, err := io.ReadAll(io.LimitReader(f, maxManifestBytes+1))
	if err != nil {
		diags.Errorf(diag.Pos{File: file}, "cannot read the manifest: %v", unwrapPath(err))
		return Manifest{}, diags
	}
	if len(data) > maxManifestBytes {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "is larger than %d MiB: not a manifest.json", maxManifestBytes>>20)
		return Manifest{}, diags
	}
	return ParseManifest(file, data)
}

// unwrapPath drops the "open FILE:" that *fs.PathError adds: the
// diagnostic names the file already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseManifest parses the text of a manifest.json; name is the file as
// diagnostics name it. It accepts exactly what charter writes: an object
// with one key, "files", a list of {"path", "size", "sha256"} with clean
// relative paths, each listed once. A UTF-8 byte order mark is dropped.
func ParseManifest(name string, data []byte) (Manifest, diag.List) {
	p := &manifestParser{src: diag.NewSource(name, data), data: data}
	m := p.parse()
	if len(p.diags) > maxManifestErrors {
		more := len(p.diags) - maxManifestErrors
		p.diags = append(p.diags[:maxManifestErrors:maxManifestErrors],
			&diag.Diagnostic{Pos: diag.Pos{File: name}, Message: fmt.Sprintf("and %d more problems", more)})
	}
	if p.diags.HasErrors() {
		return Manifest{}, p.diags
	}
	return m, nil
}

type manifestParser struct {
	src   *diag.Source
	data  []byte
	base  int // bytes before what the decoder reads (a byte order mark)
	dec   *json.Decoder
	diags diag.List
}

// errorAt reports a problem at the span [start, end) of the file.
func (p *manifestParser) errorAt(start, end int, format string, args ...any) *diag.Diagnostic {
	d := p.src.Errorf(start, end, format, args...)
	p.diags.Add(d)
	return d
}

func (p *manifestParser) parse() Manifest {
	text := p.data
	if bytes.HasPrefix(text, []byte("\uFEFF")) {
		p.base = 3
		text = text[3:]
	}
	first := len(bytes.TrimLeftFunc(text, unicode.IsSpace))
	first = len(p.data) - first // offset of the first character that is not a space
	if first == len(p.data) {
		p.errorAt(0, 0, "the file is empty, not a manifest.json").
			WithHint(`for a first deploy, compare against a manifest of no files: {"files":[]}`)
		return Manifest{}
	}
	// Syntax first, over the whole file: encoding/json places its
	// syntax errors exactly there, and the walk below then meets only
	// well-formed JSON.
	if err := json.Unmarshal(text, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if !errors.As(err, &se) {
			p.errorAt(first, first, "not valid JSON: %v", err)
			return Manifest{}
		}
		off := p.base + int(se.Offset) - 1
		switch {
		case p.data[first] == '<':
			p.errorAt(first, first+1, "this is HTML or XML, not a manifest.json").
				WithHint("a download that failed often saves the server's error page; check the URL and that the request succeeded (curl --fail)")
		case strings.HasPrefix(se.Error(), "unexpected end"):
			p.errorAt(len(p.data), len(p.data), "the file ends in the middle of the manifest").
				WithHint("it was cut short: a download that stopped, or a full disk")
		default:
			p.errorAt(off, off+1, "not valid JSON: %s", se.Error())
		}
		return Manifest{}
	}
	p.dec = json.NewDecoder(bytes.NewReader(text))
	p.dec.UseNumber()
	tok, start := p.token()
	if tok != json.Delim('{') {
		p.errorAt(start, start+1, "a manifest.json is an object {\"files\": [...]}, not %s", kind(tok))
		return Manifest{}
	}
	var m Manifest
	seen := -1 // offset of the "files" key
	for p.dec.More() {
		key, kstart := p.token()
		k, _ := key.(string) // object keys are strings: the syntax was checked
		kend := p.end()
		if k != "files" {
			d := p.errorAt(kstart, kend, "unknown key %q", k)
			if s := diag.Suggest(k, []string{"files"}); s != "" {
				d.WithHint(`did you mean "files"?`)
			} else {
				d.WithHint(`a charter manifest.json holds only "files"`)
			}
			p.skip(p.next())
			continue
		}
		if seen >= 0 {
			p.errorAt(kstart, kend, `"files" is given twice`).
				WithHint("the first is at line %d", p.src.Pos(seen).Line)
			p.skip(p.next())
			continue
		}
		seen = kstart
		m.Files = p.files()
	}
	if seen < 0 {
		p.errorAt(start, start+1, `no "files" list: not a charter manifest.json`).
			WithHint("charter writes manifest.json at the top of the output folder; pass that file")
	}
	m.Files = slices.DeleteFunc(m.Files, func(f ManifestFile) bool { return f.Path == "" })
	return m
}

// files reads the "files" list. An entry with a problem is reported and
// left out (its Path empty).
func (p *manifestParser) files() []ManifestFile {
	tok, start := p.token()
	if tok != json.Delim('[') {
		p.errorAt(start, p.end(), `"files" must be a list of files, not %s`, kind(tok))
		p.skip(tok)
		return nil
	}
	var files []ManifestFile
	first := map[string]int{} // path -> offset of its entry
	for p.dec.More() {
		tok, estart := p.token()
		if tok != json.Delim('{') {
			p.errorAt(estart, p.end(), `each file is an object {"path", "size", "sha256"}, not %s`, kind(tok))
			p.skip(tok)
			continue
		}
		f, ok := p.file(estart)
		if ok {
			if at, dup := first[f.Path]; dup {
				p.errorAt(estart, estart+1, "%s is listed twice", f.Path).
					WithHint("the first is at line %d; charter lists each file once", p.src.Pos(at).Line)
				ok = false
			} else {
				first[f.Path] = estart
			}
		}
		if !ok {
			f.Path = ""
		}
		files = append(files, f)
	}
	p.token() // ]
	return files
}

// file reads one entry, whose "{" is at start.
func (p *manifestParser) file(start int) (ManifestFile, bool) {
	var f ManifestFile
	ok := true
	have := map[string]bool{}
	for p.dec.More() {
		key, kstart := p.token()
		k, _ := key.(string) // object keys are strings: the syntax was checked
		kend := p.end()
		val, vstart := p.token()
		vend := p.end()
		p.skip(val) // a list or an object is wrong here; only its "[" or "{" is marked
		if have[k] {
			p.errorAt(kstart, kend, "%q is given twice in one file", k)
			ok = false
			continue
		}
		have[k] = true
		switch k {
		case "path":
			s, isStr := val.(string)
			switch {
			case !isStr:
				p.errorAt(vstart, vend, `"path" must be a string, not %s`, kind(val))
				ok = false
			case checkName(s) != nil:
				p.errorAt(vstart, vend, "path %q is not a clean relative path inside the output folder", s).
					WithHint(`paths are as charter writes them: "acme24.de/privacy/index.html"`)
				ok = false
			default:
				f.Path = s
			}
		case "size":
			n, isNum := val.(json.Number)
			size, err := strconv.ParseInt(string(n), 10, 0)
			if !isNum || err != nil || size < 0 {
				p.errorAt(vstart, vend, `"size" must be a whole number of bytes, not %s`, shown(val))
				ok = false
			} else {
				f.Size = int(size)
			}
		case "sha256":
			s, isStr := val.(string)
			if !isStr || !sha256Pattern.MatchString(s) {
				p.errorAt(vstart, vend, `"sha256" must be 64 lowercase hexadecimal digits, not %s`, shown(val))
				ok = false
			} else {
				f.SHA256 = s
			}
		default:
			d := p.errorAt(kstart, kend, "unknown key %q in a file", k)
			if s := diag.Suggest(k, []string{"path", "size", "sha256"}); s != "" {
				d.WithHint("did you mean %q?", s)
			} else {
				d.WithHint(`a file has "path", "size" and "sha256"`)
			}
			ok = false
		}
	}
	p.token() // }
	for _, k := range []string{"path", "size", "sha256"} {
		if !have[k] {
			p.errorAt(start, start+1, "a file without %q", k).
				WithHint(`each file has "path", "size" and "sha256"`)
			ok = false
		}
	}
	return f, ok
}

// token reads the next token and returns it with the offset of its
// first byte in the file. The syntax was checked, so it never fails.
func (p *manifestParser) token() (json.Token, int) {
	start := p.skipSpace(p.base + int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err != nil {
		return nil, start
	}
	return tok, start
}

// next is token without the offset.
func (p *manifestParser) next() json.Token {
	tok, _ := p.token()
	return tok
}

// end is the offset just after the last token read.
func (p *manifestParser) end() int { return p.base + int(p.dec.InputOffset()) }

// skipSpace moves off past the white space and separators between two
// tokens, to the first byte of the next.
func (p *manifestParser) skipSpace(off int) int {
	for off < len(p.data) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return off
}

// skip reads past the rest of a value whose first token was tok.
func (p *manifestParser) skip(tok json.Token) {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return
	}
	for depth := 1; depth > 0; {
		switch p.next() {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'), nil:
			depth--
		}
	}
}

// kind names the JSON type of a value by its first token.
func kind(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return "a list"
		}
		return "an object"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return strconv.FormatBool(v)
	}
	return "null"
}

// shown is a scalar value as it was written, or the kind of a list or
// object.
func shown(tok json.Token) string {
	switch v := tok.(type) {
	case string:
		return strconv.Quote(v)
	case json.Number:
		return string(v)
	case json.Delim:
		return kind(tok)
	}
	return kind(tok)
}

// Changes are the files of a build that differ from an old manifest: what
// a deploy uploads (Added, Changed) and deletes (Removed). Each list is
// sorted, and every path is as the manifest has it
// ("acme24.de/privacy/index.html").
type Changes struct {
	Added   []string `json:"added"`
	Changed []string `json:"changed"`
	Removed []string `json:"removed"`
}

// Compare lists what differs from old to now within the given domain
// folders: a file of now that old lacks is added, one whose size or hash
// differs is changed, one of old that now lacks is removed. With no
// domains, the whole output is compared. (A --region build compares only
// its regions' folders: the old manifest may list other domains, which
// this build says nothing about.)
func Compare(old, now Manifest, domains []string) Changes {
	in := func(p string) bool {
		if len(domains) == 0 {
			return true
		}
		for _, d := range domains {
			if strings.HasPrefix(p, d+"/") {
				return true
			}
		}
		return false
	}
	prev := make(map[string]ManifestFile, len(old.Files))
	for _, f := range old.Files {
		if in(f.Path) {
			prev[f.Path] = f
		}
	}
	c := Changes{Added: []string{}, Changed: []string{}, Removed: []string{}}
	for _, f := range now.Files {
		if !in(f.Path) {
			continue
		}
		switch o, ok := prev[f.Path]; {
		case !ok:
			c.Added = append(c.Added, f.Path)
		case o.SHA256 != f.SHA256 || o.Size != f.Size:
			c.Changed = append(c.Changed, f.Path)
		}
		delete(prev, f.Path)
	}
	for p := range prev {
		c.Removed = append(c.Removed, p)
	}
	slices.Sort(c.Added)
	slices.Sort(c.Changed)
	slices.Sort(c.Removed)
	return c
}

// WriteText writes one line a file, sorted by path: "+ PATH" added,
// "~ PATH" changed, "- PATH" removed. A path that holds a control
// character (a line break) or starts with a double quote is written
// quoted, as a JSON string, so that every line is one file.
func (c Changes) WriteText(w io.Writer) error {
	type line struct {
		op   byte
		path string
	}
	lines := make([]line, 0, len(c.Added)+len(c.Changed)+len(c.Removed))
	for _, x := range []struct {
		op    byte
		paths []string
	}{{'+', c.Added}, {'~', c.Changed}, {'-', c.Removed}} {
		for _, p := range x.paths {
			lines = append(lines, line{x.op, p})
		}
	}
	slices.SortFunc(lines, func(a, b line) int { return strings.Compare(a.path, b.path) })
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteByte(l.op)
		b.WriteByte(' ')
		b.WriteString(textPath(l.path))
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// textPath is p as WriteText writes it.
func textPath(p string) string {
	if !strings.HasPrefix(p, `"`) && !strings.ContainsFunc(p, unicode.IsControl) {
		return p
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
	return strings.TrimSuffix(b.String(), "\n")
}

// WriteJSON writes c as one line of JSON:
// {"added":[...],"changed":[...],"removed":[...]}.
func (c Changes) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(c)
}
