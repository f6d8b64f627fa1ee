/* The add-a-space form (templates/add-space.html).
 *
 * Everything happens in the visitor's browser: the form's values become a complete one-file space.yaml, which is
 * checked against the directory's published JSON Schema (/schemas/space.schema.json) with @cfworker/json-schema
 * (vendored), then handed to GitHub's "new file" page or to an e-mail to the site's contact address.
 *
 * Opening hours get a live check of the common OpenStreetMap forms only (days, times, months, PH, off, 24/7),
 * with the hints the build gives; any other form is left to the build, whose parser is the judge.
 *
 * The page is built with DOM nodes and textContent only: every value the visitor types is text, never markup.
 * Every value is written into the YAML as a JSON string, which is a valid YAML double-quoted scalar, so no value
 * can add or change a field; descriptions are literal blocks, indented under their language.
 */
import { Validator } from "./vendor/cfworker-json-schema/index.js";

const section = document.getElementById("add-form");
const configElement = document.getElementById("add-space-config");
if (section && configElement) {
  start(JSON.parse(configElement.textContent));
}

function start(config) {
  const form = document.getElementById("space-form");
  const result = document.getElementById("add-result");
  const lang = document.documentElement.lang;
  const state = { slugTouched: false, schema: null, yaml: "" };
  section.hidden = false;

  form.elements.namedItem("name").addEventListener("input", () => {
    if (!state.slugTouched) {
      form.elements.namedItem("slug").value = slugify(value(form, "name"));
    }
  });
  form.elements.namedItem("slug").addEventListener("input", () => { state.slugTouched = true; });
  const hours = form.elements.namedItem("opening_hours");
  hours.addEventListener("input", () => showHours(config, lang, hours.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    make(config, form, result, lang, state);
  });
  result.querySelector(".add-copy").addEventListener("click", () => copy(config, result, state.yaml));
}

// -- reading the form ------------------------------------------------------------------------------------

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function value(form, name) {
  const field = form.elements.namedItem(name);
  return field ? line(field.value) : "";
}

function line(text) {
  return text.replace(/\r\n?|\n/g, " ").replace(CONTROL, "").trim();
}

function block(text) {
  return text.replace(/\r\n?/g, "\n").replace(CONTROL, "").split("\n").map((part) => part.trimEnd()).join("\n").trim();
}

function choice(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked ? checked.value : "";
}

function slugify(text) {
  const plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['’`]/g, " ");
  return plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
}

/* The space as data: what space.yaml will hold, in the order the file writes it. */
function read(config, form, lang) {
  const languages = config.languages;
  const data = { name: value(form, "name"), kind: choice(form, "kind"), smart_role: value(form, "smart_role"),
                 access: choice(form, "access"), address: {} };
  const street = value(form, "street"), postcode = value(form, "postcode");
  if (street) { data.address.street = street; }
  if (postcode) { data.address.postcode = postcode; }
  data.address.city = cityNames(form, lang, languages);
  data.address.country = value(form, "country");
  const services = Array.from(form.querySelectorAll('input[name="services"]:checked'), (box) => box.value);
  if (services.length) { data.services = services; }
  const contact = {};
  for (const name of ["email", "phone", "website"]) {
    if (value(form, name)) { contact[name] = value(form, name); }
  }
  if (Object.keys(contact).length) { data.contact = contact; }
  if (value(form, "opening_hours")) { data.opening_hours = value(form, "opening_hours"); }
  data.added = today();
  data.summary = perLanguage(form, "summary", languages, line);
  const description = perLanguage(form, "description", languages, block);
  if (Object.keys(description).length) { data.description = description; }
  return data;
}

function cityNames(form, lang, languages) {
  const main = value(form, "city");
  const names = {};
  for (const code of languages) {
    names[code] = code === lang ? main : (value(form, `city_${code}`) || main);
  }
  const distinct = new Set(Object.values(names));
  return distinct.size > 1 ? names : main;
}

function perLanguage(form, prefix, languages, clean) {
  const texts = {};
  for (const code of languages) {
    const field = form.elements.namedItem(`${prefix}_${code}`);
    const text = field ? clean(field.value) : "";
    if (text) { texts[code] = text; }
  }
  return texts;
}

function today() {
  const now = new Date();
  const pad = (number) => String(number).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// -- checking ----------------------------------------------------------------------------------------------

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{4,22}[0-9]$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/* What the visitor must still do, as [field id, problem] pairs, before the file is worth sending. */
function problems(config, form, data) {
  const found = [];
  const need = (id, ok, problem) => { if (!ok) { found.push([id, config.problems[problem]]); } };
  need("f-name", data.name, "required");
  const slug = value(form, "slug");
  need("f-slug", slug, "required");
  if (slug) { need("f-slug", SLUG.test(slug) && slug.length <= 80, "slug"); }
  need(firstOf(form, "kind"), data.kind, "required");
  need(firstOf(form, "access"), data.access, "required");
  need("f-role", data.smart_role, "required");
  need("f-city", value(form, "city"), "required");
  need("f-country", data.address.country, "required");
  const contact = data.contact || {};
  if (contact.email) { need("f-email", EMAIL.test(contact.email), "email"); }
  if (contact.phone) { need("f-phone", PHONE.test(contact.phone), "phone"); }
  if (contact.website) { need("f-website", isWebAddress(contact.website), "website"); }
  need(`f-summary-${config.languages[0]}`, Object.keys(data.summary).length, "summary");
  return found;
}

function firstOf(form, name) {
  const input = form.querySelector(`input[name="${name}"]`);
  if (input && !input.id) { input.id = `f-${name}`; }
  return input ? input.id : "";
}

function isWebAddress(text) {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && Boolean(url.hostname) && !/\s/.test(text);
  } catch (error) {
    return false;
  }
}

async function schemaProblems(config, data, state) {
  if (!state.schema) {
    const response = await fetch(config.schema, { credentials: "same-origin" });
    if (!response.ok) { throw new Error(`${response.status}`); }
    state.schema = await response.json();
  }
  const outcome = new Validator(state.schema, "2020-12", false).validate(data);
  const seen = new Set();
  return outcome.errors.filter((error) => error.keyword !== "anyOf" && error.keyword !== "properties")
    .map((error) => `${error.instanceLocation.replace(/^#\/?/, "").replace(/\//g, ".") || "space.yaml"}: ${error.error}`)
    .filter((text) => !seen.has(text) && seen.add(text)).slice(0, 8);
}

// -- writing space.yaml ------------------------------------------------------------------------------------

function quoted(text) {
  return JSON.stringify(text);  // a JSON string is a YAML double-quoted scalar
}

function yaml(config, data) {
  const out = [config.schemaLine, `name: ${quoted(data.name)}`, `kind: ${data.kind}`,
               `smart_role: ${data.smart_role}`, `access: ${data.access}`, "address:"];
  for (const key of ["street", "postcode"]) {
    if (data.address[key]) { out.push(`  ${key}: ${quoted(data.address[key])}`); }
  }
  if (typeof data.address.city === "string") {
    out.push(`  city: ${quoted(data.address.city)}`);
  } else {
    out.push("  city:", ...Object.entries(data.address.city).map(([code, text]) => `    ${code}: ${quoted(text)}`));
  }
  out.push(`  country: ${data.address.country}`);
  if (data.services) { out.push(`services: [${data.services.join(", ")}]`); }
  if (data.contact) {
    out.push("contact:", ...Object.entries(data.contact).map(([key, text]) => `  ${key}: ${quoted(text)}`));
  }
  if (data.opening_hours) { out.push(`opening_hours: ${quoted(data.opening_hours)}`); }
  out.push(`added: ${data.added}`);
  out.push("summary:", ...Object.entries(data.summary).map(([code, text]) => `  ${code}: ${quoted(text)}`));
  if (data.description) {
    out.push("description:");
    for (const [code, text] of Object.entries(data.description)) {
      out.push(`  ${code}: |`, ...text.split("\n").map((part) => (part ? `    ${part}` : "")));
    }
  }
  return out.join("\n") + "\n";
}

// -- showing the result ----------------------------------------------------------------------------------

async function make(config, form, result, lang, state) {
  const data = read(config, form, lang);
  const missing = problems(config, form, data);
  markFields(form, missing);
  state.yaml = yaml(config, data);
  const status = result.querySelector(".add-result-status");
  const list = result.querySelector(".add-result-problems");
  const actions = result.querySelector(".add-result-actions");
  result.hidden = false;
  result.querySelector(".add-yaml code").textContent = state.yaml;
  list.replaceChildren(...missing.map(([id, problem]) => problemItem(form, id, problem)));
  let schemaOk = false;
  if (missing.length) {
    status.textContent = config.messages.fix_first;
  } else {
    try {
      const found = await schemaProblems(config, data, state);
      schemaOk = found.length === 0;
      status.textContent = schemaOk ? config.messages.schema_ok : config.messages.schema_problems;
      list.replaceChildren(...found.map((text) => textItem(text)));
    } catch (error) {
      schemaOk = true;  // the schema could not be fetched: the check on GitHub judges the file
      status.textContent = config.messages.schema_unavailable;
    }
  }
  actions.hidden = !schemaOk;
  if (schemaOk) { setActions(config, result, data, value(form, "slug"), state.yaml); }
  result.querySelector("#add-result-title").focus();
}

function markFields(form, missing) {
  const wrong = new Set(missing.map(([id]) => id));
  for (const field of form.querySelectorAll("input, select, textarea")) {
    if (wrong.has(field.id)) {
      field.setAttribute("aria-invalid", "true");
    } else {
      field.removeAttribute("aria-invalid");
    }
  }
}

function problemItem(form, id, problem) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = `#${id}`;
  link.textContent = labelOf(form, id);
  item.append(link, document.createTextNode(`: ${problem}`));
  return item;
}

function textItem(text) {
  const item = document.createElement("li");
  item.textContent = text;
  return item;
}

function labelOf(form, id) {
  const field = document.getElementById(id);
  const label = form.querySelector(`label[for="${id}"]`) || (field && field.closest("fieldset").querySelector("legend"));
  return label ? label.textContent.replace("*", "").trim() : id;
}

function setActions(config, result, data, slug, text) {
  const github = new URL(config.newFile);
  github.searchParams.set("filename", `${slug}/space.yaml`);
  github.searchParams.set("value", text);
  const tooLong = github.href.length > config.urlLimit;
  if (tooLong) { github.searchParams.delete("value"); }
  result.querySelector(".add-github").href = github.href;
  const subject = config.messages.mail_subject.replace("{name}", data.name);
  result.querySelector(".add-mail").href =
    `mailto:${config.contact}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(text)}`;
  if (tooLong) {
    result.querySelector(".add-result-status").textContent = config.messages.too_long;
  }
}

async function copy(config, result, text) {
  const status = result.querySelector(".add-result-status");
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = config.messages.copied;
  } catch (error) {
    const range = document.createRange();
    range.selectNodeContents(result.querySelector(".add-yaml code"));
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }
}

// -- opening hours: the common forms -----------------------------------------------------------------------

const DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)";
const DAYS = `(?:${DAY}(?:-${DAY})?|PH)(?:,(?:${DAY}(?:-${DAY})?|PH))*`;
const TIME = "(?:[01][0-9]|2[0-4]):[0-5][0-9]";
const SPANS = `${TIME}-${TIME}(?:,${TIME}-${TIME})*`;
const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const MONTHS = `${MONTH}(?:-${MONTH})?(?:,${MONTH}(?:-${MONTH})?)*`;
const RULE = new RegExp(`^(?:(${MONTHS}) )?(?:(${DAYS}) )?(${SPANS}|off|closed)(?: "([^"]*)")?$`);
const MONTH_ONLY = new RegExp(`^(${MONTHS}) (off|closed)$`);
const OTHER_FORMS = /sunrise|sunset|dawn|dusk|week|easter|\[|\|\||\+|\bSH\b|\bopen\b|\bunknown\b|\b\d{4}\b/;
const LOCAL_DAYS = /^(lu|ma|me|je|ve|sa|di|wo|do|vr|za|zo|lun|mar|mer|jeu|ven|sam|dim|maa|din|woe|don|vri|zat|zon)[a-z]*/i;
const DAY_CODES = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
const MONTH_CODES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function showHours(config, lang, text) {
  const out = document.getElementById("f-hours-check");
  const found = checkHours(text.trim());
  const messages = config.messages;
  if (!text.trim()) {
    out.textContent = "";
  } else if (found.words) {
    out.textContent = messages.hours_ok.replace("{text}", found.words.map((rule) => readRule(rule, lang, messages)).join("; "));
  } else if (found.other) {
    out.textContent = messages.hours_unknown;
  } else {
    out.textContent = messages.hours_problem.replace("{column}", String(found.column))
      .replace("{hint}", capitalise(messages[`hours_${found.hint}`]));
  }
  out.className = `check ${found.words ? "ok" : found.other ? "" : "problem"}`;
}

/* {words: [rule, …]} for the common forms; {other: true} for forms left to the build; else {column, hint}. */
function checkHours(text) {
  if (text === "24/7") { return { words: [{ always: true }] }; }
  if (OTHER_FORMS.test(text)) { return { other: true }; }
  if (/;\s*$/.test(text)) { return { column: text.length, hint: "end" }; }
  const words = [];
  let offset = 0;
  for (const part of text.split(";")) {
    const rule = part.trim();
    const start = offset + part.indexOf(rule);
    const full = RULE.exec(rule), months = MONTH_ONLY.exec(rule);
    if (full) {
      words.push({ months: full[1], days: full[2], times: full[3], comment: full[4] });
    } else if (months) {
      words.push({ months: months[1], times: months[2] });
    } else {
      return where(rule, start);
    }
    offset += part.length + 1;
  }
  return { words };
}

function where(rule, start) {
  let position = 0;
  for (const token of rule.split(" ")) {
    const column = start + position + 1;
    if (LOCAL_DAYS.test(token) && !new RegExp(`^${DAYS}:?$`).test(token)) { return { column, hint: "days" }; }
    if (/^[0-9]/.test(token) && !new RegExp(`^${SPANS}$`).test(token)) { return { column, hint: "times" }; }
    if (token.endsWith(":") && new RegExp(`^${DAYS}:$`).test(token)) { return { column: column + token.length - 1, hint: "colon" }; }
    if (position > 0 && new RegExp(`^(${DAYS}|${SPANS})$`).test(token) && new RegExp(`${SPANS}`).test(rule.slice(0, position))) {
      return { column, hint: "separator" };
    }
    position += token.length + 1;
  }
  return { column: start + 1, hint: "days" };
}

function readRule(rule, lang, messages) {
  if (rule.always) { return "24/7"; }
  const parts = [];
  if (rule.months) { parts.push(listOf(rule.months, MONTH_CODES, (index) => monthName(index, lang))); }
  if (rule.days) {
    parts.push(listOf(rule.days, DAY_CODES, (index) => dayName(index, lang), messages.hours_public_holidays));
  } else if (!rule.months) {
    parts.push(messages.hours_every_day);
  }
  const closed = rule.times === "off" || rule.times === "closed";
  const said = parts.join(", ") + (closed ? `${messages.hours_colon}${messages.hours_closed}` : ` ${rule.times.replace(/-/g, "–")}`);
  return rule.comment ? `${said} (${rule.comment})` : said;
}

function listOf(spec, codes, name, holidays) {
  return spec.split(",").map((range) => range === "PH" ? holidays
    : range.split("-").map((code) => name(codes.indexOf(code))).join("–")).join(", ");
}

function dayName(index, lang) {
  return new Date(Date.UTC(2024, 0, 1 + index)).toLocaleDateString(lang, { weekday: "long", timeZone: "UTC" });
}

function monthName(index, lang) {
  return new Date(Date.UTC(2024, index, 1)).toLocaleDateString(lang, { month: "long", timeZone: "UTC" });
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
