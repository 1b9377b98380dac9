package output

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	sumA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	sumB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

// entry is one file of a manifest in the text of a test.
func entry(path string, size int, sum string) string {
	return `{"path": "` + path + `", "size": ` + strconv.Itoa(size) + `, "sha256": "` + sum + `"}`
}

func TestParseManifestAcceptsWhatCharterWrites(t *testing.T) {
	want := Manifest{Files: []ManifestFile{
		{Path: "acme24.de/index.html", Size: 3, SHA256: sumA},
		{Path: "acme24.de/.well-known/gpc.json", Size: 5, SHA256: sumB},
		{Path: "acme24.de/datenschutz-ä/index.html", Size: 0, SHA256: sumB},
	}}
	b, _ := json.MarshalIndent(want, "", "  ")
	for name, text := range map[string][]byte{
		"as written":      b,
		"compact":         []byte(`{"files":[{"path":"acme24.de/index.html","size":3,"sha256":"` + sumA + `"},{"path":"acme24.de/.well-known/gpc.json","size":5,"sha256":"` + sumB + `"},{"path":"acme24.de/datenschutz-ä/index.html","size":0,"sha256":"` + sumB + `"}]}`),
		"byte order mark": append([]byte("\uFEFF"), b...),
		"keys reordered":  []byte(`{"files":[{"sha256":"` + sumA + `","size":3,"path":"acme24.de/index.html"},{"size":5,"sha256":"` + sumB + `","path":"acme24.de/.well-known/gpc.json"},{"path":"acme24.de/datenschutz-ä/index.html","sha256":"` + sumB + `","size":0}]}` + "\n\n"),
	} {
		got, diags := ParseManifest("m.json", text)
		if len(diags) > 0 {
			t.Errorf("%s: %v", name, diags)
			continue
		}
		if !slices.Equal(got.Files, want.Files) {
			t.Errorf("%s: got %+v", name, got.Files)
		}
	}
	if got, diags := ParseManifest("m.json", []byte(`{"files": []}`)); len(diags) > 0 || len(got.Files) != 0 {
		t.Errorf("no files: %v %v", got, diags)
	}
}

// Every problem of a bad manifest is reported at its file:line:col, with
// what is wrong and a hint, and none makes the parser panic.
func TestParseManifestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string // each diagnostic, as Error formats it, in part
	}{
		{"empty", "", []string{`m.json:1:1: the file is empty, not a manifest.json (for a first deploy, compare against a manifest of no files: {"files":[]})`}},
		{"only spaces", " \n\t\n", []string{`m.json:1:1: the file is empty`}},
		{"an HTML error page", "\n<!DOCTYPE html>\n<title>404 Not Found</title>", []string{`m.json:2:1: this is HTML or XML, not a manifest.json (a download that failed often saves the server's error page`}},
		{"cut short", "{\"files\": [\n  " + entry("a/b", 1, sumA) + ",\n  {\"path\": \"a/c\"", []string{`m.json:3:17: the file ends in the middle of the manifest (it was cut short`}},
		{"a missing value", `{"files": [1,}`, []string{`m.json:1:14: not valid JSON: invalid character '}' looking for beginning of value`}},
		{"a missing comma", "{\"files\": [\n" + entry("a/b", 1, sumA) + "\n" + entry("a/c", 1, sumA) + "]}", []string{`m.json:3:1: not valid JSON: invalid character '{' after array element`}},
		{"data after it", `{"files": []} {}`, []string{`m.json:1:15: not valid JSON: invalid character '{' after top-level value`}},
		{"a list", `[]`, []string{`m.json:1:1: a manifest.json is an object {"files": [...]}, not a list`}},
		{"a string", `"files"`, []string{`m.json:1:1: a manifest.json is an object {"files": [...]}, not a string`}},
		{"no files", `{}`, []string{`m.json:1:1: no "files" list: not a charter manifest.json (charter writes manifest.json at the top of the output folder; pass that file)`}},
		{"a web app manifest", `{"name": "Acme24", "icons": [{"src": "a.png"}]}`, []string{
			`m.json:1:2: unknown key "name" (a charter manifest.json holds only "files")`,
			`m.json:1:20: unknown key "icons"`,
			`m.json:1:1: no "files" list`}},
		{"a misspelt key", `{"file": []}`, []string{`m.json:1:2: unknown key "file" (did you mean "files"?)`, `no "files" list`}},
		{"files twice", "{\"files\": [],\n \"files\": []}", []string{`m.json:2:2: "files" is given twice (the first is at line 1)`}},
		{"files an object", `{"files": {"a": 1}}`, []string{`m.json:1:11: "files" must be a list of files, not an object`}},
		{"files null", `{"files": null}`, []string{`m.json:1:11: "files" must be a list of files, not null`}},
		{"a file a string", `{"files": ["a/b"]}`, []string{`m.json:1:12: each file is an object {"path", "size", "sha256"}, not a string`}},
		{"a file a list", `{"files": [[{"path": 1}]]}`, []string{`m.json:1:12: each file is an object {"path", "size", "sha256"}, not a list`}},
		{"no sha256", "{\"files\": [\n  {\"path\": \"a/b\", \"size\": 1}]}", []string{`m.json:2:3: a file without "sha256" (each file has "path", "size" and "sha256")`}},
		{"nothing", `{"files": [{}]}`, []string{`m.json:1:12: a file without "path"`, `m.json:1:12: a file without "size"`, `m.json:1:12: a file without "sha256"`}},
		{"a short sha256", `{"files": [{"path": "a/b", "size": 1, "sha256": "abc"}]}`, []string{`m.json:1:49: "sha256" must be 64 lowercase hexadecimal digits, not "abc"`}},
		{"an upper-case sha256", `{"files": [{"path": "a/b", "size": 1, "sha256": "` + strings.ToUpper(sumA) + `"}]}`, []string{`m.json:1:49: "sha256" must be 64 lowercase hexadecimal digits`}},
		{"a negative size", `{"files": [{"path": "a/b", "size": -1, "sha256": "` + sumA + `"}]}`, []string{`m.json:1:36: "size" must be a whole number of bytes, not -1`}},
		{"a fractional size", `{"files": [{"path": "a/b", "size": 1.5, "sha256": "` + sumA + `"}]}`, []string{`m.json:1:36: "size" must be a whole number of bytes, not 1.5`}},
		{"a huge size", `{"files": [{"path": "a/b", "size": 99999999999999999999999, "sha256": "` + sumA + `"}]}`, []string{`"size" must be a whole number of bytes, not 99999999999999999999999`}},
		{"a size as text", `{"files": [{"path": "a/b", "size": "1", "sha256": "` + sumA + `"}]}`, []string{`m.json:1:36: "size" must be a whole number of bytes, not "1"`}},
		{"a path a list", `{"files": [{"path": ["a", {"b": 1}], "size": 1, "sha256": "` + sumA + `"}]}`, []string{`m.json:1:21: "path" must be a string, not a list`}},
		{"a path that climbs out", `{"files": [{"path": "../etc/passwd", "size": 1, "sha256": "` + sumA + `"}]}`, []string{`m.json:1:21: path "../etc/passwd" is not a clean relative path inside the output folder (paths are as charter writes them: "acme24.de/privacy/index.html")`}},
		{"an absolute path", `{"files": [{"path": "/etc/passwd", "size": 1, "sha256": "` + sumA + `"}]}`, []string{`path "/etc/passwd" is not a clean relative path`}},
		{"an unclean path", `{"files": [{"path": "a//b", "size": 1, "sha256": "` + sumA + `"}]}`, []string{`path "a//b" is not a clean relative path`}},
		{"an empty path", `{"files": [{"path": "", "size": 1, "sha256": "` + sumA + `"}]}`, []string{`path "" is not a clean relative path`}},
		{"a misspelt file key", `{"files": [{"path": "a/b", "size": 1, "sha-256": "` + sumA + `"}]}`, []string{`m.json:1:39: unknown key "sha-256" in a file (did you mean "sha256"?)`, `a file without "sha256"`}},
		{"a key twice", `{"files": [{"path": "a/b", "path": "a/c", "size": 1, "sha256": "` + sumA + `"}]}`, []string{`m.json:1:28: "path" is given twice in one file`}},
		{"a file twice", "{\"files\": [\n" + entry("a/b", 1, sumA) + ",\n" + entry("a/b", 2, sumB) + "]}", []string{`m.json:3:1: a/b is listed twice (the first is at line 2; charter lists each file once)`}},
		{"a tab before the problem", "{\"files\": [\n\t{\"path\": \"a/b\", \"size\": true, \"sha256\": \"" + sumA + "\"}]}", []string{`m.json:2:26: "size" must be a whole number of bytes, not true`}},
	} {
		m, diags := ParseManifest("m.json", []byte(tc.text))
		if len(m.Files) != 0 {
			t.Errorf("%s: a bad manifest gave files %v", tc.name, m.Files)
		}
		if len(diags) != len(tc.want) {
			t.Errorf("%s: got %d diagnostics, want %d:\n%v", tc.name, len(diags), len(tc.want), diags)
			continue
		}
		for i, d := range diags {
			if !strings.Contains(d.Error(), tc.want[i]) {
				t.Errorf("%s: diagnostic %d\n got: %s\nwant: %s", tc.name, i, d.Error(), tc.want[i])
			}
			if d.Line > 0 && d.Excerpt == nil {
				t.Errorf("%s: %s has no excerpt", tc.name, d.Error())
			}
		}
	}
}

// A manifest wrong throughout lists its first problems and counts the
// rest.
func TestParseManifestErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"files": [`)
	for i := range 100 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"path": "../x", "size": 1, "sha256": "` + sumA + `"}`)
	}
	b.WriteString("]}")
	_, diags := ParseManifest("m.json", []byte(b.String()))
	if len(diags) != maxManifestErrors+1 {
		t.Fatalf("got %d diagnostics, want %d", len(diags), maxManifestErrors+1)
	}
	if last := diags[len(diags)-1].Error(); last != "m.json: and 80 more problems" {
		t.Errorf("last diagnostic: %s", last)
	}
}

func TestReadManifestFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"files": [`+entry("a/b", 1, sumA)+`]}`), 0o644)
	if m, diags := ReadManifest(good); len(diags) > 0 || len(m.Files) != 1 {
		t.Errorf("good manifest: %v %v", m, diags)
	}
	missing := filepath.Join(dir, "nosuch.json")
	_, diags := ReadManifest(missing)
	if len(diags) != 1 || diags[0].Error() != missing+`: cannot read the manifest: no such file or directory (for a first deploy, compare against a manifest of no files: echo '{"files":[]}' > `+missing+`)` {
		t.Errorf("missing manifest: %v", diags)
	}
	if _, diags := ReadManifest(dir); len(diags) != 1 || !strings.Contains(diags[0].Error(), "is a folder, not a manifest.json") {
		t.Errorf("a folder: %v", diags)
	}
}

func TestCompare(t *testing.T) {
	old := Manifest{Files: []ManifestFile{
		{Path: "acme24.de/index.html", Size: 1, SHA256: sumA},
		{Path: "acme24.de/old/index.html", Size: 1, SHA256: sumA},
		{Path: "acme24.de/same.txt", Size: 1, SHA256: sumA},
		{Path: "acme24.de/resized.txt", Size: 1, SHA256: sumA},
		{Path: "acme24.fr/index.html", Size: 1, SHA256: sumA},
		{Path: "acme24.fr/gone.html", Size: 1, SHA256: sumA},
	}}
	now := Manifest{Files: []ManifestFile{
		{Path: "acme24.de/assets/site.1234.css", Size: 1, SHA256: sumB},
		{Path: "acme24.de/index.html", Size: 1, SHA256: sumB},
		{Path: "acme24.de/resized.txt", Size: 2, SHA256: sumA},
		{Path: "acme24.de/same.txt", Size: 1, SHA256: sumA},
		{Path: "acme24.dev/index.html", Size: 1, SHA256: sumA},
		{Path: "acme24.fr/index.html", Size: 1, SHA256: sumB},
	}}
	for _, tc := range []struct {
		name    string
		domains []string
		want    Changes
	}{
		{"one domain", []string{"acme24.de"}, Changes{
			Added:   []string{"acme24.de/assets/site.1234.css"},
			Changed: []string{"acme24.de/index.html", "acme24.de/resized.txt"},
			Removed: []string{"acme24.de/old/index.html"}}},
		{"a domain that is another's prefix", []string{"acme24.dev"}, Changes{
			Added: []string{"acme24.dev/index.html"}, Changed: []string{}, Removed: []string{}}},
		{"the whole output", nil, Changes{
			Added:   []string{"acme24.de/assets/site.1234.css", "acme24.dev/index.html"},
			Changed: []string{"acme24.de/index.html", "acme24.de/resized.txt", "acme24.fr/index.html"},
			Removed: []string{"acme24.de/old/index.html", "acme24.fr/gone.html"}}},
		{"a domain of neither", []string{"acme24.pl"}, Changes{Added: []string{}, Changed: []string{}, Removed: []string{}}},
	} {
		got := Compare(old, now, tc.domains)
		if !slices.Equal(got.Added, tc.want.Added) || !slices.Equal(got.Changed, tc.want.Changed) || !slices.Equal(got.Removed, tc.want.Removed) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
	// A first deploy: everything is new.
	if got := Compare(Manifest{}, now, []string{"acme24.fr"}); !slices.Equal(got.Added, []string{"acme24.fr/index.html"}) || len(got.Removed) != 0 {
		t.Errorf("first deploy: %+v", got)
	}
}

func TestChangesFormats(t *testing.T) {
	c := Changes{
		Added:   []string{"acme24.de/b.html", "acme24.de/odd\nname.txt"},
		Changed: []string{"acme24.de/a.html", `acme24.de/"quoted"`, `"starts-with-a-quote`},
		Removed: []string{"acme24.de/c d.html"},
	}
	var text bytes.Buffer
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	want := "~ \"\\\"starts-with-a-quote\"\n" +
		"~ acme24.de/\"quoted\"\n" +
		"~ acme24.de/a.html\n" +
		"+ acme24.de/b.html\n" +
		"- acme24.de/c d.html\n" +
		"+ \"acme24.de/odd\\nname.txt\"\n"
	if text.String() != want {
		t.Errorf("text:\n%s\nwant:\n%s", text.String(), want)
	}
	var js bytes.Buffer
	if err := (Changes{Added: []string{"a/<b>"}, Changed: []string{}, Removed: []string{}}).WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if js.String() != `{"added":["a/<b>"],"changed":[],"removed":[]}`+"\n" {
		t.Errorf("json: %s", js.String())
	}
	var none bytes.Buffer
	Compare(Manifest{}, Manifest{}, nil).WriteText(&none)
	if none.Len() != 0 {
		t.Errorf("no changes wrote %q", none.String())
	}
}

// FuzzParseManifest: no input makes the parser panic, and what it
// accepts is a manifest Compare and the build can use: clean paths, each
// once.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"files": [` + entry("a/b", 1, sumA) + `]}`))
	f.Add([]byte(`{"files": [{"path": ["a", {"b": [1]}], "size": {"x": 1}, "sha256": []}, 1, "x", null]}`))
	f.Add([]byte(`{"name": {"files": []}, "files": {"files": []}}`))
	f.Add([]byte("\uFEFF{\"files\":[]}"))
	f.Add([]byte(`<html>`))
	f.Add([]byte(`{"files": [{"path": "a/b", "path": "a/b", "size": 1, "sha256": "` + sumA + `"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, diags := ParseManifest("m.json", data)
		if len(diags) > 0 && len(m.Files) > 0 {
			t.Fatalf("files and errors: %v", diags)
		}
		seen := map[string]bool{}
		for _, file := range m.Files {
			if checkName(file.Path) != nil || seen[file.Path] || !sha256Pattern.MatchString(file.SHA256) || file.Size < 0 {
				t.Fatalf("accepted %+v", file)
			}
			seen[file.Path] = true
		}
		for _, d := range diags {
			if d.Line < 1 && !strings.HasSuffix(d.Message, "more problems") {
				t.Fatalf("no position: %s", d.Error())
			}
		}
	})
}
