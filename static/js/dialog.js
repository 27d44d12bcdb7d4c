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

  // Move focus to the error summary so that screen-reader users hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
