"""Cards: the home page's latest meetings, and the cells and themes as cards on the home page and
on their own index pages.

A card is a kind of listing (`listings.kinds`): its rows come from the catalogue, so a card changes, and its
page is written again, exactly when what it shows changes. On the website a card is a box with a
title, facts and the page's opening words; in print, where the home and index pages are not
printed, a plain list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes
from sphinx.config import Config

from handbook.content.records import Page
from handbook.listings import kinds
from handbook.listings.catalogue import Catalogue, display_date
from handbook.listings.kinds import ListingKind, Spec
from handbook.listings.render import link

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
HOME: list[tuple[str, dict]] = [
    ("Latest meetings", {"of": "latest", "limit": LATEST}),
    ("Cells", {"of": "cell"}),
    ("Themes", {"of": "theme"}),
]


class LatestCard(NamedTuple):
    """One of the latest meetings."""

    docname: str
    title: str
    date: str
    cell: str  #: the cell's name
    text: str  #: the question or opening words, cut to `CARD_WORDS`


class GroupCard(NamedTuple):
    """A cell or a theme."""

    docname: str
    title: str
    text: str  #: the page's opening words, cut to `CARD_WORDS`
    leaders: tuple[tuple[str, str], ...]  #: (person docname, name) of a cell's thought leaders
    meetings: int
    latest: str  #: the date of the latest dated meeting, "" if none is dated


def blocks(docname: str, page: Page, config: Config) -> list[tuple[str, Spec]]:
    """(heading, spec) of the cards a page gets; none for other pages."""
    found = HOME if docname == config.root_doc else PAGES.get(docname, [])
    return [(heading, dict(spec)) for heading, spec in found]


def excerpt(text: str, words: int = CARD_WORDS) -> str:
    """The first `words` words of `text`, with an ellipsis when there are more."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def count_and_latest(cat: Catalogue, meetings: list[str]) -> tuple[int, str]:
    """How many meetings, and the date of the latest dated one ("" if none is dated)."""
    dated = next((docname for docname in meetings if cat.pages[docname].date), "")
    return len(meetings), cat.pages[dated].date if dated else ""


def cards_rows(cat: Catalogue, docname: str, spec: Spec) -> Sequence[LatestCard | GroupCard]:
    """Rows of one set of cards: the latest meetings, newest first; or the cells or themes in
    name order, the network's events (a cell of no one) last (a theme has no leaders)."""
    if spec["of"] == "latest":
        latest: list[LatestCard] = []
        for meeting in cat.newest_first[: spec.get("limit") or LATEST]:
            page = cat.pages[meeting]
            cell = cat.titles["cell"].get(page.cell, page.cell)
            latest.append(LatestCard(meeting, page.title, page.date, cell, excerpt(page.summary)))
        return latest
    kind = spec["of"]
    rows: list[GroupCard] = []
    for slug, target in cat.index[kind].items():
        page = cat.pages.get(target.docname) or Page()
        leaders = tuple(
            (cat.people_docs[person], cat.titles["person"][person])
            for person in page.leaders
            if person in cat.people_docs
        )
        count, latest_date = count_and_latest(cat, cat.by[kind].get(slug, []))
        rows.append(GroupCard(target.docname, target.title, excerpt(page.summary), leaders, count, latest_date))
    return sorted(rows, key=lambda row: (row.docname == NETWORK_EVENTS, row.title.casefold()))


def render_cards(builder, fromdocname: str, spec: Spec, rows: Sequence[LatestCard | GroupCard]) -> list[nodes.Node]:
    """The cards as docutils nodes: boxes on the website, a list in print."""
    box = nodes.container(classes=["handbook-listing", "handbook-listing-cards", f"handbook-cards-{spec['of']}"])
    if spec.get("heading"):
        box += nodes.rubric(spec["heading"], spec["heading"], classes=["handbook-listing-heading"])
    if not rows:
        box += nodes.paragraph("Nothing here yet.", "Nothing here yet.", classes=["handbook-empty"])
        return [box]
    grid: nodes.Element = (
        nodes.container(classes=["handbook-cards"]) if builder.format == "html" else nodes.bullet_list()
    )
    for row in rows:
        card: nodes.Element = (
            nodes.container(classes=["handbook-card"]) if builder.format == "html" else nodes.list_item()
        )
        title = nodes.paragraph(classes=["handbook-card-title"])
        title += link(builder, fromdocname, row.docname, "", row.title)
        card += title
        if isinstance(row, LatestCard):
            facts = f"{display_date(row.date)} · {row.cell}"
            card += nodes.paragraph(facts, facts, classes=["handbook-card-facts"])
            if row.text:
                card += nodes.paragraph(row.text, row.text, classes=["handbook-card-text"])
        else:
            facts = f"{row.meetings} {'meeting' if row.meetings == 1 else 'meetings'}"
            if row.latest:
                facts += f" · latest {display_date(row.latest)}"
            card += nodes.paragraph(facts, facts, classes=["handbook-card-facts"])
            if row.leaders:
                label = "Thought leader: " if len(row.leaders) == 1 else "Thought leaders: "
                paragraph = nodes.paragraph("", label, classes=["handbook-card-leader"])
                for index, (person_doc, name) in enumerate(row.leaders):
                    if index:
                        paragraph += nodes.Text(", ")
                    paragraph += link(builder, fromdocname, person_doc, "", name)
                card += paragraph
            if row.text:
                card += nodes.paragraph(row.text, row.text, classes=["handbook-card-text"])
        grid += card
    box += grid
    return [box]


#: Cards are a kind of listing that only the home page and the indexes of cells and themes get.
CARDS = ListingKind("cards", cards_rows, render_cards, generated=blocks)


def setup_cards() -> None:
    """Cards join the kinds of listing."""
    kinds.register(CARDS)
