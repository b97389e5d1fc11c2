"""The home page opens the handbook: search up front, the latest meetings, the cells and themes as
cards, the printed handbook and guides to download, a feed to follow; cells' and themes' indexes
show the same cards; key points carry a number one can link to and their attribution."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbook.content.dates import PartialDate
from helpers import page


def soup(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def cards(body, of: str) -> list[dict]:
    found = []
    for card in body.select(f".handbook-cards-{of} .handbook-card"):
        found.append(
            {
                "title": card.select_one(".handbook-card-title").get_text(strip=True),
                "href": card.select_one(".handbook-card-title a")["href"],
                "facts": card.select_one(".handbook-card-facts").get_text(strip=True),
                "leader": card.select_one(".handbook-card-leader").get_text(strip=True)
                if card.select_one(".handbook-card-leader")
                else "",
                "text": card.select_one(".handbook-card-text").get_text(strip=True)
                if card.select_one(".handbook-card-text")
                else "",
            }
        )
    return found


def test_the_home_page_opens_with_search_and_the_latest_meetings(site):
    home = soup(site, "index")
    form = home.select_one("form.handbook-home-search")
    assert form["action"] == "search.html" and form.select_one("input")["name"] == "q"
    latest = cards(home, "latest")
    assert len(latest) == 6
    dates = [PartialDate.parse(" ".join(card["facts"].split(" · ")[0].split()[-1:])) for card in latest]
    assert [date.sort_key() for date in dates] == sorted((date.sort_key() for date in dates), reverse=True)
    first = soup(site, latest[0]["href"].removesuffix(".html"))
    assert latest[0]["title"] == first.select_one("article h1").get_text().rstrip("#")
    assert latest[0]["text"] == first.select_one(".handbook-question").get_text(strip=True)
    assert latest[0]["facts"].endswith("· Sharing and Building Power")


def test_cells_and_themes_are_cards_with_purpose_leader_count_and_latest_date(site):
    home = soup(site, "index")
    cells = cards(home, "cell")
    assert [card["title"] for card in cells][-1] == "Network Events"
    leadership = next(card for card in cells if card["title"] == "Leadership")
    assert leadership["leader"] == "Thought leader:Nick Sinclair"
    meetings = len(list((site / "cells" / "leadership").glob("*.html"))) - 1
    assert leadership["facts"] == f"{meetings} meetings · latest 17 April 2023"
    assert leadership["text"].startswith("The thought leader for the Better Way leadership strand is Nick Sinclair")
    assert leadership["text"].endswith("…")
    assert len(cards(home, "theme")) == len(list((site / "themes").glob("*.html"))) - 1
    # The index pages show the same cards, in place of a bare list.
    assert cards(soup(site, "cells/index"), "cell") == [
        {**card, "href": card["href"].removeprefix("cells/")} for card in cells
    ]
    assert [card["title"] for card in cards(soup(site, "themes/index"), "theme")] == [
        card["title"] for card in cards(home, "theme")
    ]
    assert soup(site, "cells/index").select("article .toctree-wrapper li") == []


@pytest.mark.parametrize("docname", ["index", "cells/leadership/index", "themes/health"])
def test_home_cell_and_theme_pages_show_a_link_to_their_feed(site, docname):
    link = soup(site, docname).select_one("article .handbook-feed-link a")
    target = (site / docname).parent / link["href"]
    assert target.is_file() and target.suffix == ".atom"


def test_key_points_show_a_number_linking_to_themselves_and_their_attribution(site):
    meeting = soup(site, "cells/sharing-and-building-power/2022-10-19-levelling-up")
    points = meeting.select("li.handbook-keypoint")
    numbers = [point.select_one("a.handbook-keypoint-number") for point in points]
    assert [number.get_text() for number in numbers] == [str(n) for n in range(1, len(points) + 1)]
    assert [number["href"] for number in numbers] == [f"#{point['id']}" for point in points]
    attributions = [p.get_text() for p in meeting.select(".handbook-keypoints-attribution")]
    assert attributions[0] == "From: speakers, participants, breakout groups, plenary"


@pytest.mark.sphinx("html", testroot="listings")
def test_the_printed_documents_are_offered_where_they_exist(app, tmp_path):
    printed = tmp_path / "pdf"
    printed.mkdir()
    for name in ("handbook", "guide-care"):
        (printed / f"{name}.pdf").write_bytes(b"%PDF-1.4\n")
    app.config.handbook_pdf_dir = str(printed)
    app.build()
    home = page(app, "index")
    offered = {a.get_text(): a["href"] for a in home.select("article .handbook-downloads a")}
    assert offered == {
        "The handbook: every cell and meeting, the themes, essays and people (PDF)": "guides/handbook.pdf",
        "Guide: Care (PDF)": "guides/guide-care.pdf",
    }
    assert all((Path(app.outdir) / href).is_file() for href in offered.values())
    cell = page(app, "cells/alpha/index").select_one("article .handbook-guide-link a")
    assert cell["href"] == "../../guides/handbook.pdf"


@pytest.mark.sphinx("html", testroot="listings")
def test_without_printed_documents_no_download_link(app):
    app.build()
    assert page(app, "index").select("article .handbook-downloads, article a[href$='.pdf']") == []
    assert re.search(r"\.pdf", str(page(app, "cells/alpha/index").select_one("article"))) is None
