// charter live reload. The events are described in the package comment of
// internal/livereload. Nothing here is inline, evaluated or parsed as
// HTML, so the page's CSP holds.
(() => {
  "use strict";
  if (window.charterLive) return; // loaded twice
  window.charterLive = true;
  const P = "charter-live-", KEY = P + "scroll";

  // "/a/index.html" is "/a/"; a percent-encoded or decomposed path is the
  // one the server names.
  const norm = (p) => {
    try { p = decodeURI(p); } catch {}
    p = p.normalize("NFC");
    return p.endsWith("/index.html") ? p.slice(0, -10) : p;
  };
  const self = () => {
    const m = document.querySelector('meta[name="charter-page"]');
    return norm(m ? m.content : location.pathname);
  };

  // The scroll position survives our own reloads (and nothing else).
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY));
    sessionStorage.removeItem(KEY);
  } catch {}
  if (saved) {
    history.scrollRestoration = "auto";
    if (saved.path === location.pathname) {
      const go = () => scrollTo(saved.x, saved.y);
      go();
      if (document.readyState !== "complete") addEventListener("load", go, { once: true });
    }
  }
  const reload = () => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY }));
      history.scrollRestoration = "manual";
    } catch {}
    location.reload();
  };

  // A stylesheet is replaced by a copy with the new href, and removed
  // once the copy has loaded: nothing shows unstyled in between.
  const pending = new WeakMap(); // a copy still loading -> the link it replaces
  const retire = (l) => {
    for (; l; l = pending.get(l)) l.remove();
  };
  const swap = (s) => {
    if (!s || typeof s.from !== "string" || typeof s.to !== "string") return;
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
  let overlay = null, before = null, build = null, dismissed = null;
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls.split(" ").map((c) => P + c).join(" ");
    if (text != null) e.textContent = text;
    return e;
  };
  const close = () => {
    if (!overlay) return;
    const had = overlay.contains(document.activeElement);
    overlay.remove();
    overlay = null;
    if (had && before && before.isConnected) before.focus({ preventScroll: true });
  };
  const count = (n, what) => n + " " + what + (n === 1 ? "" : "s");
  const excerpt = (d) => {
    const x = d.excerpt, chars = Array.from(x.line);
    const no = String(d.line || "").padStart(4);
    const pre = el("pre", "excerpt");
    pre.tabIndex = 0; // it may scroll sideways
    pre.append(no + " | " + x.line);
    if (x.col > 0) {
      // Keep the line's tabs so that the carets sit under the text.
      const lead = chars.slice(0, x.col - 1).map((c) => (c === "\t" ? c : " ")).join("");
      const caret = el("span", "caret", "^".repeat(Math.max(1, x.width || 1)));
      pre.append("\n" + " ".repeat(no.length) + " | " + lead.padEnd(x.col - 1), caret);
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
    if (dismissed === build) return;
    if (!overlay) before = document.activeElement;
    else overlay.remove();
    overlay = el("div", "overlay");
    overlay.dir = "ltr";
    overlay.lang = "en";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", P + "title");
    const n = errors.filter((d) => d && d.severity !== "warning").length;
    const title = el("h2", "title", "Build failed: " + count(n, "error") +
      (errors.length > n ? ", " + count(errors.length - n, "warning") : ""));
    title.id = P + "title";
    title.tabIndex = -1;
    const btn = el("button", "close", "Close");
    btn.type = "button";
    btn.addEventListener("click", () => { dismissed = build; close(); });
    const head = el("div", "head"), list = el("ol", "list"), panel = el("div", "panel");
    head.append(title, btn);
    for (const d of errors) if (d && typeof d === "object") list.append(item(d));
    panel.append(head, el("p", "note", "This page shows the last good build. Fix the errors and save; it updates by itself."), list);
    overlay.append(panel);
    (document.body || document.documentElement).append(overlay);
    title.focus({ preventScroll: true });
  };
  document.addEventListener("keydown", (e) => {
    if (overlay && e.key === "Escape") {
      dismissed = build;
      close();
    }
  });
  document.addEventListener("focusin", (e) => { // modal: focus stays in it
    if (overlay && !overlay.contains(e.target)) overlay.querySelector("button").focus();
  });

  const es = new EventSource("/_charter/events");
  const on = (name, fn) => es.addEventListener(name, (e) => {
    let d;
    try { d = JSON.parse(e.data); } catch { return; }
    if (d && typeof d === "object") fn(d);
  });
  on("hello", (d) => {
    if (build !== null && d.build !== build) return reload(); // missed events
    build = d.build;
    if (Array.isArray(d.errors)) show(d.errors);
    else close();
  });
  on("change", (d) => {
    build = d.build;
    close();
    const me = self();
    if (d.all || (Array.isArray(d.reload) && d.reload.some((p) => typeof p === "string" && norm(p) === me))) return reload();
    if (Array.isArray(d.css)) d.css.forEach(swap);
  });
  on("failed", (d) => {
    build = d.build;
    show(Array.isArray(d.errors) ? d.errors : []);
  });
})();
