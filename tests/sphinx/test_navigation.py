"""Knowing where one is on the real handbook: breadcrumbs, the current section in the menu, and
no sidebar heading over nothing."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

MEETING = "cells/leadership/undated-leadership-and-well-being"


def soup(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("docname", "crumbs", "section"),
    [
        (MEETING, ["Cells", "Leadership", "Leadership and Well-being"], "Cells"),
        ("cells/leadership/index", ["Cells", "Leadership"], "Cells"),
        ("people/nicola-steuer", ["People", "Nicola Steuer"], "People"),
        ("archive/2022", ["Archive", "2022"], "Archive"),
        ("archive/undated", ["Archive", "Undated"], "Archive"),
        ("themes/health", ["Themes", "Health"], "Themes"),
    ],
)
def test_breadcrumbs_and_the_menu_say_where_a_page_is(site, docname, crumbs, section):
    page = soup(site, docname)
    trail = page.select(".bd-breadcrumbs li:not(.breadcrumb-home)")
    assert [item.get_text(strip=True) for item in trail] == crumbs
    links = [item.select_one("a") for item in trail[:-1]]
    assert all(link and (site / docname).parent.joinpath(link["href"]).resolve().is_file() for link in links)
    current = page.select(".bd-header .navbar-nav li.current a")
    assert [link.get_text(strip=True) for link in current] == [section]


def test_no_page_has_a_section_navigation_heading_over_no_links(site):
    empty = []
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.parts or "pagefind" in path.parts:
            continue
        for nav in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("nav.bd-docs-nav"):
            if not nav.select("a"):
                empty.append(str(path.relative_to(site)))
    assert empty == []
