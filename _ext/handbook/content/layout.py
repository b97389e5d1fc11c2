"""Where each thing lives in the source tree: what a document's name says (its kind, its cell,
a meeting's slug and date), and which cells, themes and meeting notes exist."""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path

from handbook.content.names import is_name

#: folders the build writes pages into, from the notes (see reading/pages.py and latex/startpages.py)
GENERATED = ("people", "archive", "guides")

_DATE_PREFIX = re.compile(r"^(?:\d{4}(?:-\d{2}){0,2}|undated)-")


def meeting_slug(docname: str) -> str:
    """A meeting's identity: its file name without the date (unique across cells)."""
    return _DATE_PREFIX.sub("", docname.rsplit("/", 1)[-1])


def named_date(docname: str) -> str | None:
    """The date a meeting's file name gives (`2023-01-08`, `2023-01`, `2023` or `undated`), or
    None for a name with none."""
    found = _DATE_PREFIX.match(docname.rsplit("/", 1)[-1])
    return found[0][:-1] if found else None


def page_kind(docname: str) -> str:
    """What a document is in the handbook, from where it lives: "cell", "meeting", "theme",
    "essay", "person", "year", "section" (a folder's index) or "page"."""
    parts = docname.split("/")
    if parts[0] == "cells" and len(parts) == 3:
        return "cell" if parts[2] == "index" else "meeting"
    if parts[0] in ("themes", "essays", "people", "archive") and len(parts) == 2:
        if parts[1] == "index":
            return "section"
        return {"themes": "theme", "essays": "essay", "people": "person", "archive": "year"}[parts[0]]
    return "page"


def cell_of(docname: str) -> str:
    """The cell of a document under `cells/<cell>/`: the name's second part (IndexError for a
    name with one part)."""
    return docname.split("/")[1]


def _named_files(folder: Path, pattern: str) -> list[Path]:
    """The Markdown files of `pattern` under `folder` whose folders and names are names, and that
    are files of their own, not links: anything else is left out of the build (see names.py).
    Every build lists the archive's notes, so each folder is looked at once."""
    found: list[Path] = []
    links: dict[str, bool] = {}
    for relative in glob.glob(pattern, root_dir=folder):
        parts = relative.removesuffix(".md").split(os.sep)
        if not all(map(is_name, parts)):
            continue
        steps = [os.sep.join(relative.split(os.sep)[: depth + 1]) for depth in range(len(parts))]
        if not any(links.setdefault(step, os.path.islink(os.path.join(folder, step))) for step in steps):
            found.append(folder / relative)
    return found


def known_themes(srcdir: Path) -> set[str]:
    """A theme exists exactly when its page exists."""
    return {path.stem for path in _named_files(srcdir / "themes", "*.md") if path.stem != "index"}


def known_cells(srcdir: Path) -> set[str]:
    """A cell exists exactly when its folder has an index page."""
    return {path.parent.name for path in _named_files(srcdir / "cells", "*/index.md")}


def meeting_sources(srcdir: Path) -> list[Path]:
    """Every meeting note of the source tree, in a stable order."""
    return sorted(path for path in _named_files(srcdir / "cells", "*/*.md") if path.name != "index.md")
