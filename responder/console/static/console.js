// Live updates without a framework: ask the server for its newest log row every few
// seconds; when it changed, fetch this same page and swap in its content.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !main.dataset.live) return;
  var every = Number(main.dataset.every) || 5000;  // CONSOLE_LIVE_POLL_MS of the app
  function refresh() {
    fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
      if (fresh) { main.innerHTML = fresh.innerHTML; main.dataset.last = fresh.dataset.last; }
    });
  }
  function poll() {
    if (document.hidden) return;
    var busy = document.activeElement && /INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName);
    fetch(main.dataset.live, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data && String(data.last) !== main.dataset.last && !busy) refresh();
    }).catch(function () {});
  }
  setInterval(poll, every);
})();
