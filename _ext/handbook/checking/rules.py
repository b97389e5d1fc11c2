"""The rules of the handbook's directives and roles: which options each directive takes, a
speaker card's name and person, a language tag, a listing's argument and where a role stands.
The directives apply them as the build reads a page, and `check`'s scanner as it reads the
tree, so both report the same line in the same words."""

from __future__ import annotations

import difflib
import functools
import re

import icu
from docutils.nodes import make_id
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from handbook.checking import markup
from handbook.content import names
from handbook.content.tree import Tree
from handbook.diagnostics import Problem, quoted, suggestion

#: each handbook directive's options, in the order the editors' guide gives them
DIRECTIVE_OPTIONS: dict[str, tuple[str, ...]] = {
    "speaker": ("role", "org", "person", "lang"),
    "keypoints": ("attribution",),
    "meetings": ("cell", "theme", "person", "year", "limit"),
    "people": (),
    "years": (),
    "appearances": (),
    "digest": ("limit",),
}
#: listings that list one thing, named as their argument
LISTING_ARGUMENTS = {"appearances": "person", "digest": "theme"}
KEYPOINTS_NOT_ONE_LIST = "a keypoints block holds exactly one list of `- ` items and nothing else"
KEYPOINTS_NESTED = (
    "key points cannot be nested: close this block and start another `keypoints` block titled with the parent point"
)
SPEAKER_WITHOUT_NAME = "a speaker card needs the speaker's name: `:::{speaker} Name`"


def option_lines(fence_line: int, body: list[str]) -> dict[str, tuple[int, str]]:
    """The `:key: value` options at the top of a directive, read as MyST reads them:
    key → (file line, value). `fence_line` is the file line of the directive's first line."""
    block = []
    for line in body:
        stripped = line.lstrip()
        if not stripped.startswith(":") or stripped.startswith(":::"):
            break
        block.append(stripped[1:])
    try:
        tokens, _ = options_to_tokens("\n".join(block))
    except TokenizeError:
        return {}
    return {key.value: (fence_line + 1 + key.start.line, value.value if value else "") for key, value in tokens}


def options_end(body: list[str]) -> int:
    """Index of the first body line after a directive's options, `:key: value` lines or a
    `---` YAML block (which, left open, takes the whole body), as MyST reads them."""
    if body and body[0].startswith("---"):
        return next((index + 1 for index, line in enumerate(body[1:], start=1) if line.startswith("---")), len(body))
    end = 0
    while end < len(body) and body[end].lstrip().startswith(":") and not body[end].lstrip().startswith(":::"):
        end += 1
    return end


def option_problems(directive: str, options: dict[str, tuple[int, str]], fence_line: int) -> list[Problem]:
    known = DIRECTIVE_OPTIONS[directive]
    takes = f"{directive} takes " + ", ".join(f":{key}:" for key in known) if known else f"{directive} takes no options"
    problems = []
    for key, (line, _) in options.items():
        if key in known:
            continue
        close = [option for option in known if key.startswith(option) or option.startswith(key)]
        close = close or difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = f"did you mean :{close[0]}:? " if close else ""
        problems.append(Problem(line or fence_line, f"unknown option :{key}: is ignored; {hint}({takes})", "option"))
    return problems


def speaker_problems(name: str, options: dict[str, tuple[int, str]], fence_line: int, tree: Tree) -> list[Problem]:
    """A card with no name; a person slug that is not a slug, or that is probably someone the
    registry already knows under another slug."""
    person_line, person = options.get("person", (fence_line, ""))
    person = person.strip()
    slug = person or names.slugify(name)
    if not name.strip():
        return [Problem(fence_line, SPEAKER_WITHOUT_NAME, "speaker")]
    if not slug:
        return [
            Problem(
                fence_line,
                f"no page address can be made from the name {quoted(name.strip())}: give the "
                "person's slug with `:person: lowercase-words`, or the card links to no person page",
                "person",
            )
        ]
    lang_line, lang = options.get("lang", (fence_line, ""))
    if "lang" in options and language_problem(lang.strip()):
        return [Problem(lang_line, f":lang: {language_problem(lang.strip())}", "lang")]
    if person and names.slugify(person) != person:
        return [
            Problem(
                person_line,
                f":person: {quoted(person)} is not a slug: write {names.slugify(person) or 'lowercase-words'} "
                "(lowercase words joined by hyphens)",
                "person",
            )
        ]
    if slug in tree.registry:
        return []
    known = tree.names.get(name.strip().casefold())
    if known and not person:
        return [
            Problem(
                fence_line,
                f"people.yaml names {known} {quoted(name.strip())}: add `:person: {known}` "
                "to the card (or a slug of their own, if this is someone else)",
                "person",
            )
        ]
    close = difflib.get_close_matches(slug, sorted(tree.registry), n=1, cutoff=0.85)
    if close:
        return [
            Problem(
                person_line,
                f"{slug!r} is not in people.yaml, but {close[0]!r} is: correct the slug, "
                f"or add {slug} to people.yaml (python -m handbook new person) if this is someone else",
                "person",
            )
        ]
    return []


@functools.cache
def _languages() -> frozenset[str]:
    return frozenset(icu.Locale.getISOLanguages())


def language_problem(tag: str) -> str | None:
    """What is wrong with a language tag, or None: it must be BCP 47 (RFC 5646) and its language
    one that ISO 639 (as ICU lists it) knows, such as `ar`, `uk`, `zh-Hans` or `pt-BR`."""
    try:
        language = icu.Locale.forLanguageTag(tag).getLanguage() if tag else ""
    except icu.ICUError:
        language = ""
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", tag) and language in _languages():
        return None
    return (
        f"{quoted(tag)} is not a language tag: write the language's code, such as ar (Arabic), "
        "uk (Ukrainian) or zh-Hans (Chinese in simplified characters)"
    )


def lang_role_problem(content: str) -> str | None:
    """What is wrong with a ``{lang}`words <tag>` `` role's content, or None."""
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]*)>\s*", content)
    if not match:
        return f"{{lang}}`{content}` needs its language: {{lang}}`{content} <ar>`, with the language's code"
    return language_problem(match[2].strip())


def listing_problems(name: str, argument: str, fence_line: int) -> list[Problem]:
    needed = LISTING_ARGUMENTS.get(name)
    if needed and not argument.strip():
        return [Problem(fence_line, f"the {name} listing needs a {needed}: `:::{{{name}}} {needed}-slug`", "listing")]
    return []


def role_lines(lines: list[str], start: int, roles: list[str]) -> list[int]:
    """The index in `lines` of each role, written `{name}`content``, of a block that starts at
    `lines[start]`, in order: Markdown gives inline markup only its block's first line."""
    found, line, column = [], start, 0
    for role in roles:
        at = markup.locate(lines, line, role, column)
        if at is None:
            found.append(line)
            continue
        found.append(at[0] - role.count("\n"))
        line, column = at
    return found


def role_target(content: str) -> str:
    """The target of a role as Sphinx reads it: `Title <target>` or just `target`."""
    match = re.fullmatch(r"(?s).*?<(.*)>\s*", content)
    return " ".join((match[1] if match else content).split())


def footnote_problems(references: list[tuple[int, str]], definitions: list[tuple[int, str]]) -> list[Problem]:
    """A page's footnotes, given the line and label of each reference `[^label]` and of each
    text `[^label]: …`: a reference without a text (shown as typed), a text nothing refers to
    (left out), and a second text for a label (left out; the first is kept), each at its line."""
    first: dict[str, int] = {}
    problems = []
    for line, label in sorted(definitions):
        if label not in first:
            first[label] = line
            continue
        problems.append(
            Problem(
                line,
                f"footnote [^{label}] has a text already (at line {first[label]}): this second text is left out; "
                "delete one, or give it a label of its own",
                "footnote",
            )
        )
    referred = {label for _, label in references}
    return (
        [
            Problem(
                line,
                f"footnote [^{label}] has no text: add a line '[^{label}]: …' below the paragraph, or take out "
                f"the reference; it is shown as typed",
                "footnote",
            )
            for line, label in references
            if label not in first
        ]
        + [
            Problem(
                line,
                f"footnote [^{label}] is not referred to: write [^{label}] where the footnote belongs, "
                "or delete its text",
                "footnote",
            )
            for label, line in first.items()
            if label not in referred
        ]
        + problems
    )


def label_name(text: str) -> str:
    """A label as Sphinx files it: `(Some Label)=` and a `{ref}` of `some  label` name the same one."""
    return " ".join(text.split()).lower()


def heading_anchor(title: str) -> str:
    """The anchor a heading gets (docutils' from its words, `names.slugify`'s for letters outside
    ASCII, as `names.section_anchors` gives it)."""
    made = make_id(title)
    return made if title.isascii() or not names.slugify(title) else names.slugify(title)


def unknown_anchor(target: str, known: set[str]) -> str:
    """The message for a link `[words](#target)` to no heading of its page and no label."""
    return (
        f"unknown anchor {quoted('#' + target)}: no heading of this page and no label in the handbook "
        f"has that name{suggestion(target, known)}"
    )


def label_problems(labels: dict[str, list[int]]) -> list[Problem]:
    """A label `(label)=` given again in the page, given the lines of each label: each time after
    the first, which is the one a `{ref}` reaches (the later ones are left out)."""
    return [
        Problem(
            line,
            f"label {quoted(name)} is given again (first at line {lines[0]}): a {{ref}} reaches only the first; "
            "give this one a name of its own, or delete it",
            "ref",
        )
        for name, lines in labels.items()
        for line in lines[1:]
    ]


#: what a link `[words]()` is told: it has no address, and its words are shown as plain text
EMPTY_LINK = (
    "a link with no address: write the page, #anchor or https:// address between its ( ), or take out "
    "the ( ); its words are shown as plain text"
)
