"""YAML read safely, as front matter and `people.yaml` are: by libyaml's safe parser when PyYAML
has it, no aliases, and PyYAML's own words for a mistake."""

from __future__ import annotations

import yaml

#: libyaml's parser when PyYAML has it (else PyYAML's own), safe: every build reads every note's
#: front matter and the registry, and libyaml does it ten times faster than PyYAML's own parser.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def mistake(error: yaml.YAMLError) -> str:
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
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line if event.start_mark else 0
    except yaml.YAMLError:
        return None  # reported where the YAML is read
    return None


def repeated_keys(node: yaml.Node | None) -> list[tuple[int, str, int]]:
    """(line from 0, key, line from 0 of its first use) of every key a mapping of `node`, at any
    depth, gives again. YAML keeps the last value of a key given twice and says nothing (PyYAML),
    so what an editor wrote first would be lost without a word."""
    found: list[tuple[int, str, int]] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line if key.start_mark else 0
            if isinstance(key, yaml.ScalarNode):
                if key.value in first:
                    found.append((line, key.value, first[key.value]))
                else:
                    first[key.value] = line
            found += repeated_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += repeated_keys(item)
    return found


#: what a file that uses an alias is told, after its name
ALIAS_REFUSED = "uses a YAML alias (*name): write each value out"
