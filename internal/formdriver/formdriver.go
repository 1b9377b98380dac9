// Package formdriver drives charter's request form and the preview
// server's form sink panel in a real browser, for tests: each function
// takes a chromedp context (one tab) and, where it navigates, a page URL,
// and knows nothing of the server behind it, so the sink's own tests and
// those of charter serve share them. Clicks are element.click() in the
// page: the consent banner may cover a form's controls for a mouse.
package formdriver

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// OpenForm loads pageURL and waits until the panel of the form is there.
func OpenForm(ctx context.Context, pageURL, form string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return fmt.Errorf("navigating to %s: %w", pageURL, err)
	}
	return WaitJS(ctx, PanelSel(form)+` && !`+PanelSel(form)+`.querySelector('fieldset:disabled')`, 10*time.Second)
}

// Quote is s as a JavaScript string literal.
func Quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// PanelSel is a JS expression for the panel of the form.
func PanelSel(form string) string {
	return `document.querySelector('.charter-sink[data-sink-for=' + CSS.escape(` + Quote(form) + `) + ']')`
}

// FormSel is a JS expression for the <form> element.
func FormSel(form string) string {
	return `document.querySelector('form[data-form=' + CSS.escape(` + Quote(form) + `) + ']')`
}

func Eval[T any](ctx context.Context, js string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// WaitJS polls a JavaScript expression until it is truthy. It keeps
// polling across a navigation (a form posted without JavaScript).
func WaitJS(ctx context.Context, js string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := Eval[bool](ctx, "!!("+js+")")
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

// FillTestData presses the panel's "Fill with test data" button and
// returns the panel's status text.
func FillTestData(ctx context.Context, form string) (string, error) {
	return Eval[string](ctx, `(() => { const p = `+PanelSel(form)+`;
  p.querySelector('.charter-sink-fill').click();
  return p.querySelector('.charter-sink-status').textContent; })()`)
}

// ChooseMode picks a response mode in the panel, as a click on its label
// would, and waits until the sink has confirmed it. A mode the panel
// already shows is left as it is.
func ChooseMode(ctx context.Context, form, mode string) error {
	already, err := Eval[bool](ctx, `(() => { const p = `+PanelSel(form)+`;
  const r = p.querySelector('input[type=radio][value=' + CSS.escape(`+Quote(mode)+`) + ']');
  if (r.checked) return true;
  p.querySelector('label[for=' + CSS.escape(r.id) + ']').click();
  return false; })()`)
	if err != nil || already {
		return err // a checked radio's click changes nothing
	}
	return WaitJS(ctx, `(() => { const p = `+PanelSel(form)+`;
  return !p.querySelector('fieldset').hasAttribute('aria-busy') && p.querySelector('input:checked')?.value === `+Quote(mode)+`
    && p.querySelector('.charter-sink-status').textContent.startsWith('Next submissions'); })()`, 10*time.Second)
}

// PanelMode is the mode the panel shows as chosen.
func PanelMode(ctx context.Context, form string) (string, error) {
	return Eval[string](ctx, `(`+PanelSel(form)+`.querySelector('input:checked') || {value: ''}).value`)
}

// SubmitForm presses the form's submit button.
func SubmitForm(ctx context.Context, form string) error {
	_, err := Eval[bool](ctx, FormSel(form)+`.querySelector('.cf-submit').click(), true`)
	return err
}

// FormState is what the form shows.
type FormState struct {
	State   string            // the visible [data-s] state: "sending", "sent", "failed", or ""
	Reason  string            // the failure's reason text
	Errors  map[string]string // the inline error of each field that has one, by field name
	Invalid []string          // fields marked aria-invalid
	Summary []string          // the error summary's links, when it is shown
	Busy    bool              // aria-busy on the form
}

// ReadState reads the form's visible state.
func ReadState(ctx context.Context, form string) (FormState, error) {
	return Eval[FormState](ctx, `(() => { const f = `+FormSel(form)+`;
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

// WaitState waits until the form shows state ("sent", "failed", ...).
func WaitState(ctx context.Context, form, state string, timeout time.Duration) error {
	return WaitJS(ctx, `[...`+FormSel(form)+`.querySelectorAll('[data-s]')].some(e => !e.hidden && e.dataset.s === `+Quote(state)+`)`, timeout)
}

// FieldCheck is one field's value and the browser's verdict on it.
type FieldCheck struct {
	Value   string
	Valid   bool
	Message string // validationMessage, when not valid
}

// CheckFields reads every field's value and constraint validity (for a
// choice, its first radio's: the group's).
func CheckFields(ctx context.Context, form string) (map[string]FieldCheck, error) {
	return Eval[map[string]FieldCheck](ctx, `(() => { const f = `+FormSel(form)+`, o = {};
  for (const c of f.querySelectorAll('[data-f]')) {
    const el = c.tagName === 'FIELDSET' ? c.querySelector('input') : c;
    o[c.dataset.f] = {Value: f.elements.namedItem(c.dataset.f).value, Valid: el.validity.valid &&
      !(el.maxLength > 0 && f.elements.namedItem(c.dataset.f).value.length > el.maxLength), Message: el.validationMessage};
  }
  return o; })()`)
}

// SendAnother presses "Send another request" after a sent request.
func SendAnother(ctx context.Context, form string) error {
	_, err := Eval[bool](ctx, FormSel(form)+`.querySelector('[data-a=again]').click(), true`)
	return err
}
