// The site works without this file; it only adds the compose box's
// character counter, counted by the server (POST /count) with the same
// rule that accepts or refuses the post, and live updates: the server's
// event stream (GET /live) says how many posts arrived in the home
// timeline and what the unread badges show, without reloading.
(function () {
  "use strict";
  var en = function () { return document.documentElement.lang === "en"; };

  function badge(link, id, n) {
    if (!link) { return; }
    var b = document.getElementById(id);
    if (!n) { if (b) { b.remove(); } return; }
    if (!b) {
      b = document.createElement("span");
      b.className = "badge";
      b.id = id;
      link.appendChild(document.createTextNode(" "));
      link.appendChild(b);
    }
    b.textContent = String(n);
    b.setAttribute("aria-label", en() ? n + " unread" : n + "条未读");
  }

  function live() {
    var url = document.body.getAttribute("data-live");
    if (!url || !window.EventSource) { return; }
    var home = document.getElementById("home");
    var bar = document.getElementById("new-posts");
    if (home) {
      url += "?since=" + encodeURIComponent(home.getAttribute("data-since") || "0");
    }
    var es = new EventSource(url);
    es.addEventListener("home", function (e) {
      if (!bar) { return; }
      var n = JSON.parse(e.data).new;
      var a = bar.querySelector("a");
      if (n > 0) {
        a.textContent = a.getAttribute(en() ? "data-en" : "data-zh").replace("%d", String(n));
        bar.hidden = false;
      } else {
        bar.hidden = true;
      }
    });
    es.addEventListener("unread", function (e) {
      var u = JSON.parse(e.data);
      badge(document.querySelector("a.nav-at"), "badge-at", u.mentions);
      badge(document.querySelector("a.nav-cmt"), "badge-cmt", u.comments);
      badge(document.querySelector("a.nav-dm"), "badge-dm", u.messages);
      badge(document.querySelector("a.nav-notice"), "badge-notice", u.notices);
    });
  }
  function counter(form) {
    var box = form.querySelector("textarea[name=status]");
    var out = form.querySelector(".counter");
    var button = form.querySelector("button[type=submit]");
    var token = form.querySelector("input[name=csrf_token]");
    if (!box || !out) { return; }
    var max = parseInt(form.getAttribute("data-max"), 10) || 140;
    var timer = null, seq = 0;
    function show(n) {
      var left = max - n;
      out.textContent = left >= 0 ? (en() ? left + " characters left" : "还可以输入 " + left + " 字")
                                  : (en() ? -left + " characters too many" : "已超出 " + (-left) + " 字");
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
    live();
  });
})();
