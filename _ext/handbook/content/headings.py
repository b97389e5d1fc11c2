"""A page's headings as Markdown reads them, without parsing the page: where its front matter
ends, its title, and a heading that skips a level (CommonMark's ATX and setext headings, outside
fenced blocks)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from handbook.diagnostics import Problem

_ATX = re.compile(r"^ {0,3}(?P<level>#{1,6})(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})")
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:[-*+>|:%]|\d+[.)]|$)")


def body_start(lines: list[str]) -> int:
    """Index of the first line after the front matter."""
    if lines and lines[0].strip() == "---":
        for number, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return number + 1
    return 0


def front_matter_unclosed(lines: list[str]) -> bool:
    """A page that opens front matter (`---`) and has no line that closes it: MyST would read
    the `---` as a rule at the top of the page and the keys as its text."""
    return bool(lines) and lines[0].strip() == "---" and not body_start(lines)


def headings(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """(file line, level, text) of every heading of the page outside fenced blocks, in order."""
    fence, previous = "", ""
    for number in range(body_start(lines), len(lines)):
        line = lines[number]
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if opening := _FENCE_OPEN.match(line):
            fence, previous = opening["fence"], ""
            continue
        if heading := _ATX.match(line):
            yield number + 1, len(heading["level"]), heading["title"] or ""
            previous = ""
            continue
        if previous and _UNDERLINE.match(line):
            yield number, 1 if line.strip().startswith("=") else 2, previous.strip()
            previous = ""
            continue
        previous = "" if _NOT_PARAGRAPH.match(line) else line


def title_of(lines: list[str]) -> tuple[int, str] | None:
    """(file line, text) of the page's title: its first heading outside fenced blocks."""
    first = next(headings(lines), None)
    return (first[0], first[2]) if first else None


def page_title(text: str) -> str:
    """A page's title as written in Markdown (its first heading, after any front matter), or "" if
    it has none."""
    title = title_of(text.split("\n"))
    return title[1] if title else ""


def heading_problems(lines: list[str]) -> list[Problem]:
    """A heading more than one level below the one before it (`#` then `###`): the page's
    outline, its table of contents and the PDF's bookmarks skip a level."""
    problems, before = [], 0
    for line, level, _ in headings(lines):
        if before and level > before + 1:
            problems.append(
                Problem(
                    line,
                    f"a level-{level} heading ({'#' * level}) right after a level-{before} "
                    f"one: write {'#' * (before + 1)} here, so the page's outline has no gap",
                    "heading",
                )
            )
        before = level
    return problems
