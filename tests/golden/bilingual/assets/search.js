/* The search page: Pagefind's UI in the page's language, fed by ?q=, with a button that clears the filters. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") { return; }

  var ui = new PagefindUI({
    element: "#search",
    bundlePath: root.dataset.bundle,
    baseUrl: root.dataset.base,
    showImages: true,
    showSubResults: false,
    showEmptyFilters: false,
    resetStyles: false,
    excerptLength: 24,
    processResult: function (result) {
      if (result.meta && result.meta.city) {
        result.meta.title = result.meta.title + " · " + result.meta.city;
        delete result.meta.city;
      }
      return result;
    }
  });

  /* Pagefind's field has a placeholder only: name it by the page's visible heading. */
  var field = root.querySelector("input");
  if (field && root.dataset.labelledby) { field.setAttribute("aria-labelledby", root.dataset.labelledby); }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }

  var clear = document.createElement("button");
  clear.type = "button";
  clear.className = "search-clear";
  clear.textContent = root.dataset.clear;
  clear.addEventListener("click", function () { ui.triggerFilters({}); });
  root.parentNode.insertBefore(clear, root.nextSibling);

  /* Keep the address in step with the query, so a search can be shared and the back button works. */
  root.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches("input[type=text], input[type=search]")) { return; }
    var url = new URL(window.location.href);
    if (event.target.value) { url.searchParams.set("q", event.target.value); } else { url.searchParams.delete("q"); }
    window.history.replaceState(null, "", url.toString());
  });
})();
