// SmartLab meetings: hides the dates that are over, in the visitor's browser. The page lists every date (the
// build does not know what day it is), each <li> with its end as data-end (UTC). Past dates get a button that
// shows them again; with data-limit, only that many next dates show at first, with a button for the rest.
// Texts come from the list's data- attributes; nodes are built with createElement and textContent.
(function () {
  "use strict";

  function button(text, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "meetings-more";
    element.textContent = text;
    element.addEventListener("click", function () {
      onClick();
      element.remove();
    });
    return element;
  }

  function show(items) {
    items.forEach(function (item) { item.hidden = false; });
  }

  function hideEmptyMonths(block) {
    block.querySelectorAll("[data-month]").forEach(function (month) {
      month.hidden = !month.querySelector("li[data-end]:not([hidden])");
    });
  }

  function setUp(block, now) {
    var items = Array.prototype.slice.call(block.querySelectorAll("li[data-end]"));
    var past = items.filter(function (item) { return Date.parse(item.dataset.end) <= now; });
    var next = items.filter(function (item) { return past.indexOf(item) < 0; });
    var limit = parseInt(block.dataset.limit || "0", 10);
    var later = limit > 0 ? next.slice(limit) : [];
    past.concat(later).forEach(function (item) { item.hidden = true; });
    hideEmptyMonths(block);
    block.querySelector("[data-meetings-none]").hidden = next.length > 0;
    if (later.length) {
      block.appendChild(button(block.dataset.showMore.replace("{count}", String(next.length)), function () {
        show(later);
        hideEmptyMonths(block);
      }));
    }
    if (past.length) {
      block.insertBefore(button(block.dataset.showPast.replace("{count}", String(past.length)), function () {
        show(past);
        hideEmptyMonths(block);
      }), block.firstChild);
    }
  }

  var now = Date.now();
  document.querySelectorAll("[data-meetings]").forEach(function (block) { setUp(block, now); });
})();
