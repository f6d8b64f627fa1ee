/* The home page's "near me": the browser's location, asked for only when the button is pressed, opens the
 * finder sorted by distance. The location goes into the finder's address only, never to a server. */
(function () {
  "use strict";
  var box = document.querySelector(".quick");
  var button = box && box.querySelector(".quick-near");
  if (!button || !navigator.geolocation) { return; }
  var status = box.querySelector(".quick-status");
  button.addEventListener("click", function () {
    status.textContent = box.dataset.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      var near = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
      window.location.href = box.dataset.finder + "?near=" + encodeURIComponent(near) + "&sort=distance";
    }, function () {
      status.textContent = box.dataset.failed;
    }, { timeout: 15000, maximumAge: 300000 });
  });
})();
