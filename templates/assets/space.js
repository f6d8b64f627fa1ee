/* A space's page: "open now" and today's hours from the schedule (hours.js), and the share button (the Web
 * Share API where the browser has it, else the link copied). Texts go in with textContent.
 */
(function () {
  "use strict";

  function showHours() {
    var source = document.getElementById("space-hours");
    var line = document.querySelector(".space-now");
    if (!source || !line || !window.ThirdPlacesHours) { return; }
    var hours = window.ThirdPlacesHours, info = JSON.parse(source.textContent), m = info.messages;
    var now = hours.localNow(info.zone, new Date());
    var found = hours.statusAt(info.schedule, now);
    var text = m[found.state];
    if (found.time !== null) { text += " · " + (found.state === "open" ? m.until : m.opens).replace("{time}", hours.clock(found.time)); }
    var state = line.querySelector(".space-now-state");
    state.textContent = text;
    state.className = "space-now-state fcard-" + found.state;
    var spans = hours.today(info.schedule, now);
    line.querySelector(".space-now-today").textContent = spans ? "(" + m.today.replace("{hours}", spans) + ")" : "";
  }

  function share() {
    var button = document.querySelector(".space-share");
    if (!button) { return; }
    var status = document.querySelector(".space-share-status");
    button.addEventListener("click", function () {
      var url = document.querySelector("link[rel=canonical]");
      var address = url ? url.href : window.location.href;
      if (navigator.share) {
        navigator.share({ title: document.title, url: address }).catch(function () { /* the visitor closed it */ });
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(address).then(function () { status.textContent = button.dataset.copied; });
      }
    });
  }

  function start() {
    showHours();
    share();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
