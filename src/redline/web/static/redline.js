// Redline web UI: progressive enhancement only; every page works without this file.
(function () {
  "use strict";

  // Open any folded stretch that holds the sentence named in the address (permalinks).
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    for (var node = el.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    el.scrollIntoView({ block: "center" });
  }

  // "Expand all" / "Fold unchanged" buttons above a diff with folded stretches.
  function addFoldControls() {
    var diff = document.querySelector(".diff");
    if (!diff || !diff.querySelector("details")) return;
    var bar = document.createElement("p");
    bar.className = "fold-controls";
    [["Expand all", true], ["Fold unchanged", false]].forEach(function (spec) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = spec[0];
      b.addEventListener("click", function () {
        diff.querySelectorAll("details").forEach(function (d) { d.open = spec[1]; });
      });
      bar.appendChild(b);
      bar.appendChild(document.createTextNode(" "));
    });
    diff.parentNode.insertBefore(bar, diff);
  }

  // Next / previous changed sentence: buttons and the j / k keys.
  function addChangeNavigation() {
    var nav = document.getElementById("change-nav");
    var diff = document.querySelector(".diff");
    if (!nav || !diff) return;
    var stops = Array.prototype.slice.call(diff.querySelectorAll(".row.chg"));
    if (!stops.length) return;
    var status = document.getElementById("change-status");
    var current = -1;

    // The first stop below the top of the window: where "next" goes before any jump.
    function firstBelowTop() {
      for (var i = 0; i < stops.length; i++) {
        if (stops[i].getBoundingClientRect().top > 8) return i;
      }
      return stops.length;
    }

    function go(index) {
      index = Math.max(0, Math.min(stops.length - 1, index));
      if (current >= 0) stops[current].classList.remove("current");
      current = index;
      var row = stops[current];
      row.classList.add("current");
      row.scrollIntoView({ block: "center" });
      row.focus({ preventScroll: true });
      status.textContent = "Change " + (current + 1) + " of " + stops.length;
    }

    function next() { go(current < 0 ? firstBelowTop() : current + 1); }
    function previous() { go(current < 0 ? firstBelowTop() - 1 : current - 1); }

    document.getElementById("next-change").addEventListener("click", next);
    document.getElementById("prev-change").addEventListener("click", previous);
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      var t = event.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (event.key === "j") { event.preventDefault(); next(); }
      else if (event.key === "k") { event.preventDefault(); previous(); }
    });
    nav.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    addFoldControls();
    addChangeNavigation();
    revealTarget();
  });
  window.addEventListener("hashchange", revealTarget);
})();
