package formsink

// Browser-driving helpers for the form and its preview panel. They take a
// chromedp context (one tab) and, where they navigate, a page URL, and
// know nothing of the test harness, so tests of the real preview server
// can use them as they are. Clicks are element.click() in the page: the
// consent banner may cover a form's controls for a mouse.

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// openForm loads pageURL and waits until the panel of the form is there.
func openForm(ctx context.Context, pageURL, form string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return fmt.Errorf("navigating to %s: %w", pageURL, err)
	}
	return waitJS(ctx, panelSel(form)+` && !`+panelSel(form)+`.querySelector('fieldset:disabled')`, 10*time.Second)
}

func jsq(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// panelSel is a JS expression for the panel of the form.
func panelSel(form string) string {
	return `document.querySelector('.charter-sink[data-sink-for=' + CSS.escape(` + jsq(form) + `) + ']')`
}

// formSel is a JS expression for the <form> element.
func formSel(form string) string {
	return `document.querySelector('form[data-form=' + CSS.escape(` + jsq(form) + `) + ']')`
}

func eval[T any](ctx context.Context, js string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// waitJS polls a JavaScript expression until it is truthy. It keeps
// polling across a navigation (a form posted without JavaScript).
func waitJS(ctx context.Context, js string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := eval[bool](ctx, "!!("+js+")")
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			if err == nil {
				err = context.DeadlineExceeded
			}
			return fmt.Errorf("waiting for %s: %w", js, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fillTestData presses the panel's "Fill with test data" button and
// returns the panel's status text.
func fillTestData(ctx context.Context, form string) (string, error) {
	return eval[string](ctx, `(() => { const p = `+panelSel(form)+`;
  p.querySelector('.charter-sink-fill').click();
  return p.querySelector('.charter-sink-status').textContent; })()`)
}

// chooseMode picks a response mode in the panel, as a click on its label
// would, and waits until the sink has confirmed it. A mode the panel
// already shows is left as it is.
func chooseMode(ctx context.Context, form, mode string) error {
	already, err := eval[bool](ctx, `(() => { const p = `+panelSel(form)+`;
  const r = p.querySelector('input[type=radio][value=' + CSS.escape(`+jsq(mode)+`) + ']');
  if (r.checked) return true;
  p.querySelector('label[for=' + CSS.escape(r.id) + ']').click();
  return false; })()`)
	if err != nil || already {
		return err // a checked radio's click changes nothing
	}
	return waitJS(ctx, `(() => { const p = `+panelSel(form)+`;
  return !p.querySelector('fieldset').hasAttribute('aria-busy') && p.querySelector('input:checked')?.value === `+jsq(mode)+`
    && p.querySelector('.charter-sink-status').textContent.startsWith('Next submissions'); })()`, 10*time.Second)
}

// panelMode is the mode the panel shows as chosen.
func panelMode(ctx context.Context, form string) (string, error) {
	return eval[string](ctx, `(`+panelSel(form)+`.querySelector('input:checked') || {value: ''}).value`)
}

// submitForm presses the form's submit button.
func submitForm(ctx context.Context, form string) error {
	_, err := eval[bool](ctx, formSel(form)+`.querySelector('.cf-submit').click(), true`)
	return err
}

// formState is what the form shows.
type formState struct {
	State   string            // the visible [data-s] state: "sending", "sent", "failed", or ""
	Reason  string            // the failure's reason text
	Errors  map[string]string // the inline error of each field that has one, by field name
	Invalid []string          // fields marked aria-invalid
	Summary []string          // the error summary's links, when it is shown
	Busy    bool              // aria-busy on the form
}

// readState reads the form's visible state.
func readState(ctx context.Context, form string) (formState, error) {
	return eval[formState](ctx, `(() => { const f = `+formSel(form)+`;
  const shown = [...f.querySelectorAll('[data-s]')].find(e => !e.hidden);
  const errors = {}, invalid = [];
  for (const c of f.querySelectorAll('[data-f]')) {
    const e = document.getElementById(c.getAttribute('aria-describedby').split(' ').pop());
    if (e && !e.hidden && e.textContent) errors[c.dataset.f] = e.textContent;
    if (c.getAttribute('aria-invalid') === 'true') invalid.push(c.dataset.f);
  }
  const s = f.querySelector('.cf-summary');
  return {State: shown ? shown.dataset.s : '', Reason: f.querySelector('.cf-reason')?.textContent || '',
    Errors: errors, Invalid: invalid, Summary: s.hidden ? [] : [...s.querySelectorAll('a')].map(a => a.textContent),
    Busy: f.hasAttribute('aria-busy')};
})()`)
}

// waitState waits until the form shows state ("sent", "failed", ...).
func waitState(ctx context.Context, form, state string, timeout time.Duration) error {
	return waitJS(ctx, `[...`+formSel(form)+`.querySelectorAll('[data-s]')].some(e => !e.hidden && e.dataset.s === `+jsq(state)+`)`, timeout)
}

// fieldCheck is one field's value and the browser's verdict on it.
type fieldCheck struct {
	Value   string
	Valid   bool
	Message string // validationMessage, when not valid
}

// checkFields reads every field's value and constraint validity (for a
// choice, its first radio's: the group's).
func checkFields(ctx context.Context, form string) (map[string]fieldCheck, error) {
	return eval[map[string]fieldCheck](ctx, `(() => { const f = `+formSel(form)+`, o = {};
  for (const c of f.querySelectorAll('[data-f]')) {
    const el = c.tagName === 'FIELDSET' ? c.querySelector('input') : c;
    o[c.dataset.f] = {Value: f.elements.namedItem(c.dataset.f).value, Valid: el.validity.valid &&
      !(el.maxLength > 0 && f.elements.namedItem(c.dataset.f).value.length > el.maxLength), Message: el.validationMessage};
  }
  return o; })()`)
}

// sendAnother presses "Send another request" after a sent request.
func sendAnother(ctx context.Context, form string) error {
	_, err := eval[bool](ctx, formSel(form)+`.querySelector('[data-a=again]').click(), true`)
	return err
}
