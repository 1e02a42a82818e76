/* Show each language's name and workflow state on modeltranslation's language tabs,
 * and open the form on the source language (or on the language with an error).
 *
 * The states come from a JSON data block (#nr-version-states) rendered by the
 * change form; a file, not inline code, because the CSP allows scripts from our
 * origin only. modeltranslation draws its tabs once jQuery is ready, at a time
 * we do not control, so this waits for them (briefly) before decorating.
 */
"use strict";
(function () {
  // The column suffix of a tab ("fr", "ind"), read from its panel's id (…_title_fr).
  function suffixOf(link) {
    var match = /_([a-z]+)$/.exec(link.getAttribute("href") || "");
    return match ? match[1] : link.textContent.trim().toLowerCase();
  }

  // jQuery UI makes the <li> the tab and leaves a link inside it: two nested controls
  // (axe: nested-interactive). The link becomes the tab, the <li> mere presentation; this is
  // redone whenever jQuery UI moves the selection (it sets the <li>'s attributes again).
  function tabRoleOnLink(link) {
    var item = link.closest("li");
    if (!item) {
      return;
    }
    function sync() {
      var active = item.classList.contains("ui-tabs-active");
      link.setAttribute("role", "tab");
      link.setAttribute("aria-selected", active ? "true" : "false");
      link.setAttribute("tabindex", active ? "0" : "-1");
      if (item.getAttribute("aria-controls")) {
        link.setAttribute("aria-controls", item.getAttribute("aria-controls"));
      }
      ["role", "tabindex", "aria-controls", "aria-labelledby", "aria-selected", "aria-expanded"].forEach(
        function (name) {
          item.removeAttribute(name);
        }
      );
      item.setAttribute("role", "presentation");
    }
    sync();
    var widget = window.jQuery && window.jQuery(item).closest(".ui-tabs").tabs("instance");
    if (widget && !widget.nrPanels) {
      // jQuery UI reads a tab's panel from its <li>'s aria-controls, now on the link.
      widget.nrPanels = true;
      widget._getPanelForTab = function (tab) {
        var id = window.jQuery(tab).find(".ui-tabs-anchor").attr("aria-controls");
        return this.element.find("#" + id);
      };
    }
    new MutationObserver(function (changes, observer) {
      observer.disconnect();
      sync();
      observer.observe(item, { attributes: true, attributeFilter: ["class", "tabindex"] });
    }).observe(item, { attributes: true, attributeFilter: ["class", "tabindex"] });
  }

  function decorate(states, names, none) {
    var links = document.querySelectorAll(".ui-tabs-nav li a:not([data-nr-state])");
    links.forEach(function (link) {
      var key = suffixOf(link);
      var state = states[key];
      if (names[key]) {
        link.textContent = names[key];  // "Indonesian", not the column suffix "ind"
      }
      var badge = document.createElement("span");
      link.dataset.nrState = state ? state.state : "none";
      if (state) {
        badge.className = "nr-badge nr-" + state.state;
        badge.textContent = state.label;
        link.title += ": " + state.label + (state.when ? " (" + state.when + ")" : "");
      } else {
        badge.className = "nr-badge nr-none";
        badge.textContent = "–";
        link.title += ": " + none;  // "No version yet", in the admin's language
      }
      link.appendChild(document.createTextNode(" "));
      link.appendChild(badge);
      tabRoleOnLink(link);
    });
    return links.length;
  }

  // modeltranslation's switch for all tabs at once: named, labelled, and set to the
  // language with an error if there is one (else the source), so the form opens there.
  function openOn(languages) {
    var select = document.getElementById("modeltranslation-main-switch");
    var nav = document.querySelector(".ui-tabs-nav");
    if (!select || !nav) {
      return;
    }
    select.setAttribute("aria-label", languages.label);
    var keys = Array.prototype.map.call(nav.querySelectorAll("li a"), suffixOf);
    Array.prototype.forEach.call(select.options, function (option) {
      var key = keys[parseInt(option.value, 10)];
      if (languages.names[key]) {
        option.textContent = languages.names[key];
      }
    });
    var failing = document.querySelector(".ui-tab-has-errors a");
    var target = failing ? suffixOf(failing) : languages.source;
    var index = keys.indexOf(target);
    if (index >= 0 && select.value !== String(index)) {
      select.value = String(index);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  function start() {
    var data = document.getElementById("nr-version-states");
    if (!data) {
      return;
    }
    var states = JSON.parse(data.textContent);
    var languagesData = document.getElementById("nr-tab-languages");
    var languages = languagesData
      ? JSON.parse(languagesData.textContent)
      : { names: {}, source: "", label: "", none: "" };
    var attempts = 0;
    (function poll() {
      if (decorate(states, languages.names, languages.none || "–")) {
        openOn(languages);
      } else if (attempts++ < 100) {
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
