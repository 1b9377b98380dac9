// The draft of a form in sessionStorage: it survives a reload or a crashed
// tab, ends with the tab, and is removed once the request is sent. Never
// localStorage, cookies or the URL. Storage may be blocked: then the form
// simply has no draft.

export interface Draft {
  v: Record<string, string>; // field values by name
  k?: string; // the idempotency key of a send that has not succeeded
  s?: string; // what that send carried, to know whether a resend is the same
}

export function drafts(id: string) {
  const key = "charter-form:" + id;
  return {
    get(): Draft | null {
      try {
        return JSON.parse(sessionStorage.getItem(key)!);
      } catch {
        return null;
      }
    },
    set(d: Draft) {
      try {
        sessionStorage.setItem(key, JSON.stringify(d));
      } catch {}
    },
    clear() {
      try {
        sessionStorage.removeItem(key);
      } catch {}
    },
  };
}
