"""The handbook as a public website: hosting config, sitemap, previews, 404, dates, links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import PROJECT, PUBLISHED
from handbook.html import site

MEETING = "cells/leadership/undated-leadership-and-well-being.html"
BASE = PUBLISHED


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(("path", "schema"), [(".readthedocs.yaml", "vendor.readthedocs"),
                                              (".github/workflows/handbook.yml", "vendor.github-workflows")])
def test_hosting_files_follow_their_services_schemas(path, schema):
    """Read the Docs' and GitHub's own schemas (vendored by check-jsonschema: no network)."""
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(PROJECT / path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_read_the_docs_builds_what_make_builds():
    """The PDFs first (the Makefile's own target), then the site that links them; the handbook is
    the version's PDF download; no second indexing that would replace the handbook's own index."""
    config = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert (PROJECT / config["sphinx"]["configuration"]).is_file()
    assert all((PROJECT / step["requirements"]).is_file() for step in config["python"]["install"])
    assert config["build"]["jobs"]["pre_build"] == ["make pdf PY=python DEBIAN_TOOLS="]
    assert 'cp _build/pdf/handbook.pdf "$READTHEDOCS_OUTPUT/pdf/"' in config["build"]["jobs"]["post_build"]
    assert "formats" not in config  # Read the Docs' own LaTeX step would print a second, different PDF
    assert not any("pagefind" in step for step in config["build"]["jobs"]["post_build"])
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    tex_packages = makefile.split("DEBIAN_PACKAGES := ", 1)[1].split("\n\n", 1)[0].split("\n# ", 1)[0]
    assert set(config["build"]["apt_packages"]) == set(tex_packages.replace("\\", " ").split()) - {"chromium", "poppler-utils"}


def test_the_workflow_checks_pull_requests_and_publishes_main_on_pages():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/handbook.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("python -m handbook check --format github" in run for run in check)
    build = workflow["jobs"]["build"]["steps"]
    made = next(step for step in build if step.get("run", "").startswith("make"))
    assert made["env"]["HANDBOOK_BASEURL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") and step["with"]["path"] == "_build/html"
               for step in build)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


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
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in head.find_all("meta") if tag.get("content")}
    assert meta["og:title"] == "Leadership and Well-being"
    assert meta["og:description"] == "What does a well-being approach to leadership look and feel like?"
    assert meta["description"] == meta["og:description"]
    assert meta["og:site_name"] == "A Better Way handbook"
    assert meta["og:url"] == f"{BASE}{MEETING}"


def test_loading_the_configuration_prints_nothing_about_card_images():
    """Card images are off, so the link-preview extension's line about matplotlib, printed on every
    build when it is imported without it, is not shown to editors."""
    code = f"import runpy; runpy.run_path({str(PROJECT / 'conf.py')!r}); import sphinxext.opengraph"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""


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
    shutil.copytree(PROJECT, src, ignore=shutil.ignore_patterns(".git", ".venv", "_build", "tests", "people", "archive"))
    result = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(tmp_path / "html")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert soup(tmp_path / "html" / MEETING).select_one(".last-updated") is None


def test_a_build_without_its_address_says_so_once_and_invents_none(tmp_path):
    """Without HANDBOOK_BASEURL no address is guessed: no canonical link, no sitemap, feeds that link
    relatively, and one line saying so; on a CI service, one located warning."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("HANDBOOK_BASEURL", "READTHEDOCS_CANONICAL_URL", "CI")}
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-d", str(tmp_path / "doctrees"), str(PROJECT)]
    done = subprocess.run([*command, str(tmp_path / "html")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("no published address (set HANDBOOK_BASEURL") == 1
    assert soup(tmp_path / "html" / MEETING).head.find("link", rel="canonical") is None
    assert not (tmp_path / "html" / "sitemap.xml").exists()
    assert "127.0.0.1" not in (tmp_path / "html" / "feeds" / "all.atom").read_text(encoding="utf-8")
    on_ci = subprocess.run([*command[:-1], "-q", "-d", str(tmp_path / "doctrees-ci"), str(PROJECT), str(tmp_path / "ci")],
                           capture_output=True, text=True, env={**env, "CI": "true"})
    assert [line for line in on_ci.stderr.splitlines() if "WARNING" in line] == [
        "WARNING: " + site.NO_ADDRESS]


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
