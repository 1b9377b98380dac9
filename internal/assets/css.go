package assets

import (
	"bytes"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/sitefs"
)

// importRule matches `@import "x.css";` and `@import url(x.css);` at the
// start of a line, without media queries.
var importRule = regexp.MustCompile(`(?m)^[ \t]*@import[ \t]+(?:url\(\s*)?["']?([^"'()\s;]+)["']?\s*\)?[ \t]*;[ \t]*$`)

// inlineImports replaces each @import of a stylesheet in assets/ with the
// stylesheet itself, so a page loads one file instead of a chain of
// render-blocking requests. Imports of other hosts or absolute paths are
// left as they are. imported records the inlined names ("consent.css").
func inlineImports(fsys fs.FS, file string, src []byte, imported map[string]bool) ([]byte, error) {
	return inlineDepth(fsys, file, src, imported, map[string]bool{file: true})
}

func inlineDepth(fsys fs.FS, file string, src []byte, imported, stack map[string]bool) ([]byte, error) {
	locs := importRule.FindAllSubmatchIndex(src, -1)
	if locs == nil {
		return src, nil
	}
	var out bytes.Buffer
	last := 0
	for _, loc := range locs {
		target := string(src[loc[2]:loc[3]])
		if strings.Contains(target, ":") || strings.HasPrefix(target, "/") {
			continue
		}
		pos := func() diag.Pos {
			line, col := diag.LineCol(src, loc[2])
			return diag.Pos{File: file, Line: line, Col: col}
		}
		name := path.Join(path.Dir(file), target)
		if !strings.HasPrefix(name, Dir+"/") {
			return nil, diag.Errorf(pos(), "@import %q is outside %s/", target, Dir)
		}
		if stack[name] {
			return nil, diag.Errorf(pos(), "@import %q imports itself in a cycle", target)
		}
		body, err := fs.ReadFile(fsys, name)
		if d := sitefs.Refusal(err); d != nil {
			return nil, d
		}
		if err != nil {
			return nil, diag.Errorf(pos(), "cannot @import %q: %v", target, err).WithHint("the file must be in %s/", Dir)
		}
		body, bad := sitefs.Text(name, body)
		if bad != nil {
			return nil, bad
		}
		stack[name] = true
		body, err = inlineDepth(fsys, name, body, imported, stack)
		delete(stack, name)
		if err != nil {
			return nil, err
		}
		imported[strings.TrimPrefix(name, Dir+"/")] = true
		out.Write(src[last:loc[0]])
		out.Write(body)
		last = loc[1]
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}
