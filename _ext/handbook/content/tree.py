"""What every note is checked against, read before any note is: the archive's cells, themes,
meetings and people, from file names and `people.yaml`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from handbook.content import layout
from handbook.content.people import Person, read_registry


@dataclass
class Tree:
    """What each note is checked against: the archive's cells, themes, meetings and people,
    read from file names and `people.yaml` before any note is read."""

    cells: set[str]
    themes: set[str]
    #: meeting slug → docnames of the notes with that slug, sorted: the first one owns it
    meetings: dict[str, list[str]]
    registry: dict[str, Person]
    #: a registry name or alias, case-folded → its person's slug
    names: dict[str, str]

    @classmethod
    def read(cls, srcdir: Path) -> Tree:
        meetings: dict[str, list[str]] = defaultdict(list)
        for path in layout.meeting_sources(srcdir):
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            meetings[layout.meeting_slug(docname)].append(docname)
        registry = read_registry(srcdir)
        names = {form.casefold(): slug for slug, person in registry.items() for form in (person.name, *person.aliases)}
        return cls(layout.known_cells(srcdir), layout.known_themes(srcdir), dict(meetings), registry, names)

    def signature(self) -> tuple:
        """What, when it changes, changes the warnings of notes that were not edited (a theme page
        added or removed decides which front matter is valid)."""
        duplicates = sorted((slug, tuple(docs)) for slug, docs in self.meetings.items() if len(docs) > 1)
        families = sorted((slug, person.family) for slug, person in self.registry.items() if person.family)
        return sorted(self.cells), sorted(self.themes), duplicates, sorted(self.names.items()), families
