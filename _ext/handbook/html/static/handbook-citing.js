// Key points one can cite, and previews of the handbook's own links (citing.py).
//
// 1. Next to each key point's number, a button copies the address of that key point.
// 2. On a desktop (a fine pointer that can hover), a link to a meeting, a person or a key point
//    shows a preview of what it leads to when hovered or focused with the keyboard; Escape hides
//    it. Nothing on touch screens, where hovering does not exist. Previews are built from the
//    linked page's text (textContent only: nothing from a page is ever run as markup).

function copyButtons() {
  for (const number of document.querySelectorAll("a.handbook-keypoint-number")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "handbook-copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", `Copy the link to key point ${number.textContent}`);
    button.addEventListener("click", async () => {
      const address = new URL(number.getAttribute("href"), location.href).href;
      try {
        await navigator.clipboard.writeText(address);
        button.textContent = "Copied";
      } catch {
        // Without clipboard access, the address is shown for the reader to copy.
        history.replaceState(null, "", address);
        button.textContent = "Link in the address bar";
      }
      setTimeout(() => { button.textContent = "Copy link"; }, 2000);
    });
    number.after(button);
  }
}

const PREVIEWED = "a.reference.internal:has(> .handbook-meeting, > .handbook-person, > .handbook-keypoint)";
const pages = new Map();

async function previewOf(link) {
  const url = new URL(link.getAttribute("href"), location.href);
  const address = url.href.split("#")[0];
  if (!pages.has(address)) {
    pages.set(address, fetch(address).then((response) => response.ok ? response.text() : "")
      .then((html) => new DOMParser().parseFromString(html, "text/html")));
  }
  const page = await pages.get(address);
  const text = (selector, within = page) => within.querySelector(selector)?.textContent.replace(/\s+/g, " ").trim() ?? "";
  const parts = [];
  if (link.querySelector(".handbook-keypoint") && url.hash) {
    const point = page.getElementById(decodeURIComponent(url.hash.slice(1)));
    if (point) {
      const copy = point.cloneNode(true);
      copy.querySelectorAll(".handbook-added").forEach((added) => added.remove());
      parts.push(["strong", text("article h1").replace(/#$/, "")], ["p", copy.textContent.replace(/\s+/g, " ").trim()]);
    }
  } else {
    parts.push(["strong", text("article h1").replace(/#$/, "")]);
    const facts = text("article .handbook-meeting-facts");
    if (facts) parts.push(["p", facts]);
    const words = text("article .handbook-question") || text("article section > p");
    if (words) parts.push(["p", words.length > 280 ? words.slice(0, 279) + "…" : words]);
  }
  return parts.filter(([, words]) => words);
}

function previews() {
  if (!window.matchMedia("(hover: hover) and (pointer: fine)").matches) return;
  const box = document.createElement("div");
  box.id = "handbook-preview";
  box.className = "handbook-preview";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  document.body.append(box);
  let current = null;
  const hide = () => {
    box.hidden = true;
    current?.removeAttribute("aria-describedby");
    current = null;
  };
  const show = async (link) => {
    current = link;
    const parts = await previewOf(link);
    if (current !== link || !parts.length) return;
    box.replaceChildren(...parts.map(([tag, words]) => {
      const element = document.createElement(tag);
      element.textContent = words;
      return element;
    }));
    const place = link.getBoundingClientRect();
    box.style.left = `${Math.max(8, Math.min(place.left + scrollX, scrollX + innerWidth - 408))}px`;
    box.style.top = `${place.bottom + scrollY + 6}px`;
    box.hidden = false;
    link.setAttribute("aria-describedby", box.id);
  };
  for (const link of document.querySelectorAll(`article ${PREVIEWED}`)) {
    link.addEventListener("mouseenter", () => show(link));
    link.addEventListener("focus", () => show(link));
    link.addEventListener("mouseleave", hide);
    link.addEventListener("blur", hide);
  }
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
}

copyButtons();
previews();
