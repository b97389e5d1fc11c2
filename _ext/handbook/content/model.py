"""The handbook's content model, readable without Sphinx.

Everything here works on plain files so that `python -m handbook check`, the
generated pages and the PDF guides can know the archive before Sphinx reads it.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.content.headings import body_start, title_of
from handbook.content.names import is_name, slugify
from handbook.diagnostics import Problem, Subtype

FRONT_MATTER_KEYS = {
    "date": "when the meeting took place: YYYY, YYYY-MM or YYYY-MM-DD",
    "themes": "list of theme slugs, each with a page themes/<slug>.md",
    "question": "the question the meeting considered, as the note states it",
    "format": "what kind of event it was, as the note calls it (roundtable, event…)",
}
ESSAY_KEYS = {"meeting": "slug of the meeting the essay comes from"}

MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()

#: folders the build writes pages into, from the notes (see reading/pages.py and latex/startpages.py)
GENERATED = ("people", "archive", "guides")

_DATE_PREFIX = re.compile(r"^(?:\d{4}(?:-\d{2}){0,2}|undated)-")



@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the note states it: a year, a month or a day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError says what is wrong."""
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"date {text!r} has no month {month}")
        if day:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"date {text!r} is not a real day") from None
        return cls(year, month, day)

    def __str__(self) -> str:
        return "-".join(
            [f"{self.year:04d}"] + [f"{part:02d}" for part in (self.month, self.day) if part]
        )

    def display(self) -> str:
        """The British way, only as precise as stated: "19 October 2022", "March 2023"."""
        parts = [str(self.year)]
        if self.month:
            parts.insert(0, MONTHS[self.month - 1])
        if self.day:
            parts.insert(0, str(self.day))
        return " ".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        """Sorted newest first, a partial date ("May 2023") comes after the full dates of its
        period: what is known only to the month is listed once the month's days are."""
        return (self.year, self.month, self.day)

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)


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
        problems.append(Problem(
            line, f"this file is not UTF-8 text: the byte 0x{raw[error.start]:02x} on this line shows as \ufffd; "
            "save the file as UTF-8", "encoding"))
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
    kind = ("the character U+{:04X}, which no web page or feed can hold," if code >= 0xD800 else
            "invisible control character U+{:04X}").format(code)
    message = f"{kind} at column {first.start() + 1}"
    if len(lines) > 1:
        shown = ", ".join(map(str, lines[1:6])) + (", …" if len(lines) > 6 else "")
        message += f", and more on line{'s' if len(lines) > 2 else ''} {shown}"
    message += ": they are left out of the page; delete them"
    return _CONTROL.sub("", text), [Problem(lines[0], message, "control")]


@dataclass
class FrontMatter:
    """The validated front matter of a meeting note."""

    date: PartialDate | None = None
    themes: list[str] = field(default_factory=list)
    question: str = ""
    format: str = ""


class _Loader(yaml.SafeLoader):
    """Keeps dates as text so that `2023-02-30` is reported as a date, not a YAML crash."""


#: libyaml's parser when PyYAML has it: every build reads every note's front matter and the
#: registry, and libyaml does it ten times faster than PyYAML's own parser.
_FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_FAST_SAFE_LOADER):  # type: ignore[valid-type,misc]  # a class chosen at import: libyaml's when present
    """The same, parsed by libyaml."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def yaml_mistake(error: yaml.YAMLError) -> str:
    """PyYAML's words for a mistake, with what it was reading: "while parsing a flow sequence,
    expected ',' or ']', but got ':'"."""
    problem = getattr(error, "problem", None) or "it cannot be read"
    context = getattr(error, "context", None)
    return f"{context}, {problem}" if context else problem


def first_alias(text: str) -> int | None:
    """The line (from 0) of the first YAML alias (`*name`) in `text`, or None. An alias repeats
    a value without its cost, so a few lines can stand for billions of values ("billion
    laughs"); nothing an editor writes needs one. Read by libyaml's parser alone: linear."""
    if "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=_FAST_SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line if event.start_mark else 0
    except yaml.YAMLError:
        return None  # reported where the YAML is read
    return None


ALIAS_REFUSED = "uses a YAML alias (*name): write each value out"


def _compose_and_load(block: str, loader_class: type) -> tuple[yaml.Node | None, object]:
    """The YAML block's node tree (for the lines of its keys) and its data, in one parse."""
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def split_front_matter(text: str) -> tuple[str | None, int]:
    """The YAML block at the top of a note and the file line of its first line."""
    lines = text.splitlines()
    end = body_start(lines)
    return ("\n".join(lines[1 : end - 1]), 2) if end else (None, 0)


def read_mapping(text: str) -> tuple[dict, dict[str, int], list[Problem]]:
    """Front matter as a mapping with the file line of each key."""
    block, first_line = split_front_matter(text)
    if block is None or not block.strip():
        return {}, {}, []
    alias = first_alias(block)
    if alias is not None:
        return {}, {}, [Problem(first_line + alias, f"front matter {ALIAS_REFUSED}; it is left out", "frontmatter")]
    try:
        node, data = _compose_and_load(block, _FastLoader)
    except yaml.YAMLError:
        # Read again by PyYAML's own parser, whose words the warning quotes.
        try:
            node, data = _compose_and_load(block, _Loader)
        except yaml.YAMLError as error:
            # Where the construct that broke starts (an unclosed `[`), else where parsing stopped.
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = first_line + (mark.line if mark else 0)
            return {}, {}, [Problem(line, f"front matter is not valid YAML: {yaml_mistake(error)}", "frontmatter")]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem(first_line, "front matter must be `key: value` lines", "frontmatter")]
    lines = {key.value: first_line + key.start_mark.line for key, _ in node.value}
    value_lines = {
        key.value: [first_line + item.start_mark.line for item in value.value]
        for key, value in node.value
        if isinstance(value, yaml.SequenceNode)
    }
    lines.update({f"{key}[{i}]": line for key, found in value_lines.items() for i, line in enumerate(found)})
    return data, lines, []


def validate_meeting(
    data: dict, lines: dict[str, int], known_themes: set[str], today: dt.date | None = None
) -> tuple[FrontMatter, list[Problem]]:
    """Check a meeting's front matter; what is wrong is reported and left out, the rest kept."""
    meta, problems = FrontMatter(), []

    def problem(key: str, message: str, subtype: Subtype = "frontmatter") -> None:
        problems.append(Problem(lines.get(key, 1), message, subtype))

    for key in data:
        if key not in FRONT_MATTER_KEYS:
            known = ", ".join(sorted(FRONT_MATTER_KEYS))
            problem(str(key), f"unknown front-matter key {key!r} (known keys: {known})")
    if "date" in data:
        try:
            meta.date = PartialDate.parse(data["date"])
        except ValueError as error:
            problem("date", str(error), "date")
        else:
            if meta.date.earliest() > (today or dt.date.today()):
                problem("date", f"date {meta.date} is in the future", "date")
                meta.date = None
    themes = data.get("themes", [])
    if isinstance(themes, str):
        themes = [themes]
    if not isinstance(themes, list):
        problem("themes", "`themes` must be a list of theme slugs, such as [health, power]")
        themes = []
    for index, theme in enumerate(themes):
        line_key = f"themes[{index}]" if f"themes[{index}]" in lines else "themes"
        if not isinstance(theme, str):
            problem(line_key, f"theme {theme!r} must be a theme slug, such as health")
        elif theme not in known_themes:
            known = ", ".join(sorted(known_themes)) or "none yet"
            problem(line_key, f"unknown theme {theme!r}: add themes/{theme}.md or use one of: {known}", "theme")
        elif theme not in meta.themes:
            meta.themes.append(theme)
    for key in ("question", "format"):
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            setattr(meta, key, str(value))
        else:
            problem(key, f"`{key}` must be text")
    return meta, problems


def meeting_slug(docname: str) -> str:
    """A meeting's identity: its file name without the date (unique across cells)."""
    return _DATE_PREFIX.sub("", docname.rsplit("/", 1)[-1])


def named_date(docname: str) -> str | None:
    """The date a meeting's file name gives (`2023-01-08`, `2023-01`, `2023` or `undated`), or
    None for a name with none."""
    found = _DATE_PREFIX.match(docname.rsplit("/", 1)[-1])
    return found[0][:-1] if found else None


def page_kind(docname: str) -> str:
    """What a document is in the handbook, from where it lives."""
    parts = docname.split("/")
    if parts[0] == "cells" and len(parts) == 3:
        return "cell" if parts[2] == "index" else "meeting"
    if parts[0] in ("themes", "essays", "people", "archive") and len(parts) == 2:
        if parts[1] == "index":
            return "section"
        return {"themes": "theme", "essays": "essay", "people": "person", "archive": "year"}[parts[0]]
    return "page"


def cell_of(docname: str) -> str:
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


_FENCE = re.compile(r"^(?P<fence>:{3,}|`{3,})\{(?P<name>[a-z-]+)\}[ \t]*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass
class DirectiveUse:
    """A directive as written in a note, read without Sphinx."""

    name: str
    line: int
    argument: str
    options: dict[str, str]


def scan_directives(text: str, name: str) -> list[DirectiveUse]:
    """Every `name` directive in a MyST page, with its options, by line."""
    found, lines = [], text.splitlines()
    for number, line in enumerate(lines):
        match = _FENCE.match(line)
        if not match or match["name"] != name:
            continue
        options = {}
        for option_line in lines[number + 1 :]:
            option = _OPTION.match(option_line)
            if not option:
                break
            options[option["key"]] = option["value"].strip()
        found.append(DirectiveUse(name, number + 1, match["argument"].strip(), options))
    return found


@dataclass
class Person:
    """Someone who speaks at meetings; the registry gives the canonical name and aliases."""

    slug: str
    name: str
    aliases: list[str] = field(default_factory=list)
    #: the part of the name it sorts by, when that is not the last word (names.family_name)
    family: str = ""


def read_registry(srcdir: Path) -> dict[str, Person]:
    """people.yaml: `slug: {name: …, aliases: […], family: …}` for canonical names, other forms and
    the part of the name it sorts by."""
    path = srcdir / "people.yaml"
    if not path.exists():
        return {}
    text = read_source(path)[0]
    if first_alias(text) is not None:
        return {}  # reported by checks.registry_problems, at its line
    try:
        data = yaml.load(text, Loader=_FAST_SAFE_LOADER) or {}
    except yaml.YAMLError:
        return {}  # reported by checks.registry_problems, at its line
    if not isinstance(data, dict):
        return {}
    people = {}
    for slug, entry in data.items():
        if slugify(str(slug)) != str(slug):
            continue  # reported by checks.registry_problems; a page name must be a slug
        entry = entry if isinstance(entry, dict) else {"name": entry}
        aliases = entry.get("aliases") or []
        aliases = aliases if isinstance(aliases, list) else [aliases]
        people[str(slug)] = Person(str(slug), str(entry.get("name") or slug), [str(a) for a in aliases],
                                   str(entry.get("family") or ""))
    return people


def speakers_of(text: str) -> list[tuple[str, str]]:
    """(person slug, name as stated) for every speaker card of a note."""
    found = [(slugify(use.options.get("person") or use.argument), use.argument)
             for use in scan_directives(text, "speaker")]
    return [(slug, name) for slug, name in found if slug]  # a name with no slug has no page


def page_title(text: str) -> str:
    """A page's title as written in Markdown (its first heading, after any front matter), or "" if
    it has none."""
    title = title_of(text.split("\n"))
    return title[1] if title else ""


def meeting_sources(srcdir: Path) -> list[Path]:
    """Every meeting note of the source tree, in a stable order."""
    return sorted(path for path in _named_files(srcdir / "cells", "*/*.md") if path.name != "index.md")


def people_of(srcdir: Path, speakers: Iterable[list[tuple[str, str]]] | None = None) -> dict[str, Person]:
    """Everyone who speaks anywhere in the archive (slug → Person), named as the registry or first
    note says; from each note's `speakers_of` in `meeting_sources` order when the caller has them."""
    people = dict(read_registry(srcdir))
    if speakers is None:
        speakers = (speakers_of(read_source(path)[0]) for path in meeting_sources(srcdir))
    for found in speakers:
        for slug, name in found:
            people.setdefault(slug, Person(slug, name))
    return people
