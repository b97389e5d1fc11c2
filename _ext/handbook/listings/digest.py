"""The `digest` listing: the key points of a theme's meetings, which a theme's page shows for its
latest meetings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.config import Config

from handbook.content.records import Page
from handbook.listings.catalogue import Catalogue, display_date
from handbook.listings.kinds import ListingKind, Spec
from handbook.listings.render import link, listed

#: How many meetings' key points a theme's web page shows, unless `handbook_digest_meetings` says.
DIGEST_MEETINGS = 10


class KeyPointRow(NamedTuple):
    """A key point, and the meeting it links to by its title and date."""

    docname: str  #: the meeting's
    anchor: str  #: the key point's
    text: str
    title: str  #: the meeting's
    date: str  #: the meeting's


def digest_rows(cat: Catalogue, docname: str, spec: Spec) -> list[KeyPointRow]:
    """The key points of a theme's meetings, newest meeting first, each with its anchor; with
    :limit:, those of the latest meetings that have key points."""
    meetings = [meeting for meeting in cat.meetings({"theme": spec["theme"]}) if cat.pages[meeting].keypoints]
    return [
        KeyPointRow(meeting, point.anchor, point.text, cat.pages[meeting].title, cat.pages[meeting].date)
        for meeting in meetings[: spec.get("limit") or None]
        for point in cat.pages[meeting].keypoints
    ]


def keypoint_item(builder, fromdocname: str, row: KeyPointRow) -> nodes.list_item:
    paragraph = nodes.paragraph("", row.text + " ")
    source = f"{row.title}, {display_date(row.date)}"
    paragraph += nodes.inline(
        "",
        "(",
        link(builder, fromdocname, row.docname, row.anchor, source),
        nodes.Text(")"),
        classes=["handbook-digest-source"],
    )
    return nodes.list_item("", paragraph)


def saying_which(items: nodes.bullet_list, rows: Sequence[KeyPointRow], spec: Spec) -> list[nodes.Node]:
    """A digest cut at its limit says so, and where the rest is."""
    if not (spec.get("limit") and len({row.docname for row in rows}) == spec["limit"]):
        return [items]
    text = (
        f"Key points of the {spec['limit']} latest meetings that have them. Every meeting of the "
        "theme is listed above, and its printed guide holds every one, each in its meeting."
    )
    return [items, nodes.paragraph(text, text, classes=["handbook-digest-limit"])]


def of_themes(docname: str, page: Page, config: Config) -> list[tuple[str, Spec]]:
    """A theme's web page stays the same size as the archive grows: it shows the key points of the
    latest meetings; its guide prints every key point, each in its meeting."""
    if page.kind != "theme":
        return []
    return [("Key points", {"theme": page.slug, "limit": config.handbook_digest_meetings})]


DIGEST = ListingKind(
    "digest",
    digest_rows,
    listed(keypoint_item, arrange=saying_which),
    directive=True,
    converters={"limit": directives.positive_int},
    generated=of_themes,
    printed=False,
)
KINDS = (DIGEST,)
