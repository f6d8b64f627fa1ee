/* Maps: every space on the map page (clustered when there are many), or one space on its own page.
   Settings come from the element's data- attributes; texts go in with textContent, never as HTML. */
(function () {
  "use strict";
  var CLUSTER_FROM = 2; /* cluster whenever markers could overlap: overlapping targets are hard to tap */

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    var credit = '<a href="' + escapeHtml(element.dataset.attributionUrl) + '">' +
      escapeHtml(element.dataset.attributionLabel) + "</a>";
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: credit }).addTo(map);
    return map;
  }

  function popupFor(properties, lang) {
    var box = document.createElement("div");
    var title = document.createElement("a");
    title.href = properties.path[lang];
    title.textContent = properties.name[lang];
    var strong = document.createElement("strong");
    strong.appendChild(title);
    var detail = document.createElement("div");
    detail.textContent = properties.city[lang] + " · " + properties.kind_label[lang];
    box.appendChild(strong);
    box.appendChild(detail);
    return box;
  }

  function markerFor(feature, lang) {
    var coordinates = feature.geometry.coordinates;
    var name = feature.properties.name[lang];
    var marker = L.marker([coordinates[1], coordinates[0]], { title: name, alt: name, keyboard: true });
    marker.bindPopup(popupFor(feature.properties, lang));
    return marker;
  }

  function showAll(element) {
    var map = baseMap(element);
    var lang = element.dataset.lang;
    fetch(element.dataset.geojson)
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var features = collection.features;
        var group = features.length >= CLUSTER_FROM && L.markerClusterGroup ? L.markerClusterGroup() : L.featureGroup();
        features.forEach(function (feature) { group.addLayer(markerFor(feature, lang)); });
        group.addTo(map);
        if (features.length) {
          map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 14 });
        } else {
          map.setView([50.5, 4.5], 6);
        }
        element.dataset.markers = String(features.length);
      });
  }

  function showOne(element) {
    var map = baseMap(element);
    var place = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lon)];
    map.setView(place, 15);
    L.marker(place, { title: element.dataset.name, alt: element.dataset.name, keyboard: true }).addTo(map);
    element.dataset.markers = "1";
  }

  function start() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll(".map").forEach(function (element) {
      if (element.dataset.geojson) { showAll(element); } else { showOne(element); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
