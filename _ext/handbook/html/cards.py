"""Cards: the home page's latest meetings, and the cells and themes as cards on the home page and
on their own index pages.

A card is a listing (listings.py): its rows come from the catalogue, so a card changes, and its
page is written again, exactly when what it shows changes. On the website a card is a box with a
title, facts and the page's opening words; in print, where the home and index pages are not
printed, a plain list.
"""

from __future__ import annotations

from docutils import nodes

from handbook import listings
from handbook.listings import Catalogue, display_date, link

#: How many meetings the home page shows as cards.
LATEST = 6
#: How many words of a cell's or theme's opening paragraph a card shows.
CARD_WORDS = 40

#: The cell of the network's events, which belong to no one cell: its card comes last.
NETWORK_EVENTS = "cells/network-events/index"
#: What a page shows as cards: the home page (root document) and the cells' and themes' indexes.
PAGES: dict[str, list[tuple[str, dict]]] = {
    "cells/index": [("Cells", {"of": "cell"})],
    "themes/index": [("Themes", {"of": "theme"})],
}
HOME: list[tuple[str, dict]] = [("Latest meetings", {"of": "latest", "limit": LATEST}), ("Cells", {"of": "cell"}), ("Themes", {"of": "theme"})]


def blocks(docname: str, root_doc: str) -> list[tuple[str, dict]]:
    """(heading, spec) of the cards a page gets; none for other pages."""
    found = HOME if docname == root_doc else PAGES.get(docname, [])
    return [(heading, {"kind": "cards", **spec}) for heading, spec in found]


def excerpt(text: str, words: int = CARD_WORDS) -> str:
    """The first `words` words of `text`, with an ellipsis when there are more."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def count_and_latest(cat: Catalogue, meetings: list[str]) -> tuple[int, str]:
    """How many meetings, and the date of the latest dated one ("" if none is dated)."""
    dated = next((docname for docname in meetings if cat.pages[docname].get("date")), "")
    return len(meetings), cat.pages[dated]["date"] if dated else ""


def cards_rows(cat: Catalogue, docname: str, spec: dict) -> list[tuple]:
    """Rows of one set of cards.

    - latest: (docname, title, date, cell name, question or opening words), newest first;
    - cell: (docname, name, purpose, ((person docname, name), …), meetings, latest date);
    - theme: (docname, name, purpose, (), meetings, latest date).
    Cells and themes come in name order, the network's events (a cell of no one) last.
    """
    rows: list[tuple] = []
    if spec["of"] == "latest":
        for meeting in cat.newest_first[: spec.get("limit") or LATEST]:
            page = cat.pages[meeting]
            cell = cat.titles["cell"].get(page["cell"], page["cell"])
            rows.append((meeting, page["title"], page.get("date", ""), cell, excerpt(page.get("summary", ""))))
        return rows
    kind = spec["of"]
    domain_index = cat.index[kind]
    for slug, (page_doc, _, title) in domain_index.items():
        page = cat.pages.get(page_doc, {})
        leaders = tuple((cat.people_docs[person], cat.titles["person"][person])
                        for person in page.get("leaders", []) if person in cat.people_docs)
        count, latest = count_and_latest(cat, cat.by[kind].get(slug, []))
        rows.append((page_doc, title, excerpt(page.get("summary", "")), leaders, count, latest))
    return sorted(rows, key=lambda row: (row[0] == NETWORK_EVENTS, row[1].casefold()))


def render_cards(builder, fromdocname: str, spec: dict, rows: list[tuple]) -> list[nodes.Node]:
    """The cards as docutils nodes: boxes on the website, a list in print."""
    box = nodes.container(classes=["handbook-listing", "handbook-listing-cards", f"handbook-cards-{spec['of']}"])
    if spec.get("heading"):
        box += nodes.rubric(spec["heading"], spec["heading"], classes=["handbook-listing-heading"])
    if not rows:
        box += nodes.paragraph("Nothing here yet.", "Nothing here yet.", classes=["handbook-empty"])
        return [box]
    grid: nodes.Element = nodes.container(classes=["handbook-cards"]) if builder.format == "html" else nodes.bullet_list()
    for row in rows:
        card: nodes.Element = nodes.container(classes=["handbook-card"]) if builder.format == "html" else nodes.list_item()
        title = nodes.paragraph(classes=["handbook-card-title"])
        title += link(builder, fromdocname, row[0], "", row[1])
        card += title
        if spec["of"] == "latest":
            _, _, date, cell, question = row
            facts = f"{display_date(date)} · {cell}"
            card += nodes.paragraph(facts, facts, classes=["handbook-card-facts"])
            if question:
                card += nodes.paragraph(question, question, classes=["handbook-card-text"])
        else:
            _, _, purpose, leaders, count, latest = row
            facts = f"{count} {'meeting' if count == 1 else 'meetings'}"
            if latest:
                facts += f" · latest {display_date(latest)}"
            card += nodes.paragraph(facts, facts, classes=["handbook-card-facts"])
            if leaders:
                label = "Thought leader: " if len(leaders) == 1 else "Thought leaders: "
                paragraph = nodes.paragraph("", label, classes=["handbook-card-leader"])
                for index, (person_doc, name) in enumerate(leaders):
                    if index:
                        paragraph += nodes.Text(", ")
                    paragraph += link(builder, fromdocname, person_doc, "", name)
                card += paragraph
            if purpose:
                card += nodes.paragraph(purpose, purpose, classes=["handbook-card-text"])
        grid += card
    box += grid
    return [box]


def setup_cards() -> None:
    """Cards are a kind of listing: their rows and their rendering join the listings'."""
    listings.ROWS["cards"] = cards_rows
    listings.RENDERERS["cards"] = render_cards
    if blocks not in listings.PAGE_BLOCKS:
        listings.PAGE_BLOCKS.append(blocks)
