"""Where listings stand on a page: the directives editors write and the listings a page gets
without asking (each a placeholder that notes its spec on the page), and their filling once
every page is read."""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from handbook.checking import rules
from handbook.domain import handbook_domain
from handbook.listings import digest, indexes, kinds, meetings
from handbook.listings.catalogue import catalogue
from handbook.listings.kinds import KINDS, ListingKind, Spec, listing
from handbook.reading.directives import AnyOption, options_checked, report


class ListingDirective(SphinxDirective):
    """A listing an editor writes: its spec is its kind, its options and its argument. One class
    per kind (`directive_for`), each with its own option spec and argument."""

    kind: ClassVar[ListingKind[Any]]
    has_content = False
    optional_arguments = 0
    final_argument_whitespace = True
    option_spec = AnyOption()

    def run(self) -> list[nodes.Node]:
        options_checked(self)
        known = rules.DIRECTIVE_OPTIONS[self.kind.name]
        spec = {key: value for key, value in self.options.items() if key in known and value not in (None, "")}
        if self.kind.argument:
            if not self.arguments:
                report(self, rules.listing_problems(self.kind.name, "", self.lineno))
                return []
            spec[self.kind.argument] = self.arguments[0].strip()
        return [placeholder(self.env, self.kind.name, spec)]


def directive_for(kind: ListingKind[Any]) -> type[ListingDirective]:
    """The directive of a kind of listing: the options that convert, and an argument if it lists one thing."""
    attributes = {
        "kind": kind,
        "option_spec": AnyOption(**kind.converters),
        "optional_arguments": int(bool(kind.argument)),
        "__doc__": f"`{kind.name}`: a listing editors write.",
    }
    return type(f"{kind.name.capitalize()}Directive", (ListingDirective,), attributes)


def placeholder(env: BuildEnvironment, kind: str, spec: Spec) -> listing:
    spec = {"kind": kind, **spec}
    handbook_domain(env).page(env.docname).listings.append(spec)
    return listing(spec=spec)


def add_generated(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: the listings a page gets without asking (`ListingKind.generated`: cells and
    themes list their meetings, meetings end with related meetings and previous/next…); and every
    handbook reference is noted so a retitled target is relinked."""
    env = app.env
    page = handbook_domain(env).page(env.docname)
    section: nodes.Element = next(iter(doctree.findall(nodes.section)), doctree)
    for kind in KINDS.values():
        for heading, generated in kind.generated(env.docname, page, app.config):
            spec = {"kind": kind.name, **generated}
            # A listing the page's editor wrote stands instead of the generated one, whatever its limit.
            what = {key: value for key, value in spec.items() if key != "limit"}
            if any(existing.items() >= what.items() for existing in page.listings):
                continue
            section += placeholder(env, kind.name, {**generated, "heading": heading})
    refs = [ref for ref in doctree.findall(addnodes.pending_xref) if ref.get("refdomain") == "handbook"]
    page.refs = sorted({(ref["reftype"], ref["reftarget"]) for ref in refs})
    # What the note's words link to: a speaker card's link to its speaker is not a mention.
    page.mentions = sorted({(ref["reftype"], ref["reftarget"]) for ref in refs if not in_speaker_card(ref)})


def in_speaker_card(node: nodes.Node | None) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and "handbook-speaker" in node.get("classes", []):
            return True
        node = node.parent
    return False


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: replace every placeholder with its listing."""
    cat = catalogue(app.env)
    for node in list(doctree.findall(listing)):
        spec = node["spec"]
        node.replace_self(kinds.draw(app.builder, docname, spec, kinds.rows(cat, docname, spec)))


def setup_listings(app: Sphinx) -> None:
    """The placeholder node, the kinds of listing this package declares, and their directives."""
    app.add_node(listing)
    kinds.register(*meetings.KINDS, *digest.KINDS, *indexes.KINDS)
    for kind in KINDS.values():
        if kind.directive:
            app.add_directive(kind.name, directive_for(kind))
