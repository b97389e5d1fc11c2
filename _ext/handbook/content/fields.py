"""Front matter, read without Sphinx: the YAML block at the top of a page, with the line of each
key, and a meeting's fields checked (`FrontMatter`); what is wrong is reported at its line and
left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml

from handbook.content import safeyaml
from handbook.content.dates import PartialDate
from handbook.content.headings import body_start, front_matter_unclosed
from handbook.diagnostics import Problem, Subtype, quoted

FRONT_MATTER_KEYS = {
    "date": "when the meeting took place: YYYY, YYYY-MM or YYYY-MM-DD",
    "themes": "list of theme slugs, each with a page themes/<slug>.md",
    "question": "the question the meeting considered, as the note states it",
    "format": "what kind of event it was, as the note calls it (roundtable, event…)",
}
ESSAY_KEYS = {"meeting": "slug of the meeting the essay comes from"}


@dataclass
class FrontMatter:
    """The validated front matter of a meeting note."""

    date: PartialDate | None = None
    themes: list[str] = field(default_factory=list)
    question: str = ""
    format: str = ""


class _Loader(yaml.SafeLoader):
    """Keeps dates as text so that `2023-02-30` is reported as a date, not a YAML crash."""


class _FastLoader(safeyaml.FAST_LOADER):  # type: ignore[valid-type,misc]  # a class chosen at import: libyaml's when present
    """The same, parsed by libyaml."""


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _compose_and_load(block: str, loader_class: type) -> tuple[yaml.Node | None, object]:
    """The YAML block's node tree (for the lines of its keys) and its data, in one parse."""
    loader = loader_class(block)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


#: what a page whose front matter has no closing `---` is told; it is shown as typed
FRONT_MATTER_UNCLOSED = "front matter is not closed: add a line '---' after its last key"


def split_front_matter(text: str) -> tuple[str | None, int]:
    """The YAML block at the top of a note and the file line of its first line."""
    lines = text.splitlines()
    end = body_start(lines)
    return ("\n".join(lines[1 : end - 1]), 2) if end else (None, 0)


def read_mapping(text: str) -> tuple[dict, dict[str, int], list[Problem]]:
    """Front matter as a mapping with the file line of each key."""
    if front_matter_unclosed(text.splitlines()):
        return {}, {}, [Problem(1, FRONT_MATTER_UNCLOSED, "frontmatter")]
    block, first_line = split_front_matter(text)
    if block is None or not block.strip():
        return {}, {}, []
    alias = safeyaml.first_alias(block)
    if alias is not None:
        refused = f"front matter {safeyaml.ALIAS_REFUSED}; it is left out"
        return {}, {}, [Problem(first_line + alias, refused, "frontmatter")]
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
            return {}, {}, [Problem(line, f"front matter is not valid YAML: {safeyaml.mistake(error)}", "frontmatter")]
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem(first_line, "front matter must be `key: value` lines", "frontmatter")]
    problems = [
        Problem(
            first_line + line,
            f"front-matter key {quoted(key)} is given again (first at line {first_line + first}): "
            "only this last value is kept; keep one",
            "frontmatter",
        )
        for line, key, first in safeyaml.repeated_keys(node)
    ]
    lines = {key.value: first_line + key.start_mark.line for key, _ in node.value}
    value_lines = {
        key.value: [first_line + item.start_mark.line for item in value.value]
        for key, value in node.value
        if isinstance(value, yaml.SequenceNode)
    }
    lines.update({f"{key}[{i}]": line for key, found in value_lines.items() for i, line in enumerate(found)})
    return data, lines, problems


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
