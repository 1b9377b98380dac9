package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// hashAll hashes every file under dir, folders and links included, so a
// test sees any change: a deleted file, a new one, a changed one.
func hashAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case info.Mode()&os.ModeSymlink != 0:
			to, _ := os.Readlink(p)
			sums[rel] = "link " + to
		case info.IsDir():
			sums[rel] = "dir " + info.Mode().String()
		default:
			b, _ := os.ReadFile(p)
			sums[rel] = string(b)
		}
		return nil
	})
	return sums
}

func assertUnchanged(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s changed or vanished", what, k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("%s: %s appeared", what, k)
		}
	}
}

// charter deletes or replaces only an output folder it can prove it wrote,
// never the site, never through a link. Each case: exit 1, the message,
// and every byte of the site and of the folder in question as it was.
func TestOutputFolderIsNeverForeign(t *testing.T) {
	tests := []struct {
		name string
		// setup makes the folder in question and returns the --out value
		// (relative to the site when not absolute) and the folders to
		// hash before and after.
		setup func(t *testing.T, site, elsewhere string) (out string, watch []string)
		want  string
	}{
		{"output is a link to a web root", func(t *testing.T, site, elsewhere string) (string, []string) {
			www := filepath.Join(elsewhere, "www")
			writeFile(t, filepath.Join(www, "index.html"), "<p>the live site</p>")
			writeFile(t, filepath.Join(www, "uploads/contract.pdf"), "%PDF")
			if err := os.Symlink(www, filepath.Join(site, "public")); err != nil {
				t.Fatal(err)
			}
			return "", []string{www}
		}, `--out .*public: .*public is a symbolic link \(to .*www\); charter does not write or delete through links`},
		{"output is a link to a charter output", func(t *testing.T, site, elsewhere string) (string, []string) {
			real := filepath.Join(elsewhere, "real")
			if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", real); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			os.Symlink(real, filepath.Join(site, "public"))
			return "", []string{real}
		}, `symbolic link`},
		{"--out content", func(t *testing.T, site, elsewhere string) (string, []string) {
			return "content", nil
		}, `--out .*content: .*content is the site.s content/ folder`},
		{"--out inside content", func(t *testing.T, site, elsewhere string) (string, []string) {
			return "content/public", nil
		}, `inside the site's content/ folder`},
		{"--out layouts", func(t *testing.T, site, elsewhere string) (string, []string) {
			writeFile(t, filepath.Join(site, "layouts/partials/footer.html"), "<footer>ours</footer>")
			return "layouts", nil
		}, `is the site's layouts/ folder`},
		{"--out assets, not there yet", func(t *testing.T, site, elsewhere string) (string, []string) {
			return "assets", nil
		}, `is the site's assets/ folder`},
		{"--out locales through a link", func(t *testing.T, site, elsewhere string) (string, []string) {
			writeFile(t, filepath.Join(site, "locales/de.toml"), "[nav]\nhome = \"Start\"\n")
			os.Symlink(filepath.Join(site, "locales"), filepath.Join(elsewhere, "loc"))
			return filepath.Join(elsewhere, "loc"), []string{elsewhere}
		}, `symbolic link`},
		{"--out inside locales, by a link to the site", func(t *testing.T, site, elsewhere string) (string, []string) {
			writeFile(t, filepath.Join(site, "locales/de.toml"), "[nav]\nhome = \"Start\"\n")
			os.Symlink(site, filepath.Join(elsewhere, "site"))
			return filepath.Join(elsewhere, "site/locales/out"), nil
		}, `inside the site's locales/ folder`},
		{"--out inside content, which is a link within the site", func(t *testing.T, site, elsewhere string) (string, []string) {
			os.Mkdir(filepath.Join(site, "src"), 0o755)
			if err := os.Rename(filepath.Join(site, "content"), filepath.Join(site, "src/content")); err != nil {
				t.Fatal(err)
			}
			os.Symlink("src/content", filepath.Join(site, "content"))
			return "src/content/out", nil
		}, `inside the site's content/ folder|content: a symbolic link to a folder`},
		{"assets/static a link to the output", func(t *testing.T, site, elsewhere string) (string, []string) {
			if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", filepath.Join(site, "pub")); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			os.RemoveAll(filepath.Join(site, "assets/static")) // the copy's demo script
			if err := os.Symlink("../pub", filepath.Join(site, "assets/static")); err != nil {
				t.Fatal(err)
			}
			return "pub", nil
		}, `assets/static: a symbolic link to a folder; charter does not follow links to folders`},
		{"--out the site root", func(t *testing.T, site, elsewhere string) (string, []string) {
			return ".", nil
		}, `is the site's own folder`},
		{"--out a folder that contains the site", func(t *testing.T, site, elsewhere string) (string, []string) {
			return "..", nil
		}, `contains the site`},
		{"--out a home folder", func(t *testing.T, site, elsewhere string) (string, []string) {
			home := filepath.Join(elsewhere, "home")
			writeFile(t, filepath.Join(home, ".bashrc"), "export A=1\n")
			writeFile(t, filepath.Join(home, "thesis/draft.md"), "chapter 1\n")
			return home, []string{home}
		}, `--out .*home: .*home exists and was not written by charter \(no manifest.json\); choose another folder or empty it`},
		{"--out a file", func(t *testing.T, site, elsewhere string) (string, []string) {
			f := filepath.Join(elsewhere, "notes.txt")
			writeFile(t, f, "keep me\n")
			return f, []string{elsewhere}
		}, `notes.txt exists and is not a folder`},
		{"--out a web app with its own manifest.json", func(t *testing.T, site, elsewhere string) (string, []string) {
			app := filepath.Join(elsewhere, "app")
			writeFile(t, filepath.Join(app, "manifest.json"), `{"name": "App", "icons": [], "files": []}`)
			writeFile(t, filepath.Join(app, "index.html"), "<p>app</p>")
			return app, []string{app}
		}, `not written by charter \(its manifest.json is not charter's`},
		{"charter's output with a file of the user's", func(t *testing.T, site, elsewhere string) (string, []string) {
			out := filepath.Join(elsewhere, "out")
			if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			writeFile(t, filepath.Join(out, "acme24.de/google1234.html"), "google-site-verification")
			os.Mkdir(filepath.Join(out, ".git"), 0o755)
			writeFile(t, filepath.Join(out, ".git/HEAD"), "ref: refs/heads/gh-pages\n")
			return out, []string{out}
		}, `holds files that charter did not write \(not in its manifest.json\): .git/HEAD, acme24.de/google1234.html`},
		{"charter's output without its manifest", func(t *testing.T, site, elsewhere string) (string, []string) {
			out := filepath.Join(elsewhere, "out")
			if code, _, errs := run(t, "build", "--site", site, "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			os.Remove(filepath.Join(out, "manifest.json"))
			return out, []string{out}
		}, `out exists and was not written by charter \(no manifest.json\)`},
		{"charter's output with a file edited by hand", func(t *testing.T, site, elsewhere string) (string, []string) {
			out := filepath.Join(elsewhere, "out")
			if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			writeFile(t, filepath.Join(out, "acme24.de/robots.txt"), "MY HAND EDIT\n")
			return out, []string{out}
		}, `holds files changed since charter wrote them \(their sha256 differs from manifest.json\): acme24.de/robots.txt`},
		{"charter's output with a link in it", func(t *testing.T, site, elsewhere string) (string, []string) {
			out := filepath.Join(elsewhere, "out")
			if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", out); code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			data := filepath.Join(elsewhere, "data")
			writeFile(t, filepath.Join(data, "precious"), "x")
			os.Remove(filepath.Join(out, "acme24.de/robots.txt"))
			os.Symlink(data, filepath.Join(out, "acme24.de/robots.txt"))
			return out, []string{elsewhere}
		}, `did not write .*acme24.de/robots.txt`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := copySite(t)
			elsewhere := t.TempDir()
			out, watch := tt.setup(t, site, elsewhere)
			args := []string{"build", "--site", site, "--region", "de"}
			if out != "" {
				if !filepath.IsAbs(out) {
					out = filepath.Join(site, out)
				}
				args = append(args, "--out", out)
			}
			watch = append(watch, site)
			var before []map[string]string
			for _, w := range watch {
				before = append(before, hashAll(t, w))
			}
			code, _, errs := run(t, args...)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, errs)
			}
			if !regexp.MustCompile(tt.want).MatchString(errs) {
				t.Errorf("stderr does not match %q:\n%s", tt.want, errs)
			}
			for i, w := range watch {
				assertUnchanged(t, w, before[i], hashAll(t, w))
			}
		})
	}
}

// An empty folder, or one charter wrote, is replaced; a new one is made
// 0755 with files 0644 (less the umask), as rsync then copies them.
func TestOutputFolderModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "empty")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for range 2 { // into the empty folder, then over charter's own
		if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	for _, p := range []string{"", "acme24.de", "acme24.de/privacy"} {
		st, err := os.Stat(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o755 {
			t.Errorf("%s/%s: mode %v, want 0755", out, p, st.Mode().Perm())
		}
	}
	for _, p := range []string{"manifest.json", "acme24.de/privacy/index.html"} {
		st, _ := os.Stat(filepath.Join(out, p))
		if st.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", p, st.Mode().Perm())
		}
	}
	syscall.Umask(0o027)
	if code, _, errs := run(t, "build", "--site", site, "--region", "de", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o750 {
		t.Errorf("umask 027: mode %v, want 0750", st.Mode().Perm())
	}
}

// The manifest describes the whole output folder, whatever was built.
func TestManifestDescribesTheWholeOutput(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(site, "public")
	check := func(step string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Files []struct{ Path, SHA256 string }
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		tree := hashTree(t, out)
		delete(tree, "manifest.json")
		if len(m.Files) != len(tree) {
			t.Errorf("%s: manifest lists %d files, the output holds %d", step, len(m.Files), len(tree))
		}
		for _, f := range m.Files {
			if tree[filepath.FromSlash(f.Path)] != f.SHA256 {
				t.Errorf("%s: %s: manifest hash differs", step, f.Path)
			}
		}
	}
	steps := [][]string{{"--region", "de"}, {}, {"--region", "fr"}, {"--region", "de", "--region", "us"}}
	for _, s := range steps {
		if code, _, errs := run(t, append([]string{"build", "--site", site}, s...)...); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		check(strings.Join(s, " "))
	}
}

// Aliases a migrated site has: its own URL (dropped, with a warning), an
// old .html page, a non-ASCII path.
func TestAliasesOfAMigratedSite(t *testing.T) {
	site := copySite(t)
	replaceIn(t, filepath.Join(site, "content/privacy.de.md"), "weight:", `aliases: ["/privacy/", "/datenschutz.html", "/datenschutzerklärung/"]`+"\nweight:")
	code, _, errs := run(t, "build", "--site", site, "--region", "de")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`content/privacy\.de\.md:\d+:\d+: warning: alias /privacy/ is the page's own URL; it is dropped`).MatchString(errs) {
		t.Errorf("no warning for the page's own URL:\n%s", errs)
	}
	de := filepath.Join(site, "public/acme24.de")
	for _, f := range []string{"datenschutz.html", "datenschutzerklärung/index.html"} {
		b, err := os.ReadFile(filepath.Join(de, f))
		if err != nil || !strings.Contains(string(b), "https://acme24.de/privacy/") {
			t.Errorf("%s: %v, or not a redirect to the privacy page", f, err)
		}
	}
	redirects, _ := os.ReadFile(filepath.Join(de, "_redirects"))
	for _, rule := range []string{"/datenschutz.html /privacy/ 301\n", "/datenschutzerkl%C3%A4rung/ /privacy/ 301\n"} {
		if !strings.Contains(string(redirects), rule) {
			t.Errorf("_redirects lacks %q:\n%s", rule, redirects)
		}
	}
	if regexp.MustCompile(`(?m)^/privacy/ `).Match(redirects) {
		t.Errorf("_redirects redirects a page to itself:\n%s", redirects)
	}
}

// A locale file that fails to load is reported once, at its own position:
// not again as a region language without a locale.
func TestBrokenLocaleReportedOnce(t *testing.T) {
	for _, text := range []string{"[nav]\nhome = \"Startseite \xFC\"\n", "[nav]\nhome = \"Start\n"} {
		site := copySite(t)
		writeFile(t, filepath.Join(site, "locales/de.toml"), text)
		code, _, errs := run(t, "build", "--site", site, "--region", "de")
		if code != 1 || !strings.Contains(errs, "locales/de.toml:2:") {
			t.Errorf("exit %d, want 1 with the locale's position:\n%s", code, errs)
		}
		if strings.Contains(errs, "no locale for it") {
			t.Errorf("the broken locale is also reported as missing:\n%s", errs)
		}
	}
}
