/* The portal's few behaviours, from a static file (the CSP allows no inline script):
   - after a failed submit, the focus goes to the form's error summary, whose links
     move the focus to their field;
   - evidence files over the size or count limit are refused before they upload
     (the server checks again);
   - a form that takes files goes as multipart only when a file is chosen;
   - the larger-text mode (适老化) toggle, remembered on the device. */
(function () {
  "use strict";

  // --- Error summary -----------------------------------------------------------------
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-error-link]") : null;
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.scrollIntoView({ block: "center" });
      target.focus();
    }
  });

  // --- Evidence limits -----------------------------------------------------------------
  function checkFiles(input) {
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var message = "";
    if (input.files.length > maxFiles) {
      message = input.getAttribute("data-too-many").replace("{count}", input.files.length);
    } else {
      for (var i = 0; i < input.files.length; i += 1) {
        if (input.files[i].size > maxBytes) {
          message = input.getAttribute("data-too-big").replace("{name}", input.files[i].name);
          break;
        }
      }
    }
    var note = document.getElementById(input.id + "_limit");
    if (!note) {
      note = document.createElement("div");
      note.id = input.id + "_limit";
      note.className = "invalid-feedback d-block";
      note.setAttribute("role", "alert");
      note.setAttribute("data-testid", "evidence-limit");
      input.insertAdjacentElement("afterend", note);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", (described ? described + " " : "") + note.id);
    }
    note.textContent = message;
    if (message) {
      input.value = "";
      input.setAttribute("aria-invalid", "true");
    } else if (!input.classList.contains("is-invalid")) {
      input.removeAttribute("aria-invalid");
    }
  }
  var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
  for (var i = 0; i < inputs.length; i += 1) {
    inputs[i].addEventListener("change", function (event) {
      checkFiles(event.target);
    });
  }

  // --- Forms that take files ---------------------------------------------------------
  // Sent as multipart only with a file chosen: without one, as a plain form, which the
  // server reads in a tenth of the time (docs/benchmarks.md, "A mass dispute"). Decided
  // at each sending, so a page restored by the back button still sends its files.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-takes-files")) {
      if (form.enctype !== "multipart/form-data") {
        return;
      }
      form.setAttribute("data-takes-files", "");
    }
    var chosen = false;
    var fileInputs = form.querySelectorAll("input[type=file]");
    for (var f = 0; f < fileInputs.length; f += 1) {
      chosen = chosen || (fileInputs[f].files && fileInputs[f].files.length > 0);
    }
    form.enctype = chosen ? "multipart/form-data" : "application/x-www-form-urlencoded";
  });

  // --- Scrolling regions ------------------------------------------------------------------
  // A wide table or chart that scrolls sideways (on a phone) takes the focus, so that the
  // keyboard can scroll it too (WCAG 2.1.1); named after its table's caption or heading.
  function focusableScrollers() {
    var regions = document.querySelectorAll(".table-responsive, .dashboard-chart");
    for (var r = 0; r < regions.length; r += 1) {
      var region = regions[r];
      if (region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight) {
        if (!region.hasAttribute("tabindex")) {
          region.setAttribute("tabindex", "0");
          var caption = region.querySelector("caption, figcaption, h2, h3, title");
          var section = region.closest("section");
          var heading = caption || (section && section.querySelector("h2, h3"));
          if (heading && heading.textContent.trim()) {
            region.setAttribute("role", "region");
            region.setAttribute("aria-label", heading.textContent.trim());
          }
        }
      } else if (region.getAttribute("tabindex") === "0") {
        region.removeAttribute("tabindex");
      }
    }
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);

  // --- Larger text ---------------------------------------------------------------------
  var toggle = document.querySelector("[data-large-text-toggle]");
  if (toggle) {
    var root = document.documentElement;
    var sync = function () {
      toggle.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
    };
    sync();
    toggle.addEventListener("click", function () {
      root.classList.toggle("large-text");
      try {
        window.localStorage.setItem("zjgh-large-text", root.classList.contains("large-text") ? "1" : "0");
      } catch (error) { /* storage blocked: this page only */ }
      sync();
    });
  }
})();
