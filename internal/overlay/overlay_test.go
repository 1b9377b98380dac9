package overlay

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{
		"layouts/base.html": {Data: []byte("base")},
		"layouts/page.html": {Data: []byte("page")},
		"locales/en.toml":   {Data: []byte("en")},
	}
	top := fstest.MapFS{
		"layouts/page.html":  {Data: []byte("mine")},
		"layouts/extra.html": {Data: []byte("extra")},
	}
	o := &FS{Top: top, Base: base}
	for name, want := range map[string]string{
		"layouts/base.html": "base", "layouts/page.html": "mine", "layouts/extra.html": "extra",
	} {
		b, err := o.ReadFile(name)
		if err != nil || string(b) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
		}
		f, err := o.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	ents, err := o.ReadDir("layouts")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if got := len(names); got != 3 || names[0] != "base.html" || names[2] != "page.html" {
		t.Errorf("ReadDir = %v", names)
	}
	if o.Origin("layouts/page.html") != "site" || o.Origin("layouts/base.html") != "embedded" {
		t.Error("Origin wrong")
	}
	if _, err := o.ReadFile("nope"); err == nil {
		t.Error("want error for a missing file")
	}
	if _, err := o.ReadDir("nope"); err == nil {
		t.Error("want error for a missing dir")
	}
	g, _ := o.Glob("layouts/*.html")
	if len(g) != 3 {
		t.Errorf("Glob = %v", g)
	}
	var _ fs.ReadDirFS = o
}
