"""The listings of the archive's indexes: everyone with a page (`people`), each person's
appearances (`appearances`) and the years (`years`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, cast

from docutils import nodes

from handbook.content import names
from handbook.content.records import Speaker
from handbook.listings.catalogue import Catalogue, MeetingRow
from handbook.listings.kinds import ListingKind, Spec
from handbook.listings.render import counted_item, listed, meeting_item
from handbook.reading.pages import UNDATED


class PersonRow(NamedTuple):
    """A person with a page, how many meetings they spoke at, and the index letter they are filed under."""

    docname: str
    anchor: str
    name: str
    meetings: int
    letter: str


class Appearance(NamedTuple):
    """A meeting a person spoke at, and how the note named and described them."""

    meeting: MeetingRow
    speaker: Speaker

    @property
    def docname(self) -> str:
        return self.meeting.docname


class YearRow(NamedTuple):
    """A year's page of the archive (or the undated meetings') and how many meetings it holds."""

    docname: str
    anchor: str
    name: str
    meetings: int


def people_rows(cat: Catalogue, docname: str, spec: Spec) -> list[PersonRow]:
    """Everyone with a page in family-name order (names.sort_key), with how many meetings they
    spoke at and the letter of the index they are filed under."""
    rows = []
    for slug, name in cat.titles["person"].items():
        family = cat.families.get(slug, "")
        row = PersonRow(
            cat.people_docs[slug], "", name, len(cat.by["person"].get(slug, [])), names.index_letter(name, family)
        )
        rows.append((names.sort_key(name, family), row))
    return [row for _, row in sorted(rows, key=lambda keyed: (keyed[0], keyed[1].docname))]


def appearances_rows(cat: Catalogue, docname: str, spec: Spec) -> list[Appearance]:
    """Every appearance of one person: the meeting, and how the note named and described them."""
    return [
        Appearance(cat.meeting_row(meeting), speaker)
        for meeting in cat.by["person"].get(spec["person"], [])
        for speaker in cat.pages[meeting].speakers
        if speaker.person == spec["person"]
    ]


def years_rows(cat: Catalogue, docname: str, spec: Spec) -> list[YearRow]:
    """Each year, newest first, then the undated meetings, with how many meetings each holds."""
    years = sorted(((year, found) for year, found in cat.by["year"].items() if year != UNDATED), reverse=True)
    if cat.by["year"].get(UNDATED):
        years.append((UNDATED, cat.by["year"][UNDATED]))
    return [YearRow(f"archive/{year}", "", "Undated" if year == UNDATED else year, len(found)) for year, found in years]


def counted_row_item(builder, fromdocname: str, row: PersonRow | YearRow) -> nodes.list_item:
    return counted_item(builder, fromdocname, row.docname, row.anchor, row.name, row.meetings)


def appearance_item(builder, fromdocname: str, row: Appearance) -> nodes.list_item:
    item = meeting_item(builder, fromdocname, row.meeting)
    said = ", ".join(part for part in (row.speaker.role, row.speaker.org) if part)
    text = f"as {row.speaker.name}" + (f" ({said})" if said else "")
    cast(nodes.paragraph, item[0]).append(nodes.inline(" — " + text, " — " + text, classes=["handbook-appearance"]))
    return item


def by_initial(items: nodes.bullet_list, rows: Sequence[PersonRow], spec: Spec) -> list[nodes.Node]:
    """The people index in groups by the letter of the family name, accents folded."""
    groups: dict[str, nodes.bullet_list] = {}
    for item, row in zip(list(items.children), rows, strict=True):
        groups.setdefault(row.letter, nodes.bullet_list())
        groups[row.letter] += item
    grouped: list[nodes.Node] = []
    anchors: set[str] = set()
    for initial, group in groups.items():
        # Latin K and Cyrillic К have one slug: the first group met keeps it.
        anchor = f"people-{names.slugify(initial)}"
        ids = [anchor] if anchor != "people-" and anchor not in anchors else []
        anchors.update(ids)
        grouped += [nodes.rubric(initial, initial, ids=ids), group]
    return grouped


PEOPLE = ListingKind("people", people_rows, listed(counted_row_item, arrange=by_initial), directive=True)
APPEARANCES = ListingKind("appearances", appearances_rows, listed(appearance_item), directive=True)
YEARS = ListingKind("years", years_rows, listed(counted_row_item), directive=True)
KINDS = (PEOPLE, APPEARANCES, YEARS)
