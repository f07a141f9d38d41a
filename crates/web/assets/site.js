// What script adds to the pages, which all work without it: the progress
// of a sheet's upload, then of its check (htmx sends the form).
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  var label = document.getElementById("importing-label");
  if (!bar || !event.detail.lengthComputable) {
    return;
  }
  if (event.detail.loaded < event.detail.total) {
    bar.value = Math.round((event.detail.loaded * 100) / event.detail.total);
  } else {
    // Sent: the server reads and checks it, for as long as that takes.
    bar.removeAttribute("value");
    if (label && label.dataset.checking) {
      label.textContent = label.dataset.checking;
    }
  }
});
