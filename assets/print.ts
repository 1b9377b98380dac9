// The Print button of policy pages (layouts/policy.html). It is rendered
// invisible (site.css) and becomes usable here, so that a page without
// JavaScript offers no button that does nothing; the browser's own Print
// (Ctrl+P) works either way.
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
  button.classList.add('ready')
  button.addEventListener('click', () => window.print())
}
