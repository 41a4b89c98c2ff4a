(function () {
  "use strict";
  var form = document.getElementById("scan");
  var token = form.elements.token;
  var nonce = form.elements.nonce;
  var result = document.getElementById("result");
  var recent = document.getElementById("recent");
  var busy = false;

  function freshNonce() {
    if (window.crypto && crypto.randomUUID) { nonce.value = crypto.randomUUID(); }
  }

  function node(tag, text, cls) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    if (cls) { element.className = cls; }
    return element;
  }

  // People's text in its own direction: a name cannot reorder the words around it.
  function named(tag, text) {
    var element = node(tag, text);
    element.dir = "auto";
    return element;
  }

  function show(answer) {
    var box = node("div", "", "result " + (answer.admitted ? "admitted" : "refused"));
    var item = node("li");
    item.append(node("time", answer.time));
    if (answer.admitted) {
      box.append(form.dataset.admitted + ": ", named("strong", answer.name));
      if (answer.name_native) {
        var native = node("span", answer.name_native);
        native.dir = "auto";
        box.append(native, node("br"));
      }
      box.append(named("bdi", answer.delegation), " · " + answer.badge);
      if (!answer.registered) {
        var warning = node("div", "", "note");
        warning.append(node("span", form.dataset.unregistered, "warn"));
        box.append(warning);
      }
      if (!answer.created) { box.append(node("div", form.dataset.repeat, "note")); }
      var who = node("span");
      who.append(named("strong", answer.name), ", ", named("bdi", answer.delegation), " · ",
        named("bdi", answer.door));
      item.append(who);
    } else {
      box.append(form.dataset.refused + ": ", node("strong", answer.reason));
      item.append(node("span", answer.reason, "refused"));
      if (navigator.vibrate) { navigator.vibrate([120, 60, 120]); }
    }
    result.replaceChildren(box);
    var empty = recent.querySelector(".empty");
    if (empty) { empty.remove(); }
    recent.prepend(item);
    while (recent.children.length > 20) { recent.lastChild.remove(); }
  }

  freshNonce();
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) { return; }
    event.preventDefault();
    if (busy || !token.value.trim()) { return; }
    busy = true;
    fetch(window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      show(answer);
      token.value = "";
      freshNonce();
    }).catch(function () {
      show({admitted: false, reason: form.dataset.offline, time: ""});
    }).finally(function () {
      busy = false;
      token.focus();
    });
  });

  var toggle = document.getElementById("camera-toggle");
  var video = document.getElementById("camera");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") < 0) { return; }
    var detector = new BarcodeDetector({formats: ["qr_code"]});
    var stream = null, last = "", lastAt = 0;
    toggle.hidden = false;

    function look() {
      if (!stream) { return; }
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length && !busy && (codes[0].rawValue !== last || now - lastAt > 3000)) {
          last = codes[0].rawValue;
          lastAt = now;
          token.value = last;
          form.requestSubmit();
        }
      }).catch(function () {}).finally(function () { setTimeout(look, 250); });
    }

    toggle.addEventListener("click", function () {
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
        video.hidden = true;
        return;
      }
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        return video.play();
      }).then(look).catch(function (error) {
        show({admitted: false, reason: String(error), time: ""});
      });
    });
  });
})();
