// The knowledge panel of the 12351 desk (no inline script: CSP).
// 1. Typing in the search box shows matching laws, guides and typical cases as the
//    operator types, without leaving the call form.
// 2. "Text the link" sends a guide to the caller: the number is the one in the call
//    form unless the operator typed another; the answer shows in place.
(function () {
  var form = document.getElementById("desk-knowledge-form");
  var results = document.getElementById("desk-knowledge-results");
  if (!form || !results) { return; }
  var input = form.querySelector("[name=q]");
  var timer = null;
  var shown = null;

  function load() {
    var query = input.value;
    if (query === shown) { return; }
    shown = query;
    if (!query.trim()) { results.innerHTML = ""; return; }
    var url = form.dataset.partialUrl + "?partial=1&q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && shown === query) { results.innerHTML = html; } })
      .catch(function () { shown = null; });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    shown = null;
    load();
  });

  results.addEventListener("submit", function (event) {
    var sms = event.target.closest("form.guide-sms");
    if (!sms) { return; }
    event.preventDefault();
    var phone = sms.querySelector("[name=phone]");
    var callPhone = document.querySelector("#call-form [name=phone]");
    if (!phone.value.trim() && callPhone) { phone.value = callPhone.value.trim(); }
    var status = sms.querySelector(".guide-sms-status");
    fetch(sms.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      body: new FormData(sms),
    })
      .then(function (response) { return response.text(); })
      .then(function (html) { status.innerHTML = html; })
      .catch(function () { status.textContent = sms.dataset.failed; });
  });
}());
