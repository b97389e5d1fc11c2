"""The mistakes of a file as a whole, and the whole tree checked without Sphinx.

`python -m handbook check` reads the tree with `check_tree` (this archive: a tenth of a second).
The build meets the same mistakes one page at a time and reports them with the same functions
(file problems when a source is read, the directives' rules in the directives, unknown targets
in the domain), so both name the same file, line and words. The kinds of warning are
`diagnostics.SUBTYPES`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from handbook.checking import links
from handbook.checking.rules import unknown_anchor
from handbook.checking.scanner import Reference, Scanner, deep_blocks
from handbook.content import discovery, fields, fonts, layout
from handbook.content.dates import PartialDate
from handbook.content.headings import body_start, heading_problems, title_of
from handbook.content.people import registry_problems, speakers_of
from handbook.content.text import read_source
from handbook.content.tree import Tree
from handbook.diagnostics import LONG_LINE, MAX_SIZE, Located, Problem, quoted, unknown_target

#: front-matter keys with which MyST would let a page change how it is read (raw HTML, extensions,
#: `<meta>` tags); the handbook reads every page with its own settings
PARSER_KEYS = {"myst", "html_meta", "substitutions"}


def cut_to_size(text: str) -> tuple[str, Problem] | None:
    """A page longer than `MAX_SIZE`, cut to its front matter and title, and the problem that
    says so; None for a page of a readable size."""
    if len(text) <= MAX_SIZE:
        return None
    lines = text.split("\n")
    title = title_of(lines)
    kept = "\n".join(lines[: title[0] if title else body_start(lines)]) + "\n"
    return kept, Problem(
        1,
        f"this file is {len(text):,} characters long, and a page holds at most "
        f"{MAX_SIZE:,}: split it into several notes; only its title is shown",
        "size",
    )


def file_problems(docname: str, text: str, tree: Tree) -> list[Problem]:
    """Mistakes of a source file as a whole: empty, no title, a pasted line, the wrong place,
    an unknown cell, a slug another note already has."""
    if not text.strip():
        return [Problem(1, "this file is empty: write the note, or delete the file", "empty")]
    lines = text.split("\n")
    problems = [
        Problem(
            number,
            f"this line is {len(line):,} characters long: give each paragraph, heading and list item a line of its own",
            "long_line",
        )
        for number, line in enumerate(lines, start=1)
        if len(line) > LONG_LINE
    ]
    problems += deep_blocks(text)
    problems += heading_problems(lines)
    title = title_of(lines)
    if title is None:
        problems.append(
            Problem(
                body_start(lines) + 1,
                "this page has no title: start it with a `# Title` line, after the front matter",
                "title",
            )
        )
    elif not any(char.isalnum() for char in title[1]):
        problems.append(
            Problem(
                title[0],
                f"the title {quoted(title[1])} has no letters or digits: write what the page is about",
                "title",
            )
        )
    kind = layout.page_kind(docname)
    cells = ", ".join(sorted(tree.cells)) or "none yet"
    if kind == "meeting":
        cell, slug = layout.cell_of(docname), layout.meeting_slug(docname)
        owner = tree.meetings.get(slug, [docname])[0]
        if cell not in tree.cells:
            problems.append(
                Problem(
                    1,
                    f"cells/{cell}/ has no index.md, so there is no cell {cell!r}: "
                    f"create it (python -m handbook new cell) or move this note into "
                    f"one of: {cells}",
                    "cell",
                )
            )
        if owner != docname:
            problems.append(
                Problem(
                    1,
                    f"the meeting slug {slug!r} is already {owner}.md's: rename this "
                    "file (the slug is its name without the date)",
                    "duplicate",
                )
            )
        problems += named_date_problems(docname, text)
    if kind not in ("meeting", "essay"):  # whose front matter is checked key by key
        data, lines_of, _ = fields.read_mapping(text)
        problems += [
            Problem(
                lines_of.get(key, 1),
                f"front matter cannot set {key!r}: every page is read with the handbook's own settings; it is ignored",
                "frontmatter",
            )
            for key in sorted(PARSER_KEYS & set(map(str, data)))
        ]
    if kind in ("page", "theme") and looks_like_note(docname, text):
        problems.append(
            Problem(
                1,
                "this looks like a meeting note, but meeting notes live in a cell's "
                f"folder, cells/<cell>/: move it into one of: {cells}",
                "place",
            )
        )
    return problems + glyph_problems(lines)


def named_date_problems(docname: str, text: str) -> list[Problem]:
    """A note whose file name dates it otherwise than its `date:` (`2023-01-08-…` with
    `date: 2023-02-01`, `undated-…` with a date, or a dated name with none): the archive orders
    the meeting by `date:`, while the editor finds the file by its name. Nothing when the front
    matter or the date has a mistake of its own, which is reported instead."""
    named = layout.named_date(docname)
    data, lines, front = fields.read_mapping(text)
    if named is None or front:
        return []
    try:
        date = PartialDate.parse(data["date"]) if "date" in data else None
    except ValueError:
        return []
    if date is not None and date.earliest() > dt.date.today():
        return []
    stated = str(date) if date else "undated"
    if stated == named:
        return []
    rename = f"{stated}-{layout.meeting_slug(docname)}.md"
    if date is None:
        return [
            Problem(
                1,
                f"the file name dates this meeting {named}, but its front matter has no `date:`: "
                f"add `date: {named}`, or rename the file {rename}",
                "date",
            )
        ]
    return [
        Problem(
            lines.get("date", 1),
            f"the file name dates this meeting {named}, but `date:` says {stated}: "
            f"rename the file {rename}, or correct the date",
            "date",
        )
    ]


def glyph_problems(lines: list[str]) -> list[Problem]:
    """A character that no font of the printed handbook has (fonts.FALLBACKS), once, at its first
    line: the website shows it with the reader's fonts, but print would leave a blank."""
    problems = []
    for character in fonts.unprintable("\n".join(lines)):
        line = next(number for number, text in enumerate(lines, start=1) if character in text)
        name = unicodedata.name(character, "a character with no name").lower()
        problems.append(
            Problem(
                line,
                f"no font of the printed handbook has {character} (U+{ord(character):04X}, "
                f"{name}): it would print as a blank; write it another way, or leave it to the "
                "website",
                "glyph",
            )
        )
    return problems


def looks_like_note(docname: str, text: str) -> bool:
    """A dated file name or a meeting's front matter: a note saved in the wrong folder."""
    data = fields.read_mapping(text)[0]
    return bool(
        layout.meeting_slug(docname) != docname.rsplit("/", 1)[-1]
        or {"date", "themes", "question"} & set(map(str, data))
    )


def essay_problems(data: dict, lines: dict[str, int]) -> list[Problem]:
    known = ", ".join(sorted(fields.ESSAY_KEYS))
    return [
        Problem(lines.get(key, 1), f"unknown front-matter key {key!r} (known keys: {known})", "frontmatter")
        for key in data
        if key not in fields.ESSAY_KEYS
    ]


# --- the whole tree, for `python -m handbook check` --------------------------------------------


@dataclass
class Report:
    problems: list[Located]
    documents: int
    notes: int
    new_people: list[str]

    def summary(self) -> str:
        people = ""
        if self.new_people:
            people = f"; {len(self.new_people)} not in people.yaml yet: {', '.join(self.new_people)}"
        return f"{self.notes} notes and {self.documents - self.notes} other pages checked: no mistakes{people}"


def check_tree(srcdir: Path) -> Report:
    """Every mistake in the source tree, in file and line order."""
    tree = Tree.read(srcdir)
    problems = [Located("people.yaml", problem) for problem in registry_problems(srcdir)]
    references: list[Reference] = []
    targets: dict[str, set[str]] = {
        "cell": set(tree.cells),
        "theme": set(tree.themes),
        "meeting": set(tree.meetings),
        "person": set(tree.registry),
        "keypoint": set(),
        "label": {"genindex", "modindex", "search"},  # the labels Sphinx gives its own pages
    }
    #: each page's anchors: its headings'
    anchors: dict[str, set[str]] = {}
    sources = discovery.source_documents(srcdir)
    problems += [Located(refusal.reported, refusal.problem) for refusal in sources.refused if refusal.reported]
    for bibliography in discovery.configured(srcdir, "bibtex_bibfiles"):
        targets.setdefault(links.WORK, set())  # {cite}s are checked only where works are configured
        if (srcdir / bibliography).is_file():
            text = (srcdir / bibliography).read_text(encoding="utf-8", errors="replace")
            targets[links.WORK] |= links.bibliography_keys(text)
            problems += [
                Located(bibliography, Problem(line, message, "link"))
                for line, message in links.bibliography_refusals(text)
            ]
    documents = sources.documents
    for path in documents:
        docname = path.removesuffix(".md")
        text, found = read_source(srcdir / path)
        if cut := cut_to_size(text):
            text, problem = cut
            found.append(problem)
        found += file_problems(docname, text, tree)
        data, lines, front = fields.read_mapping(text)
        found += front
        kind = layout.page_kind(docname)
        if kind == "meeting":
            found += fields.validate_meeting(data, lines, tree.themes)[1]
            targets["person"].update(slug for slug, _ in speakers_of(text))
        elif kind == "essay":
            found += essay_problems(data, lines)
        scanner = Scanner(srcdir, docname, tree, text.split("\n"))
        scanner.report(path, found)
        scanner.scan(path, text.split("\n"))
        scanner.footnotes(path)
        problems += scanner.problems
        references += scanner.references
        targets["keypoint"].update(scanner.keypoints)
        targets["label"].update(scanner.labels)
        anchors[path] = scanner.anchors
    labels = {"keypoint": "key point"}
    for ref in references:
        if ref.kind == "anchor":
            known = anchors[ref.path] | targets["label"]
            if ref.target not in known:
                problems.append(Located(ref.path, Problem(ref.line, unknown_anchor(ref.target, known), "ref")))
        elif ref.kind == links.WORK and ref.kind in targets and ref.target not in targets[ref.kind]:
            message = links.unknown_work(ref.target, targets[ref.kind], discovery.configured(srcdir, "bibtex_bibfiles"))
            problems.append(Located(ref.path, Problem(ref.line, message, "ref")))
        elif ref.kind != links.WORK and ref.target not in targets[ref.kind]:
            kind = labels.get(ref.kind, ref.kind)
            problems.append(
                Located(ref.path, Problem(ref.line, unknown_target(kind, ref.target, targets[ref.kind]), "ref"))
            )
    problems.sort(key=lambda located: (located.path, located.problem.line))
    notes = sum(layout.page_kind(path.removesuffix(".md")) == "meeting" for path in documents)
    new_people = sorted(targets["person"] - set(tree.registry))
    return Report(problems, len(documents), notes, new_people)
