/* The import run's page: move its <progress> bar while the run goes on, without reloading.
 *
 * Polls the run's JSON (data-progress-url) every second; once the run has ended the page
 * is reloaded once, to show the outcome and the articles. A file, not inline code: the
 * CSP allows scripts from our origin only. The count's words come translated from the
 * page (data-count-template, "%(done)s of %(total)s files").
 */
"use strict";
(function () {
  var page = document.querySelector(".nr-import-run");
  if (!page || page.dataset.finished === "true") {
    return;
  }
  var bar = document.getElementById("nr-import-progress");
  var count = document.getElementById("nr-import-count");
  var state = document.getElementById("nr-import-state");
  var template = page.dataset.countTemplate || "%(done)s / %(total)s";

  function show(data) {
    if (data.total > 0) {
      bar.max = data.total;
      bar.value = data.done;
    }
    count.textContent = template
      .replace("%(done)s", String(data.done))
      .replace("%(total)s", String(data.total));
    state.textContent = data.state_label;
  }

  function poll() {
    fetch(page.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          window.setTimeout(poll, 3000);
          return;
        }
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
