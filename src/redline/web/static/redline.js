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

  document.addEventListener("DOMContentLoaded", function () {
    addFoldControls();
    revealTarget();
  });
  window.addEventListener("hashchange", revealTarget);
})();
