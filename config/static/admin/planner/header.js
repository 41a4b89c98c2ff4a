// The admin's selects marked data-submit-on-change (the language, the cockpit's event) apply
// the choice as it is made; without JavaScript their form's button does it.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-submit-on-change]")) { event.target.form.submit(); }
});
