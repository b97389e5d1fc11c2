"""What the `handbook` domain holds of each page: its facts (`Page`), a meeting's speakers
(`Speaker`) and key points (`KeyPoint`), and where a reference leads (`Target`).

They are plain data, pickled with Sphinx's environment: defined here, at module level, and never
renamed without `HandbookDomain.data_version` changing with them.
"""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple


class Speaker(NamedTuple):
    """One speaker card of a meeting: the person it links to, and how the note names and describes
    them at that meeting."""

    person: str  #: the person's slug
    name: str  #: the name as the note states it
    role: str
    org: str
    anchor: str  #: the card's id on the meeting's page


class KeyPoint(NamedTuple):
    """One key point of a meeting."""

    anchor: str  #: `<meeting>-kp-<n>`, the item's id
    label: str  #: the `(label)=` target written before it, or ""
    number: int  #: its place in the meeting, from 1
    text: str


class Target(NamedTuple):
    """Where a cross-reference leads: a page, or an anchor on it, and the title a link shows."""

    docname: str
    anchor: str
    title: str


@dataclasses.dataclass(slots=True)
class Page:
    """What the domain knows of one page: its identity and front matter (`reading.frontmatter`), the
    speakers and key points its directives noted, and what it shows of other pages."""

    kind: str = ""  #: `content.layout.page_kind`: meeting, cell, theme, essay, person, year, page
    slug: str = ""
    title: str = ""
    #: a meeting's facts: its cell, its date as the note states it ("" undated), themes, question, format
    cell: str = ""
    date: str = ""
    themes: list[str] = dataclasses.field(default_factory=list)
    question: str = ""
    format: str = ""
    #: a meeting's question or opening words; a cell's or theme's opening words
    summary: str = ""
    #: a cell's thought leaders (person slugs), in the order its page names them
    leaders: list[str] = dataclasses.field(default_factory=list)
    #: the meeting an essay came from
    meeting: str = ""
    speakers: list[Speaker] = dataclasses.field(default_factory=list)
    keypoints: list[KeyPoint] = dataclasses.field(default_factory=list)
    #: the specs of the listings the page shows (`listings.kinds`)
    listings: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    #: (kind, target) of every handbook reference on the page
    refs: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    #: the references of the note's own words (a speaker card's link to its speaker is not one)
    mentions: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def note(self, **facts: Any) -> None:
        """Set the facts named; a name that is not a field is an error."""
        for name, value in facts.items():
            setattr(self, name, value)
