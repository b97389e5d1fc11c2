"""The handbook as a public website: hosting config, sitemap, previews, 404, dates, links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup
from handbook.html import site
from helpers import PROJECT, PUBLISHED

MEETING = "cells/leadership/undated-leadership-and-well-being.html"
BASE = PUBLISHED


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_sitemap_lists_every_page_at_its_published_address(handbook):
    html = handbook[2]
    locs = [loc.get_text() for loc in BeautifulSoup((html / "sitemap.xml").read_text(), "xml").find_all("loc")]
    assert f"{BASE}{MEETING}" in locs and f"{BASE}people/caroline-slocock.html" in locs
    pages = {str(path.relative_to(html)) for path in html.rglob("*.html") if "_static" not in path.parts}
    pages -= {"404.html", "search.html"}
    assert {loc.removeprefix(BASE) for loc in locs} == pages
    # No empty general index, no unlinked copy of the printed index of people.
    assert not (html / "genindex.html").exists() and not (html / "handbook-people.html").exists()


def test_every_page_has_the_favicon(handbook):
    icon = soup(handbook[2] / MEETING).head.find("link", rel="icon")
    assert (handbook[2] / MEETING).parent.joinpath(icon["href"]).resolve().is_file()


def test_a_meeting_carries_canonical_and_link_preview_metadata(handbook):
    head = soup(handbook[2] / MEETING).head
    assert head.find("link", rel="canonical")["href"] == f"{BASE}{MEETING}"
    meta = {
        tag.get("property") or tag.get("name"): tag["content"] for tag in head.find_all("meta") if tag.get("content")
    }
    assert meta["og:title"] == "Leadership and Well-being"
    assert meta["og:description"] == "What does a well-being approach to leadership look and feel like?"
    assert meta["description"] == meta["og:description"]
    assert meta["og:site_name"] == "A Better Way handbook"
    assert meta["og:url"] == f"{BASE}{MEETING}"


def test_a_meeting_without_a_question_is_described_by_its_first_paragraph(handbook):
    page = soup(handbook[2] / "cells/network-events/undated-connecting-the-connectors.html")
    description = page.head.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("As part of our wider focus on how to generate health and well-being")


def test_the_404_page_offers_the_search_with_links_from_the_site_root(handbook):
    page = soup(handbook[2] / "404.html")
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert links["search"] == "/en/latest/search.html"
    assert "Page not found" in page.title.get_text()


def test_pages_say_when_they_were_last_updated_and_in_which_language(handbook):
    page = soup(handbook[2] / MEETING)
    assert page.html["lang"] == "en"
    assert page.select_one(".last-updated").get_text(" ", strip=True).startswith("Last updated on ")


def test_outside_git_the_build_falls_back_quietly(tmp_path):
    src = tmp_path / "handbook"
    shutil.copytree(
        PROJECT, src, ignore=shutil.ignore_patterns(".git", ".venv", "_build", "tests", "people", "archive")
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(tmp_path / "html")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert soup(tmp_path / "html" / MEETING).select_one(".last-updated") is None


def test_a_build_without_its_address_says_so_once_and_invents_none(tmp_path):
    """Without HANDBOOK_BASEURL no address is guessed: no canonical link, no sitemap, feeds that link
    relatively, and one line saying so; on a CI service, one located warning."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("HANDBOOK_BASEURL", "READTHEDOCS_CANONICAL_URL", "CI")
    }
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-d", str(tmp_path / "doctrees"), str(PROJECT)]
    done = subprocess.run([*command, str(tmp_path / "html")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("no published address (set HANDBOOK_BASEURL") == 1
    assert soup(tmp_path / "html" / MEETING).head.find("link", rel="canonical") is None
    assert not (tmp_path / "html" / "sitemap.xml").exists()
    assert "127.0.0.1" not in (tmp_path / "html" / "feeds" / "all.atom").read_text(encoding="utf-8")
    on_ci = subprocess.run(
        [*command[:-1], "-q", "-d", str(tmp_path / "doctrees-ci"), str(PROJECT), str(tmp_path / "ci")],
        capture_output=True,
        text=True,
        env={**env, "CI": "true"},
    )
    assert [line for line in on_ci.stderr.splitlines() if "WARNING" in line] == ["WARNING: " + site.NO_ADDRESS]


def test_no_internal_link_is_broken(handbook):
    html = handbook[2]
    broken = []
    ids: dict[Path, set[str]] = {}
    for path in sorted(html.rglob("*.html")):
        if path.name == "404.html" or "_static" in path.parts:
            continue
        for link in soup(path).find_all(["a", "link"], href=True):
            url = urlparse(link["href"])
            if url.scheme or url.netloc or link["href"].startswith("mailto:"):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if not target.exists():
                broken.append((str(path.relative_to(html)), link["href"]))
            elif url.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {tag["id"] for tag in soup(target).find_all(id=True)}
                if url.fragment not in ids[target]:
                    broken.append((str(path.relative_to(html)), link["href"]))
    assert broken == []
