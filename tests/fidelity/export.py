"""The network's blog export, split into notes and sentences: the handbook's test of truth."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXPORT = Path(__file__).parent / "export"
TAGGED = EXPORT / "000_1925fd97d4b396c3.txt"
UNTAGGED = EXPORT / "004_c2f067d5b356c482.txt"

# Lines the blog export adds around notes, not part of any note.
_TAG_LINE = re.compile(r"^.* A Better Way .* A Better Way$")
_ARTEFACTS = {"Read More"}
_RULE = re.compile(r"^[\s—-]+$")
_BULLET = re.compile(r"^\s*(?:[•·]|\d+\.)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)")


def normalise(text: str) -> str:
    """Whitespace (no-break spaces included) folded to one space; nothing else touched."""
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    """Each line's sentences, bullets and whitespace normalised, quotes and dashes as they are."""
    found = []
    for line in text.splitlines():
        line = normalise(_BULLET.sub("", line))
        if not line or line in _ARTEFACTS or _RULE.match(line) or _TAG_LINE.match(line):
            continue
        found += [part for part in _SENTENCE_END.split(line) if part]
    return found


@dataclass
class Note:
    source: str
    title: str
    text: str


def tagged_notes() -> list[Note]:
    """File 000: notes end at "Read More"; each starts with its tag line, then its title."""
    notes, chunk = [], []
    for line in TAGGED.read_text(encoding="utf-8").splitlines():
        if line.strip() == "Read More":
            notes.append(chunk)
            chunk = []
        else:
            chunk.append(line)
    if any(line.strip() for line in chunk):
        notes.append(chunk)
    result = []
    for lines in notes:
        body = [line for line in lines if line.strip() and not _TAG_LINE.match(line)]
        result.append(Note(TAGGED.name, normalise(body[0]), "\n".join(lines)))
    return result


def untagged_notes(titles: set[str]) -> list[Note]:
    """File 004 has no separators: a note starts at a line that is one of the known titles."""
    result: list[Note] = []
    for line in UNTAGGED.read_text(encoding="utf-8").splitlines():
        if normalise(line) in titles:
            result.append(Note(UNTAGGED.name, normalise(line), line))
        elif result:
            result[-1].text += "\n" + line
    return result
