"""Shared test set-up: the handbook extension on the path, Sphinx's test fixtures, and helpers
that read built pages the way a reader sees them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "_ext"))

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return PROJECT / "tests" / "roots"


def page(app, docname: str) -> BeautifulSoup:
    """A built HTML page, parsed."""
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def article(app, docname: str):
    """The page's article: what a reader reads, without the site's navigation."""
    return page(app, docname).select_one("article.bd-article")


def warnings(app) -> list[str]:
    """Warnings as an editor reads them, with the source folder written as <srcdir>/."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line.replace(str(app.srcdir) + "/", "<srcdir>/") for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def handbook(tmp_path_factory):
    """The real handbook, built once with `-W --keep-going -n`: (exit status, warnings, html dir)."""
    import io
    from contextlib import redirect_stderr

    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("handbook")
    stderr = io.StringIO()
    with redirect_stderr(stderr):
        status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(out / "doctrees"),
                             str(PROJECT), str(out / "html")])
    return status, stderr.getvalue(), out / "html"
