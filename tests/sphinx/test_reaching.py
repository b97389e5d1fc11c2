"""Every meeting of the real handbook reachable by every path: the archive (dated and undated),
related meetings, and the pages that mention it."""

from __future__ import annotations

from bs4 import BeautifulSoup
from helpers import PROJECT


def soup(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def meeting_docnames() -> set[str]:
    return {
        str(path.relative_to(PROJECT).with_suffix(""))
        for path in (PROJECT / "cells").glob("*/*.md")
        if path.name != "index.md"
    }


def linked_meetings(page: BeautifulSoup, base: str) -> set[str]:
    """The meetings a page links to, as docnames."""
    found = set()
    for link in page.select("article a[href]"):
        href = link["href"].partition("#")[0]
        if "cells/" in href and not href.endswith("index.html"):
            found.add("cells/" + href.split("cells/", 1)[1].removesuffix(".html"))
    return found


def test_the_archive_reaches_every_meeting_the_undated_as_a_group(site):
    archive = soup(site, "archive/index")
    groups = [a["href"].removesuffix(".html") for a in archive.select("article li a")]
    assert groups[-1] == "undated"
    reached = set()
    for group in groups:
        reached |= linked_meetings(soup(site, f"archive/{group}"), "archive/")
    assert reached == meeting_docnames()


def test_every_meeting_has_related_meetings(site):
    without = [
        docname
        for docname in sorted(meeting_docnames())
        if not soup(site, docname).select(".handbook-listing-related li")
    ]
    assert without == []


def test_meeting_and_person_pages_say_which_notes_mention_them(site):
    """Backlinks from the notes' own references; the editors' guide's examples are not mentions."""
    first = soup(site, "cells/leadership/undated-better-leadership-for-health-and-care-1")
    mentions = first.select_one(".handbook-listing-mentions")
    assert mentions.select_one(".rubric").get_text() == "Mentioned in"
    assert [a.get_text() for a in mentions.select("a")] == ["Better leadership for health and care (second meeting)"]
    person = soup(site, "people/nicola-steuer").select_one(".handbook-listing-mentions")
    assert [a.get_text() for a in person.select("a")] == ["Sharing and building power: Levelling up"]
    # A meeting no note links to has no empty heading.
    assert (
        soup(site, "cells/network-events/undated-connecting-the-connectors").select_one(".handbook-listing-mentions")
        is None
    )


def test_a_speaker_card_is_not_a_mention(site):
    """Caroline Slocock speaks at several meetings; she is mentioned only where a note's words link
    to her, and her page lists those pages alone under "Mentioned in"."""
    notes = [path for folder in ("cells", "themes", "essays") for path in (PROJECT / folder).rglob("*.md")]
    linking = {
        path.relative_to(PROJECT).with_suffix("").as_posix()
        for path in notes
        if "<caroline-slocock>`" in path.read_text(encoding="utf-8")
    }
    mentions = soup(site, "people/caroline-slocock").select_one(".handbook-listing-mentions")
    assert {a["href"].removeprefix("../").removesuffix(".html") for a in mentions.select("a")} == linking
