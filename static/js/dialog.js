/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  // Live character count for comment fields; the server enforces the same limit.
  function setUpCounter(textarea) {
    var output = document.getElementById(textarea.getAttribute("data-counter"));
    if (!output) { return; }
    var max = parseInt(output.getAttribute("data-max") || textarea.getAttribute("data-max"), 10);
    if (!max) { return; }
    var template = document.documentElement.lang === "en"
      ? { left: " characters left", over: " characters too many" }
      : { left: " tecken kvar", over: " tecken för mycket" };
    output.setAttribute("aria-live", "polite");
    function update() {
      var used = Array.from(textarea.value.replace(/\r\n/g, "\n").trim()).length;
      var left = max - used;
      output.textContent = left >= 0 ? left + template.left : (-left) + template.over;
      output.classList.toggle("over-limit", left < 0);
    }
    textarea.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[data-counter]").forEach(setUpCounter);

  // A second press of "Publish" while the comment is on its way sends it again: the server
  // stores it once (its submission token), but the answer to the first press, with the thanks,
  // is lost. While the page is being left, further presses do nothing.
  var onceForms = Array.from(document.querySelectorAll("form")).filter(function (form) {
    return form.querySelector("input[name=submission_token]");
  });
  onceForms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.hasAttribute("data-sending")) { event.preventDefault(); return; }
      form.setAttribute("data-sending", "");
    });
  });
  // Back to this page from the browser's history: the form may be sent again.
  window.addEventListener("pageshow", function () {
    onceForms.forEach(function (form) { form.removeAttribute("data-sending"); });
  });

  // "Choose all on this page" and "Clear the choice" on the desk are links that load the
  // page again with the boxes ticked or not; here they become buttons that do it in place,
  // keeping what else the moderator has filled in, and say what they did.
  document.querySelectorAll("a[data-select]").forEach(function (link) {
    var form = link.closest("form");
    if (!form) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    button.addEventListener("click", function () {
      var ticked = link.getAttribute("data-select") === "all";
      form.querySelectorAll("input[type=checkbox][name=selected]").forEach(function (box) {
        box.checked = ticked;
      });
      var status = document.getElementById(link.getAttribute("data-status"));
      if (status) { status.textContent = link.getAttribute("data-done"); }
    });
    link.replaceWith(button);
  });

  // Move focus to the error summary so that screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // After a comment is posted, replied to or edited, the page opens at it (#c123), and the
  // thanks at the top of the page is out of sight and not read out. Put the thanks just
  // above the comment and give it focus: it is seen, heard, and Tab goes on to the comment.
  var thanks = document.querySelector("main > .flash-messages");
  var target = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
  // (On "load": the browser's own move to the #fragment, until then, would take focus away.)
  if (!summary && thanks && target && target.tagName === "ARTICLE") {
    target.parentNode.insertBefore(thanks, target);
    thanks.setAttribute("tabindex", "-1");
    window.addEventListener("load", function () {
      thanks.focus({ preventScroll: true });
      thanks.scrollIntoView({ block: "start" });
    });
  }
})();
