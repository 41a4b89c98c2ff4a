// "Embed this programme": a button copies each snippet, where the browser lets a page write to
// the clipboard (otherwise the button stays hidden and a click in the snippet selects it all).
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var snippet = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(snippet.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      }, function () { button.hidden = true; });
    });
  });
})();
