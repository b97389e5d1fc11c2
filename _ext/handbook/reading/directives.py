"""The `speaker` and `keypoints` directives an editor writes in a note.

They build sphinx-design card and badge nodes (plain containers every builder knows) and
record what they hold in the domain.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from handbook import diagnostics
from handbook.checking import rules
from handbook.content.layout import meeting_slug
from handbook.content.names import slugify
from handbook.content.records import KeyPoint, Speaker
from handbook.diagnostics import Problem
from handbook.domain import handbook_domain
from handbook.reading import languages


def person_reference(slug: str, shown: nodes.inline) -> addnodes.pending_xref:
    """A link to a person's page, written as the note names them."""
    ref = addnodes.pending_xref("", refdomain="handbook", reftype="person", reftarget=slug, refexplicit=True)
    ref += shown
    return ref


class AnyOption(dict):
    """An option_spec that lets every option through as text (name only those that convert) to
    the directive, which reports an unknown one at its line with the option it probably meant, in
    the words `check` uses (the known names are `rules.DIRECTIVE_OPTIONS`)."""

    def __missing__(self, key: str):
        return directives.unchanged

    def __bool__(self) -> bool:
        return True  # MyST reads an options block only for a directive that has options


def options_checked(directive: SphinxDirective) -> dict[str, tuple[int, str]]:
    """The directive's options with their lines, read from its text; unknown ones reported."""
    options = rules.option_lines(directive.lineno, directive.block_text.split("\n")[1:])
    report(directive, rules.option_problems(directive.name, options, directive.lineno))
    return options


def report(directive: SphinxDirective, problems: list[Problem]) -> None:
    source = directive.get_source_info()[0]
    for problem in problems:
        diagnostics.warn(problem.message, problem.subtype, f"{source}:{problem.line}")


class SpeakerDirective(SphinxDirective):
    """A speaker card: the name as stated, role and organisation at this meeting, and the
    note's own sentences about them as the body."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        name = " ".join(self.arguments).strip()
        options = options_checked(self)
        report(self, rules.speaker_problems(name, options, self.lineno, handbook_domain(self.env).tree))
        # A person written as a name rather than a slug still reaches their page.
        slug = slugify((self.options.get("person") or "").strip() or name)
        if not name:
            return self.parse_content_to_nodes(allow_section_headings=False)
        role, org = (self.options.get(key, "").strip() for key in ("role", "org"))
        anchor = f"{meeting_slug(self.env.docname)}-speaker-{self.env.new_serialno('handbook-speaker') + 1}"
        if slug:  # a name with no slug (reported) is shown on its card, with no page to link to
            handbook_domain(self.env).note_speaker(
                self.env.docname, Speaker(person=slug, name=name, role=role, org=org, anchor=anchor)
            )

        card = create_component(
            "card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "handbook-speaker"]
        )
        card["ids"].append(anchor)
        card["speaker"] = slug
        self.set_source_info(card)
        header = create_component("card-header", ["sd-card-header", "handbook-speaker-header"])
        title = nodes.paragraph(classes=["handbook-speaker-name"])
        # The name in the language the card gives (reported above if that is not a language).
        lang = self.options.get("lang", "").strip()
        shown = languages.marked(name, lang) if lang and not rules.language_problem(lang) else nodes.inline(name, name)
        title += person_reference(slug, shown) if slug else shown
        header += title
        details = [text for text in (role, org) if text]
        if details:
            line = nodes.paragraph(classes=["handbook-speaker-details"])
            for position, text in enumerate(details):
                if position:
                    line += nodes.inline(" · ", " · ", classes=["handbook-separator"])
                line += nodes.inline(text, text, classes=[("handbook-role", "handbook-org")[position if role else 1]])
            header += line
        card += header
        if self.content:
            body = create_component("card-body", ["sd-card-body"])
            body.extend(self.parse_content_to_nodes(allow_section_headings=False))
            card += body
        return [card]


class KeypointsDirective(SphinxDirective):
    """Key points from a meeting: a flat list whose items get stable anchors
    (`<meeting>-kp-<n>`, or the `(label)=` target written before an item)."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        options_checked(self)
        content = self.parse_content_to_nodes(allow_section_headings=False)
        lists = [node for node in content if isinstance(node, (nodes.bullet_list, nodes.enumerated_list))]
        if len(lists) != 1 or len(content) != 1:
            report(self, [Problem(self.lineno, rules.KEYPOINTS_NOT_ONE_LIST, "keypoints")])
            if not lists:
                return content
        items = lists[0]
        if len(lists) == 1 == len(content) and any(
            isinstance(child, (nodes.bullet_list, nodes.enumerated_list))
            for item in items
            for child in item.findall()
            if child is not items
        ):
            report(self, [Problem(self.lineno, rules.KEYPOINTS_NESTED, "keypoints")])

        box = nodes.container(classes=["handbook-keypoints"])
        self.set_source_info(box)
        if self.arguments:
            intro, messages = self.parse_inline(self.arguments[0], lineno=self.lineno)
            box += nodes.paragraph("", "", *intro, classes=["handbook-keypoints-title"])
            box += messages
        attribution = self.options.get("attribution", "").strip()
        if attribution:
            box["attribution"] = attribution
        items["classes"].append("handbook-keypoints-list")
        for item in items.children:
            if isinstance(item, nodes.list_item):  # a bullet list holds nothing else
                self.anchor(item)
        box.extend(content)
        return [box]

    def anchor(self, item: nodes.list_item) -> None:
        number = self.env.new_serialno("handbook-keypoint") + 1
        anchor = f"{meeting_slug(self.env.docname)}-kp-{number}"
        label = next((target["names"][0] for target in item.findall(nodes.target) if target["names"]), "")
        item["ids"].append(anchor)
        item["classes"].append("handbook-keypoint")
        text = " ".join(paragraph.astext() for paragraph in item.findall(nodes.paragraph))
        handbook_domain(self.env).note_keypoint(
            self.env.docname, KeyPoint(anchor=anchor, label=label, number=number, text=text)
        )
