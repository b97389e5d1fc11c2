"""Rows of the editor's loop: `make serve` running on the archive, a note's text saved, and the
seconds until Chromium's open page shows the new words (the preview's own reload, no navigation);
then until the search index holds them.

The preview serves the clean serial build's folders, so its first build changes nothing. Each
save appends a sentence of new words to one note; the next save waits for the index to catch up.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from handbook.html.pagefind import PENDING

from .measure import Size, doctrees
from .search_rows import chromium
from .table import Figure

#: saves measured at each size; the median is shown
SAVES = 3
#: `make serve`'s command, but for the folders (SPHINXOPTS, -q, the folders not watched)
SERVE = [
    "-m",
    "handbook",
    "serve",
    "--host",
    "127.0.0.1",
    "-n",
    "--keep-going",
    "-q",
    "--ignore",
    "people",
    "--ignore",
    "archive",
    "--ignore",
    "guides",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(log: Path, text: str, count: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text(encoding="utf-8", errors="replace").count(text) < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {text!r} in the preview's output:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)


def listening(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def save_to_reload(src: Path, site: Path, docname: str, saves: int = SAVES) -> tuple[list[float], list[float]]:
    """Seconds from each save of `docname`'s note to its open page showing the new words, and to
    the search index written after it."""
    port = free_port()
    command = [sys.executable, *SERVE, "--port", str(port), "-d", str(doctrees(site)), str(src), str(site)]
    reloads, indexed = [], []
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "serve.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                command, cwd=src, stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"}
            )
        try:
            wait_for(log, "Waiting to detect changes", 1)
            listening(port)
            with chromium() as browser:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{docname}.html")
                time.sleep(1)  # the reload script's websocket is open
                note = src / f"{docname}.md"
                for save in range(saves):
                    words = f"Saved words number {save} of the preview."
                    while (doctrees(site) / PENDING).exists():
                        time.sleep(0.05)
                    text = note.read_text(encoding="utf-8") + f"\n{words}\n"
                    started = time.perf_counter()
                    note.write_text(text, encoding="utf-8")
                    page.wait_for_function(
                        f"document.querySelector('article')?.innerText.includes({words!r})", timeout=120_000, polling=10
                    )
                    reloads.append(time.perf_counter() - started)
                    wait_for(log, "Serving on", 2 + save)
                    while (doctrees(site) / PENDING).exists():
                        time.sleep(0.02)
                    indexed.append(time.perf_counter() - started)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return reloads, indexed


def rows(size: Size) -> list[Figure]:
    """Row producer: after the incremental builds, in the clean serial build's folders."""
    site = size.clean("handbook").outdir
    note = size.archive.notes[len(size.archive.notes) // 3]
    reloads, indexed = save_to_reload(size.handbook_src, site, note.docname)
    return [
        Figure(
            "reload_seconds",
            f"`make serve`: a note saved → its open page reloaded, median of {SAVES} saves",
            statistics.median(reloads),
            "s",
        ),
        Figure("reload_slowest_seconds", "`make serve`: the slowest of those saves", max(reloads), "s"),
        Figure(
            "reindexed_seconds",
            "`make serve`: a note saved → the search index holds it, median",
            statistics.median(indexed),
            "s",
        ),
    ]
