"""Notes are content, not code. The root `tests/roots/test-hostile/` holds one note per attack a
contributed note could try, and tests/helpers/hostile.py adds what git cannot hold (file names
that are markup or shell, links out of the tree, a file planted outside the project). Built in its
own process, each gives exactly its one located warning, nothing from outside the project reaches
any output, no page holds a `javascript:` link, and (tests/browser/test_hostile_in_browser.py) no
page opens a dialog in a browser.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import PROJECT
from helpers.hostile import ATTACKS, SECRET

WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.+) \[handbook\.(?P<subtype>\w+)\]$")


@pytest.fixture(scope="module")
def built(hostile_built):
    """The hostile root built as the website and as LaTeX: (html result, latex result, tmp)."""
    return hostile_built


@pytest.fixture(scope="module")
def printed(built):
    """The LaTeX documents typeset as `make pdf` typesets them: (result, folder of the PDFs)."""
    _, _, tmp = built
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "handbook",
            "typeset",
            "--root",
            str(tmp / "src"),
            "--latex",
            str(tmp / "latex"),
            "--publish",
            str(tmp / "pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    return result, tmp / "pdf"


def test_the_printed_documents_are_made_and_hold_nothing_from_outside(printed):
    result, pdfs = printed
    assert result.returncode == 0, result.stdout + result.stderr
    documents = sorted(pdfs.glob("*.pdf"))
    assert [path.name for path in documents] == ["guide-health.pdf", "handbook.pdf"]
    for path in documents:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Kept: good" in text
        assert SECRET not in text


def located(result: subprocess.CompletedProcess, src: Path) -> list[str]:
    return [line.replace(f"{src}/", "") for line in result.stderr.splitlines() if line.strip()]


def test_the_build_finishes_without_a_traceback(built):
    html, latex, _ = built
    for result in (html, latex):
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stdout + result.stderr


def test_each_attack_gives_exactly_its_one_located_warning(built):
    html, _, tmp = built
    found: dict[str, list[tuple[int, str]]] = {}
    for line in located(html, tmp / "src"):
        match = WARNING.match(line)
        assert match, line
        found.setdefault(match["path"], []).append((int(match["line"]), match["subtype"]))
    assert found == {path: [expected] for path, expected in ATTACKS.items()}


def test_check_reports_what_the_build_reports(built):
    html, _, tmp = built
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    result = subprocess.run(
        [sys.executable, "-m", "handbook", "check", "--root", str(tmp / "src")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == sorted(
        line.replace(": WARNING: ", ": ", 1) for line in located(html, tmp / "src")
    )


def test_nothing_from_outside_the_project_reaches_any_output(built):
    _, _, tmp = built
    for folder in ("html", "html.doctrees", "latex", "latex.doctrees"):
        for path in (tmp / folder).rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def test_no_page_holds_a_script_link(built):
    _, _, tmp = built
    for path in (tmp / "html").rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(True):
            for attribute in ("href", "src", "action", "formaction", "content"):
                value = re.sub(r"\s", "", str(tag.get(attribute, ""))).lower()
                assert "javascript:" not in value, (path.name, str(tag)[:200])
        assert not page.select("script:not([src])") or all(
            "alert(" not in script.get_text() for script in page.select("script:not([src])")
        ), path.name


def test_nothing_typed_reaches_tex_as_code(built):
    _, _, tmp = built
    tex = "\n".join(path.read_text(encoding="utf-8") for path in (tmp / "latex").glob("*.tex"))
    assert "catcode95" in tex  # the formula is printed, as typed
    assert "\\catcode95" not in tex and "\\input{../" not in tex and "\\begin{filecontents}" not in tex


def test_what_is_refused_leaves_the_rest_of_the_page(built):
    _, _, tmp = built
    for path in ATTACKS:
        if path.startswith("cells/a/2023-02"):
            page = BeautifulSoup(
                (tmp / "html" / path.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser"
            )
            marker = re.search(r"Kept: [\w-]+", (tmp / "src" / path).read_text(encoding="utf-8"))[0]
            assert marker in page.select_one("article").get_text(" "), path
    settings = (tmp / "html" / "cells/a/2023-02-11-myst-settings.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in settings and "<script>alert(" not in settings
    good = (tmp / "html" / "cells/a/2023-01-01-good.html").read_text(encoding="utf-8")
    assert "A work whose address runs a script" in good
