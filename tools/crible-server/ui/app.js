// crible's search page. Plain JavaScript, no library: it calls the public HTTP API
// only (/v1/suggest, /v1/search) and builds every element with textContent, never
// from HTML strings, so that nothing a document holds can run as code here.
"use strict";

const PAGE_SIZE = 10;
const MAX_OFFSET = 10000;  // crible-server's default --max-offset
const ENTITY_TYPES = {
  ORG: "organisation", PERSON: "personne", PLACE: "lieu", MEDIA: "média",
  PRODUCT: "produit", EVENT: "événement",
};

const $ = (id) => document.getElementById(id);
const input = $("q");
const list = $("suggestions");

// What is searched: the text, the entity filters (id -> name), type, dates, typos, page.
const state = { q: "", entities: new Map(), type: "", from: "", to: "", typos: true, offset: 0 };
// Entity id -> name, from the facets seen so far (hits list ids only).
const entityNames = new Map();

// Keystroke-to-painted-suggestions times, in milliseconds (read by the browser test).
window.cribleTimings = [];

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// GET of an API path; the JSON answer, or an Error with the server's own message.
async function api(path, params, signal) {
  const query = new URLSearchParams();
  for (const [name, value] of params) query.append(name, value);
  const response = await fetch(`${path}?${query}`, { signal, headers: { Accept: "application/json" } });
  let body = null;
  try { body = await response.json(); } catch (_) { /* not JSON: said below */ }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    throw new Error(`${response.status} : ${message}`);
  }
  if (!body) throw new Error("réponse illisible du serveur");
  return body;
}

// ---- Suggestions -------------------------------------------------------------------

let suggestAbort = null;
let suggestions = [];
let active = -1;

function closeSuggestions() {
  list.hidden = true;
  list.replaceChildren();
  input.setAttribute("aria-expanded", "false");
  input.removeAttribute("aria-activedescendant");
  suggestions = [];
  active = -1;
}

function showActive() {
  [...list.children].forEach((option, k) => option.setAttribute("aria-selected", String(k === active)));
  if (active >= 0) input.setAttribute("aria-activedescendant", `suggestion-${active}`);
  else input.removeAttribute("aria-activedescendant");
}

function renderSuggestions(items, typedAt) {
  suggestions = items;
  active = -1;
  list.replaceChildren(...items.map((item, k) => {
    const kind = item.kind === "entity" ? ENTITY_TYPES[item.entity.type] || "entité" : "mot";
    return element("li", {
      id: `suggestion-${k}`, role: "option", "aria-selected": "false",
      "data-kind": item.kind,
      onmousedown: (event) => { event.preventDefault(); choose(k); },
    }, element("span", { text: item.text }),
       element("span", { class: "kind", text: `${kind} · ${item.documents} doc.` }));
  }));
  list.hidden = items.length === 0;
  input.setAttribute("aria-expanded", String(items.length > 0));
  // Painted at the next frame: that is when the user sees them.
  requestAnimationFrame(() => window.cribleTimings.push(performance.now() - typedAt));
}

async function suggest() {
  const typedAt = performance.now();
  if (suggestAbort) suggestAbort.abort();
  const text = input.value;
  if (!text.trim()) { closeSuggestions(); return; }
  suggestAbort = new AbortController();
  try {
    const answer = await api("/v1/suggest", [["q", text], ["limit", "8"]], suggestAbort.signal);
    if (input.value === text) renderSuggestions(answer.suggestions, typedAt);
  } catch (error) {
    if (error.name !== "AbortError") closeSuggestions();  // the search itself will say why
  }
}

// An entity becomes a filter chip (its words leave the text); a word completes the text.
function choose(k) {
  const item = suggestions[k];
  if (!item) return;
  if (item.kind === "entity") {
    state.entities.set(item.entity.id, item.text);
    input.value = item.query.replace(`entity:${item.entity.id}`, "").trim();
  } else {
    input.value = `${item.query} `;
  }
  closeSuggestions();
  search(0);
}

input.addEventListener("input", suggest);
input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && suggestions.length) {
    active = (active + 1) % suggestions.length; showActive(); event.preventDefault();
  } else if (event.key === "ArrowUp" && suggestions.length) {
    active = active <= 0 ? suggestions.length - 1 : active - 1; showActive(); event.preventDefault();
  } else if (event.key === "Enter" && active >= 0) {
    event.preventDefault(); choose(active);
  } else if (event.key === "Escape" && !list.hidden) {
    event.preventDefault();  // else Chromium empties a search field on Escape
    closeSuggestions();
  }
});
input.addEventListener("blur", () => setTimeout(closeSuggestions, 100));
document.addEventListener("keydown", (event) => {
  if (event.key === "/" && document.activeElement !== input && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
    event.preventDefault(); input.focus();
  }
});

// ---- Search ------------------------------------------------------------------------

let searchAbort = null;

function searchParams(extra = []) {
  const params = [["q", state.q]];
  for (const id of state.entities.keys()) params.push(["entity", id]);
  if (state.type) params.push(["type", state.type]);
  if (state.from || state.to) params.push(["date", `${state.from}..${state.to}`]);
  if (!state.typos) params.push(["typos", "0"]);  // on by default
  return params.concat(extra);
}

function readForm() {
  state.q = input.value.trim();
  state.type = $("type").value;
  state.from = $("from").value;
  state.to = $("to").value;
  state.typos = $("typos").checked;
}

function writeLocation() {
  const params = new URLSearchParams(searchParams());
  if (state.offset) params.set("page", String(state.offset / PAGE_SIZE + 1));
  history.replaceState(null, "", `/?${params}`);
}

function readLocation() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const id of params.getAll("entity")) state.entities.set(id, id);
  $("type").value = params.get("type") || "";
  const [from = "", to = ""] = (params.get("date") || "").split("..");
  $("from").value = from;
  $("to").value = to;
  $("typos").checked = params.get("typos") !== "0";
  const page = Number.parseInt(params.get("page") || "1", 10);
  return Number.isFinite(page) && page > 1 ? (page - 1) * PAGE_SIZE : 0;
}

async function search(offset) {
  readForm();
  state.offset = Math.min(offset, MAX_OFFSET);
  writeLocation();
  if (searchAbort) searchAbort.abort();
  searchAbort = new AbortController();
  const signal = searchAbort.signal;
  $("error").hidden = true;
  $("status").textContent = "Recherche…";
  renderActiveFilters();
  try {
    const results = await api("/v1/search", searchParams([
      ["limit", String(PAGE_SIZE)], ["offset", String(state.offset)], ["threads", "1"],
      ["facets", "entity"], ["facet_limit", "15"], ["histogram", "week"],
    ]), signal);
    renderResults(results);
    // Over more than a year and a half, weeks are too thin to read: months instead.
    const weeks = results.histogram.buckets;
    if (weeks.length > 1 && spanInWeeks(weeks[0].start, weeks[weeks.length - 1].start) > 78) {
      const months = await api("/v1/search", searchParams([["limit", "0"], ["histogram", "month"]]), signal);
      renderChart(months.histogram, "mois");
    }
  } catch (error) {
    if (error.name === "AbortError") return;
    showError(error.message);
  }
}

function showError(message) {
  $("status").textContent = "";
  $("error").textContent = `Erreur : ${message}`;
  $("error").hidden = false;
  for (const id of ["hits", "facets", "pages", "chart"]) $(id).replaceChildren();
  $("chart-section").hidden = true;
  $("facets-section").hidden = true;
}

function renderActiveFilters() {
  $("active").replaceChildren(...[...state.entities].map(([id, name]) => element("li", {},
    element("button", {
      type: "button", class: "chip", "aria-label": `Retirer le filtre ${name}`,
      onclick: () => { state.entities.delete(id); search(0); },
    }, `${name} ×`))));
}

function renderResults(results) {
  const total = results.total.value;
  const exact = results.total.relation === "eq";
  $("status").textContent = total === 0 ? "Aucun résultat."
    : `${exact ? "" : "Plus de "}${total.toLocaleString("fr-FR")} résultat${total > 1 ? "s" : ""}` +
      " (un par fil : un article et ses commentaires)";
  $("status").dataset.total = String(total);
  const spelling = $("spelling");
  spelling.hidden = !results.suggestion;
  if (results.suggestion) {
    spelling.replaceChildren("Essayez plutôt : ", element("a", {
      href: "#", onclick: (event) => { event.preventDefault(); input.value = results.suggestion; search(0); },
    }, results.suggestion));
  }
  $("note").hidden = !results.note;
  $("note").textContent = results.note ? `Remarque : ${results.note}` : "";
  renderFacets(results.facets.entity);  // first: the hits name their entities from it
  renderChart(results.histogram, "semaine");
  $("hits").replaceChildren(...results.hits.map(renderHit));
  renderPages(total);
}

function renderFacets(entities) {
  for (const facet of entities) entityNames.set(facet.id, facet.name);
  $("facets-section").hidden = entities.length === 0;
  $("facets").replaceChildren(...entities.map((facet) => {
    const on = state.entities.has(facet.id);
    return element("li", {}, element("button", {
      type: "button", class: "chip", "aria-pressed": String(on), "data-entity": facet.id,
      title: ENTITY_TYPES[facet.type] || "",
      onclick: () => {
        if (on) state.entities.delete(facet.id); else state.entities.set(facet.id, facet.name);
        search(0);
      },
    }, facet.name, element("span", { class: "count", text: String(facet.count) })));
  }));
}

// A snippet's text with its highlights as <mark>: the ranges are UTF-8 byte offsets.
function snippet(hit) {
  const paragraph = element("p", { class: "snippet" });
  if (!hit.snippet_text) return null;
  const bytes = new TextEncoder().encode(hit.snippet_text);
  const decoder = new TextDecoder();
  let at = 0;
  for (const [start, end] of hit.highlights) {
    paragraph.append(decoder.decode(bytes.subarray(at, start)));
    paragraph.append(element("mark", { text: decoder.decode(bytes.subarray(start, end)) }));
    at = end;
  }
  paragraph.append(decoder.decode(bytes.subarray(at)));
  return paragraph;
}

function formatDate(iso) {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString("fr-FR", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

function safeUrl(url) {
  return /^https?:\/\//i.test(url || "") ? url : null;
}

function hitHeading(hit) {
  const title = hit.title || (hit.type === "comment" ? "Commentaire" : hit.id);
  const url = safeUrl(hit.url);
  return element("h3", {}, url ? element("a", { href: url, rel: "noopener noreferrer" }, title) : title);
}

function renderHit(hit) {
  const item = element("li", { "data-id": hit.id });
  const meta = element("div", { class: "meta" },
    element("span", { class: `badge ${hit.type}`, text: hit.type === "comment" ? "commentaire" : "article" }),
    hit.date ? element("time", { datetime: hit.date, text: formatDate(hit.date) }) : null,
    hit.author ? element("span", { text: hit.author }) : null,
    hit.parent ? element("span", { text: `sous l’article ${hit.parent}` }) : null);
  item.append(hitHeading(hit), meta);
  const text = snippet(hit);
  if (text) item.append(text);
  if (hit.entities.length) {
    const names = hit.entities.map((id) => entityNames.get(id) || id);
    item.append(element("p", { class: "entities", text: `Entités : ${names.join(", ")}` }));
  }
  if (hit.thread && hit.thread.matches > 1) item.append(threadBox(hit));
  return item;
}

// The other matching documents of a hit's thread, loaded on demand.
function threadBox(hit) {
  const others = hit.thread.matches - 1;
  const box = element("div", { class: "thread" });
  const button = element("button", {
    type: "button", class: "quiet", "aria-expanded": "false",
    onclick: async () => {
      button.disabled = true;
      try {
        const answer = await api("/v1/search", searchParams([["thread", hit.thread.article], ["limit", "20"]]));
        const rest = answer.hits.filter((other) => other.id !== hit.id);
        box.append(element("ol", {}, ...rest.map((other) => element("li", {},
          element("div", { class: "meta" },
            element("span", { class: `badge ${other.type}`, text: other.type === "comment" ? "commentaire" : "article" }),
            other.author ? element("span", { text: other.author }) : null,
            other.date ? element("time", { datetime: other.date, text: formatDate(other.date) }) : null),
          snippet(other)))));
        button.setAttribute("aria-expanded", "true");
        button.hidden = true;
      } catch (error) {
        box.append(element("p", { role: "alert", text: `Erreur : ${error.message}` }));
      }
    },
  }, `Voir ${others === 1 ? "l’autre document correspondant" : `les ${others} autres documents correspondants`} de ce fil`);
  box.append(button);
  return box;
}

function spanInWeeks(first, last) {
  return (Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / (7 * 86400000);
}

// Bars of matches per bucket, empty buckets included between the first and the last.
function renderChart(histogram, unit) {
  const section = $("chart-section");
  const buckets = histogram.buckets;
  section.hidden = buckets.length === 0;
  $("chart-title").textContent = `Résultats par ${unit}`;
  if (!buckets.length) { $("chart").replaceChildren(); return; }
  const filled = [];
  const byStart = new Map(buckets.map((bucket) => [bucket.start, bucket]));
  const next = (start) => {
    const date = new Date(`${start}T00:00:00Z`);
    if (histogram.interval === "month") date.setUTCMonth(date.getUTCMonth() + 1);
    else date.setUTCDate(date.getUTCDate() + (histogram.interval === "week" ? 7 : 1));
    return date.toISOString().slice(0, 10);
  };
  for (let start = buckets[0].start; filled.length < 400; start = next(start)) {
    filled.push(byStart.get(start) || { key: start, start, count: 0 });
    if (start >= buckets[buckets.length - 1].start) break;
  }
  const most = Math.max(...filled.map((bucket) => bucket.count));
  const width = 600, height = 100, gap = 1, barWidth = width / filled.length;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height + 14}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("aria-label", `Résultats par ${unit}, de ${filled[0].key} à ${filled[filled.length - 1].key}, au plus ${most}`);
  filled.forEach((bucket, k) => {
    const rect = document.createElementNS(ns, "rect");
    const barHeight = most ? (bucket.count / most) * height : 0;
    rect.setAttribute("x", String(k * barWidth));
    rect.setAttribute("y", String(height - barHeight));
    rect.setAttribute("width", String(Math.max(barWidth - gap, 0.5)));
    rect.setAttribute("height", String(barHeight));
    rect.dataset.count = String(bucket.count);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${bucket.key} : ${bucket.count}`;
    rect.append(title);
    svg.append(rect);
  });
  for (const [k, anchor] of [[0, "start"], [filled.length - 1, "end"]]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String(anchor === "start" ? 0 : width));
    label.setAttribute("y", String(height + 12));
    label.setAttribute("text-anchor", anchor);
    label.textContent = filled[k].key;
    svg.append(label);
  }
  $("chart").replaceChildren(svg);
}

function renderPages(total) {
  const pages = Math.ceil(Math.min(total, MAX_OFFSET + PAGE_SIZE) / PAGE_SIZE);
  const current = state.offset / PAGE_SIZE + 1;
  const nav = $("pages");
  nav.replaceChildren();
  if (pages <= 1) return;
  const button = (label, page, attributes = {}) => element("button", {
    type: "button", class: "quiet", "data-page": String(page),
    onclick: () => { search((page - 1) * PAGE_SIZE); $("results").focus(); }, ...attributes,
  }, label);
  if (current > 1) nav.append(button("← Précédente", current - 1, { "aria-label": "Page précédente" }));
  for (let page = Math.max(1, current - 3); page <= Math.min(pages, current + 3); page += 1) {
    nav.append(button(String(page), page, page === current ? { "aria-current": "page", "aria-label": `Page ${page}, page actuelle` } : { "aria-label": `Page ${page}` }));
  }
  if (current < pages) nav.append(button("Suivante →", current + 1, { "aria-label": "Page suivante" }));
}

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  closeSuggestions();
  search(0);
});
for (const id of ["type", "from", "to", "typos"]) $(id).addEventListener("change", () => search(0));

const startOffset = readLocation();
if (input.value || state.entities.size) search(startOffset);
