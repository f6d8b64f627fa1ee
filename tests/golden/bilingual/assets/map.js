/* Maps: every space on the map page (clustered when there are many), or one space on its own page.
   Settings come from the element's data- attributes; texts go in with textContent, never as HTML. */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }
  var CLUSTER_FROM = 2; /* cluster whenever markers could overlap: overlapping targets are hard to tap */

  function link(href, text) {
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  /* The tiles' credit, built as DOM nodes in a control of our own: Leaflet's attribution control writes the
     credit it is given as HTML, and the credit's link and label come from site.yaml. */
  var Credit = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      var box = L.DomUtil.create("div", "leaflet-control-attribution leaflet-control");
      box.appendChild(link("https://leafletjs.com", "Leaflet"));
      box.appendChild(document.createTextNode(" | "));
      box.appendChild(link(this.options.url, this.options.label));
      return box;
    }
  });

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false, keyboard: true, attributionControl: false });
    L.tileLayer(element.dataset.tiles, { maxZoom: 19 }).addTo(map);
    new Credit({ url: element.dataset.attributionUrl, label: element.dataset.attributionLabel }).addTo(map);
    return map;
  }

  /* A popup: the name, then "city · kind", the city isolated so a right-to-left name keeps its place. */
  function popupFor(properties, lang) {
    var box = document.createElement("div");
    var title = link(properties.path[lang], properties.name[lang]);
    title.dir = "auto";
    var strong = document.createElement("strong");
    strong.appendChild(title);
    var detail = document.createElement("div");
    var city = document.createElement("bdi");
    city.textContent = properties.city[lang];
    detail.appendChild(city);
    detail.appendChild(document.createTextNode(" · " + properties.kind_label[lang]));
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
