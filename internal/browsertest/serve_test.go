package browsertest

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	charter "github.com/charter-ssg/charter"
	"github.com/charter-ssg/charter/internal/formdriver"
	"github.com/charter-ssg/charter/internal/server"
	"github.com/charter-ssg/charter/internal/sitetest"
)

// servePreview runs charter serve on a copy of the whole example site and
// returns the copy's folder and the server's port.
func servePreview(t *testing.T) (dir string, port int) {
	dir, port, _ = servePreviewLog(t)
	return dir, port
}

// lockedBuffer is the server's terminal.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func servePreviewLog(t *testing.T) (dir string, port int, log *lockedBuffer) {
	t.Helper()
	dir = sitetest.Copy(t, sitetest.All...)
	log = &lockedBuffer{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- server.Serve(ctx, ln, server.Options{Dir: dir, Defaults: charter.Defaults, Log: log})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("charter serve did not stop")
		}
	})
	return dir, ln.Addr().(*net.TCPAddr).Port, log
}

// saveAs writes a file as editors do: a new file renamed over the old.
func saveAs(t *testing.T, file, text string) {
	t.Helper()
	if err := os.WriteFile(file+".tmp~", []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(file+".tmp~", file); err != nil {
		t.Fatal(err)
	}
}

func editFile(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s: %v, or no %q", file, err, old)
	}
	saveAs(t, file, strings.Replace(string(b), old, new, 1))
}

// waitReload polls js, which the page reloading may interrupt, until it
// is truthy.
func waitReload(t *testing.T, p *Page, js string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(p.Ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waiting for %s", js)
}

// screenshot saves the page at a width into CHARTER_SCREENSHOTS, if set.
func screenshot(t *testing.T, p *Page, width int64, name string) {
	dir := os.Getenv("CHARTER_SCREENSHOTS")
	if dir == "" {
		return
	}
	if _, err := chromedp.Call(p.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	png, err := chromedp.Run(p.Ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644)
}

// What an editor sees with two regions open side by side: a save reloads
// the page that shows it, keeps its scroll position and leaves the other
// alone; a stylesheet edit applies without a reload; a broken file shows
// its error over the page, and the fix clears it.
func TestServeLiveReloadInBrowser(t *testing.T) {
	dir, port := servePreview(t)
	origin := func(id string) string { return fmt.Sprintf("http://%s.localhost:%d", id, port) }
	de := NewPage(t)
	de.Navigate(origin("de") + "/privacy/")
	eu := NewPage(t)
	eu.Navigate(origin("eu") + "/privacy/")
	for _, p := range []*Page{de, eu} {
		p.WaitFor(`window.charterLive && window.charterLive.build`)
		// Instant: the site's scroll-behavior: smooth would still be
		// scrolling when the edit reloads the page.
		Eval[chromedp.Void](p, `window.marker = 1; window.scrollTo({top: 600, behavior: "instant"})`)
		p.WaitFor(`window.scrollY === 600`)
	}

	editFile(t, filepath.Join(dir, "content", "privacy.de.md"), "## ", "## Frisch geändert ")
	waitReload(t, de, `!window.marker && document.readyState === "complete" && document.body.textContent.includes("Frisch geändert")`)
	waitReload(t, de, `Math.abs(window.scrollY - 600) < 2`)
	if !Eval[bool](eu, `window.marker === 1`) {
		t.Errorf("the EU page reloaded for an edit of a German page")
	}

	Eval[chromedp.Void](de, `window.marker = 2`)
	css := filepath.Join(dir, "assets", "site.css")
	b, _ := os.ReadFile(css)
	saveAs(t, css, string(b)+"\nbody { outline: 3px solid rgb(1, 2, 3) }\n")
	de.WaitFor(`getComputedStyle(document.querySelector("body")).outlineColor === "rgb(1, 2, 3)"`)
	if !Eval[bool](de, `window.marker === 2`) {
		t.Errorf("a stylesheet edit reloaded the page")
	}

	bad := filepath.Join(dir, "content", "bad.md")
	saveAs(t, bad, "---\ntitle: Bad\n---\n\n:::region{only=\"xx\"}\nx\n:::\n")
	de.WaitFor(`document.querySelector(".charter-live-overlay")`)
	text := Eval[string](de, `document.querySelector(".charter-live-overlay").textContent`)
	for _, want := range []string{"content/bad.md:5:11", `unknown region "xx"`, `:::region{only="xx"}`} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	if !Eval[bool](de, `document.body.textContent.includes("Frisch geändert")`) {
		t.Errorf("the last good page is not under the overlay")
	}
	screenshot(t, de, 1280, "serve-overlay")
	screenshot(t, de, 390, "serve-overlay")
	os.Remove(bad)
	de.WaitFor(`!document.querySelector(".charter-live-overlay")`)
}

// The request form on charter serve posts to the sink on its own origin,
// under the region's production CSP, and every answer the tester picks in
// the panel shows as the form's state; each submission is a JSON line
// under .charter/ and a line in the terminal without the values.
func TestServeFormSinkInBrowser(t *testing.T) {
	const form = "implementation-request"
	dir, port, log := servePreviewLog(t)
	p := NewPage(t)
	p.AllowProblems() // failed answers are console errors; CSP violations are checked below
	url := fmt.Sprintf("http://us.localhost:%d/implementation-request/", port)
	if err := formdriver.OpenForm(p.Ctx, url, form); err != nil {
		t.Fatal(err)
	}
	if action := Eval[string](p, formdriver.FormSel(form)+`.getAttribute("action")`); action != "/_charter/forms/"+form {
		t.Fatalf("the form posts to %q, want the sink on its own origin", action)
	}
	records := func() int {
		b, _ := os.ReadFile(filepath.Join(dir, ".charter", "forms", form+".jsonl"))
		return strings.Count(string(b), "\n")
	}
	for _, c := range []struct{ mode, state string }{
		{"success", "sent"}, {"invalid", "failed"}, {"error", "failed"}, {"drop", "failed"}, {"slow", "sent"},
	} {
		if err := formdriver.ChooseMode(p.Ctx, form, c.mode); err != nil {
			t.Fatal(err)
		}
		if _, err := formdriver.FillTestData(p.Ctx, form); err != nil {
			t.Fatal(err)
		}
		before := records()
		if err := formdriver.SubmitForm(p.Ctx, form); err != nil {
			t.Fatal(err)
		}
		if c.mode == "slow" {
			if err := formdriver.WaitState(p.Ctx, form, "sending", 3*time.Second); err != nil {
				t.Fatalf("slow: %v", err)
			}
		}
		if err := formdriver.WaitState(p.Ctx, form, c.state, 20*time.Second); err != nil {
			st, _ := formdriver.ReadState(p.Ctx, form)
			t.Fatalf("%s: %v; the form shows %+v", c.mode, err, st)
		}
		if c.mode != "drop" && records() <= before {
			t.Errorf("%s: no JSON line recorded", c.mode)
		}
		if c.state == "sent" {
			if err := formdriver.SendAnother(p.Ctx, form); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, msg := range p.Problems() {
		if strings.Contains(msg, "CSP violation") {
			t.Errorf("browser reported: %s", msg)
		}
	}
	out := log.String()
	if !strings.Contains(out, "form implementation-request (us") || strings.Contains(out, "Olivia") {
		t.Errorf("terminal:\n%s", out)
	}

	// German test data on a German page.
	de := NewPage(t)
	if err := formdriver.OpenForm(de.Ctx, fmt.Sprintf("http://de.localhost:%d/implementation-request/", port), form); err != nil {
		t.Fatal(err)
	}
	if _, err := formdriver.FillTestData(de.Ctx, form); err != nil {
		t.Fatal(err)
	}
	fields, err := formdriver.CheckFields(de.Ctx, form)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range fields {
		if !f.Valid || f.Value == "" {
			t.Errorf("de: %s = %q: %s", name, f.Value, f.Message)
		}
	}
	t.Logf("de test data: %s %s", fields["firstName"].Value, fields["lastName"].Value)
}
