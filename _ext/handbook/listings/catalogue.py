"""The archive grouped once per build (`Catalogue`): meetings by cell, theme, person and year, who
mentions what, and the row of a meeting that listings show.

Every listing is a pure function of the domain data, computed from the catalogue, so that a
page's cost stays independent of the archive's size: the grouping is built once per state of the
domain's data (`catalogue`), not scanned per page.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

from sphinx.environment import BuildEnvironment

from handbook.content import dates
from handbook.content.records import Page
from handbook.domain import HandbookDomain, handbook_domain
from handbook.reading.pages import UNDATED

if TYPE_CHECKING:
    from handbook.listings.similarity import Similarity

#: The kinds of page whose references count as mentions (backlinks).
MENTIONING = ("meeting", "essay", "cell", "theme")


# Both are asked for every row of every listing, and an archive holds few distinct dates.
@functools.cache
def date_key(date: str) -> tuple[int, int, int]:
    """Newest first when sorted in reverse; undated sorts last."""
    return dates.PartialDate.parse(date).sort_key() if date else (0, 0, 0)


@functools.cache
def display_date(date: str) -> str:
    return dates.PartialDate.parse(date).display() if date else "undated"


class MeetingRow(NamedTuple):
    """A meeting as listings show it: a link to it, its date and its cell's name."""

    docname: str
    anchor: str
    title: str
    date: str  #: as the note states it, "" undated
    cell: str  #: the cell's title (its slug when the cell has no page)


class Catalogue:
    """The archive grouped once per build: meetings by cell, theme, person and year."""

    def __init__(self, domain: HandbookDomain) -> None:
        self.pages = domain.pages
        self.titles = {
            kind: {slug: target.title for slug, target in targets.items()} for kind, targets in domain.index.items()
        }
        self.index = domain.index
        self.people_docs = {slug: target.docname for slug, target in domain.index["person"].items()}
        self.families = {slug: person.family for slug, person in domain.tree.registry.items()}
        meetings = [(docname, page) for docname, page in domain.meetings()]
        meetings.sort(key=lambda item: (date_key(item[1].date), item[1].title, item[0]), reverse=True)
        self.newest_first = [docname for docname, _ in meetings]
        self.by: dict[str, dict[str, list[str]]] = {
            key: defaultdict(list) for key in ("cell", "theme", "person", "year")
        }
        for docname in self.newest_first:
            page = self.pages[docname]
            self.by["cell"][page.cell].append(docname)
            for theme in page.themes:
                self.by["theme"][theme].append(docname)
            for person in dict.fromkeys(speaker.person for speaker in page.speakers):
                self.by["person"][person].append(docname)
            # Undated meetings are a group of the archive of their own (pages.UNDATED).
            self.by["year"][page.date[:4] if page.date else UNDATED].append(docname)
        # Without a date to order them, the undated group reads in title order.
        if UNDATED in self.by["year"]:
            self.by["year"][UNDATED].sort(key=lambda docname: (self.pages[docname].title.casefold(), docname))
        # Every meeting page asks for related meetings and its neighbours: what they are ranked
        # and found by is computed here, once, so no page sorts or searches the archive.
        self.recency = {
            docname: rank
            for rank, docname in enumerate(
                sorted(
                    self.newest_first,
                    key=lambda docname: (tuple(-part for part in date_key(self.pages[docname].date)), docname),
                )
            )
        }
        self.cell_position = {
            docname: position for in_cell in self.by["cell"].values() for position, docname in enumerate(in_cell)
        }
        #: (docname, spec) → the listing's rows (`kinds.rows`)
        self.shown: dict[tuple, list[Any]] = {}
        self.similarity: Similarity | None = None
        # Backlinks: the pages whose notes link to a meeting (or one of its key points) or a person.
        self.mentions: dict[str, list[str]] = defaultdict(list)
        # Worked out once per build by outdated_pages, for the pages read only.
        targets = domain.recall("ref_targets", {})
        for docname, page in sorted(self.pages.items()):
            # The notes' own words only: the editors' guide links to people in its examples.
            if page.kind not in MENTIONING:
                continue
            found = targets[docname] if docname in targets else ref_targets(domain, page)
            for target in dict.fromkeys(found):
                if target != docname:
                    self.mentions[target].append(docname)

    def meeting_row(self, docname: str) -> MeetingRow:
        page = self.pages[docname]
        return MeetingRow(docname, "", page.title, page.date, self.titles["cell"].get(page.cell, page.cell))

    def meetings(self, spec: dict[str, Any]) -> list[str]:
        """Meetings matching every filter given, newest first."""
        selected: list[str] | None = None
        for key in ("cell", "theme", "person", "year"):
            if spec.get(key):
                group = self.by[key].get(spec[key], [])
                if selected is None:
                    selected = group
                else:
                    members = set(group)
                    selected = [docname for docname in selected if docname in members]
        selected = self.newest_first if selected is None else selected
        return selected[: spec["limit"]] if spec.get("limit") else list(selected)


def ref_targets(domain: HandbookDomain, page: Page) -> list[str]:
    """The documents a page's own `{meeting}`, `{person}` and `{keypoint}` references lead to (not
    its speaker cards' links to their speakers)."""
    return [
        domain.index[kind][target].docname
        for kind, target in page.mentions
        if kind in ("meeting", "person", "keypoint") and target in domain.index.get(kind, {})
    ]


def catalogue(env: BuildEnvironment) -> Catalogue:
    """One catalogue per state of the domain data (rebuilt only after it changes)."""
    return handbook_domain(env).derived(Catalogue)
