// The page's only script, served by bpolint itself. Without it the form posts as it is and
// the results page shows the report in a frame of fixed height; with it, files can be
// dropped on the form, the upload goes by fetch with its progress and errors shown in
// place, and the report's frame grows to its content.
(function () {
  "use strict";
  document.documentElement.className += " js";

  function formatSize(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function upload(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-drop]");
    var chosen = form.querySelector("[data-chosen]");
    var status = form.querySelector("[data-status]");
    var button = form.querySelector("button[type=submit]");
    var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);

    function say(text, isError) {
      status.textContent = text;
      status.className = "status" + (isError ? " error" : "");
      status.setAttribute("role", isError ? "alert" : "status");
    }

    function showChosen() {
      chosen.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement("li");
        var name = document.createElement("span");
        var size = document.createElement("span");
        name.textContent = file.name;
        size.className = "size";
        size.textContent = formatSize(file.size);
        li.appendChild(name);
        li.appendChild(size);
        chosen.appendChild(li);
      });
      say("", false);
    }

    input.addEventListener("change", showChosen);
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "dragend", "drop"].forEach(function (type) {
      zone.addEventListener(type, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        showChosen();
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var files = input.files;
      if (!files.length) {
        say("Choose at least one contract file.", true);
        input.focus();
        return;
      }
      var total = 0;
      Array.prototype.forEach.call(files, function (file) { total += file.size; });
      if (total > maxBytes) {
        say("These files come to " + formatSize(total) + ", more than the limit of " +
            form.getAttribute("data-max-mb") + " MB.", true);
        return;
      }
      button.disabled = true;
      say("Checking " + (files.length === 1 ? files[0].name : files.length + " files") + "\u2026", false);
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.json().then(function (body) { return {ok: response.ok, body: body}; });
        })
        .then(function (answer) {
          if (answer.ok && answer.body.url) {
            say("Done. Opening the results\u2026", false);
            window.location.assign(answer.body.url);
          } else {
            say(answer.body.error || "The check failed.", true);
            button.disabled = false;
          }
        })
        .catch(function () {
          say("No answer from the server: is bpolint serve still running?", true);
          button.disabled = false;
        });
    });
  }

  function autosize(frame) {
    function fit() {
      try {
        var doc = frame.contentDocument;
        if (doc && doc.documentElement) {
          frame.style.height = doc.documentElement.scrollHeight + "px";
        }
      } catch (e) { /* not readable: the frame keeps its own scroll bar */ }
    }
    frame.addEventListener("load", fit);
    window.addEventListener("resize", fit);
    fit();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-upload]"), upload);
    Array.prototype.forEach.call(document.querySelectorAll("iframe[data-autosize]"), autosize);
  });
})();
