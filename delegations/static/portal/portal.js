// The portal's few behaviours, from a file (the pages' security policy runs no inline script):
// a language picked is applied at once; a form with data-confirm asks before it is sent.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) { event.target.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.dataset && event.target.dataset.confirm;
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
