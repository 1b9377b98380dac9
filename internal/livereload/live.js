// charter live reload: the events are in internal/livereload's package
// comment. Nothing is inline, evaluated or parsed as HTML (CSP).
(() => {
  "use strict";
  if (window.charterLive) return; // loaded twice
  const live = (window.charterLive = { build: null }); // the last build heard of
  const P = "charter-live-", KEY = P + "scroll";

  // "/a/index.html" is "/a/", "%C3%A9" is "é".
  const norm = (p) => {
    p = String(p);
    try { p = decodeURI(p); } catch {}
    p = p.normalize("NFC");
    return p.endsWith("/index.html") ? p.slice(0, -10) : p;
  };
  const self = () => {
    const m = document.querySelector('meta[name="charter-page"]');
    return norm(m ? m.content : location.pathname);
  };

  // Our reloads keep the scroll position.
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY));
    sessionStorage.removeItem(KEY);
  } catch {}
  if (saved) history.scrollRestoration = "auto";
  if (saved && saved.path === location.pathname) {
    const go = () => scrollTo(saved.x, saved.y);
    go();
    addEventListener("load", go, { once: true });
  }
  const reload = () => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY }));
      history.scrollRestoration = "manual";
    } catch {}
    location.reload();
  };

  // A stylesheet goes when its copy with the new href has loaded.
  const pending = new WeakMap(); // copy still loading -> link it replaces
  const retire = (l) => {
    for (; l; l = pending.get(l)) l.remove();
  };
  const swap = (s) => {
    if (!s || !s.from || !s.to) return;
    for (const old of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const u = new URL(old.href, location.href);
      if (u.origin !== location.origin || norm(u.pathname) !== norm(s.from)) continue;
      const n = old.cloneNode();
      n.href = s.to;
      if (s.integrity) n.integrity = s.integrity;
      else n.removeAttribute("integrity");
      pending.set(n, old);
      n.addEventListener("load", () => { retire(pending.get(n)); pending.delete(n); }, { once: true });
      n.addEventListener("error", reload, { once: true });
      old.after(n);
    }
  };

  // The error overlay.
  let overlay = null, before = null, dismissed = null;
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls.split(" ").map((c) => P + c).join(" ");
    if (text != null) e.textContent = text;
    return e;
  };
  const close = () => {
    if (!overlay) return;
    const a = document.activeElement, had = !a || a === document.body || overlay.contains(a);
    overlay.remove();
    overlay = null;
    if (had && before && before.isConnected) before.focus({ preventScroll: true });
  };
  const count = (n, what) => n + " " + what + (n === 1 ? "" : "s");
  // A wide space and wide carets align with East Asian wide characters.
  const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;
  const excerpt = (d) => {
    const x = d.excerpt, chars = Array.from(x.line), from = x.col - 1, to = from + Math.max(1, x.width || 1);
    const no = String(d.line || "").padStart(4) + " | ";
    let text = "", lead = "", marks = "", w = 0;
    chars.forEach((c, i) => {
      const n = c === "\t" ? 4 - (w % 4) : wide.test(c) ? 2 : 1; // tabs stop every 4 columns
      const tab = c === "\t" ? " ".repeat(n) : "";
      w += n;
      text += tab || c;
      if (i < from) lead += tab || (n === 2 ? "\u3000" : " ");
      else if (i < to) marks += tab ? "^".repeat(n) : n === 2 ? "\uFF3E" : "^";
    });
    const pre = el("pre", "excerpt"), gutter = (t) => el("span", "gutter", t);
    pre.tabIndex = 0; // it may scroll sideways
    pre.append(gutter(no), el("span", "source", text));
    if (x.col > 0) {
      marks += "^".repeat(Math.max(0, to - Math.max(from, chars.length))); // past the line's end
      const under = el("span", "under", " ".repeat(Math.max(0, from - chars.length)));
      under.prepend(lead);
      under.append(el("span", "caret", marks));
      under.setAttribute("aria-hidden", "true");
      pre.append("\n", gutter(" ".repeat(no.length - 2) + "| "), under);
    }
    return pre;
  };
  const item = (d) => {
    const warn = d.severity === "warning", li = el("li", warn ? "item warning" : "item error");
    const where = el("p", "where");
    where.append(el("span", "severity", warn ? "warning" : "error"));
    const pos = [d.file, d.line, d.line && d.col].filter(Boolean).join(":");
    if (pos) where.append(" ", el("code", "pos", pos));
    li.append(where, el("p", "message", String(d.message || "")));
    if (d.excerpt && typeof d.excerpt.line === "string") li.append(excerpt(d));
    if (d.hint) {
      const h = el("p", "hint");
      h.append(el("span", "label", "Hint: "), String(d.hint));
      li.append(h);
    }
    return li;
  };
  const show = (errors) => {
    if (dismissed === live.build) return;
    if (!overlay) before = document.activeElement;
    else overlay.remove();
    overlay = el("div", "overlay");
    overlay.dir = "ltr";
    overlay.lang = "en";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", P + "title");
    const n = errors.filter((d) => d && d.severity !== "warning").length;
    const title = el("h2", "title", "Build failed" + (errors.length ? ": " + count(n, "error") : "") +
      (errors.length > n ? ", " + count(errors.length - n, "warning") : ""));
    title.id = P + "title";
    title.tabIndex = -1;
    const btn = el("button", "close", "Close");
    btn.type = "button";
    btn.addEventListener("click", () => { dismissed = live.build; close(); });
    const head = el("div", "head"), list = el("ol", "list"), panel = el("div", "panel");
    head.append(title, btn);
    for (const d of errors) if (d && typeof d === "object") list.append(item(d));
    panel.append(head, el("p", "note", "This page shows the last good build. Fix the errors and save; it updates by itself."), list);
    overlay.append(panel);
    document.documentElement.append(overlay); // after <body>: no rule of the page for body's children applies
    for (const c of overlay.querySelectorAll("." + P + "caret")) { // carets in view
      const pre = c.parentNode.parentNode, x = c.getBoundingClientRect(), y = pre.getBoundingClientRect();
      if (x.right > y.left + pre.clientWidth) pre.scrollLeft = x.left - y.left - pre.firstChild.offsetWidth - 16;
    }
    title.focus({ preventScroll: true });
  };
  document.addEventListener("keydown", (e) => {
    if (!overlay) return;
    if (e.key === "Escape") {
      dismissed = live.build;
      close();
    } else if (e.key === "Tab") { // modal: Tab cycles in it
      const f = overlay.querySelectorAll("button, [tabindex='0']"), a = document.activeElement;
      const to = e.shiftKey ? (a === f[0] || a.tabIndex < 0 ? f[f.length - 1] : null) : a === f[f.length - 1] ? f[0] : null;
      if (to) {
        e.preventDefault();
        to.focus();
      }
    }
  });

  const es = new EventSource("/_charter/events");
  const on = (name, fn) => es.addEventListener(name, (e) => {
    let d;
    try { d = JSON.parse(e.data); } catch { return; }
    if (d && typeof d === "object") fn(d);
  });
  on("hello", (d) => {
    if (live.build !== null && d.build !== live.build) return reload(); // missed events
    live.build = d.build;
    if (Array.isArray(d.errors)) show(d.errors);
    else close();
  });
  on("change", (d) => {
    live.build = d.build;
    close();
    const me = self();
    if (d.all || (Array.isArray(d.reload) && d.reload.some((p) => norm(p) === me))) return reload();
    if (Array.isArray(d.css)) d.css.forEach(swap);
  });
  on("failed", (d) => {
    live.build = d.build;
    show(Array.isArray(d.errors) ? d.errors : []);
  });
})();
