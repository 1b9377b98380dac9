// Demo analytics for the charter example site. It only remembers a random
// visitor id in a first-party cookie (_demo_analytics) and tells the page it
// ran; it sends nothing anywhere. The cookie lasts one year, as the cookie
// policy says. The consent widget loads it only once the
// visitor allows the "analytics" category (see [[consent.scripts]] in
// site.toml), and deletes the cookie when the visitor withdraws.
(function () {
  var m = document.cookie.match(/(?:^|; )_demo_analytics=([^;]*)/);
  var id = m ? m[1] : Array.prototype.map.call(crypto.getRandomValues(new Uint8Array(8)), function (b) {
    return (b + 256).toString(16).slice(1);
  }).join('');
  document.cookie = '_demo_analytics=' + id + '; Path=/; Max-Age=31536000; SameSite=Lax' +
    (location.protocol === 'https:' ? '; Secure' : '');
  window.demoAnalytics = { visitor: id, page: location.pathname, at: Date.now() };
  if (window.dataLayer) window.dataLayer.push({ event: 'demo_analytics' });
})();
