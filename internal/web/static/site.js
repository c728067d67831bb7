// The site works without this file; it only adds the compose box's
// character counter, counted by the server (POST /count) with the same
// rule that accepts or refuses the post.
(function () {
  "use strict";
  function counter(form) {
    var box = form.querySelector("textarea[name=status]");
    var out = form.querySelector(".counter");
    var button = form.querySelector("button[type=submit]");
    var token = form.querySelector("input[name=csrf_token]");
    if (!box || !out) { return; }
    var max = parseInt(form.getAttribute("data-max"), 10) || 140;
    var timer = null, seq = 0;
    var en = document.documentElement.lang === "en";
    function show(n) {
      var left = max - n;
      out.textContent = left >= 0 ? (en ? left + " characters left" : "还可以输入 " + left + " 字")
                                  : (en ? -left + " characters too many" : "已超出 " + (-left) + " 字");
      out.classList.toggle("over", left < 0);
      if (button) { button.disabled = left < 0; }
    }
    function ask() {
      var mine = ++seq;
      var body = new URLSearchParams();
      body.set("status", box.value);
      if (token) { body.set("csrf_token", token.value); }
      fetch("/count", { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) { if (j && mine === seq) { show(j.count); } })
        .catch(function () {});
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    ask();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-max]");
    for (var i = 0; i < forms.length; i++) { counter(forms[i]); }
  });
})();
