"""Search's index step and what is indexed, read from the real handbook's build (searching it in
Chromium: tests/browser/test_search.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from helpers import heading


def test_the_build_writes_pagefinds_index_and_not_sphinxs(site):
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / "pagefind" / "pagefind-component-ui.js").is_file()
    assert not (site / "searchindex.js").exists()
    assert "searchindex.js" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_meeting_tells_the_index_its_facts(site, meetings):
    docname, meeting = next((d, m) for d, m in sorted(meetings.items()) if m["date"] and len(m["people"]) > 1)
    head = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser").head

    def tagged(attribute: str) -> list[tuple[str, str]]:
        return sorted(
            (tag[attribute].removesuffix("[content]"), tag["content"]) for tag in head.select(f"meta[{attribute}]")
        )

    names = {heading(site, f"people/{slug}") for slug in meeting["people"]}
    cell = heading(site, f"cells/{meeting['cell']}/index")
    assert tagged("data-pagefind-filter") == sorted(
        [("kind", "Meeting"), ("cell", cell), ("year", meeting["date"][:4])]
        + [("theme", theme) for theme in meeting["theme_names"]]
        + [("speaker", name) for name in names]
    )
    assert dict(tagged("data-pagefind-meta")).keys() >= {"title", "date", "cell", "kind"}
    assert tagged("data-pagefind-sort") == [("date", meeting["date"])]


def test_only_the_article_is_indexed(site):
    body = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select(
        "[data-pagefind-body]"
    )
    assert [element.name + "." + ".".join(element["class"]) for element in body] == ["article.bd-article"]
    search_page = (site / "search.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in search_page


def test_works_cited_have_their_own_page(site):
    works = BeautifulSoup((site / "works-cited.html").read_text(encoding="utf-8"), "html.parser")
    assert "Beveridge" in works.select_one("article").get_text()
    essays = BeautifulSoup((site / "essays" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert essays.select(".citation") == []
    assert essays.select_one('article a[href="../works-cited.html"]') is not None
