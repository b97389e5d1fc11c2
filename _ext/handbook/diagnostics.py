"""The catalogue of the mistakes an editor can make: each warning's `handbook.<subtype>` and what
it means (`SUBTYPES`, shown by the editors' guide, `reading.editing.WarningsDirective`), a problem located
in its file, and the words every message is built from.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sphinx.util import logging

#: the kinds of warning, `handbook.<subtype>`, in the order the editors' guide gives them
Subtype = Literal[
    "encoding",
    "control",
    "empty",
    "long_line",
    "title",
    "place",
    "cell",
    "duplicate",
    "frontmatter",
    "date",
    "theme",
    "glyph",
    "speaker",
    "lang",
    "person",
    "people",
    "keypoints",
    "option",
    "listing",
    "ref",
    "footnote",
    "heading",
    "size",
    "name",
    "markup",
    "link",
    "path",
    "math",
    "image",
    "guide",
    "overfull",
]


@dataclass
class Problem:
    """A mistake in a source file, located for the editor: its line (from 1), the message and
    its kind."""

    line: int
    message: str
    subtype: Subtype


#: a line longer than this is, in practice, a note pasted without its line breaks
LONG_LINE = 5000

#: the most characters a page may hold: two hundred times the longest note of the archive (about
#: 150 printed pages). Reading a page costs time in proportion to its size, and a public build
#: must not be kept busy for minutes by one file.
MAX_SIZE = 1_000_000

#: warning subtype (`handbook.<subtype>`) → what it means and what to do about it
SUBTYPES: dict[Subtype, str] = {
    "encoding": "The file is not saved as UTF-8: its unreadable bytes show as �. Save it as UTF-8.",
    "control": "Invisible control characters, usually pasted from another program. They are left out "
    "of the page; delete them.",
    "empty": "The file is empty. Write the note, or delete the file.",
    "long_line": f"A line of more than {LONG_LINE:,} characters, usually a whole note pasted onto one line. "
    "Give each paragraph, heading and list item a line of its own.",
    "title": "The page has no `# Title` line, or its title has no letters or digits.",
    "place": "A meeting note outside a cell's folder `cells/<cell>/`: no listing shows it. Move it into "
    "its cell's folder.",
    "cell": "A note in a folder of `cells/` that has no `index.md`. Create the cell "
    "(`python -m handbook new cell`) or move the note.",
    "duplicate": "Two meeting notes with the same slug (the file name without its date): links reach "
    "only the first. Rename one.",
    "frontmatter": "Front matter that is not YAML, is not closed by a line `---`, has an unknown key, a key "
    "given twice or a value of the wrong type. The rest of the front matter is kept.",
    "date": "A date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, not a real day, or in the future: "
    "the page shows no date. Or a file name that dates the meeting otherwise than its `date:`: "
    "rename the file or correct the date.",
    "theme": "Front matter names a theme with no page `themes/<theme>.md`. Use a known theme or create "
    "it (`python -m handbook new theme`).",
    "glyph": "A character that no font of the printed handbook has (a newer emoji, a rare script): it would "
    "print as a blank. The website shows it.",
    "speaker": "A speaker card with no name: `:::{speaker} Name`.",
    "lang": "A `{lang}` role or a card's `:lang:` whose language is not a language code such as `ar`, `uk` "
    "or `zh-Hans`. The words are shown, unmarked.",
    "person": "A `:person:` that is not a slug, a speaker whose name gives no slug (write `:person:`), "
    "or a speaker who is probably someone already in "
    "`people.yaml` under another slug.",
    "people": "`people.yaml` that is not YAML, or an entry that is not `slug: {name: …, aliases: […]}`.",
    "keypoints": "A key-points block that is not exactly one flat list of `- ` items.",
    "option": "An option the directive does not know, such as `:organisation:` for `:org:`. It is ignored.",
    "listing": "A listing without the person or theme it lists.",
    "ref": "A `{cell}`, `{meeting}`, `{theme}`, `{person}`, `{keypoint}` or `{ref}`, a link to `#an-anchor` "
    "or a `{cite}` of a work `references.bib` does not hold, that names nothing, or a link `[words]()` with "
    "no address. It shows as plain text. Or a label `(name)=` given twice in a page: the second is left out.",
    "footnote": "A footnote `[^name]` with no text `[^name]: …` (it is shown as typed), a footnote's text "
    "that nothing in the page refers to, or a second text for the same name (it is left out). Write the one "
    "that is missing, or delete the other.",
    "heading": "A heading more than one level below the one before it, such as `###` right after `#`. "
    "The page's outline skips a level; use the next level down.",
    "size": f"A file of more than {MAX_SIZE:,} characters, which would keep the build busy for minutes. "
    "Only its title is shown; split it into several notes.",
    "name": "A file or folder whose name is not lower-case letters, digits and hyphens, or that is a link: "
    "names become addresses and commands, so it is left out. Rename it.",
    "markup": "A directive or role notes may not use, such as one that reads a file (`include`, "
    "`literalinclude`, `download`, `csv-table :file:`) or passes text on unescaped (`raw`, "
    "`eval-rst`). It is left out.",
    "link": "A link to an address that is not http, https or mailto (such as `javascript:`). The link "
    "is left out; its text stays.",
    "path": "An image or file outside the handbook's folder, in its build output or a hidden folder, or "
    "an image that is not PNG, JPEG, GIF, SVG or WebP. It is left out.",
    "math": "Math with a command outside the safe subset (such as `\\input` or `\\def`). The math is shown as typed.",
    # Found only when printing (make pdf): the mistakes below are tested by printing them.
    "image": "An image the printed documents cannot show: not SVG, PNG, JPEG, GIF or WebP, unreadable, or "
    "on another site. It is left out of the PDF; the website shows it.",
    "guide": "A guide in `handbook_guides` (conf.py) or asked of `make guide` that selects nothing: an unknown "
    "theme, cell, person or year, facets no meeting has together, a name that is not a slug or one "
    "another guide has. It is not printed.",
    "overfull": "A line of a printed document runs into the margin, usually a long address or word: "
    "`make pdf` names the note and the words.",
}
#: The kinds found only by printing (a LaTeX build and xelatex), not by `check` or the website.
PRINT_SUBTYPES: set[Subtype] = {"image", "guide", "overfull"}


@dataclass
class Located:
    """A problem in the file at `path` (from the source folder), printed as an editor reads it:
    `path:LINE: message [handbook.<subtype>]`."""

    path: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.path}:{self.problem.line}: {self.problem.message} [handbook.{self.problem.subtype}]"


def quoted(value: object, width: int = 60) -> str:
    """A value for a message, cut short: a pasted paragraph must not fill the terminal."""
    text = str(value)
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def suggestion(word: str, known: Iterable[str]) -> str:
    """`did you mean 'x'?` for the closest known name, or nothing."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def unknown_target(kind: str, target: str, known: Iterable[str]) -> str:
    """The message for a reference to nothing, with the closest name that exists."""
    return f"unknown {kind} {quoted(target)}: no {kind} of that name in the handbook{suggestion(target, known)}"


_logger = logging.getLogger("handbook")


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Log a warning of the handbook's as Sphinx prints it, `path:LINE: WARNING: message
    [handbook.<subtype>]`. `location` is what Sphinx's logging takes: a node, a (docname, line)
    pair or a `path:line` string; None for the build's configuration. Every warning of the
    handbook goes through here, so `-W` and `suppress_warnings` see one type, `handbook`."""
    _logger.warning(message, location=location, type="handbook", subtype=subtype)
