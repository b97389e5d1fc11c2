"""The kinds of listing, each declared once (`ListingKind`: its name, rows, drawing, options and
the pages that get it without asking) and registered in one table (`KINDS`), through which the
directives, the filling of placeholders, the page signatures and print all dispatch.

A kind is declared in the module that computes and draws it (`meetings`, `indexes`, `digest`,
`html.cards`) and registered at set-up (`directives.setup_listings`, `html.cards.setup_cards`). What
`check` knows of it (its options, its argument, that notes may use it) is in the checking stage,
which runs without Sphinx: `checking.rules.DIRECTIVE_OPTIONS`, `LISTING_ARGUMENTS`,
`checking.markup.DIRECTIVES`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from docutils import nodes
from sphinx.config import Config

from handbook.checking import rules
from handbook.content.records import Page
from handbook.listings.catalogue import Catalogue

#: A listing's spec: its kind, its options and argument, and the heading of a generated one.
Spec = dict[str, Any]
#: A listing's row: a NamedTuple whose `docname` is the page it leads to.
R = TypeVar("R")


class listing(nodes.General, nodes.Element):
    """Placeholder for a listing; `spec` says which one. Replaced before any writer sees it."""


def on_no_page(docname: str, page: Page, config: Config) -> list[tuple[str, Spec]]:
    return []


@dataclasses.dataclass(frozen=True)
class ListingKind(Generic[R]):
    """One kind of listing."""

    name: str
    #: (catalogue, the page it is on, spec) → its rows, from the domain's data alone: they are part
    #: of the page's signature (`outdated.page_signature`), so the page is written again when they change
    rows: Callable[[Catalogue, str, Spec], Sequence[R]]
    #: (builder, the page it is on, spec, rows) → docutils nodes, which the HTML and LaTeX writers both know
    draw: Callable[[Any, str, Spec, Sequence[R]], list[nodes.Node]]
    #: whether editors write it as a directive, `:::{name}`
    directive: bool = False
    #: the options whose values convert (`limit`); every other option is text (`reading.directives.AnyOption`)
    converters: Mapping[str, Callable[[str], Any]] = dataclasses.field(default_factory=dict)
    #: (docname, page, config) → (heading, spec without its kind) of the listings of this kind a
    #: page gets without asking; on a page they follow one another in the order of `KINDS`
    generated: Callable[[str, Page, Config], list[tuple[str, Spec]]] = on_no_page
    #: whether print shows it: not the website's navigation or a second copy of what a document
    #: prints (related meetings and previous/next: the book's order is its own; key-point digests:
    #: each key point is printed once, in its meeting, and a theme's list of meetings is its overview)
    printed: bool = True

    @property
    def argument(self) -> str:
        """The option a listing of one thing takes as its argument (`:::{appearances} person-slug`)."""
        return rules.LISTING_ARGUMENTS.get(self.name, "")


#: name → kind, in the order they were registered
KINDS: dict[str, ListingKind[Any]] = {}


def register(*kinds: ListingKind[Any]) -> None:
    for kind in kinds:
        KINDS[kind.name] = kind


def rows(cat: Catalogue, docname: str, spec: Spec) -> Sequence[Any]:
    """A listing's rows, computed once per build: signatures and pages ask for the same."""
    key = (docname, tuple(sorted(spec.items())))
    if key not in cat.shown:
        cat.shown[key] = list(KINDS[spec["kind"]].rows(cat, docname, spec))
    return cat.shown[key]


def draw(builder: Any, fromdocname: str, spec: Spec, found: Sequence[Any]) -> list[nodes.Node]:
    """The listing as docutils nodes."""
    return KINDS[spec["kind"]].draw(builder, fromdocname, spec, found)
