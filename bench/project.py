"""The archive written into a copy of the handbook project, in the markup editors write.

Everything of the project but its content is copied (configuration, extension, static files
and whatever else lives at the top), so the benchmark builds what `make html` builds; cells,
themes, essays and `people.yaml` come from the synthetic archive. Top-level pages (the front
page, the editors' guide) speak of the real archive, so the copy keeps only their titles and
toctrees: the site's navigation stays the project's own. The project's `cells/` is never touched.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import yaml

from .archive import Archive, Inline, Keypoints, Note, Speaker

PROJECT = Path(__file__).resolve().parent.parent
#: the project's content, its generated pages and what is not part of a build
NOT_COPIED = {
    "cells",
    "themes",
    "essays",
    "people",
    "archive",
    "guides",
    "people.yaml",
    "tests",
    "bench",
    "_build",
    "README.md",
    "Makefile",
    "requirements.txt",
    "pyproject.toml",
}

FRONT_MATTER = re.compile(r"\A---\n.*?^---\n", re.MULTILINE | re.DOTALL)
TOCTREE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{toctree\}.*?^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)

CELLS_INDEX = """# Cells

The network's cells, each with its thought leader and its meetings.

:::{toctree}
:maxdepth: 1
:glob:

*/index
:::
"""

THEMES_INDEX = """# Themes

Each theme page lists the meetings that carry it.

:::{toctree}
:maxdepth: 1
:glob:

*
:::
"""

ESSAYS_INDEX = """# Essays

Long-form pieces of the network.

:::{toctree}
:maxdepth: 1
:glob:

*
:::
"""


def inline(parts: list[Inline]) -> str:
    return "".join(
        part
        if isinstance(part, str)
        else f"{{{part.kind}}}`{part.text} <{part.target}>`"
        if part.text
        else f"{{{part.kind}}}`{part.target}`"
        for part in parts
    )


def speaker(card: Speaker, canonical: str, number: int) -> str:
    lines = [f":::{{speaker}} {card.name}"]
    lines += [f":{key}: {value}" for key, value in (("role", card.role), ("org", card.org)) if value]
    # Editors write `:person:` when the card's name is not the canonical one, and often anyway.
    if card.name != canonical or number % 3:
        lines.append(f":person: {card.person}")
    if card.body:
        lines += ["", inline(card.body)]
    return "\n".join([*lines, ":::"])


def keypoints(block: Keypoints) -> str:
    lines = [f":::{{keypoints}} {block.title}", f":attribution: {block.attribution}", ""]
    for label, text in block.points:
        lines += [f"- ({label})=", f"  {inline(text)}"] if label else [f"- {inline(text)}"]
    return "\n".join([*lines, ":::"])


def front_matter(note: Note) -> str:
    lines = ["---"]
    if note.date:
        lines.append(f"date: {note.date}")
    lines.append(f"themes: [{', '.join(note.themes)}]")
    if note.question:
        lines.append(f"question: {json.dumps(note.question, ensure_ascii=False)}")
    if note.format:
        lines.append(f"format: {note.format}")
    return "\n".join([*lines, "---"])


def note_text(archive: Archive, note: Note) -> str:
    blocks = [front_matter(note), f"# {note.title}"]
    for block in note.blocks:
        if isinstance(block, Speaker):
            blocks.append(speaker(block, archive.people[block.person].name, note.number))
        elif isinstance(block, Keypoints):
            blocks.append(keypoints(block))
        else:
            blocks.append(inline(block))
    return "\n\n".join(blocks) + "\n"


def thought_leaders(archive: Archive) -> dict[str, str]:
    """cell → the first speaker of its first note, named on the cell's page."""
    leaders: dict[str, str] = {}
    for note in archive.notes:
        leaders.setdefault(note.cell, note.speakers[0].person)
    return leaders


def cell_text(archive: Archive, cell: str, leader: str | None) -> str:
    text = f"# {archive.cells[cell]}\n\nThe notes of this cell ask how people and places can work better together."
    if leader:
        text += f" Its thought leader is {{person}}`{archive.people[leader].name} <{leader}>`."
    return text + "\n"


def registry(archive: Archive) -> str:
    entries = {
        person.slug: {"name": person.name, **({"aliases": person.aliases} if person.aliases else {})}
        for person in sorted(archive.speaking().values(), key=lambda person: person.slug)
    }
    return "# Canonical names of the people who speak at meetings.\n" + yaml.safe_dump(
        entries, allow_unicode=True, sort_keys=True
    )


def title_and_toctrees(text: str) -> str:
    """A top-level page's front matter (such as `orphan: true`), title and toctrees."""
    front = FRONT_MATTER.match(text)
    title = next((line for line in text.splitlines() if line.startswith("# ")), "# Page")
    return (
        (front.group() if front else "")
        + "\n\n".join([title, *(match.group() for match in TOCTREE.finditer(text))])
        + "\n"
    )


def write(archive: Archive, dest: Path) -> Path:
    """A copy of the project at `dest` holding the archive as its content."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in PROJECT.iterdir():
        if entry.name.startswith(".") or entry.name in NOT_COPIED:
            continue
        if entry.is_dir():
            shutil.copytree(entry, dest / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        elif entry.suffix == ".md":
            (dest / entry.name).write_text(title_and_toctrees(entry.read_text(encoding="utf-8")), encoding="utf-8")
        elif entry.name == "conf.py":
            # The guides conf.py declares select the real archive's cells and themes.
            (dest / entry.name).write_text(
                entry.read_text(encoding="utf-8") + "\nhandbook_guides = []\n", encoding="utf-8"
            )
        else:
            shutil.copy2(entry, dest / entry.name)
    files = {
        "people.yaml": registry(archive),
        "cells/index.md": CELLS_INDEX,
        "themes/index.md": THEMES_INDEX,
        "essays/index.md": ESSAYS_INDEX,
        "essays/what-we-learned.md": f"---\nmeeting: {archive.notes[0].slug}\n---\n# What we learned\n\n"
        "Long-form reflections of the network on its meetings.\n",
    }
    leaders = thought_leaders(archive)
    files.update({f"cells/{cell}/index.md": cell_text(archive, cell, leaders.get(cell)) for cell in archive.cells})
    files.update(
        {
            f"themes/{theme}.md": f"# {title}\n\nThe notes of this theme, across cells.\n"
            for theme, title in archive.themes.items()
        }
    )
    files.update({f"{note.docname}.md": note_text(archive, note) for note in archive.notes})
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest
