// Pagefind's module API (options, mergeIndex, search, preload, filters, destroy) for a site whose
// index is split into sections, published as pagefind/merged/pagefind.js by plugins/search and given
// to Pagefind's UI as its bundle by search.js. Pagefind's own mergeIndex searches every bundle with the
// whole query, and a bundle leaves out a word it does not hold: with the BIP as a section, "wywóz
// śmieci Kościelna" would list every BIP page on waste although none names the street. So each word
// of a query is first looked up alone: a word no section holds is left out (as one index of the whole
// site would leave it out), and only the sections holding every other word answer, chosen with the
// filter plugins/search gives each page for its section. That filter is kept out of the UI's filters.
const SECTION_FILTER = "_indeks";
const pagefindModule = import(new URL("../pagefind.js", import.meta.url).pathname);
const sectionsHolding = new Map();
let filtersLoaded = null;

// The words Pagefind looks up: letters and digits (its index splits on the rest as well).
function wordsOf(term) {
  return [...new Set((term || "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [])];
}

function sectionsWith(pagefind, word) {
  if (!sectionsHolding.has(word)) {
    // A search counts its results by filter once the filters are loaded, not before.
    filtersLoaded = filtersLoaded || pagefind.filters();
    sectionsHolding.set(word, filtersLoaded.then(function () { return pagefind.search(word); }).then(function (found) {
      const counts = (found.filters || {})[SECTION_FILTER] || {};
      return Object.keys(counts).filter(function (section) { return counts[section] > 0; });
    }));
  }
  return sectionsHolding.get(word);
}

// null: every section may answer; [] none; else the sections that hold every word some section holds.
async function answeringSections(pagefind, term) {
  const words = wordsOf(term);
  if (words.length < 2) {
    return null; // a section lacking the only word answers nothing by itself
  }
  const holding = (await Promise.all(words.map(function (word) { return sectionsWith(pagefind, word); })))
    .filter(function (sections) { return sections.length > 0; });
  if (holding.length === 0) {
    return null;
  }
  return holding.reduce(function (common, sections) {
    return common.filter(function (section) { return sections.includes(section); });
  });
}

function withoutSectionFilter(counts) {
  const shown = { ...(counts || {}) };
  delete shown[SECTION_FILTER];
  return shown;
}

export async function options(newOptions) {
  return (await pagefindModule).options(newOptions);
}

export async function init() {
  return (await pagefindModule).init();
}

export async function mergeIndex(bundlePath, indexOptions) {
  return (await pagefindModule).mergeIndex(bundlePath, indexOptions);
}

export async function search(term, searchOptions) {
  const pagefind = await pagefindModule;
  const answering = term ? await answeringSections(pagefind, term) : null;
  if (answering !== null && answering.length === 0) {
    return { results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {}, timings: [] };
  }
  const chosen = { ...(searchOptions || {}) };
  if (answering !== null) {
    chosen.filters = { ...(chosen.filters || {}), [SECTION_FILTER]: { any: answering } };
  }
  const found = await pagefind.search(term, chosen);
  found.filters = withoutSectionFilter(found.filters);
  found.totalFilters = withoutSectionFilter(found.totalFilters);
  return found;
}

export async function debouncedSearch(term, searchOptions) {
  return search(term, searchOptions);
}

export async function preload(term, searchOptions) {
  return (await pagefindModule).preload(term, searchOptions);
}

export async function filters() {
  return withoutSectionFilter(await (await pagefindModule).filters());
}

export async function destroy() {
  sectionsHolding.clear();
  filtersLoaded = null;
  return (await pagefindModule).destroy();
}
