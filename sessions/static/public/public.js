// The public pages' one behaviour, from a file (the security policy runs no inline script): a
// language picked is applied at once. Without JavaScript the form's button does it.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-submit-on-change]")) { event.target.form.submit(); }
  });
})();
