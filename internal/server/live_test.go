package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/livereload"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// event is one Server-Sent Event as a page receives it.
type event struct {
	name string
	data string
}

// stream reads the event stream of a region, as live.js would.
func stream(t testing.TB, addr, host string) <-chan event {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://"+addr+livereload.EventsPath, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("%s events: %d %s", host, resp.StatusCode, ct)
	}
	ch := make(chan event, 64)
	go func() {
		defer close(ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			case line == "" && ev.name != "":
				ch <- ev
				ev = event{}
			}
		}
	}()
	return ch
}

// next is the next event of ch; it fails the test after 20 s.
func next(t *testing.T, ch <-chan event) event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(20 * time.Second):
		t.Fatal("no event in 20 s")
	}
	return event{}
}

// nextNamed skips events until one named name.
func nextNamed(t *testing.T, ch <-chan event, name string) event {
	t.Helper()
	for {
		if ev := next(t, ch); ev.name == name {
			return ev
		}
	}
}

func changeOf(t *testing.T, ev event) livereload.ChangeData {
	t.Helper()
	if ev.name != livereload.Change {
		t.Fatalf("event %s %s, want change", ev.name, ev.data)
	}
	var c livereload.ChangeData
	if err := json.Unmarshal([]byte(ev.data), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// liveSite serves a copy of the whole example site (its own layouts,
// assets and locales, to edit) on a free port.
func liveSite(t *testing.T) (dir, addr, port string) {
	dir = sitetest.Copy(t, sitetest.All...)
	addr, port = serveSite(t, dir)
	return dir, addr, port
}

// serveSite serves the site in dir on a free port until the test ends.
func serveSite(t testing.TB, dir string) (addr, port string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	_, port, _ = net.SplitHostPort(addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, Options{Dir: dir, Defaults: charter.Defaults, Log: io.Discard})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return 10 s after its context ended (open event streams?)")
		}
	})
	waitFor(t, addr, "localhost:"+port, "/", func(c int, b string) bool { return c > 0 }) // listening
	return addr, port
}

// write writes a file as editors do: a new file renamed into place, so
// that no reader sees it half written.
func write(t *testing.T, file, text string) {
	t.Helper()
	tmp := file + ".tmp~"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

func replace(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	write(t, file, strings.Replace(string(b), old, new, 1))
}

// Every kind of edit reaches the open pages as the event that fits it,
// and the server serves the result from memory.
func TestServeLiveEdits(t *testing.T) {
	dir, addr, port := liveSite(t)
	de, us := "de.localhost:"+port, "us.localhost:"+port
	deEvents, usEvents := stream(t, addr, de), stream(t, addr, us)
	if ev := next(t, deEvents); ev.name != livereload.Hello {
		t.Fatalf("first event %s, want hello", ev.name)
	}
	next(t, usEvents)
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Errorf("serve wrote public/")
	}

	// A content edit: the pages that show it reload, no other.
	replace(t, filepath.Join(dir, "content", "privacy.de.md"), "## ", "## Frisch geändert ")
	c := changeOf(t, next(t, deEvents))
	if c.All || !slices.Contains(c.Reload, "/privacy/") || slices.Contains(c.Reload, "/cookies/") {
		t.Errorf("content edit: change %+v, want /privacy/ and not /cookies/", c)
	}
	if u := changeOf(t, next(t, usEvents)); u.All || len(u.Reload) != 0 {
		t.Errorf("content edit of a German page: us reloads %+v", u)
	}
	if _, body := get(t, addr, de, "/privacy/"); !strings.Contains(body, "Frisch geändert") {
		t.Errorf("the edit is not served")
	}

	// A locale edit: German pages reload, English ones do not.
	replace(t, filepath.Join(dir, "locales", "de.toml"), `"Cookie-Einstellungen"`, `"Cookie-Einstellungen ändern"`)
	if c := changeOf(t, next(t, deEvents)); len(c.Reload) < 3 {
		t.Errorf("de locale edit: de reloads %q, want its pages", c.Reload)
	}
	if u := changeOf(t, next(t, usEvents)); len(u.Reload) != 0 {
		t.Errorf("de locale edit: us reloads %q", u.Reload)
	}

	// A stylesheet edit swaps the stylesheet without a reload.
	replace(t, filepath.Join(dir, "assets", "site.css"), "{", "{outline-offset:1px;")
	c = changeOf(t, next(t, deEvents))
	if len(c.CSS) != 1 || len(c.Reload) != 0 || c.All || !strings.HasPrefix(c.CSS[0].To, "/assets/site.") {
		t.Errorf("stylesheet edit: %+v, want one swap and no reload", c)
	}
	next(t, usEvents)
	if code, body := get(t, addr, de, c.CSS[0].To); code != 200 || !strings.Contains(body, "outline-offset:1px") {
		t.Errorf("new stylesheet: %d", code)
	}

	// A layout edit reloads every page.
	replace(t, filepath.Join(dir, "layouts", "partials", "footer.html"), "<footer", "<footer data-edited")
	if c := changeOf(t, next(t, deEvents)); len(c.Reload) < 5 {
		t.Errorf("layout edit: reloads %q", c.Reload)
	}
	next(t, usEvents)
	if _, body := get(t, addr, us, "/"); !strings.Contains(body, "data-edited") {
		t.Errorf("layout edit not served")
	}

	// A new page appears in the sitemap, the hreflang links and the
	// navigation of the others; renamed, it moves; deleted, it goes.
	page := filepath.Join(dir, "content", "imprint.md")
	write(t, page, "---\ntitle: Imprint\n---\n\nAcme24 Inc.\n")
	c = changeOf(t, next(t, usEvents))
	next(t, deEvents)
	if !slices.Contains(c.Reload, "/imprint/") || !slices.Contains(c.Reload, "/privacy/") {
		t.Errorf("new page: us reloads %q, want it and the pages that list it", c.Reload)
	}
	if _, sm := get(t, addr, us, "/sitemap.xml"); !strings.Contains(sm, "http://us.localhost:"+port+"/imprint/") {
		t.Errorf("new page not in the sitemap")
	}
	if _, body := get(t, addr, us, "/privacy/"); !strings.Contains(body, "href=/imprint/") {
		t.Errorf("new page not in the navigation")
	}
	if _, body := get(t, addr, us, "/imprint/"); !strings.Contains(body, `hreflang=x-default`) {
		t.Errorf("new page has no hreflang links")
	}
	// A rename is two events, which may come as one update or two.
	os.Rename(page, filepath.Join(dir, "content", "legal-notice.md"))
	waitFor(t, addr, us, "/legal-notice/", func(c int, _ string) bool { return c == 200 })
	waitFor(t, addr, us, "/imprint/", func(c int, _ string) bool { return c == 404 })
	os.Remove(filepath.Join(dir, "content", "legal-notice.md"))
	waitFor(t, addr, us, "/legal-notice/", func(c int, _ string) bool { return c == 404 })
	if _, sm := get(t, addr, us, "/sitemap.xml"); strings.Contains(sm, "legal-notice") {
		t.Errorf("deleted page still in the sitemap")
	}

	// A broken file: the pages get its errors, with the position, and the
	// last good pages keep being served; the fix clears it.
	bad := filepath.Join(dir, "content", "bad.md")
	write(t, bad, "---\ntitle: Bad\n---\n\n:::region{only=\"xx\"}\nx\n:::\n")
	ev := nextNamed(t, deEvents, livereload.Failed)
	var failed livereload.FailedData
	json.Unmarshal([]byte(ev.data), &failed)
	if ev.name != livereload.Failed || len(failed.Errors) == 0 || failed.Errors[0].File != "content/bad.md" || failed.Errors[0].Line != 5 ||
		failed.Errors[0].Excerpt == nil || !strings.Contains(failed.Errors[0].Excerpt.Line, "only=") {
		t.Errorf("broken file: %s %s", ev.name, ev.data)
	}
	if code, body := get(t, addr, de, "/privacy/"); code != 200 || !strings.Contains(body, "Frisch geändert") {
		t.Errorf("while broken: %d, want the last good page", code)
	}
	if _, body := get(t, addr, "localhost:"+port, "/"); !strings.Contains(body, "content/bad.md:5:") {
		t.Errorf("the region list does not show the error")
	}
	late := stream(t, addr, de) // a page opened now hears of the errors at once
	if ev := next(t, late); ev.name != livereload.Hello || !strings.Contains(ev.data, "bad.md") {
		t.Errorf("late hello: %s %s", ev.name, ev.data)
	}
	os.Remove(bad)
	if c := changeOf(t, nextNamed(t, deEvents, livereload.Change)); c.All {
		t.Errorf("fix: %+v", c)
	}
}

// The event stream and the live reload assets are on every region's
// origin, and not on foreign hosts.
func TestServeLiveOnlyOnLocalhost(t *testing.T) {
	_, addr, port := liveSite(t)
	for _, host := range []string{"evil.example", "de.localhost.evil.example:" + port} {
		req, _ := http.NewRequest("GET", "http://"+addr+livereload.EventsPath, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("events from Host %s: %d, want 400", host, resp.StatusCode)
		}
	}
	code, body := get(t, addr, fmt.Sprintf("eu.localhost:%s", port), "/privacy/")
	js, integrity := livereload.Script()
	if code != 200 || !strings.Contains(body, js) || !strings.Contains(body, integrity) {
		t.Errorf("page does not load live reload (%d)", code)
	}
}

// A site that does not load at start is served as its errors, with live
// reload, until the fix; a site.toml edit reloads every page.
func TestServeBrokenAtStartAndSiteTomlEdit(t *testing.T) {
	dir := sitetest.Copy(t)
	cfg := filepath.Join(dir, "site.toml")
	good, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, []byte("[regions.us\n"), 0o644)
	addr, port := serveSite(t, dir)
	events := stream(t, addr, "us.localhost:"+port)
	if ev := next(t, events); ev.name != livereload.Hello || !strings.Contains(ev.data, "site.toml") {
		t.Errorf("hello: %s %s", ev.name, ev.data)
	}
	code, body := get(t, addr, "us.localhost:"+port, "/privacy/")
	if code != 500 || !strings.Contains(body, "site.toml:1:") || !strings.Contains(body, "/_charter/live.js") {
		t.Errorf("before the fix: %d\n%.300s", code, body)
	}
	write(t, cfg, string(good))
	if c := changeOf(t, nextNamed(t, events, livereload.Change)); !c.All {
		t.Errorf("the first good build: %+v, want every page to reload", c)
	}
	if code, _ := get(t, addr, "us.localhost:"+port, "/privacy/"); code != 200 {
		t.Errorf("after the fix: %d", code)
	}
	// A site.toml edit reloads every page.
	write(t, cfg, strings.Replace(string(good), `"United States"`, `"USA"`, 1))
	if c := changeOf(t, nextNamed(t, events, livereload.Change)); !c.All {
		t.Errorf("site.toml edit: %+v, want every page to reload", c)
	}
	if _, body := get(t, addr, "localhost:"+port, "/"); !strings.Contains(body, ">USA</a>") {
		t.Errorf("the region list does not show the new label")
	}
}
