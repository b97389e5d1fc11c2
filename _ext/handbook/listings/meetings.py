"""The listings of meetings: `meetings` (an editor's, or a cell's or theme's own), and what a
meeting's page ends with: "Mentioned in" (a person's page too), related meetings and
previous/next in its cell."""

from __future__ import annotations

import heapq
from collections import Counter
from typing import NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.config import Config

from handbook.content.records import Page
from handbook.listings.catalogue import Catalogue, MeetingRow
from handbook.listings.kinds import ListingKind, Spec
from handbook.listings.render import link, listed, meeting_item
from handbook.listings.similarity import Similarity

#: Related meetings shown at the end of a meeting page.
RELATED_LIMIT = 5


class PageRow(NamedTuple):
    """A page other than a meeting, by its title."""

    docname: str
    title: str


class Neighbour(NamedTuple):
    """The previous or next meeting of a cell."""

    label: str  #: "Previous" or "Next"
    meeting: MeetingRow

    @property
    def docname(self) -> str:
        return self.meeting.docname


def meetings_rows(cat: Catalogue, docname: str, spec: Spec) -> list[MeetingRow]:
    return [cat.meeting_row(found) for found in cat.meetings(spec)]


def related_rows(cat: Catalogue, docname: str, spec: Spec) -> list[MeetingRow]:
    """Up to five meetings: first those sharing themes or speakers (other cells first, then the
    most shared, then the newest), then, if fewer, those most alike in words, so that every
    meeting leads on to others. The order never depends on reading order."""
    page = cat.pages[docname]
    scores: Counter[str] = Counter()
    # Counting runs in C (Counter.update); a speaker counts twice as much as a theme.
    for theme in set(page.themes):
        scores.update(cat.by["theme"].get(theme, []))
    for person in {speaker.person for speaker in page.speakers}:
        scores.update(cat.by["person"].get(person, []) * 2)
    scores.pop(docname, None)
    cell, pages, recency = page.cell, cat.pages, cat.recency
    ranked = heapq.nsmallest(
        RELATED_LIMIT, scores, key=lambda other: (pages[other].cell == cell, -scores[other], recency[other])
    )
    if len(ranked) < RELATED_LIMIT:
        if cat.similarity is None:
            cat.similarity = Similarity(pages, cat.newest_first)
        ranked += cat.similarity.nearest(docname, set(ranked), RELATED_LIMIT - len(ranked))
    return [cat.meeting_row(other) for other in ranked]


def mentions_rows(cat: Catalogue, docname: str, spec: Spec) -> list[MeetingRow | PageRow]:
    """The pages that link to this meeting or person: meetings newest first, then other pages
    by title."""
    found = cat.mentions.get(docname, [])
    meetings = [other for other in cat.newest_first if other in set(found)]
    others = sorted(
        (other for other in found if cat.pages[other].kind != "meeting"),
        key=lambda other: (cat.pages[other].title.casefold(), other),
    )
    return [
        *(cat.meeting_row(other) for other in meetings),
        *(PageRow(other, cat.pages[other].title) for other in others),
    ]


def prevnext_rows(cat: Catalogue, docname: str, spec: Spec) -> list[Neighbour]:
    """The previous (older) and next (newer) meeting of the same cell; undated ones come last."""
    in_cell = cat.by["cell"][cat.pages[docname].cell]
    position = cat.cell_position[docname]
    older = in_cell[position + 1] if position + 1 < len(in_cell) else None
    newer = in_cell[position - 1] if position > 0 else None
    return [
        Neighbour(label, cat.meeting_row(found)) for label, found in (("Previous", older), ("Next", newer)) if found
    ]


def mention_item(builder, fromdocname: str, row: MeetingRow | PageRow) -> nodes.list_item:
    if isinstance(row, MeetingRow):
        return meeting_item(builder, fromdocname, row)
    return nodes.list_item("", nodes.paragraph("", "", link(builder, fromdocname, row.docname, "", row.title)))


def neighbour_item(builder, fromdocname: str, row: Neighbour) -> nodes.list_item:
    return meeting_item(builder, fromdocname, row.meeting, row.label)


def of_cells_and_themes(docname: str, page: Page, config: Config) -> list[tuple[str, Spec]]:
    """Cells and themes list their meetings."""
    return [("Meetings", {page.kind: page.slug})] if page.kind in ("cell", "theme") else []


def on_meetings(heading: str, *kinds: str):
    """A meeting's page (or another of `kinds`) ends with the listing, under `heading`."""

    def generated(docname: str, page: Page, config: Config) -> list[tuple[str, Spec]]:
        return [(heading, {})] if page.kind in ("meeting", *kinds) else []

    return generated


MEETINGS = ListingKind(
    "meetings",
    meetings_rows,
    listed(meeting_item),
    directive=True,
    converters={"limit": directives.positive_int},
    generated=of_cells_and_themes,
)
MENTIONS = ListingKind(
    "mentions",
    mentions_rows,
    listed(mention_item, hidden_when_empty=True),
    generated=on_meetings("Mentioned in", "person"),
)
RELATED = ListingKind(
    "related",
    related_rows,
    listed(meeting_item, hidden_when_empty=True),
    generated=on_meetings("Related meetings"),
    printed=False,
)
PREVNEXT = ListingKind(
    "prevnext",
    prevnext_rows,
    listed(neighbour_item, hidden_when_empty=True),
    generated=on_meetings("In this cell"),
    printed=False,
)
#: In the order a page shows them.
KINDS = (MEETINGS, MENTIONS, RELATED, PREVNEXT)
