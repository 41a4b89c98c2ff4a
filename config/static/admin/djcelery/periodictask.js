// django-celery-beat's periodic task form: the chosen crontab's schedule in words under its help.
// Text nodes only: a crontab's description is never read as HTML.
(function ($) {
  "use strict";
  var readable = JSON.parse(document.getElementById("readable-crontabs").textContent);
  var help = document.getElementById("periodic-task-overrides").dataset.crontabHelp;
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var words = readable[$("#id_crontab").val()];
    var box = $(".field-crontab .help").empty().text(help);
    if (words) { box.append("<br>", document.createTextNode("Translation: " + words)); }
  });
})(django.jQuery);
