"""The people who speak at meetings: the registry (`people.yaml`) and its mistakes, the speakers
of a note, and everyone who speaks anywhere in the archive."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from handbook.content import safeyaml
from handbook.content.names import slugify
from handbook.content.text import read_source
from handbook.diagnostics import Problem, quoted

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
    if safeyaml.first_alias(text) is not None:
        return {}  # reported by registry_problems, at its line
    try:
        data = yaml.load(text, Loader=safeyaml.FAST_LOADER) or {}
    except yaml.YAMLError:
        return {}  # reported by registry_problems, at its line
    if not isinstance(data, dict):
        return {}
    people = {}
    for slug, entry in data.items():
        if slugify(str(slug)) != str(slug):
            continue  # reported by registry_problems; a page name must be a slug
        entry = entry if isinstance(entry, dict) else {"name": entry}
        aliases = entry.get("aliases") or []
        aliases = aliases if isinstance(aliases, list) else [aliases]
        people[str(slug)] = Person(
            str(slug), str(entry.get("name") or slug), [str(a) for a in aliases], str(entry.get("family") or "")
        )
    return people


def registry_problems(srcdir: Path) -> list[Problem]:
    """Mistakes in people.yaml, at their line."""
    path = srcdir / "people.yaml"
    if not path.exists():
        return []
    text, problems = read_source(path)
    alias = safeyaml.first_alias(text)
    if alias is not None:
        refused = f"people.yaml {safeyaml.ALIAS_REFUSED}; the registry is left out"
        return [*problems, Problem(alias + 1, refused, "people")]
    try:
        # libyaml's parser, as for front matter: every build reads the registry
        node = yaml.compose(text, Loader=safeyaml.FAST_LOADER)
    except yaml.YAMLError:
        try:  # PyYAML's own parser words the mistake
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            return [
                *problems,
                Problem(
                    (mark.line + 1) if mark else 1,
                    f"people.yaml is not valid YAML: {safeyaml.mistake(error)}",
                    "people",
                ),
            ]
    if node is None:
        return problems
    if not isinstance(node, yaml.MappingNode):
        return [*problems, Problem(1, "people.yaml holds `slug: {name: …, aliases: […]}` entries", "people")]
    for line, key, first in safeyaml.repeated_keys(node):
        problems.append(
            Problem(
                line + 1,
                f"{quoted(key)} is given again (first at line {first + 1}): only this last one is kept; keep one",
                "people",
            )
        )
    for key, value in node.value:
        line = key.start_mark.line + 1
        if slugify(key.value) != key.value:
            problems.append(
                Problem(
                    line,
                    f"{quoted(key.value)} is not a slug: write it as {slugify(key.value) or 'lowercase-words'}",
                    "people",
                )
            )
        elif not isinstance(value, yaml.MappingNode) or not any(k.value == "name" for k, _ in value.value):
            problems.append(
                Problem(
                    line,
                    f"{key.value} needs `name: Their Name` (and, if the notes use "
                    "other forms, `aliases: [Other Form]`)",
                    "people",
                )
            )
    return problems


def speakers_of(text: str) -> list[tuple[str, str]]:
    """(person slug, name as stated) for every speaker card of a note."""
    found = [
        (slugify(use.options.get("person") or use.argument), use.argument) for use in scan_directives(text, "speaker")
    ]
    return [(slug, name) for slug, name in found if slug]  # a name with no slug has no page


def people_of(registry: dict[str, Person], speakers: Iterable[list[tuple[str, str]]]) -> dict[str, Person]:
    """Everyone who speaks anywhere in the archive (slug → Person), named as the registry
    (`read_registry`, read once per build with the tree) or else the first note says: `speakers`
    is each note's `speakers_of`, in `meeting_sources` order. Reads no file: each caller has read
    the notes already."""
    people = dict(registry)
    for found in speakers:
        for slug, name in found:
            people.setdefault(slug, Person(slug, name))
    return people
