/* The finder: filters, near me, open now, sorting and paging over the directory's data file, in the browser.
 *
 * The data file (sitegen/finder.py) holds every space column by column; the page holds the first page of the
 * list, already rendered, so nothing moves when this script takes over. Within a filter group the values are
 * alternatives (BE or FR), groups narrow each other, and each value's count is counted with the other groups'
 * choices, so it says what ticking it gives. The state lives in the address with the parameters
 * country, city, kind, access, role, service, theme, hosts (repeatable), near=lat,lon, open=now,
 * sort=distance|name and view=list|map. A location is used here only: it is never sent anywhere.
 * Every text from the data goes in with textContent; no HTML is ever built from strings.
 */
(function () {
  "use strict";
  var root = document.getElementById("finder");
  var configElement = document.getElementById("finder-config");
  var HOURS = window.ThirdPlacesHours;
  if (!root || !configElement || !window.fetch || !HOURS) { return; }

  var config = JSON.parse(configElement.textContent);
  var lang = document.documentElement.lang;
  var plurals = new Intl.PluralRules(lang);
  var collator = new Intl.Collator(lang, { sensitivity: "base", numeric: true });
  var GROUPS = config.groups.map(function (group) { return group.param; });
  var MANY = { service: true, theme: true, hosts: true };
  var VALUES_SHOWN = 8;
  var EARTH_KM = 6371.0088;

  var $ = function (selector) { return root.querySelector(selector); };
  var list = $(".finder-results");
  var status = $(".finder-status");
  var more = $(".finder-more");
  var chips = $(".finder-chips");
  var sheet = $(".finder-sheet");
  var groupsBox = $(".finder-groups");
  var sortSelect = $(".finder-sort-select");

  var data = null;        // the decoded data file
  var state = { chosen: {}, near: null, open: false, sort: "", view: config.view, area: null, shown: config.pageSize };
  var results = [];       // row numbers, in the order shown
  var counts = {};        // group -> value index -> count
  var facets = {};        // group -> {fieldset, items: [{item, box, count}], toggle, expanded}
  var openCache = null;   // row -> status, for the current minute
  var mapApi = null;      // finder-map.js, once loaded

  /* -- messages ----------------------------------------------------------------------------------- */

  function say(name, values) {
    values = values || {};
    var forms = config.messages[name];
    var text = "count" in values ? (forms[plurals.select(values.count)] || forms.other) : forms.other;
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      if (!(key in values)) { return whole; }
      return typeof values[key] === "number" ? values[key].toLocaleString(lang) : values[key];
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /* -- the data file ------------------------------------------------------------------------------- */

  function decode(raw) {
    var rows = raw.rows, n = raw.count, q = raw.quantum;
    var lat = new Float64Array(n), lon = new Float64Array(n), y = 0, x = 0;
    for (var i = 0; i < n; i += 1) {
      if (rows.lat[i] === null) { lat[i] = NaN; lon[i] = NaN; continue; }
      y += rows.lat[i]; x += rows.lon[i];
      lat[i] = y / q; lon[i] = x / q;
    }
    var country = rows.city.map(function (city) { return raw.groups.city[city][2]; });
    var index = {};
    GROUPS.forEach(function (param) {
      index[param] = {};
      raw.groups[param].forEach(function (value, position) {
        (index[param][value[0]] = index[param][value[0]] || []).push(position);
      });
    });
    return { raw: raw, n: n, rows: rows, lat: lat, lon: lon, country: country, index: index,
             distance: new Float64Array(n), scope: scopeRows(raw, rows, country), byName: null };
  }

  /* The rows a country or city page is about (every row on the other pages). */
  function scopeRows(raw, rows, country) {
    var scope = config.scope || {};
    var keep = [];
    for (var i = 0; i < raw.count; i += 1) {
      var city = raw.groups.city[rows.city[i]];
      if (scope.country && raw.groups.country[country[i]][0] !== scope.country) { continue; }
      if (scope.city && city[0] !== scope.city) { continue; }
      keep.push(i);
    }
    return keep;
  }

  function valueOf(param, row) {
    return param === "country" ? data.country[row] : data.rows[param][row];
  }

  /* -- filtering and counting -------------------------------------------------------------------------- */

  /* A test per group with choices: for one-value groups, which value indexes pass; for many-value groups, a
     bit mask (a number, or a list of numbers past 30 words). */
  function tests() {
    var found = [];
    GROUPS.forEach(function (param) {
      var chosen = state.chosen[param] || [];
      if (!chosen.length) { return; }
      var positions = [];
      chosen.forEach(function (word) { positions = positions.concat(data.index[param][word] || []); });
      if (MANY[param]) {
        var size = data.raw.groups[param].length;
        var mask = size <= 30 ? 0 : new Array(Math.ceil(size / 30)).fill(0);
        positions.forEach(function (bit) {
          if (typeof mask === "number") { mask |= 1 << bit; } else { mask[Math.floor(bit / 30)] |= 1 << (bit % 30); }
        });
        found.push({ param: param, mask: mask });
      } else {
        var allowed = new Uint8Array(data.raw.groups[param].length);
        positions.forEach(function (position) { allowed[position] = 1; });
        found.push({ param: param, allowed: allowed });
      }
    });
    return found;
  }

  function passes(test, row) {
    var value = valueOf(test.param, row);
    if (test.allowed) { return test.allowed[value] === 1; }
    if (typeof value === "number") { return (value & test.mask) !== 0; }
    for (var i = 0; i < value.length; i += 1) { if (value[i] & test.mask[i]) { return true; } }
    return false;
  }

  function addCount(param, row) {
    var value = valueOf(param, row), tally = counts[param];
    if (!MANY[param]) { tally[value] += 1; return; }
    var words = value, chunk = 0;
    if (typeof words === "number") { words = [words]; }
    for (; chunk < words.length; chunk += 1) {
      for (var bits = words[chunk], bit = 0; bits; bits >>>= 1, bit += 1) {
        if (bits & 1) { tally[chunk * 30 + bit] += 1; }
      }
    }
  }

  /* One pass over the rows in scope: a row that fails no group is a result and counts in every group; a row
     that fails exactly one group counts in that group only, which is what ticking a value there would give. */
  function filter() {
    var checks = tests();
    GROUPS.forEach(function (param) { counts[param] = new Uint32Array(data.raw.groups[param].length); });
    var found = [];
    for (var k = 0; k < data.scope.length; k += 1) {
      var row = data.scope[k];
      if (state.open && openStatus(row).state !== "open") { continue; }
      if (state.area && !inArea(row)) { continue; }
      var failed = null, fails = 0;
      for (var c = 0; c < checks.length && fails < 2; c += 1) {
        if (!passes(checks[c], row)) { fails += 1; failed = checks[c].param; }
      }
      if (fails === 0) {
        found.push(row);
        for (var g = 0; g < GROUPS.length; g += 1) { addCount(GROUPS[g], row); }
      } else if (fails === 1) {
        addCount(failed, row);
      }
    }
    return found;
  }

  function inArea(row) {
    var a = state.area, la = data.lat[row], lo = data.lon[row];
    return la >= a.south && la <= a.north && lo >= a.west && lo <= a.east;
  }

  /* -- near: distances and sorting ------------------------------------------------------------------- */

  function measure() {
    if (!state.near) { return; }
    var rad = Math.PI / 180, p1 = state.near.lat * rad, l1 = state.near.lon * rad, cos1 = Math.cos(p1);
    for (var i = 0; i < data.n; i += 1) {
      if (isNaN(data.lat[i])) { data.distance[i] = Infinity; continue; }
      var p2 = data.lat[i] * rad, dp = p2 - p1, dl = data.lon[i] * rad - l1;
      var h = Math.sin(dp / 2) * Math.sin(dp / 2) + cos1 * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
      data.distance[i] = 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
  }

  function order(found) {
    var sort = effectiveSort();
    if (sort === "distance") {
      return found.sort(function (a, b) { return data.distance[a] - data.distance[b] || a - b; });
    }
    if (sort === "name") {
      var rank = nameRanks();
      return found.sort(function (a, b) { return rank[a] - rank[b]; });
    }
    return found;  // the list's own order: by country, city and name
  }

  function effectiveSort() {
    if (state.sort === "distance" && !state.near) { return ""; }
    return state.sort;
  }

  function nameRanks() {
    if (!data.byName) {
      var names = data.rows.name;
      var sorted = names.map(function (_, i) { return i; }).sort(function (a, b) {
        return collator.compare(names[a], names[b]) || a - b;
      });
      data.byName = new Uint32Array(data.n);
      sorted.forEach(function (row, rank) { data.byName[row] = rank; });
    }
    return data.byName;
  }

  function distanceText(km) {
    if (km < 1) { return say("distance_m", { distance: Math.max(10, Math.round(km * 100) * 10) }); }
    var shown = km < 100 ? Math.round(km * 10) / 10 : Math.round(km);  /* right to 100 m up to 100 km */
    return say("distance_km", { distance: shown.toLocaleString(lang, { maximumFractionDigits: 1 }) });
  }

  /* -- open now ------------------------------------------------------------------------------------------ */

  /* {state: open|closed|maybe|unknown, time: when it closes or opens today}. Holidays are not known. */
  function openStatus(row) {
    var minuteNow = Math.floor(Date.now() / 60000);
    if (!openCache || openCache.minute !== minuteNow) { openCache = { minute: minuteNow, rows: {}, zones: {} }; }
    if (row in openCache.rows) { return openCache.rows[row]; }
    var found = { state: "unknown" };
    var hours = data.rows.hours[row];
    if (hours >= 0) {
      var zone = data.raw.zones[data.rows.zone[row]];
      var now = openCache.zones[zone] || (openCache.zones[zone] = HOURS.localNow(zone, new Date(minuteNow * 60000)));
      found = HOURS.statusAt(data.raw.hours[hours], now);
    }
    openCache.rows[row] = found;
    return found;
  }

  function statusText(found) {
    if (found.state === "open") {
      return say("open") + (found.time !== null && found.time !== undefined ? " · " + say("until", { time: HOURS.clock(found.time) }) : "");
    }
    if (found.state === "closed") {
      return say("closed") + (found.time !== null ? " · " + say("opens", { time: HOURS.clock(found.time) }) : "");
    }
    return found.state === "maybe" ? say("maybe") : say("unknown");
  }

  /* -- cards and the list ------------------------------------------------------------------------------- */

  function card(row) {
    var raw = data.raw, rows = data.rows;
    var item = element("li", "fcard");
    if (rows.thumb[row]) {
      var image = element("img", "fcard-thumb");
      image.src = raw.thumbs + rows.thumb[row];
      image.alt = "";
      image.width = 240;
      image.height = 180;
      image.loading = "lazy";
      item.appendChild(image);
    } else {
      var blank = element("span", "fcard-thumb fcard-nothumb chip-" + raw.groups.kind[rows.kind[row]][0]);
      blank.setAttribute("aria-hidden", "true");
      item.appendChild(blank);
    }
    var body = element("div", "fcard-body");
    var link = element("a", "fcard-title", rows.name[row]);
    link.href = raw.pages + rows.slug[row] + "/";
    link.dir = "auto";
    body.appendChild(link);
    var city = raw.groups.city[rows.city[row]];
    var place = element("p", "fcard-place");
    place.appendChild(element("bdi", null, city[1]));
    place.appendChild(document.createTextNode(", " + raw.groups.country[city[2]][1]));
    body.appendChild(place);
    var chipLine = element("p", "fcard-chips");
    var kind = raw.groups.kind[rows.kind[row]], access = raw.groups.access[rows.access[row]];
    chipLine.appendChild(element("span", "chip chip-" + kind[0], kind[1]));
    chipLine.appendChild(document.createTextNode(" "));
    chipLine.appendChild(element("span", "chip chip-access-" + access[0], access[1]));
    body.appendChild(chipLine);
    body.appendChild(liveLine(row));
    item.appendChild(body);
    return item;
  }

  /* Distance and opening, when known. */
  function liveLine(row) {
    var line = element("p", "fcard-live");
    if (state.near && isFinite(data.distance[row])) {
      line.appendChild(element("span", "fcard-distance", distanceText(data.distance[row])));
    }
    var found = openStatus(row);
    if (found.state !== "unknown" || state.open) {
      line.appendChild(element("span", "fcard-hours fcard-" + found.state, statusText(found)));
    }
    return line;
  }

  function render() {
    var shown = results.slice(0, state.shown);
    var out = document.createDocumentFragment();
    var grouped = effectiveSort() === "", scope = config.scope || {};
    var cards = null, lastCountry = -1, lastCity = -1;
    shown.forEach(function (row) {
      var city = data.rows.city[row], country = data.country[row];
      if (!grouped) {
        cards = cards || out.appendChild(element("ul", "fcards"));
      } else if (city !== lastCity) {
        if (country !== lastCountry && !scope.country) { out.appendChild(placeHeading("h2", "finder-country", country, null)); }
        if (!scope.city) { out.appendChild(placeHeading(scope.country ? "h2" : "h3", "finder-city", country, city)); }
        cards = out.appendChild(element("ul", "fcards"));
      }
      lastCity = city; lastCountry = country;
      cards.appendChild(card(row));
    });
    if (!shown.length) { out.appendChild(element("p", "finder-none", say("none"))); }
    list.replaceChildren(out);
    more.hidden = results.length <= state.shown;
  }

  /* A heading with the link to the place's own page (taken from the page's own links, by name). */
  function placeHeading(tag, className, country, city) {
    var name = city === null ? data.raw.groups.country[country][1] : data.raw.groups.city[city][1];
    var heading = element(tag, className);
    var link = element("a", null, name);
    link.dir = "auto";  // a name written right to left stays isolated from what the heading holds beside it
    link.href = city === null ? data.raw.groups.country[country][2] : data.raw.groups.city[city][5];
    heading.appendChild(link);
    return heading;
  }

  function showStatus() {
    var total = data.scope.length;
    var text = results.length === total ? say("count", { count: total })
      : say("count_of", { count: results.length, total: total });
    if (state.near) {
      text += " · " + (state.near.city ? say("near_city", { city: state.near.city }) : say("located"));
    }
    status.textContent = text;
  }

  /* -- the address --------------------------------------------------------------------------------------- */

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    GROUPS.forEach(function (param) {
      var values = params.getAll(param).filter(function (value) { return data.index[param][value]; });
      if (values.length) { state.chosen[param] = values; }
    });
    var near = (params.get("near") || "").split(",").map(parseFloat);
    if (near.length === 2 && Math.abs(near[0]) <= 90 && Math.abs(near[1]) <= 180) {
      state.near = { lat: near[0], lon: near[1], city: cityAt(near[0], near[1]) };
    }
    state.open = params.get("open") === "now";
    state.sort = ["distance", "name"].indexOf(params.get("sort")) >= 0 ? params.get("sort") : (state.near ? "distance" : "");
    state.view = ["list", "map"].indexOf(params.get("view")) >= 0 ? params.get("view") : config.view;
  }

  function writeAddress() {
    var params = new URLSearchParams();
    GROUPS.forEach(function (param) {
      (state.chosen[param] || []).forEach(function (value) { params.append(param, value); });
    });
    if (state.near) { params.set("near", state.near.lat.toFixed(4) + "," + state.near.lon.toFixed(4)); }
    if (state.open) { params.set("open", "now"); }
    if (state.sort) { params.set("sort", state.sort); }
    if (state.view !== config.view) { params.set("view", state.view); }
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  /* The address follows a moment after the list: history.replaceState costs tens of milliseconds on a slow
     phone, and a burst of changes needs only the last one written. */
  var addressTimer = null;
  function scheduleAddress() {
    window.clearTimeout(addressTimer);
    addressTimer = window.setTimeout(writeAddress, 0);
  }

  /* A city's name when a point is its centre (a place typed in), so the status can name it. */
  function cityAt(lat, lon) {
    var found = data.raw.groups.city.filter(function (city) {
      return city[3] !== null && Math.abs(city[3] - lat) < 1e-4 && Math.abs(city[4] - lon) < 1e-4;
    })[0];
    return found ? found[1] : null;
  }

  /* -- the filter sheet ------------------------------------------------------------------------------------ */

  function buildSheet() {
    config.groups.forEach(function (group) {
      var param = group.param, scope = config.scope || {};
      if ((param === "country" && scope.country) || (param === "city" && scope.city)) { return; }
      var fieldset = element("fieldset", "finder-group");
      fieldset.appendChild(element("legend", null, group.name));
      var options = element("ul", "finder-values");
      var items = data.raw.groups[param].map(function (value, position) {
        var entry = valueItem(param, value, position);
        options.appendChild(entry.item);
        return entry;
      });
      fieldset.appendChild(options);
      var toggle = element("button", "finder-button finder-toggle");
      toggle.type = "button";
      toggle.addEventListener("click", function () {
        facets[param].expanded = !facets[param].expanded;
        paintGroup(param);
      });
      fieldset.appendChild(toggle);
      facets[param] = { fieldset: fieldset, list: options, items: items, toggle: toggle, expanded: false };
      groupsBox.appendChild(fieldset);
    });
    var cities = $("#finder-cities");
    data.raw.groups.city.forEach(function (city) {
      if (city[3] !== null && inScopeCountry(city)) { cities.appendChild(element("option", null, city[1])).value = city[1]; }
    });
  }

  function inScopeCountry(city) {
    var scope = config.scope || {};
    return !scope.country || data.raw.groups.country[city[2]][0] === scope.country;
  }

  function valueItem(param, value, position) {
    var item = element("li");
    var label = element("label");
    var box = element("input");
    box.type = "checkbox";
    box.value = value[0];
    box.addEventListener("change", function () { choose(param, value[0], box.checked); });
    var name = param === "city" && ambiguous(value[0]) ? value[1] + " (" + data.raw.groups.country[value[2]][1] + ")" : value[1];
    label.appendChild(box);
    var shown = element("span", "finder-value-name", name);
    shown.dir = "auto";  // a name written right to left keeps its count after it
    label.appendChild(shown);
    var count = element("span", "finder-value-count");
    label.appendChild(count);
    item.appendChild(label);
    return { item: item, box: box, count: count, position: position, word: value[0] };
  }

  function ambiguous(slug) {
    return (data.index.city[slug] || []).length > 1;
  }

  function choose(param, word, on) {
    var chosen = (state.chosen[param] || []).filter(function (value) { return value !== word; });
    if (on) { chosen.push(word); }
    if (chosen.length) { state.chosen[param] = chosen; } else { delete state.chosen[param]; }
    update();
  }

  /* Values in the order of their counts, those that would give nothing hidden unless chosen, the first few
     and a toggle for the rest. A group that holds the focus keeps its order, so nothing moves under it. */
  function paintGroup(param) {
    var facet = facets[param], chosen = state.chosen[param] || [];
    var totals = {};
    facet.items.forEach(function (entry) {
      totals[entry.word] = (totals[entry.word] || 0) + counts[param][entry.position];
    });
    facet.items.forEach(function (entry) {
      entry.box.checked = chosen.indexOf(entry.word) >= 0;
      entry.current = totals[entry.word];
      entry.count.textContent = entry.current.toLocaleString(lang);
    });
    var visible = facet.items.filter(function (entry) { return entry.current > 0 || entry.box.checked; });
    if (!facet.fieldset.contains(document.activeElement) && (param === "city" || param === "country")) {
      visible.sort(function (a, b) { return b.current - a.current || collator.compare(a.count.previousSibling.textContent, b.count.previousSibling.textContent); });
      visible.forEach(function (entry) { facet.list.appendChild(entry.item); });
    }
    var shown = facet.expanded ? visible : visible.slice(0, VALUES_SHOWN);
    facet.items.forEach(function (entry) { entry.item.hidden = shown.indexOf(entry) < 0; });
    facet.fieldset.hidden = !visible.length;
    facet.toggle.hidden = visible.length <= VALUES_SHOWN;
    facet.toggle.textContent = facet.expanded ? say("show_fewer") : say("show_all", { count: visible.length });
    facet.toggle.setAttribute("aria-expanded", facet.expanded ? "true" : "false");
  }

  function chosenCount() {
    return Object.keys(state.chosen).reduce(function (sum, param) { return sum + state.chosen[param].length; }, 0);
  }

  /* -- chips: what is chosen, each a button that removes it ---------------------------------------- */

  function renderChips() {
    chips.replaceChildren();
    config.groups.forEach(function (group) {
      (state.chosen[group.param] || []).forEach(function (word) {
        var position = data.index[group.param][word][0];
        addChip(group.name + ": " + data.raw.groups[group.param][position][1], function () { choose(group.param, word, false); });
      });
    });
    if (state.area) { addChip(say("area"), function () { state.area = null; update(); }); }
    chips.hidden = !chips.childNodes.length;
    var badge = $(".finder-filter-count");
    badge.textContent = chosenCount() ? " (" + chosenCount().toLocaleString(lang) + ")" : "";
  }

  function addChip(label, remove) {
    var item = element("li");
    var button = element("button", "finder-chip", label);
    button.type = "button";
    button.setAttribute("aria-label", say("remove", { filter: label }));
    button.addEventListener("click", function () {
      remove();
      var next = chips.querySelector("button");
      (next || $(".finder-filters-button")).focus();
    });
    item.appendChild(button);
    chips.appendChild(item);
  }

  /* -- updating ---------------------------------------------------------------------------------------------- */

  /* Everything the state shows, at once: the list and its status, the counts, the chips, the address and the
     buttons; the map follows a moment later (it may be hidden, and it is the slow part). */
  function update(keepShown) {
    performance.mark("finder:start");
    if (!keepShown) { state.shown = config.pageSize; }
    results = order(filter());
    render();
    showStatus();
    Object.keys(facets).forEach(paintGroup);
    renderChips();
    scheduleAddress();
    $(".finder-near").setAttribute("aria-pressed", state.near ? "true" : "false");
    $(".finder-open").setAttribute("aria-pressed", state.open ? "true" : "false");
    sortSelect.value = effectiveSort();
    sortSelect.querySelector("option[value='distance']").disabled = !state.near;
    $(".finder-show").textContent = say("show", { count: results.length });
    void list.offsetHeight;  /* the layout the visitor waits for, inside the measure */
    performance.measure("finder:update", "finder:start");  /* a User Timing entry that benchmark.py reads */
    if (mapApi) { window.setTimeout(function () { mapApi.update(results, !state.area); }, 0); }
  }

  function setNear(lat, lon, city) {
    performance.mark("finder:near-start");
    state.near = { lat: lat, lon: lon, city: city };
    state.sort = "distance";
    measure();
    update();
    performance.measure("finder:near", "finder:near-start");
  }

  function nearMe() {
    if (!navigator.geolocation) { status.textContent = say("location_failed"); return; }
    status.textContent = say("locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      setNear(position.coords.latitude, position.coords.longitude, null);
      if (mapApi) { mapApi.showMe(state.near); }
    }, function () {
      status.textContent = say("location_failed");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  function nearPlace() {
    var typed = $("#finder-place-input").value.trim();
    var fold = function (text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
    var city = data.raw.groups.city.filter(function (c) { return c[3] !== null && inScopeCountry(c) && fold(c[1]) === fold(typed); })[0];
    if (!city) { status.textContent = say("near_unknown"); return; }
    setNear(city[3], city[4], city[1]);
  }

  /* -- the view: list or map (side by side on a wide screen) ------------------------------------------------ */

  function setView(view) {
    state.view = view;
    root.dataset.view = view;
    root.querySelectorAll(".finder-views button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.dataset.view === view ? "true" : "false");
    });
    writeAddress();
    if (mapVisible()) { loadMap(); }
  }

  function mapVisible() {
    var box = $(".finder-map");
    return box && box.offsetParent !== null && box.getBoundingClientRect().width > 0;
  }

  /* Leaflet, the cluster plugin and finder-map.js are loaded when the map is first shown. */
  var loadingMap = null;
  function loadMap() {
    if (loadingMap) { return loadingMap; }
    config.leaflet.css.forEach(function (href) {
      var link = element("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    });
    loadingMap = config.leaflet.js.concat([config.mapScript]).reduce(function (chain, src) {
      return chain.then(function () { return script(src); });
    }, Promise.resolve()).then(function () {
      mapApi = window.ThirdPlacesFinderMap(finderApi());
      mapApi.update(results, true);
    });
    return loadingMap;
  }

  function script(src) {
    return new Promise(function (resolve, reject) {
      var tag = element("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  /* What the map needs from the finder. */
  function finderApi() {
    return {
      config: config, data: data, say: say, element: element, statusText: statusText, openStatus: openStatus,
      distanceText: distanceText, near: function () { return state.near; }, nearMe: nearMe,
      searchArea: function (bounds) { state.area = bounds; update(); },
      hasArea: function () { return !!state.area; }
    };
  }

  /* -- start ---------------------------------------------------------------------------------------------- */

  function wire() {
    $(".finder-filters-button").addEventListener("click", function () { sheet.showModal(); });
    $(".finder-close").addEventListener("click", function () { sheet.close(); });
    $(".finder-show").addEventListener("click", function () { sheet.close(); status.focus(); });
    $(".finder-clear").addEventListener("click", function () {
      state.chosen = {}; state.area = null; state.open = false;
      update();
    });
    $(".finder-near").addEventListener("click", function () {
      if (state.near) { state.near = null; if (state.sort === "distance") { state.sort = ""; } update(); } else { nearMe(); }
    });
    $(".finder-open").addEventListener("click", function () { state.open = !state.open; update(); });
    $(".finder-place-go").addEventListener("click", nearPlace);
    $("#finder-place-input").addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); nearPlace(); }
    });
    sortSelect.addEventListener("change", function () { state.sort = sortSelect.value; update(); });
    root.querySelectorAll(".finder-views button").forEach(function (button) {
      button.addEventListener("click", function () { setView(button.dataset.view); });
    });
    more.addEventListener("click", function () {
      var first = state.shown;
      state.shown += config.pageSize;
      render();
      var next = list.querySelectorAll(".fcard-title")[first];
      if (next) { next.focus(); }
    });
    status.setAttribute("tabindex", "-1");
  }

  function start(raw) {
    data = decode(raw);
    readAddress();
    measure();
    buildSheet();
    wire();
    update();
    setView(state.view);
    root.classList.add("finder-ready");
    window.addEventListener("resize", function () { if (mapVisible()) { loadMap(); } });
  }

  fetch(config.data).then(function (response) {
    if (!response.ok) { throw new Error(response.status); }
    return response.json();
  }).then(start).catch(function (error) {
    if (window.console) { window.console.warn("finder:", error); }
  });
})();
