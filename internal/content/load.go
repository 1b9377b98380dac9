package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/config"
	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/unicode/norm"
)

// parsed is a Source's parsed Markdown.
type parsed struct {
	src  []byte   // the whole file
	base int      // offset of the Markdown body in src
	doc  ast.Node // the syntax tree, until it is compiled

	mu     sync.Mutex
	parsed bool        // Parse has run
	progs  [2]*program // compiled with raw HTML off [0] and on [1]

	text *diag.Source // src, to place diagnostics in
}

// body is the Markdown after the front matter; AST segments index into it.
func (p *parsed) body() []byte { return p.src[p.base:] }

// pos turns a body offset into a file position. (diag.Source keeps an
// index of line starts rather than counting from the start of the file
// each time: a page with 60,000 errors took 6 s to place them.)
func (s *Source) pos(offset int) diag.Pos { return s.impl.text.Pos(s.impl.base + offset) }

// span is the position of the body offsets [start, end).
func (s *Source) span(start, end int) diag.Pos {
	return s.impl.text.Range(s.impl.base+start, s.impl.base+end)
}

// errorf makes an error at a body offset, with the line it is on.
func (s *Source) errorf(offset int, format string, args ...any) *diag.Diagnostic {
	o := s.impl.base + offset
	return s.impl.text.Errorf(o, o, format, args...)
}

// newMarkdown returns the goldmark instance used for parsing. Rendering
// builds its own renderer per call (see render.go).
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.Typographer,
			directiveExtension,
		),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
}

type loadResult struct {
	src   *Source
	diags diag.List
}

// Scan reads every content/**/*.md in fsys (the site folder, read through
// sitefs) and parses it: List, then Read on every core, then Unique.
// Files with errors are left out of the result. Drafts are returned with
// Meta.Draft set; the caller decides.
func Scan(fsys fs.FS, site *config.Site) ([]*Source, diag.List) {
	files, diags := List(fsys)
	if diags.HasErrors() {
		return nil, diags
	}
	results := make([]loadResult, len(files))
	eachParallel(len(files), func(i int) {
		results[i].src, results[i].diags = Read(fsys, files[i], site)
	})
	var srcs []*Source
	for _, r := range results {
		diags = append(diags, r.diags...)
		if r.src != nil {
			srcs = append(srcs, r.src)
		}
	}
	srcs, d := Unique(srcs)
	return srcs, append(diags, d...)
}

// List names every Markdown file under content/ in fsys, sorted.
// Names starting with "." (.gitkeep, .DS_Store, .git/) are skipped; any
// other file that is not Markdown is a warning, so that no file is
// dropped without a word.
func List(fsys fs.FS) ([]string, diag.List) {
	var diags diag.List
	var files []string
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "content" {
				return err
			}
			reportReadError(&diags, p, err)
			return nil
		}
		if p != "content" && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 { // WalkDir does not follow links: say so for a folder
			st, err := fs.Stat(fsys, p)
			if err != nil {
				reportReadError(&diags, p, err)
				return nil
			}
			if st.IsDir() {
				diags.Add(&diag.Diagnostic{Pos: diag.Pos{File: p}, Severity: diag.Warning,
					Message: "a symbolic link to a folder; charter does not follow links to folders in content/",
					Hint:    "move the folder into content/, or link its files one by one"})
				return nil
			}
		}
		switch {
		case d.IsDir():
		case strings.HasSuffix(d.Name(), ".md"):
			files = append(files, p)
		default:
			diags.Add(&diag.Diagnostic{Pos: diag.Pos{File: p}, Severity: diag.Warning,
				Message: "not a Markdown file (.md); charter ignores it",
				Hint:    "content/ holds pages as .md files; put files to publish as they are in assets/static/, and others outside content/"})
		}
		return nil
	})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(diag.Pos{File: "content"}, "cannot read content: there is no content/ folder").
				WithHint("create content/ with one Markdown file per page and language, e.g. content/index.md")
		} else {
			reportReadError(&diags, "content", err)
		}
		return nil, diags
	}
	sort.Strings(files)
	return files, diags
}

// Read reads one Markdown file of fsys, checks its name and front matter,
// parses its Markdown, checks its directives against site and compiles
// it. The Source is nil when the file has errors.
func Read(fsys fs.FS, file string, site *config.Site) (*Source, diag.List) {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		var diags diag.List
		reportReadError(&diags, file, err)
		return nil, diags
	}
	return ReadBytes(file, b, site)
}

// ReadBytes is Read of a file's bytes.
func ReadBytes(file string, b []byte, site *config.Site) (*Source, diag.List) {
	src, diags := scanSource(file, b, site)
	if src == nil || diags.HasErrors() {
		return nil, diags
	}
	diags = append(diags, src.parse(site)...)
	if diags.HasErrors() {
		return nil, diags
	}
	return src, diags
}

// ReadFrontMatter is ReadBytes without the Markdown: the file's name and
// front matter are checked, and the Source has what a plan needs; only
// ReadMarkdown of it renders. A one-shot build reads every file so,
// plans, then reads each one's Markdown just before it renders its pages,
// and lets it go: a big site is never all in memory at once.
func ReadFrontMatter(file string, b []byte, site *config.Site) (*Source, diag.List) {
	src, diags := scanSource(file, b, site)
	if src == nil || diags.HasErrors() {
		return nil, diags
	}
	return src, diags
}

// ReadMarkdown is ReadBytes for a Source of ReadFrontMatter: it parses the
// Markdown of meta's file and returns a new Source that renders; meta is
// left as it was.
func ReadMarkdown(meta *Source, site *config.Site) (*Source, diag.List) {
	src := *meta
	src.impl = &parsed{src: meta.impl.src, base: meta.impl.base, text: meta.impl.text}
	diags := src.parse(site)
	if diags.HasErrors() {
		return nil, diags
	}
	return &src, diags
}

// Unique drops the second of two sources of one page in one language,
// with an error; srcs are in file order.
func Unique(srcs []*Source) ([]*Source, diag.List) {
	var diags diag.List
	var out []*Source
	defined := map[[2]string]string{}
	for _, s := range srcs {
		key := [2]string{s.Page, s.Lang}
		if prev, dup := defined[key]; dup {
			diags.Errorf(diag.Pos{File: s.File, Line: 1, Col: 1}, "page %q in language %q is already defined by %s", s.Page, s.Lang, prev).
				WithHint("keep one of the two files")
			continue
		}
		defined[key] = s.File
		out = append(out, s)
	}
	return out, diags
}

// reportReadError reports a file that could not be read: a refusal of
// sitefs (a FIFO, a link out of the site, a file over the size limit) as
// it is, any other error as "cannot read".
func reportReadError(diags *diag.List, file string, err error) {
	diags.Add(sitefs.ReadError(file, err))
}

// eachParallel calls do(i) for every i in [0, n), on every core.
func eachParallel(n int, do func(i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				do(i)
			}
		}()
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// pageAndLang splits "content/legal/terms.pt-BR.md" into the page id
// "legal/terms" and the canonical language "pt-BR".
func pageAndLang(file string, site *config.Site) (page, lang string, d *diag.Diagnostic) {
	rel := strings.TrimPrefix(file, "content/")
	name := strings.TrimSuffix(rel, ".md")
	if name == "assets" || strings.HasPrefix(name, "assets/") {
		return "", "", diag.Errorf(diag.Pos{File: file}, "the page would be served under /assets/, where charter puts fingerprinted files that browsers cache for a year").
			WithHint("rename the file or its folder")
	}
	if r, ok := badURLRune(name); ok {
		return "", "", diag.Errorf(diag.Pos{File: file}, "the file name holds %q, which cannot stand in the page's URL", r).
			WithHint("rename it with letters, digits, - and _ (the path under content/ is the URL)")
	}
	dirPart, base := path.Split(name)
	stem, suffix, hasSuffix := cutLast(base, ".")
	if !hasSuffix {
		lang = ""
		if site != nil {
			lang = site.DefaultLanguage
		}
		if tag, err := language.Parse(lang); err == nil {
			lang = tag.String()
		}
		return norm.NFC.String(dirPart + base), lang, nil // one URL, however the file system spells it
	}
	tag, err := language.Parse(suffix)
	if err != nil || stem == "" || !knownLanguage(tag) {
		return "", "", diag.Errorf(diag.Pos{File: file}, "%q in the file name is not a language tag", suffix).
			WithHint("name the file <page>.<lang>.md with a BCP 47 tag such as de or pt-BR, or <page>.md for the default language; a file to publish as it is, such as robots.txt, goes in assets/static/")
	}
	return norm.NFC.String(dirPart + stem), tag.String(), nil
}

// knownLanguage tells a language suffix from a file extension that is
// also a registered ISO 639-3 code ("txt", "old", "tmp"): the language
// must be one CLDR names. "und" passes, and is reported as served by no
// region.
func knownLanguage(tag language.Tag) bool {
	if tag == language.Und {
		return true
	}
	base, _ := tag.Base()
	return display.English.Languages().Name(language.Make(base.String())) != ""
}

// badURLRune finds the first character of a path under content/ that
// cannot stand as it is in a URL path, nor in a sitemap, a _redirects
// rule or a folder name: anything but letters, marks and digits of any
// script, "/" and "-._~!$&'()+,;=@". A "%" is refused too: the file
// a%41.md would be written as a%41/ but requested as aA/.
func badURLRune(name string) (rune, bool) {
	for _, r := range name {
		if r < utf8.RuneSelf && isPathByte(byte(r)) && r != '%' ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) {
			continue
		}
		return r, true
	}
	return 0, false
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// scanSource splits one file and checks its name and front matter.
func scanSource(file string, src []byte, site *config.Site) (*Source, diag.List) {
	var diags diag.List
	src, bad := sitefs.Text(file, src)
	if bad != nil {
		diags.Add(bad)
		diag.NewSource(file, src).AddExcerpts(diags)
		return nil, diags
	}
	page, lang, d := pageAndLang(file, site)
	if d != nil {
		diags.Add(d)
	}
	s := &Source{Page: page, Lang: lang, File: file}
	text := diag.NewSource(file, src)

	fm, format, firstLine, bodyStart, d := splitFrontMatter(file, src)
	if d != nil {
		diags.Add(d)
		text.AddExcerpts(diags)
		return nil, diags
	}
	if format == "" {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "missing front matter with a title").
			WithHint("start the file with a line ---, then title: ..., then a line ---")
	} else {
		meta, fmDiags := parseFrontMatter(text, fm, format, firstLine, site)
		diags = append(diags, fmDiags...)
		s.Meta = meta
	}
	text.AddExcerpts(diags)
	s.impl = &parsed{src: src, base: bodyStart, text: text}
	return s, diags
}

// markdowns are goldmark instances for Parse, one per goroutine at a time.
var markdowns = sync.Pool{New: func() any { return newMarkdown() }}

// parseDoc parses the Markdown of s, checks its directives and gives its
// headings ids.
func (s *Source) parseDoc(site *config.Site) (ast.Node, diag.List) {
	var diags diag.List
	body := s.impl.body()
	if depth, offset, what, ok := checkNesting(body); !ok {
		d := diags.Errorf(s.pos(offset), "%s nest %d levels deep here; charter allows at most %d", what, depth, maxNesting).
			WithHint("flatten the list or quote; each list marker or > at the start of a line, and each 2 columns of indentation before it, count as a level")
		if what != "lists and quotes" {
			d.Hint = "close each :::name block with its ::: line before the next opens, or flatten them; each :::name line opens a level until a ::: line with at least as many colons closes it, and list markers and > count too"
		}
		return ast.NewDocument(), diags
	}
	if offset, ok := checkBrackets(body); !ok {
		diags.Errorf(s.pos(offset), "this paragraph holds more than %d [; charter allows at most %d in one paragraph, list item or table row", maxBrackets, maxBrackets).
			WithHint("split it with blank lines, or put data in a fenced code block")
		return ast.NewDocument(), diags
	}
	md := markdowns.Get().(goldmark.Markdown)
	doc, errs := parseMarkdown(md, body, site)
	markdowns.Put(md)
	for _, e := range errs {
		at := s.pos(e.Offset)
		if e.End > e.Offset {
			at = s.span(e.Offset, e.End)
		}
		d := diags.Errorf(at, "%s", e.Message)
		d.Hint = e.Hint
	}
	s.checkAttributes(doc, &diags)
	labelTables(doc, s.impl.body()) // after the check: these are charter's attributes
	assignHeadingIDs(doc, body, regionIDs(site), s.pos, &diags)
	return doc, diags
}

// parse parses the Markdown of s, checks its directives (region ids,
// param names, form ids against site) and compiles it for site's raw
// HTML setting; the syntax tree then goes.
func (s *Source) parse(site *config.Site) diag.List {
	p := s.impl
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.parsed {
		return nil
	}
	p.parsed = true
	doc, diags := s.parseDoc(site)
	p.text.AddExcerpts(diags)
	if diags.HasErrors() {
		return diags
	}
	p.doc = doc
	if _, err := p.programLocked(s, site); err != nil {
		diags.Merge(err)
	}
	return diags
}

// attributesHint says which attributes charter takes.
const attributesHint = `a heading takes only {#id} and {.class}; style it from the layout's CSS`

// checkAttributes checks the {...} attributes goldmark read (it reads
// them on headings only, ATX and setext): only id and class are allowed,
// the id must be a usable #fragment, and both must be text. Anything else,
// such as an inline style the site's CSP would block, is an error, and is
// removed from the node.
func (s *Source) checkAttributes(doc ast.Node, diags *diag.List) {
	body := s.impl.body()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		defer alignTableCell(n) // in this walk, after the check of what the editor wrote
		if n.Attributes() == nil {
			return ast.WalkContinue, nil
		}
		// goldmark cuts the attributes off the node's last line: they
		// follow it on the same line.
		attrsAt := 0
		if lines := n.Lines(); lines.Len() > 0 {
			last := lines.At(lines.Len() - 1)
			attrsAt = last.Stop
			if i := bytes.IndexByte(body[attrsAt:lineEnd(body, attrsAt)], '{'); i >= 0 {
				attrsAt += i
			}
		}
		at := func(name []byte) diag.Pos {
			if i := bytes.Index(body[attrsAt:lineEnd(body, attrsAt)], name); i >= 0 {
				return s.span(attrsAt+i, attrsAt+i+len(name))
			}
			return s.pos(attrsAt)
		}
		_, heading := n.(*ast.Heading)
		var keep []ast.Attribute
		for _, a := range n.Attributes() {
			name := string(a.Name)
			switch {
			case !heading:
				diags.Errorf(at(a.Name), "attribute %q is not allowed here", name).WithHint("%s", attributesHint)
				continue
			case name != "id" && name != "class":
				diags.Errorf(at(a.Name), "attribute %q is not allowed on a heading", name).WithHint("%s", attributesHint)
				continue
			}
			v, text := a.Value.([]byte)
			if !text {
				diags.Errorf(at(a.Name), "heading %s must be text", name).WithHint(`write {#my-id} or {.my-class}; %s`, attributesHint)
				continue
			}
			if name == "id" && !validFragment(string(v)) {
				diags.Errorf(at(a.Name), "heading id %q is not a valid fragment", v).
					WithHint(`write {#my-id} without spaces, quotes, <, > or #; %s`, attributesHint)
				continue
			}
			keep = append(keep, a)
		}
		if len(keep) < len(n.Attributes()) {
			n.RemoveAttributes()
			for _, a := range keep {
				n.SetAttribute(a.Name, a.Value)
			}
		}
		return ast.WalkContinue, nil
	})
}

// lineEnd is the offset of the end of the line at offset in body.
func lineEnd(body []byte, offset int) int {
	if i := bytes.IndexByte(body[offset:], '\n'); i >= 0 {
		return offset + i
	}
	return len(body)
}

// validFragment reports whether id can be written as #id in a URL and an
// id="..." attribute as it is.
func validFragment(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("\"'<>#`", r) {
			return false
		}
	}
	return true
}
