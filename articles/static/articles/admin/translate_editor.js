/* The translation editor keeps what was typed.
 *
 * Dismissing a finding is sent in the background (the page, and the text typed into
 * it, stay); leaving the page with edits not saved asks first. Without script the
 * Dismiss button still works, as a plain form that reloads the page.
 */
(function () {
  "use strict";
  const editor = document.getElementById("nr-translate-form");
  if (!editor) {
    return;
  }
  const status = document.getElementById("nr-editor-status");
  let unsaved = false;

  editor.addEventListener("input", function () {
    unsaved = true;
  });
  editor.addEventListener("submit", function () {
    unsaved = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function say(message, ok) {
    status.textContent = message;
    status.className = ok ? "nr-status nr-status-ok" : "nr-status nr-status-error";
    status.hidden = false;
  }

  document.querySelectorAll("form.nr-dismiss-form").forEach(function (dismiss) {
    dismiss.addEventListener("submit", async function (event) {
      event.preventDefault();
      let answer;
      try {
        const response = await fetch(dismiss.action, {
          method: "POST",
          body: new FormData(dismiss),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        answer = await response.json();
      } catch (error) {
        answer = { ok: false, message: status.dataset.failed };
      }
      say(answer.message, answer.ok);
      if (answer.ok) {
        document.querySelectorAll('button[form="' + dismiss.id + '"]').forEach(function (button) {
          button.closest(".nr-finding").remove();
        });
        dismiss.remove();
      }
    });
  });
})();
