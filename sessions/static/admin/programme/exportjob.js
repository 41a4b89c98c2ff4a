// The export form shows only the field the chosen scope narrows by (day, room, kind,
// delegation or delegate); without this script every field shows with its scope in its help.
(function () {
  "use strict";
  var fields = { day: "day", room: "room", kind: "kind", delegation: "delegation", delegate: "delegate" };
  function show() {
    var scope = document.getElementById("id_scope");
    if (!scope) { return; }
    Object.keys(fields).forEach(function (name) {
      var row = document.querySelector(".form-row.field-" + name) ||
        document.querySelector(".field-" + name);
      if (row) { row.hidden = scope.value !== fields[name]; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var scope = document.getElementById("id_scope");
    if (!scope) { return; }
    scope.addEventListener("change", show);
    show();
  });
})();
