"""The index of people: a domain index, printed at the end of every document."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, cast

from sphinx.domains import Index, IndexEntry

from handbook.content import names
from handbook.content.records import Page, Speaker, Target

if TYPE_CHECKING:
    from handbook.domain import HandbookDomain


class PeopleIndex(Index):
    """Everyone who spoke, with the meetings where they speak: in print, one line per meeting
    with its page (handbook.sty sets the name once); in HTML, the meetings under each name."""

    name = "people"
    localname = "Index of people"
    shortname = "people"

    def generate(self, docnames=None) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = cast("HandbookDomain", self.domain)
        titles = {slug: target.title for slug, target in domain.index["person"].items()}
        families = {slug: person.family for slug, person in domain.tree.registry.items()}
        spoke: dict[str, list[tuple[str, Page, Speaker]]] = defaultdict(list)
        for docname, page in domain.meetings():
            if docnames is None or docname in docnames:
                for speaker in page.speakers:
                    spoke[speaker.person].append((docname, page, speaker))
        content: dict[str, list[IndexEntry]] = defaultdict(list)
        for slug, found in sorted(
            spoke.items(),
            key=lambda item: (
                names.sort_key(titles.get(item[0]) or item[1][0][2].name, families.get(item[0], "")),
                item[0],
            ),
        ):
            name = titles.get(slug) or found[0][2].name
            letter = names.index_letter(name, families.get(slug, ""))
            found.sort(key=lambda item: (item[1].title.casefold(), item[0]))
            if docnames is None:
                person = domain.index["person"].get(slug, Target("", "", "")).docname
                content[letter].append(IndexEntry(name, 1, person, "", "", "", ""))
                content[letter] += [
                    IndexEntry(page.title, 2, doc, speaker.anchor, said(speaker), "", "")
                    for doc, page, speaker in found
                ]
            else:
                content[letter] += [
                    IndexEntry(name, 0, doc, speaker.anchor, page.title, "", "") for doc, page, speaker in found
                ]
        return list(content.items()), False  # letters in the order of their people


def said(speaker: Speaker) -> str:
    """How the note names and describes a speaker at one meeting."""
    return ", ".join(part for part in (speaker.name, speaker.role, speaker.org) if part)
