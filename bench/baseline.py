"""The same archive as a plain Sphinx + MyST + pydata-sphinx-theme project: the baseline.

Every page the handbook builds is written here too, with each directive replaced by the
plain Markdown it stands for: a speaker card is a bold linked name and a line of details, key
points a list, a reference a relative link, and every listing (a cell's meetings, a theme's
meetings and key points, a person's appearances, a year, related meetings, previous and next)
the same links written out. Cells list their meetings in a toctree, as plain Sphinx would, and
Sphinx keeps its own search.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path

from handbook.content.dates import PartialDate
from handbook.listings.digest import DIGEST_MEETINGS
from handbook.listings.meetings import RELATED_LIMIT

from .archive import Archive, Inline, Keypoints, Note, Ref, Speaker
from .project import CELLS_INDEX, ESSAYS_INDEX, THEMES_INDEX, thought_leaders

CONF = '''"""A plain Sphinx + MyST + pydata-sphinx-theme project: the handbook's baseline."""

project = "A Better Way handbook"
author = "A Better Way"
copyright = "A Better Way"
language = "en"
extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
html_title = "A Better Way handbook"
html_theme_options = {
    "navbar_align": "left",
    "show_nav_level": 1,
    "navigation_depth": 2,
    "secondary_sidebar_items": ["page-toc"],
}
'''

INDEX = """# A Better Way handbook

The notes of A Better Way's cells and events.

:::{toctree}
:hidden:

cells/index
themes/index
people/index
essays/index
archive/index
:::
"""


def display(date: str) -> str:
    return PartialDate.parse(date).display() if date else "undated"


class Writer:
    """Plain Markdown pages of one archive, with links relative to the page written."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.newest_first = sorted(archive.notes, key=Note.sort_key, reverse=True)
        self.by: dict[str, dict[str, list[Note]]] = {
            key: defaultdict(list) for key in ("cell", "theme", "person", "year")
        }
        for note in self.newest_first:
            self.by["cell"][note.cell].append(note)
            for theme in note.themes:
                self.by["theme"][theme].append(note)
            for person in dict.fromkeys(speaker.person for speaker in note.speakers):
                self.by["person"][person].append(note)
            if note.date:
                self.by["year"][note.date[:4]].append(note)

    def link(self, here: str, docname: str, text: str) -> str:
        path = posixpath.relpath(docname, posixpath.dirname(here))
        return f"[{text}]({path}.md)"

    def ref(self, here: str, ref: Ref) -> str:
        if ref.kind == "keypoint":
            slug = ref.target.rsplit("-kp-", 1)[0] if "-kp-" in ref.target else ref.target.removesuffix("-point")
            note = self.archive.by_slug[slug]
            return self.link(here, note.docname, ref.text or f"{note.title}, key point")
        if ref.kind == "person":
            return self.link(here, f"people/{ref.target}", ref.text or self.archive.people[ref.target].name)
        docname = {
            "meeting": lambda: self.archive.by_slug[ref.target].docname,
            "cell": lambda: f"cells/{ref.target}/index",
            "theme": lambda: f"themes/{ref.target}",
        }[ref.kind]()
        return self.link(here, docname, ref.text or self.archive.title(ref))

    def inline(self, here: str, parts: list[Inline]) -> str:
        return "".join(part if isinstance(part, str) else self.ref(here, part) for part in parts)

    def meeting_line(self, here: str, note: Note, prefix: str = "") -> str:
        cell = self.archive.cells[note.cell]
        return f"- {prefix}{self.link(here, note.docname, note.title)} — {display(note.date)} · {cell}"

    def listing(self, here: str, heading: str, notes: list[Note], prefixes: list[str] | None = None) -> str:
        if not notes:
            return ""
        lines = [
            self.meeting_line(here, note, prefix)
            for note, prefix in zip(notes, prefixes or [""] * len(notes), strict=True)
        ]
        return f"**{heading}**\n\n" + "\n".join(lines)

    def note(self, note: Note) -> str:
        here = note.docname
        facts = [display(note.date)] if note.date else []
        facts += [note.format] if note.format else []
        facts.append(self.link(here, f"cells/{note.cell}/index", self.archive.cells[note.cell]))
        blocks = [f"# {note.title}", " · ".join(facts)]
        if note.question:
            blocks.append(f"*{note.question}*")
        blocks.append(" ".join(self.link(here, f"themes/{theme}", self.archive.themes[theme]) for theme in note.themes))
        for block in note.blocks:
            if isinstance(block, Speaker):
                details = " · ".join(text for text in (block.role, block.org) if text)
                card = f"**{self.link(here, f'people/{block.person}', block.name)}**" + (
                    f"\\\n{details}" if details else ""
                )
                blocks.append(card + (f"\n\n{self.inline(here, block.body)}" if block.body else ""))
            elif isinstance(block, Keypoints):
                points = "\n".join(f"- {self.inline(here, text)}" for _, text in block.points)
                blocks.append(f"**{block.title}**\n\n{points}")
            else:
                blocks.append(self.inline(here, block))
        blocks.append(self.listing(here, "Related meetings", self.related(note)))
        in_cell = self.by["cell"][note.cell]
        position = in_cell.index(note)
        around = [
            (label, in_cell[at])
            for label, at in (("Previous", position + 1), ("Next", position - 1))
            if 0 <= at < len(in_cell)
        ]
        blocks.append(
            self.listing(
                here, "In this cell", [found for _, found in around], [f"**{label}:** " for label, _ in around]
            )
        )
        return "\n\n".join(block for block in blocks if block) + "\n"

    def related(self, note: Note) -> list[Note]:
        """Five meetings that share its first theme: the same amount of text as the handbook's."""
        return [other for other in self.by["theme"][note.themes[0]] if other is not note][:RELATED_LIMIT]

    def cell(self, cell: str, leader: str | None) -> str:
        here = f"cells/{cell}/index"
        text = (
            f"# {self.archive.cells[cell]}\n\n"
            "The notes of this cell ask how people and places can work better together."
        )
        if leader:
            text += f" Its thought leader is {self.link(here, f'people/{leader}', self.archive.people[leader].name)}."
        entries = "\n".join(note.docname.rsplit("/", 1)[-1] for note in self.by["cell"][cell])
        return f"{text}\n\n:::{{toctree}}\n:maxdepth: 1\n\n{entries}\n:::\n" if entries else text + "\n"

    def theme(self, theme: str) -> str:
        here = f"themes/{theme}"
        notes = self.by["theme"][theme]
        digest = "\n".join(
            f"- {self.inline(here, text)} ({self.link(here, note.docname, f'{note.title}, {display(note.date)}')})"
            for note in [note for note in notes if note.keypoints][:DIGEST_MEETINGS]
            for _, text in note.keypoints
        )
        return (
            f"# {self.archive.themes[theme]}\n\nThe notes of this theme, across cells.\n\n"
            f"{self.listing(here, 'Meetings', notes)}\n\n**Key points**\n\n{digest}\n"
        )

    def person(self, slug: str) -> str:
        here = f"people/{slug}"
        lines = []
        for note in self.by["person"][slug]:
            for card in note.speakers:
                if card.person == slug:
                    said = ", ".join(text for text in (card.role, card.org) if text)
                    lines.append(self.meeting_line(here, note) + f" — as {card.name}" + (f" ({said})" if said else ""))
        return f"---\norphan: true\n---\n# {self.archive.people[slug].name}\n\n" + "\n".join(lines) + "\n"

    def people_index(self) -> str:
        people = sorted(
            self.archive.speaking().values(), key=lambda person: (person.name.split()[-1].casefold(), person.slug)
        )
        groups: dict[str, list[str]] = defaultdict(list)
        for person in people:
            count = len(self.by["person"][person.slug])
            groups[person.name.split()[-1][:1].upper()].append(
                f"- {self.link('people/index', f'people/{person.slug}', person.name)} ({count} meetings)"
            )
        body = "\n\n".join(f"**{initial}**\n\n" + "\n".join(lines) for initial, lines in groups.items())
        return f"# People\n\nEveryone who has spoken at a meeting.\n\n{body}\n"

    def years(self) -> dict[str, str]:
        pages = {
            f"archive/{year}.md": f"---\norphan: true\n---\n# {year}\n\n"
            + "\n".join(self.meeting_line(f"archive/{year}", note) for note in notes)
            + "\n"
            for year, notes in self.by["year"].items()
        }
        lines = [
            f"- {self.link('archive/index', f'archive/{year}', year)} ({len(self.by['year'][year])} meetings)"
            for year in sorted(self.by["year"], reverse=True)
        ]
        pages["archive/index.md"] = "# Archive\n\nMeetings by year.\n\n" + "\n".join(lines) + "\n"
        return pages


def write(archive: Archive, dest: Path) -> Path:
    """The baseline project at `dest`."""
    writer = Writer(archive)
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "cells/index.md": CELLS_INDEX,
        "themes/index.md": THEMES_INDEX,
        "essays/index.md": ESSAYS_INDEX,
        "essays/what-we-learned.md": "# What we learned\n\nLong-form reflections of the network on its meetings.\n",
        "people/index.md": writer.people_index(),
        **writer.years(),
    }
    leaders = thought_leaders(archive)
    files.update({f"cells/{cell}/index.md": writer.cell(cell, leaders.get(cell)) for cell in archive.cells})
    files.update({f"themes/{theme}.md": writer.theme(theme) for theme in archive.themes})
    files.update({f"people/{slug}.md": writer.person(slug) for slug in archive.speaking()})
    files.update({f"{note.docname}.md": writer.note(note) for note in archive.notes})
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest
