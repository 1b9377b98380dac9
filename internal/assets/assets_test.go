package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/charter-ssg/charter/internal/diag"
	"github.com/charter-ssg/charter/internal/overlay"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// build builds fsys and fails the test on any diagnostic.
func build(t *testing.T, fsys fs.FS, minify bool) *Bundle {
	t.Helper()
	b, diags := Build(fsys, minify)
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics:\n%v", diags)
	}
	return b
}

func names(b *Bundle) []string {
	var out []string
	for _, a := range b.All() {
		out = append(out, a.Name)
	}
	return out
}

func TestEntryDetection(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/consent.ts":        file("console.log('consent')\n"),
		"assets/form.ts":           file("console.log('form')\n"),
		"assets/_shared.ts":        file("export const x = 1\n"),
		"assets/globals.d.ts":      file("declare const gtag: (...a: unknown[]) => void\n"),
		"assets/lib/helper.ts":     file("export const y = 2\n"),
		"assets/readme.md":         file("# notes\n"),
		"assets/site.css":          file("body { color: red }\n"),
		"assets/lib/ignored.css":   file("p { color: blue }\n"),
		"assets/static/robots.txt": file("User-agent: *\n"),
	}
	b := build(t, fsys, true)
	got := strings.Join(names(b), " ")
	want := "consent.js form.js site.css static/robots.txt"
	if got != want {
		t.Errorf("assets = %q, want %q", got, want)
	}
	for _, n := range []string{"_shared.js", "globals.d.js", "globals.js", "helper.js", "ignored.css"} {
		if _, ok := b.Get(n); ok {
			t.Errorf("Get(%q) found an asset that is not an entry point", n)
		}
	}
}

func TestAllSortedByPath(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/b.ts":           file("console.log('b')\n"),
		"assets/a.ts":           file("console.log('a')\n"),
		"assets/z.css":          file("a{color:red}"),
		"assets/static/z.svg":   file("<svg/>"),
		"assets/static/a/b.txt": file("b"),
	}
	all := build(t, fsys, true).All()
	for i := 1; i < len(all); i++ {
		if all[i-1].Path >= all[i].Path {
			t.Errorf("All() not sorted by Path: %q before %q", all[i-1].Path, all[i].Path)
		}
	}
	if len(all) != 5 {
		t.Errorf("len(All()) = %d, want 5", len(all))
	}
}

func TestSiblingImportFromFS(t *testing.T) {
	base := fstest.MapFS{
		"assets/consent.ts":      file("import { greet } from './consent-core'\nimport { shout } from './lib/x.ts'\nconsole.log(greet('eu'), shout('de'))\n"),
		"assets/consent-core.ts": file("export function greet(r: string): string { return 'hello ' + r }\n"),
		"assets/lib/x.ts":        file("export function shout(r: string): string { return 'BASE-' + r }\n"),
	}
	a, _ := build(t, base, false).Get("consent.js")
	if a == nil {
		t.Fatal("consent.js not built")
	}
	for _, want := range []string{"hello ", "BASE-"} {
		if !bytes.Contains(a.Data, []byte(want)) {
			t.Errorf("bundle does not contain %q from an imported module:\n%s", want, a.Data)
		}
	}

	// A site that overrides assets/lib/x.ts gets its own version.
	site := fstest.MapFS{
		"assets/lib/x.ts": file("export function shout(r: string): string { return 'SITE-' + r }\n"),
	}
	a, _ = build(t, &overlay.FS{Top: site, Base: base}, false).Get("consent.js")
	if a == nil {
		t.Fatal("consent.js not built from overlay")
	}
	if !bytes.Contains(a.Data, []byte("SITE-")) || bytes.Contains(a.Data, []byte("BASE-")) {
		t.Errorf("overlay bundle does not use the site's lib/x.ts:\n%s", a.Data)
	}
}

func TestTypesStripped(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/form.ts": file(`interface Field { name: string; required?: boolean }
type State = "sending" | "sent" | "failed"
const fields: Field[] = [{ name: "email", required: true }]
let state: State = "sending"
function describe<T extends Field>(f: T): string { return f.name as string }
console.log(fields.map(describe).join(","), state)
`),
	}
	for _, minify := range []bool{false, true} {
		a, _ := build(t, fsys, minify).Get("form.js")
		if a == nil {
			t.Fatal("form.js not built")
		}
		for _, ts := range []string{"interface", ": string", "State", "<T", "as string"} {
			if bytes.Contains(a.Data, []byte(ts)) {
				t.Errorf("minify=%v: output still contains TypeScript %q:\n%s", minify, ts, a.Data)
			}
		}
		if !bytes.Contains(a.Data, []byte("email")) {
			t.Errorf("minify=%v: output lost the code:\n%s", minify, a.Data)
		}
	}
}

func TestMinifyFlag(t *testing.T) {
	css := "/* brand colours */\nbody {\n  color: #ff0000;\n}\n"
	fsys := fstest.MapFS{
		"assets/site.css": file(css),
		"assets/x.ts":     file("const longVariableName = 40 + 2\nconsole.log(longVariableName)\n"),
	}
	plain := build(t, fsys, false)
	if a, _ := plain.Get("site.css"); a == nil || string(a.Data) != css {
		t.Errorf("minify=false changed the CSS: %+v", a)
	}
	if a, _ := plain.Get("x.js"); a == nil || !bytes.Contains(a.Data, []byte("\n")) {
		t.Errorf("minify=false: JS looks minified: %+v", a)
	}

	small := build(t, fsys, true)
	a, _ := small.Get("site.css")
	if a == nil || string(a.Data) != "body{color:red}" {
		t.Errorf("minified CSS = %q, want %q", a.Data, "body{color:red}")
	}
	j, _ := small.Get("x.js")
	if j == nil || bytes.Contains(j.Data, []byte("longVariableName")) || !bytes.HasPrefix(j.Data, []byte("(()=>{")) {
		t.Errorf("minified JS is not a minified IIFE: %q", j.Data)
	}
}

func TestES2019Target(t *testing.T) {
	fsys := fstest.MapFS{"assets/x.ts": file("const o: any = (globalThis as any).cfg\nconsole.log(o?.a ?? 1)\n")}
	a, _ := build(t, fsys, true).Get("x.js")
	if bytes.Contains(a.Data, []byte("?.")) || bytes.Contains(a.Data, []byte("??")) {
		t.Errorf("output uses syntax newer than ES2019: %s", a.Data)
	}
}

func TestScriptErrors(t *testing.T) {
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		want  string // prefix of the first diagnostic
		match string // substring of its message
	}{
		{
			name: "syntax error",
			fsys: fstest.MapFS{"assets/x.ts": file("const a = 1\nconst b = 2\nfoo(a b)\n")},
			want: "assets/x.ts:3:7: ", match: `Expected ")"`,
		},
		{
			name: "error in an imported module",
			fsys: fstest.MapFS{
				"assets/x.ts":     file("import { f } from './lib/m'\nf()\n"),
				"assets/lib/m.ts": file("export function f() {\n  return (\n}\n"),
			},
			want: "assets/lib/m.ts:3:1: ",
		},
		{
			name: "column counts characters",
			fsys: fstest.MapFS{"assets/x.ts": file("const s = 'Grüße'; foo(a b)\n")},
			want: "assets/x.ts:1:26: ",
		},
		{
			name: "missing module",
			fsys: fstest.MapFS{"assets/x.ts": file("// consent\nimport './nope'\n")},
			want: "assets/x.ts:2:8: ", match: `cannot find module "./nope"`,
		},
		{
			name: "package import",
			fsys: fstest.MapFS{"assets/x.ts": file("import 'left-pad'\n")},
			want: "assets/x.ts:1:8: ", match: "only relative imports",
		},
		{
			name: "import outside assets",
			fsys: fstest.MapFS{
				"assets/x.ts": file("import '../secret'\n"),
				"secret.ts":   file("console.log('no')\n"),
			},
			want: "assets/x.ts:1:8: ", match: "outside assets/",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, diags := Build(tt.fsys, true)
			if !diags.HasErrors() {
				t.Fatalf("no error reported; assets: %v", names(b))
			}
			got := diags[0].Error()
			if !strings.HasPrefix(got, tt.want) || !strings.Contains(got, tt.match) {
				t.Errorf("diagnostic = %q, want prefix %q containing %q", got, tt.want, tt.match)
			}
			if _, ok := b.Get("x.js"); ok {
				t.Error("a failed entry point still produced x.js")
			}
		})
	}
}

func TestSharedModuleErrorReportedOnce(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/a.ts":      file("import './_bad'\n"),
		"assets/b.ts":      file("import './_bad'\n"),
		"assets/_bad.ts":   file("let x = ;\n"),
		"assets/good.ts":   file("console.log(1)\n"),
		"assets/site.css":  file("a{}"),
		"assets/static/ok": file("ok"),
	}
	b, diags := Build(fsys, true)
	if len(diags) != 1 || diags[0].File != "assets/_bad.ts" {
		t.Errorf("diagnostics = %v, want one in assets/_bad.ts", diags)
	}
	if _, ok := b.Get("good.js"); !ok {
		t.Error("an error in other entry points stopped good.js")
	}
}

func TestFingerprint(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/site.css":  file("body { color: red }"),
		"assets/other.css": file("p { margin: 0 }"),
		"assets/x.ts":      file("import { v } from './_v'\nconsole.log(v)\n"),
		"assets/_v.ts":     file("export const v = 1\n"),
	}
	first := build(t, fsys, true)
	pathRE := regexp.MustCompile(`^assets/(site|x)\.[0-9a-f]{10}\.(css|js)$`)
	for _, n := range []string{"site.css", "x.js"} {
		a, _ := first.Get(n)
		if !pathRE.MatchString(a.Path) {
			t.Errorf("%s: path %q is not assets/<base>.<10 hex>.<ext>", n, a.Path)
		}
	}

	again := build(t, fsys, true)
	if len(first.All()) != len(again.All()) {
		t.Fatal("two builds gave different numbers of assets")
	}
	for i, a := range first.All() {
		b := again.All()[i]
		if a.Path != b.Path || !bytes.Equal(a.Data, b.Data) || a.Integrity != b.Integrity {
			t.Errorf("build is not reproducible: %s vs %s", a.Path, b.Path)
		}
	}

	// Change only the imported module: x.js and only x.js gets a new name.
	fsys["assets/_v.ts"] = file("export const v = 2\n")
	changed := build(t, fsys, true)
	x1, _ := first.Get("x.js")
	x2, _ := changed.Get("x.js")
	if x1.Path == x2.Path {
		t.Errorf("fingerprint did not change with the content: %s", x1.Path)
	}
	for _, n := range []string{"site.css", "other.css"} {
		a, _ := first.Get(n)
		b, _ := changed.Get(n)
		if a.Path != b.Path {
			t.Errorf("%s: fingerprint changed although content did not: %s -> %s", n, a.Path, b.Path)
		}
	}
}

func TestIntegrityVerifies(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/site.css":         file("body{color:red}"),
		"assets/x.ts":             file("console.log('ü')\n"),
		"assets/static/icon.svg":  file(`<svg xmlns="http://www.w3.org/2000/svg"/>`),
		"assets/static/empty.txt": file(""),
	}
	for _, a := range build(t, fsys, true).All() {
		sum := sha512.Sum384(a.Data)
		want := "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
		if a.Integrity != want {
			t.Errorf("%s: Integrity = %q, want %q", a.Name, a.Integrity, want)
		}
	}
}

func TestStaticCopy(t *testing.T) {
	svg := "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <circle r=\"4\"/>\n</svg>\n"
	demo := "// keep me exactly\nwindow.demo = 1;\n"
	fsys := fstest.MapFS{
		"assets/static/favicon.svg":      file(svg),
		"assets/static/demo/tracker.js":  file(demo),
		"assets/static/.well-known/x.tx": file("x"),
	}
	b := build(t, fsys, true)
	tests := []struct{ name, path, data string }{
		{"static/favicon.svg", "favicon.svg", svg},
		{"static/demo/tracker.js", "demo/tracker.js", demo},
		{"static/.well-known/x.tx", ".well-known/x.tx", "x"},
	}
	for _, tt := range tests {
		a, ok := b.Get(tt.name)
		if !ok {
			t.Errorf("Get(%q) not found; have %v", tt.name, names(b))
			continue
		}
		if a.Path != tt.path || string(a.Data) != tt.data {
			t.Errorf("%s: Path=%q Data=%q, want %q %q", tt.name, a.Path, a.Data, tt.path, tt.data)
		}
	}
}

func TestPathConflict(t *testing.T) {
	// A static file cannot claim an output path a built asset has.
	fsys := fstest.MapFS{
		"assets/site.css":          file("a{}"),
		"assets/static/assets/seo": file("x"),
	}
	b, diags := Build(fsys, true)
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	css, _ := b.Get("site.css")
	fsys["assets/static/"+css.Path] = file("clash")
	_, diags = Build(fsys, true)
	if !diags.HasErrors() || !strings.Contains(diags.Error(), css.Path) {
		t.Errorf("diagnostics = %v, want a conflict on %s", diags, css.Path)
	}
}

func TestNoAssetsFolder(t *testing.T) {
	b, diags := Build(fstest.MapFS{"content/a.md": file("# a")}, true)
	if len(diags) != 0 || len(b.All()) != 0 {
		t.Errorf("Build without assets/ = %v, %v; want an empty bundle", names(b), diags)
	}
	if _, ok := b.Get("site.css"); ok {
		t.Error("Get found an asset in an empty bundle")
	}
}

func TestGzipSize(t *testing.T) {
	css := strings.Repeat(".consent-banner{display:flex;gap:1rem}", 200)
	b := build(t, fstest.MapFS{"assets/site.css": file(css)}, false)
	got := b.GzipSize("site.css")
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte(css))
	zw.Close()
	if got != buf.Len() {
		t.Errorf("GzipSize = %d, want %d", got, buf.Len())
	}
	if got <= 0 || got >= len(css)/10 {
		t.Errorf("GzipSize = %d for %d repetitive bytes", got, len(css))
	}
	if n := b.GzipSize("missing.js"); n != -1 {
		t.Errorf("GzipSize of a missing asset = %d, want -1", n)
	}
}

// TestRepositoryAssets builds the real assets/ folder of the repository,
// which is also the embedded default, so a broken widget fails here.
func TestRepositoryAssets(t *testing.T) {
	fsys := os.DirFS("../..")
	ents, err := fs.ReadDir(fsys, Dir)
	if err != nil || len(ents) == 0 {
		t.Skip("no assets/ in the repository yet")
	}
	for _, minify := range []bool{false, true} {
		b, diags := Build(fsys, minify)
		var errs diag.List
		for _, d := range diags {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		if len(errs) > 0 {
			t.Fatalf("minify=%v:\n%v", minify, errs)
		}
		for _, a := range b.All() {
			if len(a.Data) == 0 && !strings.HasPrefix(a.Name, "static/") {
				t.Errorf("%s is empty", a.Name)
			}
		}
	}
}

func TestCSSImportIsInlined(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/site.css":       {Data: []byte("@import \"consent.css\";\n@import url(\"https://cdn.example/x.css\");\nbody{color:red}\n")},
		"assets/consent.css":    {Data: []byte("@import './lib/base.css';\n.cc{display:block}\n")},
		"assets/lib/base.css":   {Data: []byte(".base{margin:0}\n")},
		"assets/broken.css":     {Data: []byte("a{}\n@import \"nope.css\";\n")},
		"assets/cycle/a.css":    {Data: []byte("@import \"b.css\";\n")},
		"assets/cycle/b.css":    {Data: []byte("@import \"a.css\";\n")},
		"assets/loop.css":       {Data: []byte("@import \"cycle/a.css\";\n")},
		"assets/outside.css":    {Data: []byte("@import \"../secret.css\";\n")},
		"assets/static/x.txt":   {Data: []byte("x")},
		"assets/unrelated.css2": {Data: []byte("x")},
	}
	b, diags := Build(fsys, false)
	want := []string{
		`assets/broken.css:2:10: cannot @import "nope.css"`,
		`assets/cycle/b.css:1:10: @import "a.css" imports itself in a cycle`,
		`assets/outside.css:1:10: @import "../secret.css" is outside assets/`,
	}
	if len(diags) != len(want) {
		t.Fatalf("diags = %v", diags)
	}
	for i, w := range want {
		if !strings.HasPrefix(diags[i].Error(), w) {
			t.Errorf("diag %d = %q, want prefix %q", i, diags[i].Error(), w)
		}
	}
	site, _ := b.Get("site.css")
	got := string(site.Data)
	if !strings.Contains(got, ".base{margin:0}") || !strings.Contains(got, ".cc{display:block}") ||
		!strings.Contains(got, `@import url("https://cdn.example/x.css");`) || strings.Contains(got, `"consent.css"`) {
		t.Errorf("site.css = %q", got)
	}
	if _, ok := b.Get("consent.css"); !ok {
		t.Error("consent.css should stay in the bundle for measuring")
	}
	for _, a := range b.All() {
		if a.Name == "consent.css" {
			t.Error("an inlined stylesheet is written on its own")
		}
	}
}

// A BOM at the start of a stylesheet is dropped (the minifier keeps it,
// and an inlined @import's would end up inside a selector); esbuild drops
// the BOM of TypeScript itself.
func TestBOMDropped(t *testing.T) {
	for _, minify := range []bool{true, false} {
		b := build(t, fstest.MapFS{
			"assets/site.css": file("\xEF\xBB\xBFbody{color:red}\n@import \"b.css\";\n"),
			"assets/b.css":    file("\xEF\xBB\xBFp{color:blue}"),
			"assets/x.ts":     file("\xEF\xBB\xBFimport { y } from './_y'\nconsole.log(y)\n"),
			"assets/_y.ts":    file("\xEF\xBB\xBFexport const y = 1\n"),
		}, minify)
		for _, name := range []string{"site.css", "x.js"} {
			a, _ := b.Get(name)
			if a == nil {
				t.Fatalf("%s not built", name)
			}
			if bytes.Contains(a.Data, []byte("\xEF\xBB\xBF")) {
				t.Errorf("minify=%v: %s has a BOM: %q", minify, name, a.Data)
			}
		}
	}
}

// Stylesheets and scripts are text files: invalid UTF-8 is an error at its
// line and column, not a byte copied into the output.
func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string // prefix of the diagnostic
	}{
		{"stylesheet", fstest.MapFS{"assets/site.css": file("body{color:red}\n.x::before{content:\"a\xffb\"}\n")}, "assets/site.css:2:22: invalid UTF-8"},
		{"stylesheet with a BOM", fstest.MapFS{"assets/site.css": file("\xEF\xBB\xBF.x{content:\"\xc3\"}\n")}, "assets/site.css:1:13: invalid UTF-8"},
		{"imported stylesheet", fstest.MapFS{
			"assets/site.css":    file("@import \"parts/a.css\";\nbody{}\n"),
			"assets/parts/a.css": file("a{}\n\n  b{content:\"\x80\"}\n"),
		}, "assets/parts/a.css:3:14: invalid UTF-8"},
		{"script", fstest.MapFS{"assets/x.ts": file("const a = 1\nconst s = 'a\xffb'\n")}, "assets/x.ts:2:13: invalid UTF-8"},
		{"imported module", fstest.MapFS{
			"assets/x.ts":     file("import { f } from './lib/m'\nf()\n"),
			"assets/lib/m.ts": file("export function f() { return '\xfe' }\n"),
		}, "assets/lib/m.ts:1:31: invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, minify := range []bool{true, false} {
				b, diags := Build(tt.fsys, minify)
				if len(diags) == 0 || !strings.HasPrefix(diags[0].Error(), tt.want) {
					t.Fatalf("minify=%v: diagnostics %v, want %q", minify, diags, tt.want)
				}
				for _, a := range b.All() {
					if !utf8.Valid(a.Data) {
						t.Errorf("minify=%v: %s holds invalid UTF-8", minify, a.Name)
					}
				}
			}
		})
	}
}
