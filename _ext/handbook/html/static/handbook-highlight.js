// A page opened from a search result (`page.html?pagefind-highlight=care`) marks the words searched, with
// Pagefind's own highlighter, and scrolls to the first. The highlighter lives in the search
// bundle, found from this script's address so that a site under a path (/en/latest/) finds it too.
const words = new URLSearchParams(location.search).getAll("pagefind-highlight").filter(Boolean);
if (words.length) {
  const { default: PagefindHighlight } = await import(new URL("../pagefind/pagefind-highlight.js", import.meta.url));
  new PagefindHighlight({
    highlightParam: "pagefind-highlight",
    addStyles: false,
    markOptions: { className: "handbook-highlight", exclude: [".headerlink", ".handbook-listing"] },
  });
  const first = document.querySelector("mark.handbook-highlight");
  // An address that already names a place on the page keeps it.
  if (first && !location.hash) {
    first.scrollIntoView({ block: "center" });
    first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
  }
}
