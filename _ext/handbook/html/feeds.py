"""Atom feeds: the whole handbook, each cell and each theme, newest meetings first.

Written after the HTML build from the domain data, so a feed always matches the pages. Atom needs
a timestamp per entry: a meeting known only to the month or year takes the first day of that
period, and an undated meeting has no entry (no date is invented for it).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from handbook.content.dates import PartialDate
from handbook.content.records import Page
from handbook.domain import handbook_domain
from handbook.listings.catalogue import catalogue

FEED_LENGTH = 50


def feed_path(kind: str, slug: str = "") -> str:
    """Where a feed lives in the site: feeds/all.atom, feeds/cell-<slug>.atom, feeds/theme-<slug>.atom."""
    return f"feeds/{kind}-{slug}.atom" if slug else "feeds/all.atom"


def has_feed(cat, kind: str, slug: str) -> bool:
    """Whether a cell or theme has a feed: only one with a dated meeting does, since a feed must
    say when it last changed and no date is invented for it."""
    return any(cat.pages[docname].date for docname in cat.by[kind].get(slug, []))


def feeds_of(page: Page, cat=None) -> list[tuple[str, str]]:
    """(path, title) of the feeds a page links from its head: the whole handbook's, and its own."""
    found = [(feed_path("all"), "All meetings")]
    if page.kind in ("cell", "theme") and (cat is None or has_feed(cat, page.kind, page.slug)):
        found.append((feed_path(page.kind, page.slug), f"Meetings: {page.title}"))
    return found


def link_feeds(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context: readers' feed software finds the feeds from any page."""
    page = handbook_domain(app.env).facts(pagename)
    links = "".join(
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(context["pathto"](path, 1))}">\n'
        for path, title in feeds_of(page, catalogue(app.env))
    )
    context["metatags"] = context.get("metatags", "") + links


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: one feed for all meetings, one per cell and one per theme."""
    if exception or not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    cat = catalogue(app.env)
    # Without a published address, links are relative to the feeds/ folder.
    base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else "../"
    groups = [("all", "", app.config.project, cat.newest_first)]
    for kind in ("cell", "theme"):
        for slug, title in sorted(cat.titles[kind].items()):
            if has_feed(cat, kind, slug):
                groups.append((kind, slug, f"{app.config.project}: {title}", cat.by[kind].get(slug, [])))
    written = set()
    for kind, slug, title, docnames in groups:
        path = Path(app.outdir) / feed_path(kind, slug)
        path.parent.mkdir(parents=True, exist_ok=True)
        feed(app, cat, base, kind, slug, title, docnames).atom_file(str(path), pretty=True)
        written.add(path)
    # The feed of a cell or theme that is gone must not go on being published.
    for stale in set((Path(app.outdir) / feed_path("all")).parent.glob("*.atom")) - written:
        stale.unlink()


def feed(app: Sphinx, cat, base: str, kind: str, slug: str, title: str, docnames: list[str]) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(f"urn:handbook:feed:{kind}:{slug or 'all'}")
    generator.title(title)
    generator.author(name=app.config.author or app.config.project)
    generator.link(href=base + feed_path(kind, slug), rel="self")
    # The page a reader of the feed opens: the cell's or theme's own, or the home page.
    target = cat.index.get(kind, {}).get(slug) if slug else None
    opened = app.builder.get_target_uri(target.docname) if target else "index.html"
    generator.link(href=base + opened, rel="alternate")
    generator.language(app.config.language or "en")
    dated = [docname for docname in docnames if cat.pages[docname].date][:FEED_LENGTH]
    undated = len(docnames) - len([docname for docname in docnames if cat.pages[docname].date])
    if undated:
        # Readers of the feed learn that it is not the whole archive, and where the rest is.
        generator.subtitle(
            f"The {FEED_LENGTH} newest dated meetings. {undated} undated "
            f"{'meeting is' if undated == 1 else 'meetings are'} not in this feed (no date is "
            f"invented for them): see {base}archive/undated.html"
        )
    stamps = [timestamp(cat.pages[docname].date) for docname in dated]
    generator.updated(max(stamps) if stamps else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for docname, stamp in reversed(list(zip(dated, stamps, strict=True))):
        page = cat.pages[docname]
        entry = generator.add_entry()
        entry.id(f"urn:handbook:page:{docname}")
        entry.title(page.title)
        entry.link(href=base + app.builder.get_target_uri(docname))
        entry.updated(stamp)
        entry.published(stamp)
        if page.summary:
            entry.summary(page.summary)
    return generator


def timestamp(date: str) -> dt.datetime:
    day = PartialDate.parse(date).earliest()
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
