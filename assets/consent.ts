// charter's consent widget. The banner, the dialog and the placeholders are
// rendered at build time (layouts/partials/consent.html); this script only
// decides what to show, records the choice and runs what the choice allows.
// Configuration comes from <script type="application/json" id="charter-consent">.
//
// Stored choice: one cookie, charter_consent =
//   id|time(base 36 ms)|revision|policyVersion|region|allowed ids joined by +|GPC at decision (0/1)
// Site code: document 'charter:consent' events (detail = state) and
// window.charter.consent; any [data-consent-action="accept-all|reject-all|
// settings|save"] element acts.

interface Category {
  id: string
  required: boolean
  sale: boolean
  cookies: string[]
  googleTypes: string[]
}

interface Config {
  region: string
  mode: 'opt-in' | 'opt-out' | 'notice'
  lang: string
  revision: number
  policyVersion: string
  askOnPolicy: boolean // a choice given under another policyVersion is asked again
  expiryDays: number
  recordEndpoint?: string
  consentMode: boolean
  categories: Category[]
  cookiePaths: string[] // where the site's cookies may be set; "/" always
}

type Choices = Record<string, boolean>

interface State {
  id: string
  time: number // ms since the epoch of the decision; 0 before one
  revision: number
  policyVersion: string
  region: string
  categories: Choices
  gpc: boolean // Global Privacy Control was on when the visitor decided
  decided: boolean
}

const COOKIE = 'charter_consent'
const doc = document
const win = window as any
const all = <E extends Element = HTMLElement>(sel: string) => Array.from(doc.querySelectorAll<E>(sel))
// The script is deferred: the page is parsed when it runs. Loaded some
// other way, it waits for the document.
const boot = (): boolean => {
  const conf = doc.getElementById('charter-consent')
  if (conf) start(JSON.parse(conf.textContent || '{}'))
  return !!conf
}
if (!boot() && doc.readyState == 'loading') doc.addEventListener('DOMContentLoaded', boot, { once: true })

function start(cfg: Config): void {
  const cats = cfg.categories
  const gpc = (navigator as any).globalPrivacyControl === true
  const banner = doc.getElementById('cc-banner')!
  const dialog = doc.getElementById('cc-dialog') as HTMLDialogElement
  const ran: Choices = {} // categories whose gated content already ran
  let returnTo: HTMLElement | null = null

  // every category on (or off but the required ones), with GPC refusing sales
  // unless the visitor chose them while GPC was on
  const choices = (on: boolean, base?: Choices): Choices => {
    const c: Choices = {}
    cats.forEach((k) => {
      c[k.id] = k.required || (base ? !!base[k.id] : on)
    })
    return c
  }
  const withoutSales = (c: Choices): Choices => {
    cats.forEach((k) => k.sale && !k.required && (c[k.id] = false))
    return c
  }
  const honourGPC = (s: State): State => {
    if (gpc && !(s.decided && s.gpc)) withoutSales(s.categories)
    return s
  }

  const read = (): State | null => {
    const m = doc.cookie.match(/(?:^|; )charter_consent=([^;]*)/)
    const p = m ? m[1].split('|') : []
    const time = parseInt(p[1], 36)
    if (p.length != 7 || +p[2] != cfg.revision || !(Date.now() - time < cfg.expiryDays * 864e5)) return null
    if (cfg.askOnPolicy && decodeURIComponent(p[3]) != cfg.policyVersion) return null
    const on = p[5].split('+')
    const c: Choices = {}
    cats.forEach((k) => (c[k.id] = k.required || on.indexOf(k.id) >= 0))
    return {
      id: p[0], time, revision: +p[2], policyVersion: decodeURIComponent(p[3]),
      region: decodeURIComponent(p[4]), categories: c, gpc: p[6] == '1', decided: true,
    }
  }

  let state: State = honourGPC(read() || {
    id: Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join(''),
    time: 0, revision: cfg.revision, policyVersion: cfg.policyVersion, region: cfg.region,
    categories: choices(cfg.mode != 'opt-in'), gpc, decided: false,
  })

  // Google Consent Mode v2: the default goes out before any gated tag runs.
  const gtag = (...args: unknown[]): void => {
    if (!cfg.consentMode) return
    win.dataLayer = win.dataLayer || []
    win.gtag = win.gtag || function () { win.dataLayer.push(arguments) } // eslint-disable-line prefer-rest-params
    win.gtag(...args)
  }
  const signals = (c: Choices) => {
    const s: Record<string, string> = {}
    'ad_storage ad_user_data ad_personalization analytics_storage functionality_storage personalization_storage security_storage'
      .split(' ').forEach((t) => (s[t] = 'denied'))
    cats.forEach((k) => c[k.id] && k.googleTypes.forEach((t) => (s[t] = 'granted')))
    return s
  }
  gtag('consent', 'default', signals(honourGPC({ ...state, decided: false, categories: choices(cfg.mode != 'opt-in') }).categories))
  if (state.decided) gtag('consent', 'update', signals(state.categories))

  const clearCookies = (k: Category) => {
    const host = location.hostname.split('.')
    doc.cookie.split('; ').forEach((pair) => {
      const name = pair.split('=')[0]
      if (!name || !k.cookies.some((c) => (c.length > 2 && c[0] == '/' && c.slice(-1) == '/' ? new RegExp(c.slice(1, -1)).test(name) : c == name))) return
      // A cookie is deleted only with the path and domain it was set with.
      cfg.cookiePaths.forEach((path) => {
        for (let i = -1; i < host.length; i++) {
          doc.cookie = name + '=; Max-Age=0; Path=' + path + (i < 0 ? '' : '; Domain=' + host.slice(i).join('.'))
        }
      })
    })
  }

  // Show the state: banner, GPC notices, toggles; run what it allows.
  const render = () => {
    banner.hidden = state.decided
    const honoured = gpc && cats.some((k) => k.sale) && cats.every((k) => !k.sale || !state.categories[k.id])
    all('.cc-gpc').forEach((e) => (e.hidden = !honoured))
    all<HTMLInputElement>('#cc-dialog [data-cc]').forEach((b) => (b.checked = !!state.categories[b.dataset.cc!]))
    cats.forEach((k) => state.categories[k.id] || clearCookies(k))
    all<HTMLScriptElement>('script[type="text/plain"][data-consent]').forEach((old) => {
      const id = old.dataset.consent!
      const src = old.dataset.src || old.getAttribute('src')
      // Inline gated code is never evaluated: it could not run under a strict CSP.
      if (!state.categories[id] || !src) return
      const s = doc.createElement('script')
      Array.from(old.attributes).forEach((a) => /^(type|src|data-src|data-consent)$/.test(a.name) || s.setAttribute(a.name, a.value))
      s.src = src
      s.async = false
      ran[id] = true
      old.replaceWith(s)
    })
    all<HTMLIFrameElement>('iframe[data-consent]').forEach((f) => {
      const id = f.dataset.consent!
      const ph = f.previousElementSibling as HTMLElement | null
      const hasPh = ph && ph.dataset.ccFor == id
      if (state.categories[id]) {
        if (f.dataset.src) f.src = f.dataset.src
        f.removeAttribute('data-src')
        f.hidden = false
        ran[id] = true
        if (hasPh) ph!.remove()
      } else if (!hasPh) {
        const t = doc.querySelector<HTMLTemplateElement>('template[data-cc-ph="' + id + '"]')
        const n = t && (t.content.firstElementChild!.cloneNode(true) as HTMLElement)
        if (n) {
          n.dataset.ccFor = id
          f.before(n)
        }
        f.hidden = true
      }
    })
  }

  const decide = (c: Choices) => {
    let reload = false
    cats.forEach((k) => {
      if (state.categories[k.id] && !c[k.id]) {
        clearCookies(k)
        reload = reload || !!ran[k.id]
      }
    })
    state = {
      id: state.id, time: Date.now(), revision: cfg.revision, policyVersion: cfg.policyVersion,
      region: cfg.region, categories: c, gpc, decided: true,
    }
    doc.cookie = COOKIE + '=' + [
      state.id, state.time.toString(36), state.revision, encodeURIComponent(state.policyVersion),
      encodeURIComponent(state.region), cats.filter((k) => c[k.id]).map((k) => k.id).join('+'), +gpc,
    ].join('|') + '; Path=/; Max-Age=' + cfg.expiryDays * 86400 + '; SameSite=Lax' + (location.protocol == 'https:' ? '; Secure' : '')
    gtag('consent', 'update', signals(c))
    if (cfg.recordEndpoint && navigator.sendBeacon) {
      navigator.sendBeacon(cfg.recordEndpoint, JSON.stringify({
        id: state.id, timestamp: new Date(state.time).toISOString(), revision: state.revision,
        policyVersion: state.policyVersion, region: state.region, language: cfg.lang, choices: c, gpc,
      }))
    }
    if (dialog.open) dialog.close()
    doc.dispatchEvent(new CustomEvent('charter:consent', { detail: state }))
    if (reload) location.reload()
    else render()
  }

  const open = () => {
    returnTo = doc.activeElement as HTMLElement
    render()
    dialog.showModal()
  }

  // Escape and the close button change nothing, except that closing on a
  // first visit in an opt-in region counts as a refusal.
  dialog.addEventListener('close', () => {
    if (!state.decided && cfg.mode == 'opt-in') decide(choices(false))
    const back = returnTo && returnTo.getClientRects().length ? returnTo : doc.getElementById('main')
    if (back) back.focus()
  })
  // Keep Tab inside the dialog.
  dialog.addEventListener('keydown', (e) => {
    if (e.key != 'Tab') return
    const f = all('#cc-dialog button, #cc-dialog input:not([disabled])')
    const i = f.indexOf(doc.activeElement as HTMLElement)
    if (e.shiftKey ? i < 1 : i == f.length - 1) {
      e.preventDefault()
      f[e.shiftKey ? f.length - 1 : 0].focus()
    }
  })
  // Keep the end of the page reachable above the banner, and focused
  // elements out from under it.
  new ResizeObserver(() => {
    const h = banner.offsetHeight
    doc.body.style.paddingBlockEnd = doc.documentElement.style.scrollPaddingBlockEnd = h ? h + 'px' : ''
  }).observe(banner)

  doc.addEventListener('click', (e) => {
    const t = (e.target as Element).closest<HTMLElement>('[data-consent-action],[data-cc-allow]')
    if (!t) return
    const a = t.dataset.consentAction
    const allow = t.dataset.ccAllow
    e.preventDefault()
    // Under Global Privacy Control, Accept all keeps sales and sharing off
    // (CCPA regulations §7025(c)): only the dialog's own switch turns them on.
    if (a == 'accept-all') decide(gpc ? withoutSales(choices(true)) : choices(true))
    else if (a == 'reject-all') decide(choices(false))
    else if (a == 'settings') open()
    else if (a == 'close') dialog.close()
    else if (a == 'save') {
      const c: Choices = {}
      all<HTMLInputElement>('#cc-dialog [data-cc]').forEach((b) => (c[b.dataset.cc!] = b.checked))
      decide(choices(false, c))
    } else if (allow) decide(choices(false, { ...state.categories, [allow]: true }))
  })

  const ns = (win.charter = win.charter || {})
  Object.defineProperty(ns, 'consent', { get: () => state, configurable: true })
  render()
  // Gated content, placeholders and notices further down the page exist
  // only once the whole document is parsed.
  if (doc.readyState == 'loading') doc.addEventListener('DOMContentLoaded', render, { once: true })
  if (location.hash == '#cookie-settings') open()
}
