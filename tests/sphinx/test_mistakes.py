"""Every mistake an editor can make gives one warning, at its file and line, with a type that
`suppress_warnings` can name, and never a traceback; `python -m handbook check` reports the same
mistakes in the same words; and the rest of the site loses nothing.

The corpus `tests/roots/test-mistakes/` holds one file per mistake (and a few files that look
odd but are right, which must give no warning).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest
from bs4 import BeautifulSoup
from handbook import diagnostics
from helpers import PROJECT

ROOT = PROJECT / "tests" / "roots" / "test-mistakes"

#: the file of each mistake → the line and subtype of its one warning
MISTAKES = {
    "cells/a/2023-02-01-bad-yaml.md": (3, "frontmatter"),
    "cells/a/2023-02-02-unknown-key.md": (3, "frontmatter"),
    "cells/a/2023-02-03-themes-number.md": (3, "frontmatter"),
    "cells/a/2023-02-04-theme-in-list-number.md": (3, "frontmatter"),
    "cells/a/2023-02-05-impossible-date.md": (2, "date"),
    "cells/a/2023-02-06-future-date.md": (3, "date"),
    "cells/a/2023-02-07-date-in-words.md": (2, "date"),
    "cells/a/2023-02-08-no-month-13.md": (2, "date"),
    "cells/a/2023-02-09-unknown-theme.md": (5, "theme"),
    "cells/a/2023-02-10-front-matter-list.md": (2, "frontmatter"),
    "cells/a/2023-02-11-role-unknown-theme.md": (7, "ref"),
    "cells/a/2023-02-12-role-unknown-cell.md": (6, "ref"),
    "cells/a/2023-02-13-role-unknown-person.md": (8, "ref"),
    "cells/a/2023-02-14-role-unknown-meeting.md": (9, "ref"),
    "cells/a/2023-02-15-role-unknown-keypoint.md": (6, "ref"),
    "cells/b/2023-02-16-good.md": (1, "duplicate"),
    "cells/a/2023-02-17-speaker-no-name.md": (6, "speaker"),
    "cells/a/2023-02-18-speaker-unknown-option.md": (8, "option"),
    "cells/a/2023-02-19-person-not-a-slug.md": (7, "person"),
    "cells/a/2023-02-20-person-misspelt.md": (8, "person"),
    "cells/a/2023-02-21-alias-without-person.md": (6, "person"),
    "cells/a/2023-02-22-keypoints-no-list.md": (6, "keypoints"),
    "cells/a/2023-02-23-keypoints-nested.md": (6, "keypoints"),
    "cells/a/2023-02-24-keypoints-unknown-option.md": (7, "option"),
    "cells/a/2023-02-25-listing-no-person.md": (8, "listing"),
    "cells/a/2023-02-26-listing-unknown-option.md": (10, "option"),
    "cells/a/2023-02-27-empty.md": (1, "empty"),
    "cells/a/2023-02-28-no-title.md": (4, "title"),
    "cells/a/2023-03-01-punctuation-title.md": (4, "title"),
    "cells/2023-03-02-outside-a-cell.md": (1, "place"),
    "cells/c/2023-03-03-no-such-cell.md": (1, "cell"),
    "cells/a/2023-03-04-not-utf8.md": (8, "encoding"),
    "cells/a/2023-03-05-long-line.md": (8, "long_line"),
    "cells/a/2023-03-06-specials.md": (4, "control"),
    "cells/a/2023-03-07-cr-line-endings.md": (9, "option"),
    "cells/a/2023-03-08-heading-levels.md": (8, "heading"),
    "cells/a/2023-03-09-missing-image.md": (8, "path"),
    "cells/a/2023-03-07-speaker-name-no-slug.md": (6, "person"),
    "cells/a/2023-03-08-unprintable.md": (6, "glyph"),
    "cells/a/2023-03-09-unknown-language.md": (7, "lang"),
    "cells/a/2023-03-10-card-unknown-language.md": (7, "lang"),
    "cells/a/2023-03-11-date-not-in-name.md": (2, "date"),
    "cells/a/2023-03-12-unknown-role.md": (8, "markup"),
    "cells/a/2023-03-13-unknown-directive.md": (9, "markup"),
    "cells/a/2023-03-14-footnote-without-text.md": (8, "footnote"),
    "cells/a/2023-03-15-footnote-never-referred-to.md": (9, "footnote"),
    "cells/a/2023-03-16-unknown-label.md": (8, "ref"),
    "cells/a/2023-03-17-unknown-anchor.md": (8, "ref"),
    "cells/a/2023-03-18-repeated-key.md": (5, "frontmatter"),
    "cells/a/2023-03-19-front-matter-not-closed.md": (1, "frontmatter"),
    "cells/a/2023-03-20-footnote-twice.md": (11, "footnote"),
    "cells/a/2023-03-21-label-twice.md": (12, "ref"),
    "cells/a/2023-03-22-empty-link.md": (9, "ref"),
    "cells/a/2023-03-23-unknown-work.md": (8, "ref"),
    "cells/a/2023-03-24-anchor-in-any-script.md": (9, "ref"),
    "essays/unknown-key.md": (3, "frontmatter"),
    "people.yaml": (7, "people"),
}
CORRECT = ["cells/a/2023-01-01-good.md", "cells/a/2023-01-02-theme-as-text.md", "essays/good.md"]
WARNING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): WARNING: (?P<message>.+) \[handbook\.(?P<subtype>\w+)\]$")


def sphinx_build(src: Path, out: Path) -> subprocess.CompletedProcess:
    """sphinx-build as an editor runs it, in its own process: a traceback would show here."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-n", str(src), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus built once: (sphinx-build's result, its warnings as `path:line: …`, source, html)."""
    tmp = tmp_path_factory.mktemp("mistakes")
    shutil.copytree(ROOT, tmp / "src")
    result = sphinx_build(tmp / "src", tmp / "html")
    warnings = [line.replace(f"{tmp / 'src'}/", "") for line in result.stderr.splitlines() if line.strip()]
    return result, warnings, tmp / "src", tmp / "html"


def article(html: Path, docname: str):
    page = BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article.bd-article")


def test_the_build_never_stops_and_prints_no_traceback(corpus):
    result, _, _, _ = corpus
    assert result.returncode == 0
    assert "Traceback" not in result.stdout + result.stderr


def test_every_warning_is_located_and_typed(corpus):
    _, warnings, _, _ = corpus
    assert [line for line in warnings if not WARNING.match(line)] == []


def test_each_mistake_gives_exactly_one_warning_at_its_line(corpus):
    _, warnings, _, _ = corpus
    found: dict[str, list[tuple[int, str]]] = {}
    for line in warnings:
        match = WARNING.match(line)
        found.setdefault(match["path"], []).append((int(match["line"]), match["subtype"]))
    assert found == {path: [expected] for path, expected in MISTAKES.items()}


def test_check_reports_what_the_build_reports_in_the_same_words(corpus):
    _, warnings, src, _ = corpus
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    result = subprocess.run(
        [sys.executable, "-m", "handbook", "check", "--root", str(src)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == sorted(
        (line.replace(": WARNING: ", ": ", 1) for line in warnings),
        key=lambda line: (line.split(":")[0], int(line.split(":")[1])),
    )
    assert result.stderr == f"{len(MISTAKES)} mistakes in {len(MISTAKES)} files\n"


def test_every_kind_of_warning_is_in_the_catalogue_and_a_corpus():
    """Each kind has a file that makes it: a mistake here, or an attack of tests/helpers/hostile.py; the
    kinds found only by printing are printed by tests/sphinx/test_typeset.py instead."""
    from helpers.hostile import ATTACKS

    found = {subtype for _, subtype in [*MISTAKES.values(), *ATTACKS.values()]}
    assert found == set(diagnostics.SUBTYPES) - diagnostics.PRINT_SUBTYPES
    # The type a warning's kind is checked against (mypy) names the same kinds, in the same order.
    assert get_args(diagnostics.Subtype) == tuple(diagnostics.SUBTYPES)


def test_every_page_keeps_its_text(corpus):
    _, _, src, html = corpus
    for path in [*MISTAKES, *CORRECT]:
        if not path.endswith(".md") or path.endswith("empty.md"):
            continue
        marker = re.search(r"Kept: [\w-]+", (src / path).read_text(encoding="utf-8", errors="replace"))[0]
        assert marker in article(html, path.removesuffix(".md")).get_text(" "), path


def test_what_a_mistake_leaves_out_is_only_what_is_wrong(corpus):
    _, _, _, html = corpus
    utf8 = article(html, "cells/a/2023-03-04-not-utf8").get_text(" ")
    assert "Caf\ufffd society." in utf8
    special = article(html, "cells/a/2023-03-06-specials")
    payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> &amp; \\input{/etc/passwd} \\write18{ls}"
    assert special.select_one(".handbook-speaker-name").get_text() == f"Name {payload} % $ # _ ^ ~ {{ }}"
    assert special.select_one(".handbook-role").get_text() == f"Role {payload} % $ _ ^ ~ {{ }}"
    assert special.select_one(".handbook-question").get_text() == f"Q {payload} % $ # _ ^ ~ {{ }}"
    assert (
        special.select_one("h1").get_text().rstrip("#")
        == "Title <script>alert(3)</script> <img src=x onerror=alert(9)> & \\input{x} % $ _ ^ ~"
    )
    assert special.find_all(["script", "img"]) == []
    named = article(html, "cells/a/2023-02-19-person-not-a-slug").select_one(".handbook-speaker-name a")
    assert named["href"].endswith("people/nicola-steuer.html")
    unnamed = article(html, "cells/a/2023-03-07-speaker-name-no-slug").select_one(".handbook-speaker")
    assert unnamed.select_one(".handbook-speaker-name").get_text() == "🌻"
    assert unnamed.select_one(".handbook-role").get_text() == "the garden's mascot"
    assert unnamed.select_one(".handbook-speaker-name a") is None


def test_the_rest_of_the_site_loses_nothing(corpus, tmp_path):
    """The correct pages read the same whether or not the mistakes sit beside them."""
    _, _, src, html = corpus
    clean = tmp_path / "src"
    shutil.copytree(src, clean)
    for path in MISTAKES:
        if path.endswith(".md"):
            (clean / path).unlink()
    registry = clean / "people.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").split("Jane Doe:")[0], encoding="utf-8")
    assert sphinx_build(clean, tmp_path / "html").stderr == ""
    for docname in [path.removesuffix(".md") for path in CORRECT] + ["people/nicola-steuer", "themes/health"]:
        pages = [article(out, docname) for out in (html, tmp_path / "html")]
        for page in pages:
            for listing in page.select(".handbook-listing"):
                listing.decompose()
        assert str(pages[0]) == str(pages[1]), docname


CASES = PROJECT.parent / "shared" / "cases"


@pytest.mark.skipif(not CASES.is_dir(), reason="the shared cases are beside the project only in its workplace and CI")
def test_check_and_the_build_agree_on_the_real_handbook_with_every_shared_case(tmp_path):
    """Every case of ../shared/cases/ laid into a copy of the real handbook: check prints what
    the build warns, line for line."""
    src = tmp_path / "src"
    shutil.copytree(
        PROJECT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", "tests", "bench", "people", "archive", "guides", "__pycache__"
        ),
    )
    for case in sorted(CASES.glob("*/*/")):
        shutil.copytree(case, src, dirs_exist_ok=True)
    built = sphinx_build(src, tmp_path / "html")
    assert "Traceback" not in built.stderr
    warned = sorted(
        line.replace(f"{src}/", "").replace(": WARNING: ", ": ", 1)
        for line in built.stderr.splitlines()
        if "WARNING" in line
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    checked = subprocess.run(
        [sys.executable, "-m", "handbook", "check", "--root", str(src)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert warned and sorted(checked.stdout.splitlines()) == warned


def test_check_prints_the_same_problems_as_github_annotations_and_as_json(corpus):
    """`--format github` puts each problem at its note's line in a GitHub Actions run; `--format
    json` gives editors' tools the same problems; both exit as the text format does."""
    import json

    _, _, src, _ = corpus
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}

    def check(*options: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "handbook", "check", "--root", str(src), *options],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    text, github, as_json = check(), check("--format", "github"), check("--format", "json")
    assert text.returncode == github.returncode == as_json.returncode == 1
    problems = json.loads(as_json.stdout)
    assert [f"{p['file']}:{p['line']}: {p['message']} [{p['subtype']}]" for p in problems] == text.stdout.splitlines()
    annotations = github.stdout.splitlines()
    assert len(annotations) == len(problems)
    pattern = re.compile(r"::warning file=(?P<file>[^,]+),line=(?P<line>\d+),title=(?P<title>[^:]+)::(?P<message>.*)")
    for annotation, problem in zip(annotations, problems, strict=True):
        found = pattern.fullmatch(annotation)
        assert found, annotation
        assert (
            found["file"].replace("%2C", ",").replace("%3A", ":").replace("%25", "%"),
            int(found["line"]),
            found["title"],
        ) == (problem["file"], problem["line"], problem["subtype"])
        message = found["message"].replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        assert message == f"{problem['message']} [{problem['subtype']}]"
