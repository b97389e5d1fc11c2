"""Pages generated from the archive before Sphinx reads it: one per person and per year.

They are written into the source tree (`people/`, `archive/`, ignored by git) so that they are
real documents: in the navigation, the search, the inventory and the PDF. Each holds only a
title and a listing directive; the listing is filled from the domain after all notes are read.
A file is rewritten only when its text changes, so an incremental build stays incremental.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from sphinx.application import Sphinx

from handbook.content import fields
from handbook.content.people import Person, people_of, speakers_of
from handbook.content.text import read_source
from handbook.domain import handbook_domain


def escape_title(text: str) -> str:
    """A name as a Markdown heading that shows exactly as written."""
    return "".join(f"\\{char}" if char in "\\`*_[]<>#&{}|!$~" else char for char in text)


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def sync_folder(folder: Path, pages: dict[str, str]) -> None:
    """Make `folder` hold exactly these pages (name → text), removing what is gone."""
    for name, text in pages.items():
        write_if_changed(folder / f"{name}.md", text)
    if folder.exists():
        for stale in folder.glob("*.md"):
            if stale.stem not in pages:
                stale.unlink()


def person_page(person: Person) -> str:
    aliases = ", ".join(escape_title(alias) for alias in person.aliases)
    also = f"Also named in the notes as: {aliases}.\n\n" if aliases else ""
    return (
        f"---\norphan: true\n---\n# {escape_title(person.name)}\n\n{also}"
        "The meetings at which they spoke, with the name, role and organisation each note gives. "
        "See also [everyone who has spoken](index.md).\n\n"
        f":::{{appearances}} {person.slug}\n:::\n"
    )


#: The archive's group of meetings whose notes give no date (`archive/undated`), so that every
#: meeting is reachable by date, and none is given one it does not have.
UNDATED = "undated"


def year_page(year: str) -> str:
    if year == UNDATED:
        return (
            "---\norphan: true\n---\n# Undated\n\n"
            "Meetings whose notes give no date. They are listed by title; each is also on its cell's page.\n\n"
            f":::{{meetings}}\n:year: {UNDATED}\n:::\n"
        )
    return f"---\norphan: true\n---\n# {year}\n\n:::{{meetings}}\n:year: {year}\n:::\n"


PEOPLE_INDEX = """# People

Everyone who has spoken at a meeting, with the number of meetings at which they spoke.

:::{people}
:::
"""

ARCHIVE_INDEX = """# Archive

Meetings by year, and the meetings whose notes give no date.

:::{years}
:::
"""


#: Where the facts read from each note for these pages are kept between builds: in the domain's
#: data (pickled with the environment), under this key.
FACTS = "note_facts"


class NoteFacts(NamedTuple):
    """What the person and year pages need of one meeting note, and the file they were read from."""

    size: int  #: bytes
    mtime_ns: int  #: modification time, nanoseconds since the epoch
    speakers: list[tuple[str, str]]  #: as `content.people.speakers_of` gives them
    year: str  #: the year of its date, or UNDATED


def note_facts(srcdir: Path, notes: list[Path], kept: dict) -> list[NoteFacts]:
    """The facts of each meeting note in `notes` (paths under `srcdir`), in that order. A note is
    read again only when its path, size or modification time changed since `kept` was filled
    (`kept` is updated in place: path → `NoteFacts`); the file is looked at before it is read, so
    an edit made while a build reads it is read by the next build. A date in the future shows as
    none, so everything is read again on another day."""
    today = dt.date.today().isoformat()
    if kept.get("today") != today:
        kept.clear()
        kept["today"] = today
    known = kept.setdefault("notes", {})
    found, facts = set(), []
    for path in notes:
        key = path.relative_to(srcdir).as_posix()
        stat = path.stat()
        entry = known.get(key)
        if entry is None or (entry.size, entry.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
            text = read_source(path)[0]
            data, lines, _ = fields.read_mapping(text)
            # Checked as the build checks it: a date that is wrong or in the future shows as none.
            meta, _ = fields.validate_meeting(data, lines, set())
            year = str(meta.date.year) if meta.date else UNDATED
            entry = known[key] = NoteFacts(stat.st_size, stat.st_mtime_ns, speakers_of(text), year)
        found.add(key)
        facts.append(entry)
    for gone in known.keys() - found:
        del known[gone]
    return facts


def generate(app: Sphinx) -> None:
    """builder-inited, after `sources.note_tree` (whose tree lists the notes): bring the generated
    pages in line with the notes, reading only the notes changed since the last build (`note_facts`)."""
    srcdir = Path(app.srcdir)
    domain = handbook_domain(app.env)
    # In content.layout.meeting_sources' order, which decides whose spelling of a name a person page shows.
    notes = sorted(srcdir / f"{docname}.md" for docnames in domain.tree.meetings.values() for docname in docnames)
    kept = domain.recall(FACTS, {})
    facts = note_facts(srcdir, notes, kept)
    domain.remember(FACTS, kept)
    people = people_of(domain.tree.registry, (note.speakers for note in facts))
    pages = {slug: person_page(person) for slug, person in people.items()}
    pages["index"] = PEOPLE_INDEX
    sync_folder(srcdir / "people", pages)
    pages = {year: year_page(year) for year in {note.year for note in facts}}
    pages["index"] = ARCHIVE_INDEX
    sync_folder(srcdir / "archive", pages)
