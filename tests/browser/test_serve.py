"""`make serve`: saving a note rebuilds the site once, and the page open in the browser reloads by
itself with the new text; the search index follows. The build writes person and year pages into
the source folder; the preview must not take those writes for an editor's and rebuild for ever."""

from __future__ import annotations

import shutil
import time

import pytest
from helpers import Preview, wait_for

NOTE = "cells/joining-forces/2022-10-19-levelling-up"


@pytest.fixture
def preview(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-notes", src)
    running = Preview(src, tmp_path / "serve.log")
    try:
        yield running
    finally:
        running.stop()


def test_saving_a_note_rebuilds_once_and_reloads_the_page(preview, browser):
    src, log = preview.src, preview.log
    page = browser.new_page()
    page.goto(f"{preview.url}/{NOTE}.html")
    assert "Nicola spoke about councils." in page.inner_text("article")
    note = src / f"{NOTE}.md"
    # A new speaker: the build writes a new person page into the source folder.
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "Nicola spoke about councils.", "Nicola spoke about councils and communities."
        )
        + "\n:::{speaker} Dee Dunn\n:::\n",
        encoding="utf-8",
    )
    # No navigation from here: only the preview's own reload can bring the new words.
    page.wait_for_function(
        "document.querySelector('article')?.innerText.includes('councils and communities')", timeout=60_000
    )
    page.close()
    preview.rebuilt()
    assert (src / "people" / "dee-dunn.md").exists()
    time.sleep(3)
    assert log.read_text(encoding="utf-8").count("Rebuilding") == 1


def test_the_search_finds_what_was_saved(preview, browser):
    note = preview.src / f"{NOTE}.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "Nicola spoke about councils.", "Nicola spoke about zanzibarian gardens."
        ),
        encoding="utf-8",
    )
    preview.rebuilt()
    page = browser.new_page()
    page.goto(f"{preview.url}/search.html?q=zanzibarian")
    page.locator("pagefind-results a.pf-result-link").first.wait_for(timeout=30_000)
    found = page.locator("pagefind-results a.pf-result-link").first.get_attribute("href")
    assert found.split("?")[0] == f"/{NOTE}.html"
    page.close()


def test_a_note_saved_while_a_build_runs_is_built_again(preview, browser):
    page = browser.new_page()
    page.goto(f"{preview.url}/{NOTE}.html")
    note = preview.src / f"{NOTE}.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("Nicola spoke about councils.", "Nicola spoke first."), encoding="utf-8")
    wait_for(preview.log, "Rebuilding")
    note.write_text(text.replace("Nicola spoke about councils.", "Nicola spoke again."), encoding="utf-8")
    page.wait_for_function(
        "document.querySelector('article')?.innerText.includes('Nicola spoke again.')", timeout=60_000
    )
    page.close()


def test_the_open_page_reloads_once_its_pages_are_written_before_the_build_ends(rootdir, tmp_path, browser):
    """What a build does after writing the pages (the inventory, feeds, sitemap, a slow extension's
    work) does not hold back the editor's reload."""
    src, slow = tmp_path / "src", tmp_path / "slow"
    shutil.copytree(rootdir / "test-notes", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            f"\n\ndef setup(app):\n    import pathlib, time\n"
            f"    app.connect('build-finished', lambda app, exception: pathlib.Path({str(slow)!r}).exists()"
            f" and time.sleep(30))\n"
        )
    preview = Preview(src, tmp_path / "serve.log")
    try:
        page = browser.new_page()
        page.goto(f"{preview.url}/{NOTE}.html")
        slow.touch()
        note = src / f"{NOTE}.md"
        note.write_text(
            note.read_text(encoding="utf-8").replace("Nicola spoke about councils.", "Nicola spoke about rivers."),
            encoding="utf-8",
        )
        page.wait_for_function(
            "document.querySelector('article')?.innerText.includes('spoke about rivers')", timeout=25_000
        )
        # The build is still in its last step: the preview has not said it is done.
        assert preview.log.read_text(encoding="utf-8").count("Serving on") == 1
        page.close()
    finally:
        preview.stop()
