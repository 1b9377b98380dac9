package assets

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/evanw/esbuild/pkg/api"
)

// namespace is the esbuild namespace of modules read from the site's fs.FS,
// so esbuild never resolves anything on the real file system.
const namespace = "charter-assets"

// loaders maps the module extensions an import may name to esbuild loaders.
var loaders = map[string]api.Loader{
	".ts":   api.LoaderTS,
	".js":   api.LoaderJS,
	".mjs":  api.LoaderJS,
	".json": api.LoaderJSON,
}

// resolveOrder is how an import without a known extension is completed.
var resolveOrder = []string{".ts", ".js", "/index.ts", "/index.js"}

// bundleScript bundles the entry point file (a path in fsys such as
// "assets/consent.ts") into one IIFE script.
func bundleScript(fsys fs.FS, file string, minify bool) ([]byte, diag.List) {
	res := api.Build(api.BuildOptions{
		EntryPoints:       []string{file},
		Bundle:            true,
		Write:             false,
		Format:            api.FormatIIFE,
		Target:            api.ES2019,
		Platform:          api.PlatformBrowser,
		MinifyWhitespace:  minify,
		MinifyIdentifiers: minify,
		MinifySyntax:      minify,
		Sourcemap:         api.SourceMapNone,
		Charset:           api.CharsetUTF8,
		LegalComments:     api.LegalCommentsNone,
		TsconfigRaw:       "{}",
		LogLevel:          api.LogLevelSilent,
		Plugins:           []api.Plugin{fsPlugin(fsys)},
	})

	var diags diag.List
	for _, m := range res.Errors {
		diags.Add(messageDiagnostic(file, m, diag.Error))
	}
	for _, m := range res.Warnings {
		diags.Add(messageDiagnostic(file, m, diag.Warning))
	}
	if len(res.Errors) > 0 {
		return nil, diags
	}
	if len(res.OutputFiles) != 1 {
		diags.Errorf(diag.Pos{File: file}, "esbuild wrote %d files, want 1", len(res.OutputFiles))
		return nil, diags
	}
	return res.OutputFiles[0].Contents, diags
}

// fsPlugin resolves and loads every module from fsys.
func fsPlugin(fsys fs.FS) api.Plugin {
	return api.Plugin{
		Name: "charter-fs",
		Setup: func(pb api.PluginBuild) {
			pb.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				return resolve(fsys, args)
			})
			pb.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: namespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := fs.ReadFile(fsys, args.Path)
				if err != nil {
					return api.OnLoadResult{}, fmt.Errorf("cannot read %s: %v", args.Path, err)
				}
				// esbuild reads invalid UTF-8 as U+FFFD without a word.
				if !utf8.Valid(src) {
					return api.OnLoadResult{Errors: []api.Message{invalidUTF8(args.Path, src)}}, nil
				}
				contents := string(src)
				return api.OnLoadResult{Contents: &contents, Loader: loaders[path.Ext(args.Path)]}, nil
			})
		},
	}
}

// invalidUTF8 is the error for the first invalid byte of src, a module
// at path, located as esbuild locates its own (bytes from 0).
func invalidUTF8(path string, src []byte) api.Message {
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	return api.Message{
		Text:     fmt.Sprintf("invalid UTF-8 (byte 0x%02X)", src[off]),
		Location: &api.Location{File: path, Line: bytes.Count(src[:off], []byte("\n")) + 1, Column: off - start, LineText: string(src[start:end])},
		Notes:    []api.Note{{Text: "save the file as UTF-8"}},
	}
}

// resolve maps an import to a file of fsys. Only the entry point itself
// and relative imports are allowed: the assets are self-contained.
func resolve(fsys fs.FS, args api.OnResolveArgs) (api.OnResolveResult, error) {
	if args.Kind == api.ResolveEntryPoint {
		// esbuild writes an entry point that exists in the working
		// directory as "./assets/x.ts"; fsys wants "assets/x.ts".
		return api.OnResolveResult{Path: path.Clean(args.Path), Namespace: namespace}, nil
	}
	if !strings.HasPrefix(args.Path, "./") && !strings.HasPrefix(args.Path, "../") {
		return api.OnResolveResult{Errors: []api.Message{{
			Text:  fmt.Sprintf("cannot import %q: only relative imports of files in %s/ are supported", args.Path, Dir),
			Notes: []api.Note{{Text: `write the module into assets/ and import it as "./name"`}},
		}}}, nil
	}
	target := path.Join(path.Dir(args.Importer), args.Path)
	if target != Dir && !strings.HasPrefix(target, Dir+"/") {
		return api.OnResolveResult{Errors: []api.Message{{
			Text: fmt.Sprintf("cannot import %q: it is outside %s/", args.Path, Dir),
		}}}, nil
	}
	candidates := []string{target}
	if _, known := loaders[path.Ext(target)]; !known {
		candidates = nil
	}
	for _, ext := range resolveOrder {
		candidates = append(candidates, target+ext)
	}
	for _, c := range candidates {
		if st, err := fs.Stat(fsys, c); err == nil && !st.IsDir() {
			return api.OnResolveResult{Path: c, Namespace: namespace}, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return api.OnResolveResult{}, fmt.Errorf("cannot read %s: %v", c, err)
		}
	}
	return api.OnResolveResult{Errors: []api.Message{{
		Text: fmt.Sprintf("cannot find module %q (looked for %s)", args.Path, strings.Join(candidates, ", ")),
	}}}, nil
}

// messageDiagnostic turns an esbuild message into a diagnostic at its
// location, a file of fsys; file is the entry point being built, used
// when the message has no location.
func messageDiagnostic(file string, m api.Message, sev diag.Severity) *diag.Diagnostic {
	d := &diag.Diagnostic{Pos: diag.Pos{File: file}, Severity: sev, Message: m.Text}
	if loc := m.Location; loc != nil {
		d.File = strings.TrimPrefix(loc.File, namespace+":")
		d.Line = loc.Line
		col := loc.Column
		if col > len(loc.LineText) {
			col = len(loc.LineText)
		}
		// esbuild counts bytes from 0; editors count characters from 1.
		d.Col = utf8.RuneCountInString(loc.LineText[:col]) + 1
		if loc.Suggestion != "" {
			d.Hint = fmt.Sprintf("did you mean %q?", loc.Suggestion)
		}
	}
	var notes []string
	for _, n := range m.Notes {
		if n.Text != "" {
			notes = append(notes, n.Text)
		}
	}
	if d.Hint == "" && len(notes) > 0 {
		d.Hint = strings.Join(notes, "; ")
	}
	return d
}
