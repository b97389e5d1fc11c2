"""The markup a note may use, and the rules that refuse the rest.

Notes arrive from many editors and are built on public machines with secrets in their
environment, so a note is content, never code: it may use the handbook's directives and roles,
sphinx-design's display components, admonitions, tables, footnotes, citations, code shown as
text, math of a safe subset, and images and links that stay inside the project or go to the
web. Everything else, and above all what reads a file by path (`include`, `literalinclude`,
`csv-table :file:`, `download`, `raw`), evaluates other markup (`eval-rst`) or runs TeX
primitives, is refused with one located warning and contributes nothing.

Here: the directives and roles a note may use, and where a refused thing stands in a note;
where links and images may go is `links.py`, and the math subset `texmath.py`. These are pure
functions of text, used alike by the build (directives.py, safety.py) and by `python -m handbook
check`, so both give the same words at the same line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: directive → what it is for; every other directive is refused (`directive_refusal`)
DIRECTIVES: dict[str, str] = {
    **dict.fromkeys(("speaker", "keypoints"), "the handbook's speaker cards and key points"),
    **dict.fromkeys(("meetings", "people", "years", "appearances", "digest"), "the handbook's listings"),
    **dict.fromkeys(
        ("handbook-warnings", "handbook-markup", "handbook-example"), "the editors' guide's tables and examples"
    ),
    "toctree": "the pages a section holds",
    **dict.fromkeys(
        (
            "admonition",
            "attention",
            "caution",
            "danger",
            "error",
            "hint",
            "important",
            "note",
            "tip",
            "warning",
            "seealso",
        ),
        "admonitions",
    ),
    **dict.fromkeys(
        (
            "topic",
            "sidebar",
            "rubric",
            "epigraph",
            "highlights",
            "pull-quote",
            "compound",
            "container",
            "line-block",
            "parsed-literal",
            "centered",
            "glossary",
            "contents",
        ),
        "text blocks",
    ),
    **dict.fromkeys(("code", "code-block", "sourcecode"), "code shown as typed"),
    **dict.fromkeys(("table", "list-table", "csv-table"), "tables (a csv-table's rows written in the note)"),
    **dict.fromkeys(("image", "figure", "figure-md"), "images from inside the project, or from the web"),
    "math": "math, of the safe subset",
    **dict.fromkeys(("bibliography", "footbibliography"), "works cited, from references.bib"),
    **dict.fromkeys(
        (
            "grid",
            "grid-item",
            "grid-item-card",
            "card",
            "card-header",
            "card-footer",
            "card-carousel",
            "tab-set",
            "tab-item",
            "tab-set-code",
            "dropdown",
            "button-link",
            "button-ref",
            "div",
            "article-info",
        ),
        "sphinx-design's display components",
    ),
}

#: role → what it is for; every other role is refused (`role_refusal`)
ROLES: dict[str, str] = {
    **dict.fromkeys(("cell", "meeting", "theme", "person", "keypoint"), "the handbook's links"),
    **dict.fromkeys(("doc", "ref", "numref", "term"), "links inside the handbook"),
    **dict.fromkeys(
        (
            "emphasis",
            "strong",
            "literal",
            "code",
            "subscript",
            "superscript",
            "sub",
            "sup",
            "title-reference",
            "abbr",
            "abbreviation",
            "acronym",
            "kbd",
            "guilabel",
            "menuselection",
            "dfn",
            "samp",
            "command",
        ),
        "inline text styles",
    ),
    "math": "math, of the safe subset",
    "eq": "a link to a numbered equation",
    "lang": "words in another language or script, marked for screen readers and line breaking",
    **dict.fromkeys(("cite", "footcite"), "citations of references.bib (cite:p, cite:t, footcite:p…)"),
    **dict.fromkeys(
        ("bdg", "octicon", "fa", "fab", "far", "fas"),
        "sphinx-design's badges and icons (bdg-*, bdg-link-*, bdg-ref-* too)",
    ),
}
_ROLE_FAMILIES = re.compile(r"(?:bdg|bdg-link|bdg-ref)-[a-z]+(?:-line)?|(?:cite|footcite):[a-z]+|math:numref")

#: why a refused directive or role is dangerous, where it is; the rest are simply not needed
_DANGEROUS = {
    **dict.fromkeys(
        ("include", "literalinclude", "download", "csv-table :file:", "csv-table :url:"),
        "it reads a file of the build machine",
    ),
    **dict.fromkeys(("raw",), "it passes text to the page unescaped"),
    **dict.fromkeys(("eval-rst", "eval-md"), "it reads other markup with rules of its own"),
    **dict.fromkeys(
        ("meta", "tabularcolumns", "role", "default-role", "title"),
        "it writes into the page's head, its LaTeX or its markup rules",
    ),
}
GUIDE = "see 'What a note may use' in the editors' guide"


def allowed_role(name: str) -> bool:
    """Whether a note may use the role `name`: one of `ROLES`, or of its families (`bdg-info`,
    `cite:t`)."""
    return name in ROLES or _ROLE_FAMILIES.fullmatch(name) is not None


#: how deeply directives may hold one another: more than any note needs (a speaker card in a
#: tab in a grid is three), and less than both the depth at which reading them exhausts Python's
#: stack (about 60, MyST reading a body by calling itself) and the depth at which boxes nested in
#: a printed document exhaust TeX's input stack (about 12)
NESTING = 8
NESTED_TOO_DEEP = (
    f"this block holds directives nested more than {NESTING} deep: those deeper are left out, with all they hold"
)


def directive_refusal(name: str) -> str | None:
    """Why a note may not use the directive `name`, or None if it may."""
    if name in DIRECTIVES:
        return None
    reason = _DANGEROUS.get(name, "it is not one a note needs")
    return f"the {{{name}}} directive is not allowed in notes: {reason}; it is left out ({GUIDE})"


def role_refusal(name: str) -> str | None:
    """Why a note may not use the role `name`, or None if it may."""
    if allowed_role(name):
        return None
    reason = _DANGEROUS.get(name, "it is not one a note needs")
    return f"the {{{name}}} role is not allowed in notes: {reason}; its text is shown as typed ({GUIDE})"


def option_refusal(directive: str, options: Mapping[str, object]) -> str | None:
    """A csv-table whose rows come from a file or an address is refused (its rows must be typed)."""
    for option in ("file", "url"):
        if directive == "csv-table" and option in options:
            return (
                f"a csv-table with :{option}: is not allowed in notes: it reads a file of the build "
                f"machine; write the rows in the note; the table is left out ({GUIDE})"
            )
    return None


CODE_BLOCKS = ("code-block", "code", "sourcecode")


def lines_refusal(directive: str, options: Mapping[str, object], lines: int) -> str | None:
    """Lines to emphasise beyond the `lines` a code block has: Sphinx lists every number of a
    range before it looks, so `1-60000000` would take gigabytes."""
    spec = str(options.get("emphasize-lines", "")) if directive in CODE_BLOCKS else ""
    if any(int(number) > lines for number in re.findall(r"\d+", spec)):
        return f":emphasize-lines: {spec!r} names lines this block of {lines} does not have; the option is left out"
    return None


# --- where a refused thing stands --------------------------------------------------------------


def locate(lines: list[str], start: int, needle: str, column: int = 0) -> tuple[int, int] | None:
    """(index in `lines`, column after it) of `needle` in the block that starts at `lines[start]`
    (from `column` on that line), or None. Markdown gives inline markup only its block's first
    line; this finds the line an editor must fix. It reads no further than the block's first
    blank line, so that locating everything in a note costs time linear in its length."""
    head, _, rest = needle.partition("\n")
    index = start
    while index < len(lines):
        at = lines[index].find(head, column if index == start else 0)
        if at >= 0:
            if not rest:
                return index, at + len(head)
            lines_down = needle.count("\n")
            return index + lines_down, len(needle.rsplit("\n", 1)[1])
        if index > start and not lines[index].strip():
            return None
        index += 1
    return None


def line_of(lines: list[str], start: int, needle: str) -> int:
    """The file line (from 1) of `needle` in the block at `lines[start]`, or the block's own line."""
    found = locate(lines, start, needle)
    return (found[0] if found else start) + 1
