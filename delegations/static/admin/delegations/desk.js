// The accreditation desk's camera: a live preview, a 3:4 frame taken into the form's file input.
// Without getUserMedia (or a camera), the file input stays as it is.
(function () {
  "use strict";
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.DataTransfer) {
    return;
  }
  var streams = [];

  function stopAll() {
    streams.forEach(function (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    });
    streams = [];
  }

  document.querySelectorAll(".desk-photo-form").forEach(function (form) {
    var box = form.querySelector(".desk-camera");
    var video = box.querySelector("video");
    var canvas = box.querySelector("canvas");
    var start = box.querySelector(".desk-camera-start");
    var take = box.querySelector(".desk-camera-take");
    var input = form.querySelector("input[type=file]");
    box.hidden = false;

    start.addEventListener("click", function () {
      stopAll();
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false })
        .then(function (stream) {
          streams.push(stream);
          video.srcObject = stream;
          video.play();
          video.classList.add("live");
          take.hidden = false;
          take.focus();
        })
        .catch(function () { start.disabled = true; });
    });

    take.addEventListener("click", function () {
      var width = video.videoWidth, height = video.videoHeight;
      if (!width || !height) { return; }
      // The badge's photo is 3:4: take the middle of the frame.
      var cropWidth = Math.min(width, Math.round(height * 3 / 4));
      var cropHeight = Math.round(cropWidth * 4 / 3);
      canvas.width = 600;
      canvas.height = 800;
      canvas.getContext("2d").drawImage(
        video, (width - cropWidth) / 2, (height - cropHeight) / 2, cropWidth, cropHeight,
        0, 0, canvas.width, canvas.height
      );
      canvas.toBlob(function (blob) {
        var files = new DataTransfer();
        files.items.add(new File([blob], "desk-photo.jpg", { type: "image/jpeg" }));
        input.files = files.files;
        canvas.hidden = false;
        video.classList.remove("live");
        stopAll();
        take.hidden = true;
        form.querySelector("button[type=submit]").focus();
      }, "image/jpeg", 0.9);
    });
  });

  window.addEventListener("pagehide", stopAll);
})();
