"""Atom feeds for the whole handbook, each cell and each theme, valid and linked from pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import page
from lxml import etree

pytestmark = pytest.mark.sphinx("html", testroot="listings")

ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(app, name: str) -> etree._Element:
    return etree.parse(str(Path(app.outdir) / "feeds" / name)).getroot()


def entries(feed) -> list[tuple[str, str, str, str]]:
    return [
        (
            entry.findtext(f"{ATOM}title"),
            entry.findtext(f"{ATOM}updated")[:10],
            entry.find(f"{ATOM}link").get("href"),
            entry.findtext(f"{ATOM}summary"),
        )
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_theme_feed_lists_its_dated_meetings_newest_first_with_summaries(app):
    app.build()
    feed = read_feed(app, "theme-care.atom")
    assert feed.tag == f"{ATOM}feed"
    assert entries(feed) == [
        ("Gamma one", "2023-01-10", "../cells/gamma/2023-01-10-gamma-one.html", "Gamma one was a meeting."),
        ("Beta three", "2022-06-01", "../cells/beta/2022-06-beta-three.html", "Beta three was a meeting."),
        ("Gamma three", "2021-11-01", "../cells/gamma/2021-11-gamma-three.html", "Gamma three was a meeting."),
    ]


def test_every_feed_has_what_atom_requires(app):
    app.build()
    names = sorted(path.name for path in (Path(app.outdir) / "feeds").glob("*.atom"))
    assert names == [
        "all.atom",
        "cell-alpha.atom",
        "cell-beta.atom",
        "cell-gamma.atom",
        "theme-care.atom",
        "theme-health.atom",
        "theme-power.atom",
    ]
    for name in names:
        feed = read_feed(app, name)
        for required in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{required}") is not None, (name, required)
        ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids))
        for entry in feed.findall(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}updated") and entry.find(f"{ATOM}link") is not None


def test_the_whole_handbook_feed_leaves_out_only_undated_meetings(app):
    app.build()
    titles = [row[0] for row in entries(read_feed(app, "all.atom"))]
    assert len(titles) == 10
    assert "Alpha five" not in titles and "Beta four" not in titles
    # The feed says that it leaves them out, and where they are.
    assert read_feed(app, "all.atom").findtext(f"{ATOM}subtitle") == (
        "The 50 newest dated meetings. 2 undated meetings are not in this feed (no date is invented for "
        "them): see ../archive/undated.html"
    )


def test_the_archive_lists_undated_meetings_in_a_group_of_their_own(app):
    app.build()
    groups = [item.get_text(" ", strip=True) for item in page(app, "archive/index").select("article li")]
    assert groups[-1] == "Undated (2 meetings)"
    undated = [a.get_text() for a in page(app, "archive/undated").select("article li a")]
    assert undated == ["Alpha five", "Beta four"]


def test_pages_link_their_feeds_from_the_head(app):
    app.build()
    links = [
        (link["title"], link["href"])
        for link in page(app, "themes/care").select('head link[type="application/atom+xml"]')
    ]
    assert links == [("All meetings", "../feeds/all.atom"), ("Meetings: Care", "../feeds/theme-care.atom")]
    links = [link["href"] for link in page(app, "index").select('head link[type="application/atom+xml"]')]
    assert links == ["feeds/all.atom"]


def test_a_cell_or_theme_feed_leads_to_its_own_page(app):
    app.build()
    for name, target in [
        ("theme-care.atom", "../themes/care.html"),
        ("cell-beta.atom", "../cells/beta/index.html"),
        ("all.atom", "../index.html"),
    ]:
        alternate = read_feed(app, name).find(f"{ATOM}link[@rel='alternate']")
        assert alternate.get("href") == target, name


def test_a_cell_with_no_dated_meeting_has_no_feed_rather_than_an_invented_date(site):
    """A feed must say when it last changed: the Joining Forces cell, whose meetings are all
    undated, has none (rather than one dated 1970), and its page links none."""
    assert not (site / "feeds" / "cell-joining-forces.atom").exists()
    assert all("1970-01-01" not in feed.read_text(encoding="utf-8") for feed in (site / "feeds").glob("*.atom"))
    cell = (site / "cells" / "joining-forces" / "index.html").read_text(encoding="utf-8")
    assert "cell-joining-forces.atom" not in cell
    assert "cell-leadership.atom" in (site / "cells" / "leadership" / "index.html").read_text(encoding="utf-8")
