// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  // Remove one row of a list form (the server ignores rows that are no longer posted).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-remove-row]");
    if (!button) { return; }
    var row = button.closest("[data-row]");
    if (row) { row.remove(); }
  });
  // A <select data-autosubmit> submits its form on change; its submit button is then not needed.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-autosubmit-button]").forEach(function (button) {
      button.classList.add("visually-hidden");
    });
  });
  // Forms marked data-once ignore a second click while the first submit is on its way. If the answer
  // never comes (a dropped mobile connection), the form can be sent again after a few seconds; the
  // server handles a repeated post once, and what was typed stays in the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-once]")) { return; }
    if (form.dataset.sent) { event.preventDefault(); return; }
    form.dataset.sent = "1";
    window.setTimeout(function () { delete form.dataset.sent; }, 8000);
  });
  // Coming back with the Back button shows the page from cache: let its forms be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
  });
})();
