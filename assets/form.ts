// The request form's script. The form is server-rendered and works without
// it (layouts/partials/form.html); this adds localized validation with
// inline errors and an error summary, a fetch POST with a timeout and an
// idempotency key, a honeypot, a draft in sessionStorage, and the sending,
// sent and failed states. A form without an action is disabled: left alone.

import { body, FieldMap } from "./form/payload";
import { drafts } from "./form/draft";

interface Config {
  encoding: string;
  timeout: number;
  fieldMap?: FieldMap;
  honeypot?: string;
  messages: Record<string, string>;
  errors: Record<string, Record<string, string>>;
}

type Control = HTMLInputElement & HTMLFieldSetElement;

document.querySelectorAll<HTMLFormElement>("form[data-form]").forEach((form) => {
  const json = form.querySelector(".cf-config");
  const action = form.getAttribute("action");
  if (json && action) setup(form, JSON.parse(json.textContent!), action);
});

function setup(form: HTMLFormElement, cfg: Config, action: string) {
  const $ = (s: string) => form.querySelector(s) as HTMLElement;
  const summary = $(".cf-summary");
  const list = summary.querySelector("ul")!;
  const fields = $(".cf-body");
  const button = $(".cf-submit") as HTMLButtonElement;
  const controls = [...form.querySelectorAll("[data-f]")] as Control[];
  const map = cfg.fieldMap || {};
  const store = drafts(form.dataset.form + location.pathname);
  const value = (name: string): string => (form.elements.namedItem(name) as any).value;
  let key: string | undefined;
  let sent: string | undefined;
  let busy = false;

  form.noValidate = true;

  const saved = store.get();
  if (saved) {
    for (const name in saved.v) {
      const el = form.elements.namedItem(name) as any;
      if (el) el.value = saved.v[name];
    }
    key = saved.k;
    sent = saved.s;
  }
  const save = () => {
    const v: Record<string, string> = {};
    for (const c of controls) v[c.dataset.f!] = value(c.dataset.f!);
    store.set({ v, k: key, s: sent });
  };

  // The first control of a field: where the summary's link takes focus.
  const first = (c: Control) => (c.tagName == "FIELDSET" ? c.querySelector("input")! : c);

  const check = (c: Control): string => {
    const m = cfg.errors[c.dataset.f!] || {};
    const el = first(c);
    const v = el.validity;
    return (
      (v.valueMissing
        ? m.required
        : v.typeMismatch || v.patternMismatch
          ? m.format
          : el.maxLength > 0 && value(c.dataset.f!).length > el.maxLength
            ? m.long
            : "") || ""
    );
  };

  const mark = (c: Control, msg: string) => {
    const err = document.getElementById(c.getAttribute("aria-describedby")!.split(" ").pop()!)!;
    err.textContent = msg;
    err.hidden = !msg;
    if (msg) c.setAttribute("aria-invalid", "true");
    else c.removeAttribute("aria-invalid");
  };

  // report shows the error summary (GOV.UK pattern) and moves focus to it.
  const report = (errors: [Control, string][]) => {
    list.textContent = "";
    for (const [c, msg] of errors) {
      const a = document.createElement("a");
      a.href = "#" + first(c).id;
      a.textContent = msg;
      list.appendChild(document.createElement("li")).appendChild(a);
    }
    summary.hidden = !errors.length;
    if (errors.length) summary.focus();
  };

  const show = (state: string, focus?: boolean) => {
    form.querySelectorAll<HTMLElement>("[data-s]").forEach((e) => {
      e.hidden = e.dataset.s != state;
      if (focus && !e.hidden) e.focus();
    });
  };

  const done = () => {
    store.clear();
    form.reset();
    key = sent = undefined;
    controls.forEach((c) => mark(c, ""));
    report([]);
    fields.hidden = true;
    show("sent", true);
  };

  const send = async () => {
    if (busy) return;
    const errors: [Control, string][] = [];
    for (const c of controls) {
      const msg = check(c);
      mark(c, msg);
      if (msg) errors.push([c, msg]);
    }
    report(errors);
    if (errors.length) return show("");

    const data = new FormData(form);
    const trap = cfg.honeypot;
    if (trap) {
      if (data.get(trap)) return done(); // a bot: pretend, send nothing
      data.delete(trap);
    }
    data.set("pageUrl", location.origin + location.pathname);
    const consent = (window as any).charter?.consent?.id;
    if (consent) data.set("consentId", consent);
    // The same answers resend under the same key; changed answers are a
    // new request with a new key.
    const what = JSON.stringify([...(data as any)]);
    if (!key || what != sent) {
      key = crypto.randomUUID();
      sent = what;
    }
    save();
    data.set("idempotencyKey", key);

    busy = button.disabled = true;
    form.setAttribute("aria-busy", "true");
    show("sending");
    let reason = "network";
    try {
      const json = cfg.encoding == "json";
      const res = await fetch(action, {
        method: "POST",
        headers: {
          Accept: "application/json",
          "Content-Type": json ? "application/json" : "application/x-www-form-urlencoded",
          "Idempotency-Key": key,
        },
        body: body(data, json, map),
        signal: AbortSignal.timeout(cfg.timeout),
      });
      if (res.ok) return done();
      reason = res.status < 500 ? "rejected" : "server";
      // Field errors the endpoint names, by field or payload name.
      const found = ((await res.json().catch(() => 0)) || {}).errors || {};
      const inline: [Control, string][] = [];
      for (const c of controls) {
        const name = c.dataset.f!;
        const msg = found[name] || found[map[name]];
        if (typeof msg == "string") {
          mark(c, msg);
          inline.push([c, msg]);
        }
      }
      if (inline.length) {
        form.querySelector<HTMLElement>(".cf-reason")!.textContent = cfg.messages[reason];
        show("failed");
        return report(inline);
      }
    } catch {
      // network down, refused by CORS, or timed out: reason stays "network"
    } finally {
      busy = button.disabled = false;
      form.removeAttribute("aria-busy");
    }
    form.querySelector<HTMLElement>(".cf-reason")!.textContent = cfg.messages[reason];
    show("failed", true);
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    send();
  });
  form.addEventListener("input", (e) => {
    const c = (e.target as Element).closest("[data-f]") as Control;
    if (c && c.hasAttribute("aria-invalid")) mark(c, check(c));
    save();
  });
  form.addEventListener("click", (e) => {
    const t = e.target as HTMLElement;
    const a = t.closest("a");
    if (a && summary.contains(a)) {
      e.preventDefault();
      document.getElementById(a.hash.slice(1))!.focus();
    }
    if (t.dataset.a == "resend") send();
    if (t.dataset.a == "again") {
      show("");
      fields.hidden = false;
      first(controls[0]).focus();
    }
  });
}
