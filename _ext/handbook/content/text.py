"""A source file's text as the handbook reads it: UTF-8, universal newlines, and without the
control characters an editor cannot see, each mistake reported at its line."""

from __future__ import annotations

import re
from pathlib import Path

from handbook.diagnostics import Problem

# Characters an editor cannot see and did not mean to type, usually pasted from another program:
# C0 and C1 controls (tab, newline and carriage return are text), the Unicode line and paragraph
# separators, at which Python splits lines but Markdown does not, and what no XML document (a
# feed, a sitemap, a page) can hold: U+FFFE, U+FFFF and lone surrogates (XML 1.0, production 2).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def read_source(path: Path) -> tuple[str, list[Problem]]:
    """A source file as the handbook reads it, and what is wrong with its characters: bytes that
    are not UTF-8 become U+FFFD and control characters are removed, so a stray byte costs a
    warning, never the build."""
    raw = path.read_bytes()
    problems = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                line,
                f"this file is not UTF-8 text: the byte 0x{raw[error.start]:02x} on this line shows as \ufffd; "
                "save the file as UTF-8",
                "encoding",
            )
        )
    # As Sphinx reads a source (universal newlines): a file saved with bare CR endings by an old
    # program has its lines too.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, found = strip_controls(text.removeprefix("\ufeff"))
    return text, problems + found


def strip_controls(text: str) -> tuple[str, list[Problem]]:
    """The text without control characters, and one problem that says where they were. One
    search finds whether there are any; only then is the text read line by line."""
    if not _CONTROL.search(text):
        return text, []
    lines = [number for number, line in enumerate(text.split("\n"), start=1) if _CONTROL.search(line)]
    if not lines:
        return text, []
    first = _CONTROL.search(text.split("\n")[lines[0] - 1])
    assert first is not None  # the line was found by the same search
    code = ord(first.group())
    kind = (
        "the character U+{:04X}, which no web page or feed can hold,"
        if code >= 0xD800
        else "invisible control character U+{:04X}"
    ).format(code)
    message = f"{kind} at column {first.start() + 1}"
    if len(lines) > 1:
        shown = ", ".join(map(str, lines[1:6])) + (", …" if len(lines) > 6 else "")
        message += f", and more on line{'s' if len(lines) > 2 else ''} {shown}"
    message += ": they are left out of the page; delete them"
    return _CONTROL.sub("", text), [Problem(lines[0], message, "control")]
