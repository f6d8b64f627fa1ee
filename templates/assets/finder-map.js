/* The finder's map: the spaces the finder shows, clustered, on Leaflet; loaded with Leaflet when the map is
 * first shown. Markers and clusters are reached with the keyboard and named; popups are built with DOM nodes
 * (the summary is loaded with its chunk when a popup opens); controls are labelled in the page's language.
 * When tiles cannot be loaded, a notice says so and the countries' outlines (Natural Earth, world-atlas) are
 * drawn instead, so the spaces stay usable. The tile server's credit is a link only when its address is http(s).
 */
(function () {
  "use strict";

  window.ThirdPlacesFinderMap = function (finder) {
    var config = finder.config, data = finder.data, say = finder.say, element = finder.element;
    var box = document.getElementById("finder-map");
    var notice = document.querySelector(".finder-map-notice");
    var map = L.map(box, { zoomControl: false, attributionControl: false, scrollWheelZoom: true, keyboard: true,
                                minZoom: 2, maxZoom: 19 });
    var markers = {};
    var texts = {};
    var moving = false;       // the map is being moved by the finder, not by the visitor
    var me = null;
    var areaButton = null;

    L.control.zoom({ zoomInTitle: say("zoom_in"), zoomOutTitle: say("zoom_out") }).addTo(map);
    var tiles = L.tileLayer(config.tiles, { maxZoom: 19 }).addTo(map);
    tiles.once("tileerror", tilesFailed);
    credit().addTo(map);
    locateControl().addTo(map);
    var group = null;
    map.setView([50.5, 4.5], 5);
    map.on("moveend", function () { if (!moving) { offerArea(); } });
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", say("close")); close.title = say("close"); }
    });

    /* The tile server's credit, as text and a link built from nodes; a non-http(s) address stays text. */
    function credit() {
      var control = L.control({ position: "bottomright" });
      control.onAdd = function () {
        var holder = element("div", "leaflet-control-attribution leaflet-control");
        var url = null;
        try { url = new URL(config.credit.url); } catch (error) { url = null; }
        if (url && (url.protocol === "https:" || url.protocol === "http:")) {
          var link = element("a", null, config.credit.label);
          link.href = url.href;
          holder.appendChild(link);
        } else {
          holder.textContent = config.credit.label;
        }
        return holder;
      };
      return control;
    }

    /* "Locate me": the finder's own near me, as a map control. */
    function locateControl() {
      var control = L.control({ position: "topleft" });
      control.onAdd = function () {
        var holder = element("div", "leaflet-bar leaflet-control finder-locate");
        var button = element("button", null, "◎");
        button.type = "button";
        button.title = say("locate");
        button.setAttribute("aria-label", say("locate"));
        L.DomEvent.disableClickPropagation(button);
        button.addEventListener("click", finder.nearMe);
        holder.appendChild(button);
        return holder;
      };
      return control;
    }

    function clusterIcon(cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
      var label = element("span", null, count.toLocaleString(document.documentElement.lang));
      var icon = L.divIcon({ html: label, className: "finder-cluster finder-cluster-" + size, iconSize: L.point(40, 40) });
      var create = icon.createIcon;
      icon.createIcon = function (old) {
        var div = create.call(icon, old);
        div.setAttribute("aria-label", say("count", { count: count }));
        return div;
      };
      return icon;
    }

    function markerFor(row) {
      if (!markers[row]) {
        var name = data.rows.name[row];
        var marker = L.marker([data.lat[row], data.lon[row]], { title: name, alt: name, keyboard: true });
        marker.bindPopup(function () { return popup(row); }, { maxWidth: 260 });
        markers[row] = marker;
      }
      return markers[row];
    }

    function popup(row) {
      var raw = data.raw, rows = data.rows;
      var holder = element("div", "finder-popup");
      var link = element("a", "finder-popup-title", rows.name[row]);
      link.href = raw.pages + rows.slug[row] + "/";
      link.dir = "auto";
      holder.appendChild(link);
      var city = raw.groups.city[rows.city[row]];
      var place = holder.appendChild(element("p"));
      place.appendChild(element("bdi", null, city[1]));
      place.appendChild(document.createTextNode(" · " + raw.groups.kind[rows.kind[row]][1]));
      holder.appendChild(element("p", "finder-popup-access", raw.groups.access[rows.access[row]][1]));
      var hours = finder.openStatus(row);
      holder.appendChild(element("p", "fcard-hours fcard-" + hours.state, finder.statusText(hours)));
      if (finder.near() && isFinite(data.distance[row])) {
        holder.appendChild(element("p", "fcard-distance", finder.distanceText(data.distance[row])));
      }
      var summary = holder.appendChild(element("p", "finder-popup-summary"));
      summaryOf(row).then(function (text) { summary.textContent = text || ""; });
      var more = element("a", "finder-popup-more", say("popup_link"));
      more.href = link.href;
      holder.appendChild(more);
      return holder;
    }

    function summaryOf(row) {
      var chunk = Math.floor(row / data.raw.textChunk);
      if (!texts[chunk]) {
        texts[chunk] = fetch(data.raw.texts + chunk + ".json").then(function (response) { return response.json(); })
          .catch(function () { delete texts[chunk]; return []; });
      }
      return texts[chunk].then(function (list) { return list[row % data.raw.textChunk]; });
    }

    /* The markers of the rows shown, in a new cluster group (clearing a group that holds markers with popups
       can hang Leaflet.markercluster 1.5.3); the view fits them unless the visitor chose an area. */
    function update(results, fit) {
      var located = results.filter(function (row) { return !isNaN(data.lat[row]); });
      if (group) { map.removeLayer(group); }
      group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, iconCreateFunction: clusterIcon });
      group.addLayers(located.map(markerFor));
      map.addLayer(group);
      box.dataset.markers = String(located.length);
      if (fit && located.length) {
        moving = true;
        map.invalidateSize({ pan: false });  /* the box may have been laid out after the map was made */
        var bounds = L.latLngBounds(located.map(function (row) { return [data.lat[row], data.lon[row]]; }));
        /* The map is as tall as the window and sticks while the list scrolls; at first it starts below the
           filters, so the spaces are fitted into the part of it that is on the screen. */
        var below = Math.max(0, Math.min(box.getBoundingClientRect().bottom - window.innerHeight, box.clientHeight / 2));
        map.fitBounds(bounds, { paddingTopLeft: [32, 32], paddingBottomRight: [32, 32 + below], maxZoom: 14,
                                animate: false });
        moving = false;
      }
      if (areaButton) { areaButton.hidden = true; }
    }

    /* After the visitor moves the map: a button that narrows the list to the visible area. */
    function offerArea() {
      if (!areaButton) {
        areaButton = element("button", "finder-button finder-area", say("search_area"));
        areaButton.type = "button";
        areaButton.addEventListener("click", function () {
          var b = map.getBounds();
          areaButton.hidden = true;
          finder.searchArea({ south: b.getSouth(), north: b.getNorth(), west: b.getWest(), east: b.getEast() });
        });
        box.parentNode.appendChild(areaButton);
      }
      areaButton.hidden = false;
    }

    function showMe(near) {
      if (me) { map.removeLayer(me); }
      me = L.circleMarker([near.lat, near.lon], { radius: 8, className: "finder-me", interactive: false }).addTo(map);
    }

    /* Tiles failed (offline, blocked, or the server is down): say so, drop the tile layer and draw outlines. */
    function tilesFailed() {
      notice.textContent = say("tiles_failed");
      notice.hidden = false;
      map.removeLayer(tiles);
      box.classList.add("finder-map-offline");
      fetch(config.outlines).then(function (response) { return response.json(); }).then(function (topology) {
        L.polygon(outlines(topology), { className: "finder-outline", interactive: false }).addTo(map).bringToBack();
      }).catch(function () { /* the notice already says the background is missing */ });
    }

    /* TopoJSON's countries as Leaflet rings: arcs are delta-encoded and quantised; a ring lists arc numbers,
       ~n for arc n reversed, and each arc after the first starts where the previous one ended. */
    function outlines(topology) {
      var scale = topology.transform.scale, shift = topology.transform.translate;
      var arcs = topology.arcs.map(function (arc) {
        var x = 0, y = 0;
        return arc.map(function (step) {
          x += step[0]; y += step[1];
          return [y * scale[1] + shift[1], x * scale[0] + shift[0]];
        });
      });
      var rings = [];
      topology.objects.countries.geometries.forEach(function (shape) {
        var polygons = shape.type === "Polygon" ? [shape.arcs] : shape.type === "MultiPolygon" ? shape.arcs : [];
        polygons.forEach(function (polygon) {
          rings.push(polygon.map(function (ring) { return stitch(ring, arcs); }));
        });
      });
      return rings;
    }

    function stitch(ring, arcs) {
      var points = [];
      ring.forEach(function (number, position) {
        var arc = number < 0 ? arcs[~number].slice().reverse() : arcs[number];
        points = points.concat(position ? arc.slice(1) : arc);
      });
      return points;
    }

    return { update: update, showMe: showMe, map: map };
  };
})();
