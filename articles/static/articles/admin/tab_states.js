/* Show each language's workflow state on modeltranslation's language tabs.
 *
 * The states come from a JSON data block (#nr-version-states) rendered by the
 * change form; a file, not inline code, because the CSP allows scripts from our
 * origin only. modeltranslation draws its tabs once jQuery is ready, at a time
 * we do not control, so this waits for them (briefly) before decorating.
 */
"use strict";
(function () {
  function decorate(states) {
    var links = document.querySelectorAll(".ui-tabs-nav li a:not([data-nr-state])");
    links.forEach(function (link) {
      var state = states[link.textContent.trim().toLowerCase()];
      var badge = document.createElement("span");
      link.dataset.nrState = state ? state.state : "none";
      if (state) {
        badge.className = "nr-badge nr-" + state.state;
        badge.textContent = state.label;
        link.title += ": " + state.label + (state.when ? " (" + state.when + ")" : "");
      } else {
        badge.className = "nr-badge nr-none";
        badge.textContent = "–";
        link.title += ": no version";
      }
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
    });
    return links.length;
  }

  function start() {
    var data = document.getElementById("nr-version-states");
    if (!data) {
      return;
    }
    var states = JSON.parse(data.textContent);
    var attempts = 0;
    (function poll() {
      if (!decorate(states) && attempts++ < 100) {
        window.setTimeout(poll, 50);
      }
    })();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
