"""What a printed document selects: the archive read without Sphinx (every note's cell, themes,
speakers and year) and a selection of the website's facets (theme, cell, person, year), with
its name and what is wrong with it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from handbook import diagnostics
from handbook.content import fields, layout
from handbook.content.headings import page_title
from handbook.content.people import people_of, read_registry, speakers_of
from handbook.content.text import read_source
from handbook.latex.settings import PAPERS
from handbook.reading.pages import escape_title


@dataclass
class Note:
    """A meeting as the start pages need it."""

    docname: str
    cell: str
    themes: list[str]
    speakers: list[str]
    year: str  # "" when undated

    def matches(self, selection: dict[str, str]) -> bool:
        """Whether the meeting has every facet of the selection (as the website's search filters)."""
        facts = {"cell": [self.cell], "theme": self.themes, "person": self.speakers, "year": [self.year]}
        return all(value in facts[facet] for facet, value in selection.items())


@dataclass
class Archive:
    """What the start pages are written from, read without Sphinx."""

    cells: dict[str, str]  # slug → its `# Title` as written
    themes: dict[str, str]
    notes: list[Note]  # newest first
    essays: dict[str, list[str]]  # meeting slug → essays that hold part of its note
    people: dict[str, str]  # slug → name

    @classmethod
    def read(cls, srcdir: Path) -> Archive:
        def title(path: Path, default: str) -> str:
            return page_title(read_source(path)[0]) if path.exists() else escape_title(default)

        themes = {slug: title(srcdir / "themes" / f"{slug}.md", slug) for slug in sorted(layout.known_themes(srcdir))}
        cells = {slug: title(srcdir / "cells" / slug / "index.md", slug) for slug in sorted(layout.known_cells(srcdir))}
        dated, spoken = [], []
        for path in layout.meeting_sources(srcdir):
            text = read_source(path)[0]
            data, lines, _ = fields.read_mapping(text)
            meta, _ = fields.validate_meeting(data, lines, set(themes))
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            spoken.append(speakers_of(text))
            speakers = [slug for slug, _ in spoken[-1]]
            year = str(meta.date.year) if meta.date else ""
            note = Note(docname, layout.cell_of(docname), meta.themes, speakers, year)
            # The listings' order: newest first, then by title and file.
            dated.append(((meta.date.sort_key() if meta.date else (0, 0, 0)), page_title(text), docname, note))
        essays = defaultdict(list)
        for path in sorted((srcdir / "essays").glob("*.md")):
            meeting = fields.read_mapping(read_source(path)[0])[0].get("meeting")
            if meeting:
                essays[str(meeting)].append(path.relative_to(srcdir).with_suffix("").as_posix())
        notes = [entry[-1] for entry in sorted(dated, key=lambda entry: entry[:3], reverse=True)]
        people = {slug: person.name for slug, person in people_of(read_registry(srcdir), spoken).items()}
        return cls(cells, themes, notes, dict(essays), people)

    def with_essays(self, notes: list[Note]) -> list[str]:
        """The meetings' pages, each followed by the essays that hold part of its note."""
        return [
            doc for note in notes for doc in (note.docname, *self.essays.get(layout.meeting_slug(note.docname), []))
        ]


#: The facets a guide selects meetings by, as the website's search filters them; a guide's name
#: joins them in this order (`guide-health-cell-leadership`).
FACETS = ("theme", "cell", "person", "year")


def parse_selection(text: str) -> dict[str, str]:
    """`theme=health,cell=leadership` (empty values ignored) → {"theme": "health", "cell": …}.
    Raises ValueError for a facet not in `FACETS` or a part without `=`."""
    selection = {}
    for part in filter(None, (part.strip() for part in text.split(","))):
        facet, equals, value = part.partition("=")
        if not equals or facet.strip() not in FACETS:
            raise ValueError(f"{part!r} is not one of {', '.join(f'{facet}=…' for facet in FACETS)}")
        if value.strip():
            selection[facet.strip()] = value.strip()
    return selection


def selection_name(selection: dict[str, str], paper: str = "a4") -> str:
    """The document's name for a selection, which no other selection or paper shares: a theme's
    alone is `guide-health` (the theme's page links to it); any other names each facet but the
    theme, `guide-cell-leadership`, `guide-health-cell-leadership-year-2023`; on paper other than
    A4 it ends with the paper's name (`guide-health-a5`)."""
    parts = [
        f"{facet}-{selection[facet]}" if facet != "theme" else selection[facet]
        for facet in FACETS
        if facet in selection
    ]
    return "guide-" + "-".join(parts) + paper_suffix(paper)


def paper_suffix(paper: str) -> str:
    """What a document's name ends with on this paper: nothing on A4, `-a5`, `-letter`."""
    return "" if paper not in PAPERS or paper == "a4" else f"-{paper}"


def selection_problem(selection: dict[str, str], archive: Archive) -> str:
    """Why a selection names nothing ('' if every facet names something)."""
    known = {
        "theme": archive.themes,
        "cell": archive.cells,
        "person": archive.people,
        "year": {note.year for note in archive.notes if note.year},
    }
    for facet, value in selection.items():
        if value not in known[facet]:
            return (
                f"no {facet} {value!r}{diagnostics.suggestion(value, set(known[facet])) or '.'} "
                f"Known: {', '.join(sorted(known[facet]))}"
            )
    if not selection:
        return "it selects nothing: give a theme, cell, person or year"
    return ""


def no_meeting(selection: dict[str, str], archive: Archive) -> str:
    """Why a selection of known facets prints nothing: no meeting has them all ('' if one has)."""
    if any(note.matches(selection) for note in archive.notes):
        return ""
    return "no meeting has every one of " + ", ".join(f"{facet} {value!r}" for facet, value in selection.items())


def selection_heading(selection: dict[str, str], archive: Archive) -> str:
    """A selection's title as a Markdown heading: "Health · Leadership"."""
    titles = {"theme": archive.themes, "cell": archive.cells}
    return " · ".join(
        titles[facet][value] if facet in titles else escape_title(archive.people.get(value, value))
        for facet, value in selection.items()
    )


def repeated_declaration(declared: list, index: int) -> str:
    """Why the `index`th guide of `handbook_guides` would print a second copy ('' if it would not):
    the name or the selection of an earlier declaration, or the selection of a theme's guide. Known
    from the declarations alone, so that the website links only the guides printed."""

    def facets(entry) -> dict[str, str]:
        return (
            {str(key): str(value) for key, value in entry.items() if key not in ("name", "title")}
            if isinstance(entry, dict)
            else {}
        )

    entry = declared[index]
    name, selection = str(entry.get("name", "")) if isinstance(entry, dict) else "", facets(entry)
    if any(isinstance(earlier, dict) and str(earlier.get("name", "")) == name for earlier in declared[:index]):
        return f"another guide declared before it is named {name!r}: give it another name"
    if list(selection) == ["theme"]:
        return f"it selects what the theme's guide guide-{selection['theme']}.pdf does"
    for earlier in declared[:index]:
        if selection and facets(earlier) == selection:
            return f"it selects what guide-{earlier.get('name')}.pdf, declared before it, does"
    return ""
