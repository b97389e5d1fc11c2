"""In a real browser, a `<script>` or `onerror=` typed into any editor field shows as text and
runs nothing: the title, speaker name, role and organisation, question, format, key points and
their introduction, and a person's name and aliases from people.yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import PROJECT

MEETING = "cells/a/2023-03-06-specials"
PERSON = "people/special"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The corpus of mistakes, whose specials note holds markup in every field, built as HTML."""
    tmp = tmp_path_factory.mktemp("escaping")
    shutil.copytree(PROJECT / "tests" / "roots" / "test-mistakes", tmp / "src")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(tmp / "src"), str(tmp / "html")],
        check=True,
        env=env,
        capture_output=True,
    )
    return tmp / "html"


def visit(browser, site, docname: str):
    """The page as a reader's browser runs it, with every dialog a script opened."""
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto((site / f"{docname}.html").as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return page, dialogs


@pytest.mark.parametrize(
    ("field", "selector"),
    [
        ("title", "article h1"),
        ("question", ".handbook-question"),
        ("format", ".handbook-format"),
        ("speaker name", ".handbook-speaker-name"),
        ("role", ".handbook-role"),
        ("organisation", ".handbook-org"),
        ("key points' introduction", ".handbook-keypoints-title"),
        ("key point", ".handbook-keypoint"),
    ],
)
def test_markup_in_a_meeting_field_shows_as_text_and_runs_nothing(browser, site, field, selector):
    page, dialogs = visit(browser, site, MEETING)
    text = page.inner_text(selector)
    assert "<script>alert(" in text and "<img src=x onerror=alert(" in text, field
    assert page.eval_on_selector(selector, "node => node.querySelectorAll('script, img, [onerror]').length") == 0
    assert dialogs == []
    page.close()


def test_markup_in_a_person_name_and_alias_shows_as_text_and_runs_nothing(browser, site):
    page, dialogs = visit(browser, site, PERSON)
    assert page.inner_text("article h1").startswith("Special <script>alert(7)</script> & \\input{x} % $ _")
    assert "Also named in the notes as: <img src=x onerror=alert(8)> & \\write18{ls}." in page.inner_text("article")
    assert page.eval_on_selector("article", "node => node.querySelectorAll('script, img, [onerror]').length") == 0
    assert dialogs == []
    page.close()


def test_a_dialog_would_be_seen(browser, site):
    """The pages' silence is not deafness: a script that does run is caught."""
    page, dialogs = visit(browser, site, MEETING)
    page.evaluate("alert('ran')")
    assert dialogs == ["ran"]
    page.close()
