// The 12351 desk, for a headset workflow (no inline script: CSP).
// 1. Leaving the phone field shows the caller's earlier calls and cases beside the
//    form, without reloading the page or losing what was typed.
// 2. Enter in a drop-down submits the form too, as it does in every other field.
(function () {
  var form = document.getElementById("call-form");
  var panel = document.getElementById("caller-panel");
  if (!form || !panel) { return; }
  var phone = form.querySelector("[name=phone]");
  var shown = "";

  function showCaller() {
    var number = phone.value.trim();
    if (!number || number === shown) { return; }
    shown = number;
    // Posted, never in a URL: a phone number must not reach an access log.
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("partial", "caller");
    body.append("phone", number);
    fetch(panel.dataset.callerUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && shown === number) { panel.innerHTML = html; } })
      .catch(function () { shown = ""; });
  }

  if (phone) { phone.addEventListener("change", showCaller); }
  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  });
}());
