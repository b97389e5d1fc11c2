"""The mistakes an editor can make, found without Sphinx, in the words the build uses.

`python -m handbook check` reads the whole tree with these functions, without Sphinx (this archive: a tenth of a second).
The build meets the same mistakes one page at a time and reports them with the same functions
(file problems when a source is read, directive problems in the directives, unknown targets in
the domain), so both name the same file, line and words. `SUBTYPES` is the one list of warning
kinds; README and the editors' guide show it.
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import icu  # type: ignore[import-untyped]
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin
from myst_parser.parsers.options import TokenizeError, options_to_tokens

from . import discovery, fonts, markup, model
from .model import Problem

#: a line longer than this is, in practice, a note pasted without its line breaks
LONG_LINE = 5000

#: the most characters a page may hold: two hundred times the longest note of the archive (about
#: 150 printed pages). Reading a page costs time in proportion to its size, and a public build
#: must not be kept busy for minutes by one file.
MAX_SIZE = 1_000_000


#: warning subtype (`handbook.<subtype>`) → what it means and what to do about it
SUBTYPES: dict[str, str] = {
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
    "frontmatter": "Front matter that is not YAML, an unknown key, or a value of the wrong type. The rest "
                   "of the front matter is kept.",
    "date": "A date that is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, not a real day, or in the future. "
            "The page shows no date.",
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
    "ref": "A `{cell}`, `{meeting}`, `{theme}`, `{person}` or `{keypoint}` that names nothing. It shows "
           "as plain text.",
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
    "math": "Math with a command outside the safe subset (such as `\\input` or `\\def`). The math is "
            "shown as typed.",
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
PRINT_SUBTYPES = {"image", "guide", "overfull"}

#: front-matter keys with which MyST would let a page change how it is read (raw HTML, extensions,
#: `<meta>` tags); the handbook reads every page with its own settings
PARSER_KEYS = {"myst", "html_meta", "substitutions"}

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
KEYPOINTS_NESTED = ("key points cannot be nested: close this block and start another "
                    "`keypoints` block titled with the parent point")
SPEAKER_WITHOUT_NAME = "a speaker card needs the speaker's name: `:::{speaker} Name`"
#: directives whose body is not Markdown (or, for listings, is not read at all)
_NOT_MARKDOWN = {"toctree", "code-block", "code", "sourcecode", "math", "csv-table", "bibliography",
                 *LISTING_ARGUMENTS, "meetings", "people", "years"}


def quoted(value: object, width: int = 60) -> str:
    """A value for a message, cut short: a pasted paragraph must not fill the terminal."""
    text = str(value)
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def suggestion(word: str, known: Iterable[str]) -> str:
    """`did you mean 'x'?` for the closest known name, or nothing."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


@dataclass
class Tree:
    """What each note is checked against: the archive's cells, themes, meetings and people,
    read from file names and `people.yaml` before any note is read."""

    cells: set[str]
    themes: set[str]
    #: meeting slug → docnames of the notes with that slug, sorted: the first one owns it
    meetings: dict[str, list[str]]
    registry: dict[str, model.Person]
    #: a registry name or alias, case-folded → its person's slug
    names: dict[str, str]

    @classmethod
    def read(cls, srcdir: Path) -> Tree:
        meetings: dict[str, list[str]] = defaultdict(list)
        for path in model.meeting_sources(srcdir):
            docname = path.relative_to(srcdir).with_suffix("").as_posix()
            meetings[model.meeting_slug(docname)].append(docname)
        registry = model.read_registry(srcdir)
        names = {form.casefold(): slug for slug, person in registry.items()
                 for form in (person.name, *person.aliases)}
        return cls(model.known_cells(srcdir), model.known_themes(srcdir), dict(meetings), registry, names)

    def signature(self) -> tuple:
        """What, when it changes, changes the warnings of notes that were not edited (a theme page
        added or removed decides which front matter is valid)."""
        duplicates = sorted((slug, tuple(docs)) for slug, docs in self.meetings.items() if len(docs) > 1)
        families = sorted((slug, person.family) for slug, person in self.registry.items() if person.family)
        return sorted(self.cells), sorted(self.themes), duplicates, sorted(self.names.items()), families


# --- a file as a whole -------------------------------------------------------------------------

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


def heading_problems(lines: list[str]) -> list[Problem]:
    """A heading more than one level below the one before it (`#` then `###`): the page's
    outline, its table of contents and the PDF's bookmarks skip a level."""
    problems, before = [], 0
    for line, level, _ in headings(lines):
        if before and level > before + 1:
            problems.append(Problem(line, f"a level-{level} heading ({'#' * level}) right after a level-{before} "
                                    f"one: write {'#' * (before + 1)} here, so the page's outline has no gap",
                                    "heading"))
        before = level
    return problems


def cut_to_size(text: str) -> tuple[str, Problem] | None:
    """A page longer than `MAX_SIZE`, cut to its front matter and title, and the problem that
    says so; None for a page of a readable size."""
    if len(text) <= MAX_SIZE:
        return None
    lines = text.split("\n")
    title = title_of(lines)
    kept = "\n".join(lines[: title[0] if title else body_start(lines)]) + "\n"
    return kept, Problem(1, f"this file is {len(text):,} characters long, and a page holds at most "
                         f"{MAX_SIZE:,}: split it into several notes; only its title is shown", "size")


def file_problems(docname: str, text: str, tree: Tree) -> list[Problem]:
    """Mistakes of a source file as a whole: empty, no title, a pasted line, the wrong place,
    an unknown cell, a slug another note already has."""
    if not text.strip():
        return [Problem(1, "this file is empty: write the note, or delete the file", "empty")]
    lines = text.split("\n")
    problems = [
        Problem(number, f"this line is {len(line):,} characters long: give each paragraph, heading and "
                "list item a line of its own", "long_line")
        for number, line in enumerate(lines, start=1) if len(line) > LONG_LINE
    ]
    problems += deep_blocks(text)
    problems += heading_problems(lines)
    title = title_of(lines)
    if title is None:
        problems.append(Problem(body_start(lines) + 1, "this page has no title: start it with a "
                                "`# Title` line, after the front matter", "title"))
    elif not any(char.isalnum() for char in title[1]):
        problems.append(Problem(title[0], f"the title {quoted(title[1])} has no letters or digits: "
                                "write what the page is about", "title"))
    kind = model.page_kind(docname)
    cells = ", ".join(sorted(tree.cells)) or "none yet"
    if kind == "meeting":
        cell, slug = model.cell_of(docname), model.meeting_slug(docname)
        owner = tree.meetings.get(slug, [docname])[0]
        if cell not in tree.cells:
            problems.append(Problem(1, f"cells/{cell}/ has no index.md, so there is no cell {cell!r}: "
                                    f"create it (python -m handbook new cell) or move this note into "
                                    f"one of: {cells}", "cell"))
        if owner != docname:
            problems.append(Problem(1, f"the meeting slug {slug!r} is already {owner}.md's: rename this "
                                    "file (the slug is its name without the date)", "duplicate"))
    if kind not in ("meeting", "essay"):  # whose front matter is checked key by key
        data, lines_of, _ = model.read_mapping(text)
        problems += [Problem(lines_of.get(key, 1), f"front matter cannot set {key!r}: every page is read with "
                             "the handbook's own settings; it is ignored", "frontmatter")
                     for key in sorted(PARSER_KEYS & set(map(str, data)))]
    if kind in ("page", "theme") and looks_like_note(docname, text):
        problems.append(Problem(1, "this looks like a meeting note, but meeting notes live in a cell's "
                                f"folder, cells/<cell>/: move it into one of: {cells}", "place"))
    return problems + glyph_problems(lines)


def glyph_problems(lines: list[str]) -> list[Problem]:
    """A character that no font of the printed handbook has (fonts.FALLBACKS), once, at its first
    line: the website shows it with the reader's fonts, but print would leave a blank."""
    problems = []
    for character in fonts.unprintable("\n".join(lines)):
        line = next(number for number, text in enumerate(lines, start=1) if character in text)
        name = unicodedata.name(character, "a character with no name").lower()
        problems.append(Problem(line, f"no font of the printed handbook has {character} (U+{ord(character):04X}, "
                                f"{name}): it would print as a blank; write it another way, or leave it to the "
                                "website", "glyph"))
    return problems


#: how deeply Markdown reads blocks inside one another (markdown-it's `maxNesting`, which MyST
#: keeps; a list and its item are a level each): deeper, the rest of the block is dropped
BLOCK_NESTING = 20
#: a line that may be that deep: as many `>`, or list items indented two spaces a level
_MAYBE_DEEP = re.compile(rf"^(?:[ \t]*>){{{BLOCK_NESTING - 1}}}|^[ \t]{{{BLOCK_NESTING - 2},}}\S", re.MULTILINE)


def deep_blocks(text: str) -> list[Problem]:
    """Quotes or lists nested as deep as Markdown reads them, whose deeper text would be lost.
    Only a text that might nest so deep (many `>` or a deeply indented line) is parsed."""
    if not _MAYBE_DEEP.search(text):
        return []
    deepest = next((token for token in MARKDOWN.parse(text)
                    if token.level >= BLOCK_NESTING - 1 and token.map), None)
    if deepest is None:
        return []
    return [Problem(deepest.map[0] + 1, "quotes or lists are nested as deep as Markdown reads them here "
                    f"({BLOCK_NESTING} levels, a list and its item counting one each): what is deeper is left "
                    "out; nest less", "markup")]


def looks_like_note(docname: str, text: str) -> bool:
    """A dated file name or a meeting's front matter: a note saved in the wrong folder."""
    data = model.read_mapping(text)[0]
    return bool(model.meeting_slug(docname) != docname.rsplit("/", 1)[-1]
                or {"date", "themes", "question"} & set(map(str, data)))


def essay_problems(data: dict, lines: dict[str, int]) -> list[Problem]:
    known = ", ".join(sorted(model.ESSAY_KEYS))
    return [Problem(lines.get(key, 1), f"unknown front-matter key {key!r} (known keys: {known})", "frontmatter")
            for key in data if key not in model.ESSAY_KEYS]


def registry_problems(srcdir: Path) -> list[Problem]:
    """Mistakes in people.yaml, at their line."""
    path = srcdir / "people.yaml"
    if not path.exists():
        return []
    text, problems = model.read_source(path)
    alias = model.first_alias(text)
    if alias is not None:
        return problems + [Problem(alias + 1, f"people.yaml {model.ALIAS_REFUSED}; the registry is left out", "people")]
    try:
        # libyaml's parser, as for front matter: every build reads the registry
        node = yaml.compose(text, Loader=model._FAST_SAFE_LOADER)
    except yaml.YAMLError:
        try:  # PyYAML's own parser words the mistake
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or "it cannot be read"
            return problems + [Problem((mark.line + 1) if mark else 1, f"people.yaml is not valid YAML: {reason}",
                                       "people")]
    if node is None:
        return problems
    if not isinstance(node, yaml.MappingNode):
        return problems + [Problem(1, "people.yaml holds `slug: {name: …, aliases: […]}` entries", "people")]
    for key, value in node.value:
        line = key.start_mark.line + 1
        if model.slugify(key.value) != key.value:
            problems.append(Problem(line, f"{quoted(key.value)} is not a slug: write it as "
                                    f"{model.slugify(key.value) or 'lowercase-words'}", "people"))
        elif not isinstance(value, yaml.MappingNode) or not any(k.value == "name" for k, _ in value.value):
            problems.append(Problem(line, f"{key.value} needs `name: Their Name` (and, if the notes use "
                                    "other forms, `aliases: [Other Form]`)", "people"))
    return problems


# --- directives --------------------------------------------------------------------------------


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
    slug = person or model.slugify(name)
    if not name.strip():
        return [Problem(fence_line, SPEAKER_WITHOUT_NAME, "speaker")]
    if not slug:
        return [Problem(fence_line, f"no page address can be made from the name {quoted(name.strip())}: give the "
                        "person's slug with `:person: lowercase-words`, or the card links to no person page",
                        "person")]
    lang_line, lang = options.get("lang", (fence_line, ""))
    if "lang" in options and language_problem(lang.strip()):
        return [Problem(lang_line, f":lang: {language_problem(lang.strip())}", "lang")]
    if person and model.slugify(person) != person:
        return [Problem(person_line, f":person: {quoted(person)} is not a slug: write {model.slugify(person) or 'lowercase-words'} "
                        "(lowercase words joined by hyphens)", "person")]
    if slug in tree.registry:
        return []
    known = tree.names.get(name.strip().casefold())
    if known and not person:
        return [Problem(fence_line, f"people.yaml names {known} {quoted(name.strip())}: add `:person: {known}` "
                        "to the card (or a slug of their own, if this is someone else)", "person")]
    close = difflib.get_close_matches(slug, sorted(tree.registry), n=1, cutoff=0.85)
    if close:
        return [Problem(person_line, f"{slug!r} is not in people.yaml, but {close[0]!r} is: correct the slug, "
                        f"or add {slug} to people.yaml (python -m handbook new person) if this is someone else",
                        "person")]
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
    return (f"{quoted(tag)} is not a language tag: write the language's code, such as ar (Arabic), "
            "uk (Ukrainian) or zh-Hans (Chinese in simplified characters)")


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


def unknown_target(kind: str, target: str, known: Iterable[str]) -> str:
    """The message for a reference to nothing, with the closest name that exists."""
    return f"unknown {kind} {quoted(target)}: no {kind} of that name in the handbook{suggestion(target, known)}"


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


# --- the whole tree, for `python -m handbook check` --------------------------------------------


def _parser() -> MarkdownIt:
    """Markdown as MyST reads a handbook page (raw HTML off, as the handbook's configuration sets)."""
    md = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    md.use(front_matter_plugin).use(myst_block_plugin).use(myst_role_plugin).use(colon_fence_plugin)
    return md.disable(["html_inline", "html_block"])


MARKDOWN = _parser()


@dataclass
class Located:
    path: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.path}:{self.problem.line}: {self.problem.message} [handbook.{self.problem.subtype}]"


@dataclass
class Reference:
    path: str
    line: int
    kind: str
    target: str


class Scanner:
    """Reads one document's markup the way MyST does: directives, their options and bodies,
    roles with their exact lines, and the key points the document defines."""

    def __init__(self, srcdir: Path, docname: str, tree: Tree, lines: list[str]) -> None:
        self.srcdir, self.docname, self.tree = srcdir, docname, tree
        #: the document's lines, where refused markup is located as the build locates it
        self.lines = lines
        self.docdir = (srcdir / docname).parent
        self.problems: list[Located] = []
        self.references: list[Reference] = []
        self.keypoints: list[str] = []
        self.keypoint_count = 0
        #: how many directives hold the one being read (markup.NESTING), and the outermost's line
        self.nesting = self.outermost = 0

    def refused(self, path: str, start: int, needle: str, message: str | None, subtype: str) -> None:
        """A refusal of `markup`, at the line of `needle` in the block at file index `start`."""
        if message:
            self.report(path, [Problem(markup.line_of(self.lines, start, needle), message, subtype)])

    def scan(self, path: str, lines: list[str], offset: int = 0, tokens: list | None = None) -> None:
        """Scan `lines`, the first of which is line `offset + 1` of `path`."""
        for token in MARKDOWN.parse("\n".join(lines)) if tokens is None else tokens:
            if token.type in ("colon_fence", "fence") and token.info.strip().startswith("{"):
                self.directive(path, token, offset)
            elif token.type == "colon_fence":  # a plain `:::` block: a container of Markdown
                self.scan(path, token.content.split("\n"), offset + token.map[0] + 1)
            elif token.type == "inline" and token.map:
                roles = [child for child in token.children or [] if child.type == "myst_role"]
                self.roles(path, lines, token.map[0], offset, roles)
                self.links(path, offset + token.map[0], token.children or [])

    def links(self, path: str, start: int, children: list) -> None:
        """Links and images of a block at file index `start`, held to the rules of `markup`."""
        for child in children:
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if markup.scheme_of(href):
                    self.refused(path, start, href, markup.url_refusal(href), "link")
                elif self.downloads(href):
                    self.refused(path, start, href, markup.path_refusal(self.srcdir, self.docdir, href, image=False), "path")
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                self.refused(path, start, src, markup.path_refusal(self.srcdir, self.docdir, src, image=True), "path")

    def downloads(self, href: str) -> bool:
        """Whether MyST makes a link a download: a path to a file that is not a page."""
        target = href.split("#")[0]
        if not target or target.endswith(".md"):
            return False
        return ((self.srcdir if target.startswith("/") else self.docdir) / target.lstrip("/")).is_file()

    def roles(self, path: str, lines: list[str], start: int, offset: int, roles: list) -> None:
        raw = [f"{{{role.meta['name']}}}`{role.content}`" for role in roles]
        for role, index in zip(roles, role_lines(lines, start, raw)):
            name = role.meta["name"]
            if refusal := markup.role_refusal(name):
                self.report(path, [Problem(offset + index + 1, refusal, "markup")])
            elif name in ("cell", "theme", "meeting", "person", "keypoint"):
                self.references.append(Reference(path, offset + index + 1, name, role_target(role.content)))
            elif name == "lang" and (problem := lang_role_problem(role.content)):
                self.report(path, [Problem(offset + index + 1, problem, "lang")])
            elif name == "math" and (found := markup.math_refusal(role.content)):
                self.refused(path, offset + start, found[0], found[1], "math")
            elif name.startswith("bdg-link"):
                url = role_target(role.content)
                self.refused(path, offset + start, url, markup.url_refusal(url), "link")

    def report(self, path: str, problems: list[Problem]) -> None:
        self.problems += [Located(path, problem) for problem in problems]

    def directive(self, path: str, token, offset: int) -> None:
        name, _, argument = token.info.strip()[1:].partition("}")
        argument = argument.strip()
        fence_line = offset + token.map[0] + 1
        if self.nesting >= markup.NESTING:
            self.report(path, [Problem(self.outermost, markup.NESTED_TOO_DEEP, "markup")])
            return
        if not self.nesting:
            self.outermost = fence_line
        self.nesting += 1
        try:
            self.directive_body(path, token, name, argument, fence_line)
        finally:
            self.nesting -= 1

    def directive_body(self, path: str, token, name: str, argument: str, fence_line: int) -> None:
        body = token.content.split("\n")
        options = option_lines(fence_line, body)
        body_at = options_end(body)
        if refusal := markup.directive_refusal(name) or markup.option_refusal(name, options):
            self.report(path, [Problem(fence_line, refusal, "markup")])
            return
        values = {key: value for key, (_, value) in options.items()}
        if refusal := markup.lines_refusal(name, values, len(body[body_at:]) - (body[-1:] == [""])):
            self.report(path, [Problem(fence_line, refusal, "markup")])
        self.directive_links(path, name, argument, {key: value for key, (_, value) in options.items()},
                             fence_line - 1, body[body_at:])
        if name in DIRECTIVE_OPTIONS:
            self.report(path, option_problems(name, options, fence_line))
            self.report(path, listing_problems(name, argument, fence_line))
        if name == "speaker":
            self.report(path, speaker_problems(argument, options, fence_line, self.tree))
        elif name == "keypoints":
            self.keypoints_block(path, body[body_at:], fence_line + body_at, fence_line)
            if argument:
                inline = MARKDOWN.parseInline(argument)[0]
                roles = [child for child in inline.children or [] if child.type == "myst_role"]
                self.roles(path, [argument], 0, fence_line - 1, roles)
        if name not in _NOT_MARKDOWN and name != "keypoints":
            self.scan(path, body[body_at:], fence_line + body_at)

    def keypoints_block(self, path: str, body: list[str], offset: int, fence_line: int) -> None:
        """Check the block's shape and note its items' anchors, as the directive numbers them."""
        tokens = MARKDOWN.parse("\n".join(body))
        top = [token for token in tokens if token.level == 0 and not token.type.endswith("_close")]
        lists = [token for token in top if token.type in ("bullet_list_open", "ordered_list_open")]
        if len(lists) != 1 or len(top) != 1:
            self.report(path, [Problem(fence_line, KEYPOINTS_NOT_ONE_LIST, "keypoints")])
        elif any(token.type in ("bullet_list_open", "ordered_list_open") and token.level > 0 for token in tokens):
            self.report(path, [Problem(fence_line, KEYPOINTS_NESTED, "keypoints")])
        if lists:
            labelled = True
            for token in tokens[tokens.index(lists[0]) + 1:]:
                if token.level == lists[0].level:
                    break
                if token.type == "list_item_open" and token.level == lists[0].level + 1:
                    self.keypoint_count += 1
                    self.keypoints.append(f"{model.meeting_slug(self.docname)}-kp-{self.keypoint_count}")
                    labelled = False
                elif token.type == "myst_target" and not labelled:
                    self.keypoints.append(" ".join(token.content.split()).lower())
                    labelled = True
        self.scan(path, body, offset, tokens)

    def directive_links(self, path: str, name: str, argument: str, options: dict[str, str], start: int,
                        body: list[str]) -> None:
        """The addresses, images and math a directive holds, held to the rules of `markup`."""
        if name in ("image", "figure"):
            self.refused(path, start, argument, markup.path_refusal(self.srcdir, self.docdir, argument, image=True), "path")
        # Options that take an address: `:target:`, `:link:`, `:avatar-link:`… (a card's `:link:`
        # is an address only with `:link-type: url`, its default).
        addresses = [value for key, value in options.items()
                     if (key == "target" or key.endswith("link")) and key != "link" and markup.scheme_of(value)]
        if name == "toctree":
            addresses += [target for line in body if markup.scheme_of(target := role_target(line.strip()))]
        if name == "button-link":
            addresses.append(argument)
        if name in ("card", "grid-item-card") and options.get("link-type", "url") == "url":
            addresses.append(options.get("link", ""))
        for address in filter(None, addresses):
            self.refused(path, start, address, markup.url_refusal(address), "link")
        if name == "math" and (found := markup.math_refusal("\n".join(body), display=True)):
            self.refused(path, start, found[0], found[1], "math")


def configured(srcdir: Path, name: str) -> list[str]:
    """A list in the project's conf.py (`exclude_patterns`, `bibtex_bibfiles`), read without
    running it: [] when it is not there or not a literal."""
    conf = srcdir / "conf.py"
    if conf.exists():
        for node in ast.parse(conf.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
                try:
                    return list(ast.literal_eval(node.value))
                except ValueError:
                    return []
    return []


def source_documents(srcdir: Path) -> discovery.Sources:
    """Every Markdown source Sphinx reads, as paths from the source folder, and what is refused;
    the generated person and year pages are left out (they are rewritten at every build)."""
    return discovery.read(srcdir, ["_build", ".*", *model.GENERATED, *configured(srcdir, "exclude_patterns")])


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
        "cell": set(tree.cells), "theme": set(tree.themes), "meeting": set(tree.meetings),
        "person": set(model.people_of(srcdir)), "keypoint": set(),
    }
    sources = source_documents(srcdir)
    problems += [Located(refusal.reported, refusal.problem) for refusal in sources.refused if refusal.reported]
    for bibliography in configured(srcdir, "bibtex_bibfiles"):
        if (srcdir / bibliography).is_file():
            text = (srcdir / bibliography).read_text(encoding="utf-8", errors="replace")
            problems += [Located(bibliography, Problem(line, message, "link"))
                         for line, message in markup.bibliography_refusals(text)]
    documents = sources.documents
    for path in documents:
        docname = path.removesuffix(".md")
        text, found = model.read_source(srcdir / path)
        if cut := cut_to_size(text):
            text, problem = cut
            found.append(problem)
        found += file_problems(docname, text, tree)
        data, lines, front = model.read_mapping(text)
        found += front
        kind = model.page_kind(docname)
        if kind == "meeting":
            found += model.validate_meeting(data, lines, tree.themes)[1]
        elif kind == "essay":
            found += essay_problems(data, lines)
        scanner = Scanner(srcdir, docname, tree, text.split("\n"))
        scanner.report(path, found)
        scanner.scan(path, text.split("\n"))
        problems += scanner.problems
        references += scanner.references
        targets["keypoint"].update(scanner.keypoints)
    labels = {"keypoint": "key point"}
    for ref in references:
        if ref.target not in targets[ref.kind]:
            kind = labels.get(ref.kind, ref.kind)
            problems.append(Located(ref.path, Problem(ref.line, unknown_target(kind, ref.target, targets[ref.kind]), "ref")))
    problems.sort(key=lambda located: (located.path, located.problem.line))
    notes = sum(model.page_kind(path.removesuffix(".md")) == "meeting" for path in documents)
    new_people = sorted(targets["person"] - set(tree.registry))
    return Report(problems, len(documents), notes, new_people)
