// The search page's address holds the search: `search.html?q=care&theme=health&speaker=anne-bowers`.
// Filter values are written as slugs, so an address reads well and can be typed or shared; the
// back button steps through filter changes, and typing replaces the address rather than adding a
// step per letter.
const FILTERS = ["kind", "theme", "cell", "speaker", "year"];

// The build gives the slug of every speaker, theme and cell (a name in any script has one);
// kinds and years are their own slugs.
const SLUGS = JSON.parse(document.getElementById("handbook-filter-slugs")?.textContent || "{}");
const nameSlug = (text) =>
  text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
const slug = (text) => SLUGS[text] ?? nameSlug(text);

// Pagefind finds "Renee" for "Renée" but not "Odegard" for "Ødegård" or "Strasse" for "Straße":
// the build lists those words beside the index, and a word typed without its letters is searched
// as written (folds.py). The field keeps what was typed.
const FOLDS = fetch(new URL("../pagefind/handbook-folds.json", import.meta.url))
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));
const asWritten = async (term) => {
  const folds = await FOLDS;
  return term.replace(/[\p{L}\p{M}]+/gu, (word) => folds[word.toLowerCase()] ?? word);
};

const instance = window.PagefindComponents.getInstanceManager().getInstance("default");

// The search an address asks for, matching its slugs against the filter values the index has.
function searchIn(search, available) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const name of FILTERS) {
    const wanted = params.getAll(name).map(slug);
    // An address written from a Latin name rather than the slug (`speaker=anne-bowers`) still works.
    const values = Object.keys(available?.[name] ?? {})
      .filter((value) => wanted.includes(slug(value)) || wanted.includes(nameSlug(value)));
    if (values.length) filters[name] = values;
  }
  return { term: params.get("q") ?? "", filters };
}

function filterPart(filters) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    for (const value of [...(filters?.[name] ?? [])].sort()) params.append(name, slug(value));
  }
  return params;
}

function addressOf(term, filters) {
  const params = filterPart(filters);
  if (term) params.set("q", term);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

// A filter chosen without a query lists its pages (the Component UI's faceted mode), but an empty
// search with no filter lists nothing: listing every page would fetch the whole index. The search
// hooks run before the search itself, so the mode is set for the search about to run.
const anyFilter = (filters) => Object.values(filters ?? {}).some((values) => values.length);
instance.on("search", (term, filters) => {
  instance.faceted = anyFilter(filters);
});

// A search taken from the address (on arrival, or on going back) is not a new step in the history.
let applying = true;

instance.on("search", (term, filters) => {
  if (applying) return;
  const next = addressOf(term.trim(), filters);
  if (next === location.pathname + location.search) return;
  const shown = filterPart(searchIn(location.search, instance.totalFilters).filters).toString();
  const step = filterPart(filters).toString() !== shown;
  history[step ? "pushState" : "replaceState"](null, "", next);
});

// Browsing by filters alone (no query) lists pages newest first, and counts a chosen filter value
// over everything: Pagefind gives such a search no order and zero totals. The Component UI has no
// option for either, so its Pagefind search is wrapped once loaded; the wrapper also searches a
// word typed without its special letters as written.
//
// The editors' guide is a kind of its own (search.py, EDITORS_GUIDE), left out of results until a
// reader chooses it: its markup and examples would outrank the notes for a speaker's name.
const EDITORS_GUIDE = "Editors' guide";
const readersOnly = (options) =>
  options.filters?.kind?.length ? options : { ...options, filters: { ...options.filters, not: { kind: EDITORS_GUIDE } } };

function browseNewestFirst(pagefind) {
  if (!pagefind?.search || pagefind.search.browsesNewestFirst) return;
  const search = pagefind.search.bind(pagefind);
  const everything = pagefind.filters();
  pagefind.search = async (term, options = {}) => {
    if (term) {
      // Both spellings: a page may write the name without its special letters (Lukasz, Strasse).
      const written = await asWritten(term);
      if (written === term) return search(term, readersOnly(options));
      const [typed, special] = await Promise.all([search(term, readersOnly(options)), search(written, readersOnly(options))]);
      const seen = new Set();
      const results = [...special.results, ...typed.results]
        .filter((result) => !seen.has(result.id) && seen.add(result.id))
        .sort((a, b) => b.score - a.score);
      const filters = {};
      for (const found of [typed, special]) {
        for (const [name, values] of Object.entries(found.filters ?? {})) {
          filters[name] ??= {};
          for (const [value, count] of Object.entries(values)) {
            filters[name][value] = Math.max(filters[name][value] ?? 0, count);
          }
        }
      }
      return { ...special, results, filters, unfilteredResultCount: results.length };
    }
    const found = await search(term, { ...readersOnly(options), sort: { date: "desc" } });
    return { ...found, totalFilters: await everything };
  };
  pagefind.search.browsesNewestFirst = true;
}

// One click away: the same words, in the editors' guide.
const editorsLink = () => document.querySelector(".handbook-search-editors a");
instance.on("search", (term, filters) => {
  const link = editorsLink();
  if (!link) return;
  const inGuide = (filters?.kind ?? []).includes(EDITORS_GUIDE);
  link.parentElement.hidden = inGuide;
  link.href = addressOf(term.trim(), { kind: [EDITORS_GUIDE] });
});

// On a narrow screen the filters wait behind their heading, so the first result shows above the
// fold; on a wide one they stand open beside the results.
const filters = document.querySelector("details.handbook-search-filters");
const wide = window.matchMedia("(min-width: 721px)");
const openOnWide = () => { if (filters) filters.open = wide.matches; };
wide.addEventListener("change", openOnWide);
openOnWide();

const field = () => document.querySelector(".handbook-search-box input");

// The field takes a search from the address only while it does not have the keyboard, so it lets
// go for that moment. On arrival it gets the keyboard: the reader came here to search (an
// `autofocus` on the component's field would come too late for the browser to honour it).
async function applyAddress() {
  applying = true;
  await instance.triggerLoad();
  browseNewestFirst(instance.__pagefind__);
  const { term, filters } = searchIn(location.search, instance.totalFilters);
  const input = field();
  const focused = [input, document.body].includes(document.activeElement);
  input?.blur();
  instance.triggerSearchWithFilters(term, filters);
  if (focused) input?.focus();
  applying = false;
}

window.addEventListener("popstate", applyAddress);
applyAddress();

// `/` brings the keyboard back to the search field from anywhere on the page.
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest?.("input, textarea, select, [contenteditable]")) return;
  event.preventDefault();
  field()?.focus();
});

// The field sits in the theme's search form so that its search button finds it; searching here
// happens as one types, so the form is never sent.
document.querySelector(".handbook-search-box")?.addEventListener("submit", (event) => event.preventDefault());
