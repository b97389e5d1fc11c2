"""The hostile notes (tests/helpers/hostile.py) in a browser: no page of their build opens a dialog."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def built(hostile_built):
    """The hostile root built as the website and as LaTeX: (html result, latex result, tmp)."""
    return hostile_built


def test_no_page_opens_a_dialog_in_a_browser(built, browser):
    _, _, tmp = built
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted((tmp / "html").rglob("*.html")):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
    page.close()
    assert dialogs == []
