"""A note's markup read the way MyST reads it, without Sphinx, for `check`: directives, their
options and bodies, roles with their exact lines, links, and the key points a note defines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from handbook.checking import links, markup, rules, texmath
from handbook.checking.rules import (
    DIRECTIVE_OPTIONS,
    KEYPOINTS_NESTED,
    KEYPOINTS_NOT_ONE_LIST,
    LISTING_ARGUMENTS,
    footnote_problems,
    heading_anchor,
    label_name,
    lang_role_problem,
    listing_problems,
    option_lines,
    option_problems,
    options_end,
    role_lines,
    role_target,
    speaker_problems,
)
from handbook.content import layout
from handbook.content.tree import Tree
from handbook.diagnostics import Located, Problem, Subtype

#: directives whose body is not Markdown (or, for listings, is not read at all)
NOT_MARKDOWN = {
    "toctree",
    "code-block",
    "code",
    "sourcecode",
    "math",
    "csv-table",
    "bibliography",
    *LISTING_ARGUMENTS,
    "meetings",
    "people",
    "years",
}


def _parser() -> MarkdownIt:
    """Markdown as MyST reads a handbook page (raw HTML off, as the handbook's configuration sets)."""
    md = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    md.use(front_matter_plugin).use(myst_block_plugin).use(myst_role_plugin).use(colon_fence_plugin)
    # As MyST reads footnotes: where they are written, and a reference whether or not its text exists.
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    return md.disable(["html_inline", "html_block"])


MARKDOWN = _parser()


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
    deepest = next(
        (token.map[0] for token in MARKDOWN.parse(text) if token.level >= BLOCK_NESTING - 1 and token.map), None
    )
    if deepest is None:
        return []
    return [
        Problem(
            deepest + 1,
            "quotes or lists are nested as deep as Markdown reads them here "
            f"({BLOCK_NESTING} levels, a list and its item counting one each): what is deeper is left "
            "out; nest less",
            "markup",
        )
    ]


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
        #: the (line, label) of each footnote reference `[^label]` and of each footnote's text
        self.footnote_references: list[tuple[int, str]] = []
        self.footnote_texts: list[tuple[int, str]] = []
        #: the labels `(label)=` the document defines, and the anchors of its headings
        self.labels: dict[str, list[int]] = {}
        self.anchors: set[str] = set()

    def refused(self, path: str, start: int, needle: str, message: str | None, subtype: Subtype) -> None:
        """A refusal of `markup`, at the line of `needle` in the block at file index `start`."""
        if message:
            self.report(path, [Problem(markup.line_of(self.lines, start, needle), message, subtype)])

    def scan(self, path: str, lines: list[str], offset: int = 0, tokens: list | None = None) -> None:
        """Scan `lines`, the first of which is line `offset + 1` of `path`."""
        previous = None
        for token in MARKDOWN.parse("\n".join(lines)) if tokens is None else tokens:
            if token.type in ("colon_fence", "fence") and token.info.strip().startswith("{"):
                self.directive(path, token, offset)
            elif token.type == "colon_fence" and token.map:  # a plain `:::` block: a container of Markdown
                self.scan(path, token.content.split("\n"), offset + token.map[0] + 1)
            elif token.type == "myst_target":
                self.labels.setdefault(label_name(token.content), []).append(offset + (token.map or [0])[0] + 1)
            elif token.type == "footnote_reference_open" and token.map:
                self.footnote_texts.append((offset + token.map[0] + 1, token.meta["label"]))
            elif token.type == "inline" and token.map:
                if previous is not None and previous.type == "heading_open":
                    self.anchors.add(heading_anchor(token.content))
                roles = [child for child in token.children or [] if child.type == "myst_role"]
                self.roles(path, lines, token.map[0], offset, roles)
                self.links(path, offset + token.map[0], token.children or [])
                self.footnote_references += [
                    (markup.line_of(self.lines, offset + token.map[0], f"[^{label}]"), label)
                    for child in token.children or []
                    if child.type == "footnote_ref" and (label := child.meta["label"])
                ]
            previous = token

    def links(self, path: str, start: int, children: list) -> None:
        """Links and images of a block at file index `start`, held to the rules of `markup`."""
        for child in children:
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not href:
                    self.refused(path, start, "]()", rules.EMPTY_LINK, "ref")
                elif href.startswith("#") and len(href) > 1:
                    # markdown-it gives the address percent-encoded (#%C3%BCber); MyST and the note say #über
                    target = unquote(href[1:])
                    line = markup.line_of(self.lines, start, f"#{target}")
                    self.references.append(Reference(path, line, "anchor", target))
                elif links.scheme_of(href):
                    self.refused(path, start, href, links.url_refusal(href), "link")
                elif links.is_download(self.srcdir, self.docdir, href):
                    self.refused(
                        path, start, href, links.path_refusal(self.srcdir, self.docdir, href, image=False), "path"
                    )
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                self.refused(path, start, src, links.path_refusal(self.srcdir, self.docdir, src, image=True), "path")

    def roles(self, path: str, lines: list[str], start: int, offset: int, roles: list) -> None:
        raw = [f"{{{role.meta['name']}}}`{role.content}`" for role in roles]
        for role, index in zip(roles, role_lines(lines, start, raw), strict=True):
            name = role.meta["name"]
            if refusal := markup.role_refusal(name):
                self.report(path, [Problem(offset + index + 1, refusal, "markup")])
            elif name == "ref":
                self.references.append(
                    Reference(path, offset + index + 1, "label", label_name(role_target(role.content)))
                )
            elif name.partition(":")[0] in ("cite", "footcite"):
                self.references += [
                    Reference(path, offset + index + 1, links.WORK, key) for _, key in links.cited_works(role.content)
                ]
            elif name in ("cell", "theme", "meeting", "person", "keypoint"):
                self.references.append(Reference(path, offset + index + 1, name, role_target(role.content)))
            elif name == "lang" and (problem := lang_role_problem(role.content)):
                self.report(path, [Problem(offset + index + 1, problem, "lang")])
            elif name == "math" and (found := texmath.math_refusal(role.content)):
                self.refused(path, offset + start, found[0], found[1], "math")
            elif name.startswith("bdg-link"):
                url = role_target(role.content)
                self.refused(path, offset + start, url, links.url_refusal(url), "link")

    def footnotes(self, path: str) -> None:
        """Once the whole document is read: its footnotes and labels held to `rules`."""
        self.report(path, footnote_problems(self.footnote_references, self.footnote_texts))
        self.report(path, rules.label_problems(self.labels))

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
        self.directive_links(
            path, name, argument, {key: value for key, (_, value) in options.items()}, fence_line - 1, body[body_at:]
        )
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
        if name not in NOT_MARKDOWN and name != "keypoints":
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
            for token in tokens[tokens.index(lists[0]) + 1 :]:
                if token.level == lists[0].level:
                    break
                if token.type == "list_item_open" and token.level == lists[0].level + 1:
                    self.keypoint_count += 1
                    self.keypoints.append(f"{layout.meeting_slug(self.docname)}-kp-{self.keypoint_count}")
                    labelled = False
                elif token.type == "myst_target" and not labelled:
                    self.keypoints.append(" ".join(token.content.split()).lower())
                    labelled = True
        self.scan(path, body, offset, tokens)

    def directive_links(
        self, path: str, name: str, argument: str, options: dict[str, str], start: int, body: list[str]
    ) -> None:
        """The addresses, images and math a directive holds, held to the rules of `markup`."""
        if name in ("image", "figure"):
            self.refused(
                path, start, argument, links.path_refusal(self.srcdir, self.docdir, argument, image=True), "path"
            )
        # Options that take an address: `:target:`, `:link:`, `:avatar-link:`… (a card's `:link:`
        # is an address only with `:link-type: url`, its default).
        addresses = [
            value
            for key, value in options.items()
            if (key == "target" or key.endswith("link")) and key != "link" and links.scheme_of(value)
        ]
        if name == "toctree":
            addresses += [target for line in body if links.scheme_of(target := role_target(line.strip()))]
        if name == "button-link":
            addresses.append(argument)
        if name in ("card", "grid-item-card") and options.get("link-type", "url") == "url":
            addresses.append(options.get("link", ""))
        for address in filter(None, addresses):
            self.refused(path, start, address, links.url_refusal(address), "link")
        if name == "math" and (found := texmath.math_refusal("\n".join(body), display=True)):
            self.refused(path, start, found[0], found[1], "math")
