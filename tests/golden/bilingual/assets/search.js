/* The search page, on Pagefind's JS API (pagefind.js).
 *
 * A first query downloads only what it needs: Pagefind's entry, metadata and wasm, the index chunks of the
 * words typed, and the fragments of the results shown. The filter files, which grow with the directory, are
 * loaded when the visitor opens the filter panel, or arrives with filters in the address.
 *
 * Facets combine as visitors expect: values within one facet are alternatives (any of them), facets narrow
 * each other (all of them), and each facet's counts are counted with the other facets' choices only.
 * The query and the filters live in the address (?q=…&country=…), so a search can be shared.
 */
(function () {
  "use strict";
  var root = document.getElementById("search");
  var configElement = document.getElementById("search-config");
  if (!root || !configElement) { return; }

  var config = JSON.parse(configElement.textContent);
  var lang = document.documentElement.lang;
  var plurals = new Intl.PluralRules(lang);
  var PAGE_SIZE = 10;
  var VALUES_SHOWN = 8;
  var TYPING_PAUSE = 250;
  var RETRY_PAUSE = 500;  // a search that fails (a file cut off on a poor connection) is tried once more

  var field = root.querySelector("#search-q");
  var message = root.querySelector(".search-message");
  var list = root.querySelector(".search-list");
  var more = root.querySelector(".search-more");
  var chips = root.querySelector(".search-active");
  var panel = root.querySelector(".search-facets");
  var panelBody = root.querySelector(".search-facets-body");
  var panelCount = root.querySelector(".search-facets-count");

  var state = {
    query: "",
    selected: {},        // facet name -> chosen values
    results: [],
    shown: 0,
    generation: 0,       // bumped by every search; an answer for an older one is dropped
    totals: null,        // every facet value's count over the whole index, once the filters are loaded
    facets: {},          // facet name -> {fieldset, list, items: value -> {item, box, count, current}, order, toggle}
    expanded: {}
  };
  var facetNames = {};  // address parameter -> the facet's name (its label, and Pagefind's filter name)
  config.facets.forEach(function (facet) { facetNames[facet.param] = facet.name; });
  var pageTitle = document.title;
  var loading = null;
  var typingTimer = null;

  /* Messages: the page's strings, in the plural form Intl.PluralRules picks. */
  function say(name, values) {
    values = values || {};
    var forms = config.messages[name];
    var text = "count" in values ? (forms[plurals.select(values.count)] || forms.other) : forms.other;
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      if (!(key in values)) { return whole; }
      return key === "count" ? values.count.toLocaleString(lang) : values[key];
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* The address: ?q= and one parameter per facet, repeated for each value. */
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    state.query = params.get("q") || "";
    config.facets.forEach(function (facet) {
      var values = params.getAll(facet.param).filter(Boolean);
      if (values.length) { state.selected[facet.name] = values; }
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (state.query.trim()) { params.set("q", state.query.trim()); }
    config.facets.forEach(function (facet) {
      (state.selected[facet.name] || []).forEach(function (value) { params.append(facet.param, value); });
    });
    var search = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    document.title = (state.query.trim() ? state.query.trim() + " · " : "") + pageTitle;
  }

  function chosenCount() {
    return Object.keys(state.selected).reduce(function (sum, name) { return sum + state.selected[name].length; }, 0);
  }

  /* Pagefind's filter argument: each facet with choices, its values as alternatives; one facet may be left out. */
  function filtersWithout(leftOut) {
    var filters = {};
    Object.keys(state.selected).forEach(function (name) {
      if (name !== leftOut && state.selected[name].length) { filters[name] = { any: state.selected[name].slice() }; }
    });
    return filters;
  }

  /* Pagefind's module, imported once; a failed import is forgotten, so that the next search tries again. */
  function loadPagefind() {
    if (!loading) {
      loading = import(new URL(config.bundle + "pagefind.js", document.baseURI).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: config.base, excerptLength: 22 }).then(function () { return pagefind; });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* One search: the results, then the message (so that a message always describes what is on screen),
     then the facet counts when the panel has its filters. A failed search is tried once more. */
  async function run(retried) {
    var generation = ++state.generation;
    var term = state.query.trim();
    var filters = filtersWithout(null);
    renderChips();
    if (!term && !Object.keys(filters).length) { return showPrompt(); }
    root.setAttribute("aria-busy", "true");
    message.textContent = say("searching");
    try {
      var pagefind = await loadPagefind();
      var search = await pagefind.search(term || null, { filters: filters });
      if (generation !== state.generation) { return; }
      state.results = search.results;
      state.shown = 0;
      list.replaceChildren();
      await showMore(generation);
      if (generation !== state.generation) { return; }
      message.textContent = resultMessage(term, search.results.length);
      if (state.totals) { await updateCounts(pagefind, term, search, generation); }
    } catch (error) {
      if (generation !== state.generation) { return; }
      if (!retried) { return window.setTimeout(function () { run(true); }, RETRY_PAUSE); }
      showError(error);
    }
    root.removeAttribute("aria-busy");
  }

  function showPrompt() {
    state.results = [];
    state.shown = 0;
    list.replaceChildren();
    more.hidden = true;
    message.textContent = say("prompt");
    root.removeAttribute("aria-busy");
    if (state.totals) { paintCounts(state.totals); }
  }

  function showError(error) {
    message.textContent = say("error");
    root.removeAttribute("aria-busy");
    if (window.console) { window.console.warn("search:", error); }
  }

  function resultMessage(term, count) {
    if (term) { return count ? say("results", { count: count, query: term }) : say("none", { query: term }); }
    return count ? say("filtered", { count: count }) : say("none_filtered");
  }

  /* Results, a page at a time: each one's fragment is loaded only when it is shown. */
  async function showMore(generation) {
    var batch = state.results.slice(state.shown, state.shown + PAGE_SIZE);
    var data = await Promise.all(batch.map(function (result) { return result.data(); }));
    if (generation !== state.generation) { return null; }
    var items = data.map(resultItem);
    items.forEach(function (item) { list.appendChild(item); });
    state.shown += batch.length;
    more.hidden = state.shown >= state.results.length;
    return items[0] || null;
  }

  /* A result, compact: its title, what and where it is with its access, then one line: the excerpt when the
     words found are in the text, else the summary (never both). An excerpt that holds the page's names in
     other languages (indexed so that 'liege' finds Luik, but not shown on the page) gives way to the summary. */
  function resultItem(data) {
    var meta = data.meta || {};
    var item = element("li", "search-result");
    var text = element("div", "search-result-text");
    var heading = element("h2", "search-result-title");
    var link = element("a", null, meta.title || data.url);
    link.href = data.url;
    link.dir = "auto";
    markLanguage(link, meta.title_lang);
    heading.appendChild(link);
    text.appendChild(heading);
    var place = placeLine(data);
    if (place || meta.access) {
      var line = place || element("p", "search-result-place");
      if (meta.access) {
        if (line.childNodes.length) { line.appendChild(document.createTextNode(" ")); }
        line.appendChild(element("span", "chip chip-access-" + (meta.access_word || ""), meta.access));
      }
      text.appendChild(line);
    }
    var excerpt = excerptNodes(data.excerpt || "");
    var useExcerpt = excerpt.querySelector("mark") && !leaksOtherNames(excerpt.textContent, meta.other_names);
    if (useExcerpt || !meta.summary) {
      var quote = markLanguage(element("p", "search-result-excerpt"), meta.text_lang);
      quote.appendChild(useExcerpt || !leaksOtherNames(excerpt.textContent, meta.other_names) ? excerpt : document.createTextNode(""));
      if (quote.textContent) { text.appendChild(quote); }
    } else {
      text.appendChild(markLanguage(element("p", "search-result-summary", meta.summary), meta.text_lang));
    }
    item.appendChild(text);
    if (meta.image) { item.appendChild(thumbnail(meta.image)); }
    return item;
  }

  function leaksOtherNames(excerpt, names) {
    return (names || "").split(/\s+/).some(function (word) { return word.length > 3 && excerpt.indexOf(word) >= 0; });
  }

  /* A title or text not yet translated keeps its own language, so that it is read out in that language. */
  function markLanguage(node, language) {
    if (language && language !== lang) { node.lang = language; }
    return node;
  }

  /* "Space · Lille, France": the page's type, its city and its country, from its filters; the city isolated,
     so that a name written right to left keeps its place in the line. */
  function placeLine(data) {
    var filters = data.filters || {};
    var first = function (param) { return (filters[facetNames[param]] || [""])[0]; };
    var parts = [first("type"), (data.meta || {}).city || first("city"), first("country")];
    if (!parts.some(Boolean)) { return null; }
    var line = element("p", "search-result-place");
    parts.forEach(function (part, index) {
      if (!part) { return; }
      if (line.childNodes.length) { line.appendChild(document.createTextNode(index === 2 && parts[1] ? ", " : " · ")); }
      line.appendChild(index === 1 ? element("bdi", null, part) : document.createTextNode(part));
    });
    return line;
  }

  function thumbnail(src) {
    var image = element("img", "search-result-image");
    image.src = src;
    image.alt = "";
    image.width = 120;
    image.height = 90;
    image.loading = "lazy";
    return image;
  }

  /* Pagefind's excerpt is text with <mark> around the words found. Parse it inertly and keep only text and
     marks, so nothing else from an index can reach the page as markup. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var out = document.createDocumentFragment();
    parsed.childNodes.forEach(function (node) {
      var isMark = node.nodeType === 1 && node.tagName === "MARK";
      out.appendChild(isMark ? element("mark", null, node.textContent) : document.createTextNode(node.textContent));
    });
    return out;
  }

  /* The chosen filters above the results, each a button that removes it, and one that clears them all. */
  function renderChips() {
    chips.replaceChildren();
    config.facets.forEach(function (facet) {
      (state.selected[facet.name] || []).forEach(function (value) {
        var label = facet.name + ": " + value;
        var button = element("button", "search-chip", facet.name + ": ");
        button.appendChild(element("bdi", null, value));
        button.type = "button";
        button.setAttribute("aria-label", say("remove_filter", { filter: label }));
        button.addEventListener("click", function () { unchoose(facet.name, value); });
        chips.appendChild(wrap(button));
      });
    });
    if (chosenCount()) { chips.appendChild(wrap(clearButton())); }
    chips.hidden = !chosenCount();
    panelCount.textContent = chosenCount() ? "(" + chosenCount().toLocaleString(lang) + ")" : "";
  }

  function wrap(button) {
    var item = element("li");
    item.appendChild(button);
    return item;
  }

  function clearButton() {
    var button = element("button", "search-clear", say("clear"));
    button.type = "button";
    button.addEventListener("click", function () {
      state.selected = {};
      syncBoxes();
      changed();
      field.focus();
    });
    return button;
  }

  function unchoose(name, value) {
    state.selected[name] = (state.selected[name] || []).filter(function (v) { return v !== value; });
    if (!state.selected[name].length) { delete state.selected[name]; }
    syncBoxes();
    changed();
    var next = chips.querySelector("button");
    (next || field).focus();
  }

  function changed() {
    writeAddress();
    return run();
  }

  /* The filter panel: built once from the totals, then only its counts and visibility change, so that a
     checkbox keeps its place and its focus while the results change. */
  async function openFilters() {
    if (state.totals || !panel.open) { return; }
    panelBody.replaceChildren(element("p", "muted", say("filters_loading")));
    try {
      var pagefind = await loadPagefind();
      var totals = await pagefind.filters();
      buildFacets(totals);
      state.totals = totals;
      await run();
    } catch (error) {
      showError(error);
    }
  }

  function buildFacets(totals) {
    panelBody.replaceChildren();
    config.facets.forEach(function (facet) {
      var values = Object.keys(totals[facet.name] || {});
      if (values.length) { panelBody.appendChild(buildFacet(facet, values, totals[facet.name])); }
    });
  }

  function buildFacet(facet, values, totals) {
    var fieldset = element("fieldset", "search-facet");
    fieldset.appendChild(element("legend", null, facet.name));
    var options = element("ul", "search-facet-values");
    var order = values.sort(function (a, b) { return totals[b] - totals[a] || a.localeCompare(b, lang); });
    var entry = { fieldset: fieldset, list: options, items: {}, order: order, toggle: null };
    order.forEach(function (value) {
      entry.items[value] = facetValue(facet, value);
      options.appendChild(entry.items[value].item);
    });
    fieldset.appendChild(options);
    entry.toggle = element("button", "search-facet-toggle");
    entry.toggle.type = "button";
    entry.toggle.addEventListener("click", function () {
      state.expanded[facet.name] = !state.expanded[facet.name];
      paintFacet(facet.name);
    });
    fieldset.appendChild(entry.toggle);
    state.facets[facet.name] = entry;
    return fieldset;
  }

  function facetValue(facet, value) {
    var item = element("li");
    var label = element("label");
    var box = element("input");
    box.type = "checkbox";
    box.value = value;
    box.checked = (state.selected[facet.name] || []).indexOf(value) >= 0;
    box.addEventListener("change", function () { choose(facet.name, value, box.checked); });
    var count = element("span", "search-facet-count");
    label.appendChild(box);
    var name = element("span", "search-facet-name", value);
    name.dir = "auto";
    label.appendChild(name);
    label.appendChild(count);
    item.appendChild(label);
    return { item: item, box: box, count: count, current: 0 };
  }

  function choose(name, value, on) {
    var chosen = (state.selected[name] || []).filter(function (v) { return v !== value; });
    if (on) { chosen.push(value); }
    chosen.sort(function (a, b) { return a.localeCompare(b, lang); });
    if (chosen.length) { state.selected[name] = chosen; } else { delete state.selected[name]; }
    changed();
  }

  function syncBoxes() {
    Object.keys(state.facets).forEach(function (name) {
      var items = state.facets[name].items;
      Object.keys(items).forEach(function (value) {
        items[value].box.checked = (state.selected[name] || []).indexOf(value) >= 0;
      });
    });
  }

  /* Each facet counted with the other facets' choices only: a facet with choices needs a search of its own
     (all filter files are loaded by then, so these run on what the browser already has). */
  async function updateCounts(pagefind, term, search, generation) {
    var counts = {};
    for (var i = 0; i < config.facets.length; i += 1) {
      var name = config.facets[i].name;
      if (state.selected[name] && state.selected[name].length) {
        var own = await pagefind.search(term || null, { filters: filtersWithout(name) });
        counts[name] = own.filters[name] || {};
      } else {
        counts[name] = search.filters[name] || {};
      }
      if (generation !== state.generation) { return; }
    }
    paintCounts(counts);
  }

  function paintCounts(counts) {
    Object.keys(state.facets).forEach(function (name) {
      var items = state.facets[name].items;
      Object.keys(items).forEach(function (value) {
        items[value].current = (counts[name] || {})[value] || 0;
        items[value].count.textContent = items[value].current.toLocaleString(lang);
      });
      paintFacet(name);
    });
  }

  /* Values in the order of their counts; a value without results is hidden unless chosen; a long facet shows
     its first values and a toggle. A facet that holds the focus keeps its order, so nothing moves under it. */
  function paintFacet(name) {
    var entry = state.facets[name];
    if (!entry.fieldset.contains(document.activeElement)) { reorder(entry); }
    var available = entry.order.filter(function (value) {
      return entry.items[value].current > 0 || entry.items[value].box.checked;
    });
    var shown = state.expanded[name] ? available : available.slice(0, VALUES_SHOWN);
    entry.order.forEach(function (value) { entry.items[value].item.hidden = shown.indexOf(value) < 0; });
    entry.fieldset.hidden = !available.length;
    entry.toggle.hidden = available.length <= VALUES_SHOWN;
    entry.toggle.textContent = state.expanded[name] ? say("show_fewer") : say("show_all", { count: available.length });
    entry.toggle.setAttribute("aria-expanded", state.expanded[name] ? "true" : "false");
  }

  function reorder(entry) {
    entry.order.sort(function (a, b) {
      return entry.items[b].current - entry.items[a].current || a.localeCompare(b, lang);
    });
    entry.order.forEach(function (value) { entry.list.appendChild(entry.items[value].item); });
  }

  function start() {
    readAddress();
    writeAddress();
    field.value = state.query;
    var header = document.getElementById("site-search-q");
    if (header) { header.value = state.query; }
    root.hidden = false;
    root.querySelector(".search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(typingTimer);
      state.query = field.value;
      changed();
    });
    field.addEventListener("input", function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { state.query = field.value; changed(); }, TYPING_PAUSE);
    });
    more.addEventListener("click", async function () {
      var first = await showMore(state.generation);
      if (first) { first.querySelector("a").focus(); }
    });
    panel.addEventListener("toggle", openFilters);
    root.querySelector(".search-facets-done").addEventListener("click", function () {
      panel.open = false;
      message.setAttribute("tabindex", "-1");
      message.focus();
    });
    if (chosenCount()) { panel.open = true; }
    run();
  }

  start();
})();
