/* The preview's script. `serve` adds it to every HTML page it sends; it is never part of a build's output.
   It reloads the page when a rebuild changed it, and while the content has errors it shows them over the
   page, in the page's language; they go when the file is fixed. Built from DOM nodes: no HTML strings. */
(() => {
  const me = document.currentScript;
  const lang = document.documentElement.lang || undefined;
  const query = new URLSearchParams({ path: me.dataset.path, version: me.dataset.version, lang: lang || "" });
  const events = new EventSource(`/__preview__/events?${query}`);
  let overlay = null;

  function counted(forms, count) {
    const form = new Intl.PluralRules(lang).select(count);
    return (forms[form] ?? forms.other).replace("{count}", count.toLocaleString(lang));
  }

  function element(tag, text, style) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.style.cssText = style;
    return node;
  }

  function show(errors, texts) {
    overlay?.remove();
    overlay = null;
    if (!errors.length) return;
    overlay = element("aside", "", "position:fixed;inset:auto 1rem 1rem 1rem;z-index:10000;max-height:60vh;" +
      "overflow:auto;padding:1rem 1.25rem;background:#fff8f6;color:#3b0d05;border:3px solid #b3261e;" +
      "border-radius:6px;box-shadow:0 4px 18px rgba(0,0,0,.3);font:15px/1.45 system-ui,sans-serif");
    overlay.id = "preview-errors";
    overlay.setAttribute("role", "alert");
    const list = element("ul", "", "margin:.5rem 0;padding-left:1.2rem");
    for (const line of errors) {
      const item = element("li");
      item.append(element("code", line, "white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace"));
      list.append(item);
    }
    overlay.append(element("strong", counted(texts.title, errors.length)), list, element("p", texts.hint, "margin:0"));
    document.body.append(overlay);
  }

  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (state.reload) {
      events.close();
      location.reload();
      return;
    }
    show(state.errors, state.texts);
  };
})();
