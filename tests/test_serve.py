"""`make serve`: saving a note rebuilds the site once, and the page open in the browser reloads by
itself with the new text. The build writes person and year pages into the source folder; the
preview must not take those writes for an editor's and rebuild for ever."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import PROJECT, free_port

NOTE = "cells/joining-forces/2022-10-19-levelling-up"


def serve_command(port: int) -> list[str]:
    """The command `make serve` runs (as `make -n` prints it), to run in a copy of a test root."""
    printed = subprocess.run(["make", "-n", "serve", f"PORT={port}"], cwd=PROJECT, capture_output=True,
                             text=True, check=True).stdout.replace("\\\n", " ")
    command = shlex.split(next(line for line in printed.splitlines() if "handbook serve" in line))
    return [str(PROJECT / command[0]), *command[1:]]


def wait_for(log: Path, text: str, count: int = 1, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text(encoding="utf-8", errors="replace").count(text) < count:
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.2)


@pytest.fixture
def preview(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-notes", src)
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(serve_command(port), cwd=src, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(log, "Serving on")
        yield src, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_saving_a_note_rebuilds_once_and_reloads_the_page(preview, browser):
    src, url, log = preview
    page = browser.new_page()
    page.goto(f"{url}/{NOTE}.html")
    assert "Nicola spoke about councils." in page.inner_text("article")
    note = src / f"{NOTE}.md"
    # A new speaker: the build writes a new person page into the source folder.
    note.write_text(note.read_text(encoding="utf-8").replace(
        "Nicola spoke about councils.", "Nicola spoke about councils and communities.")
        + "\n:::{speaker} Dee Dunn\n:::\n", encoding="utf-8")
    # No navigation from here: only the preview's own reload can bring the new words.
    page.wait_for_function("document.querySelector('article').innerText.includes('councils and communities')",
                           timeout=60_000)
    page.close()
    wait_for(log, "Serving on", count=2)
    assert (src / "people" / "dee-dunn.md").exists()
    time.sleep(3)
    assert log.read_text(encoding="utf-8").count("Rebuilding") == 1
