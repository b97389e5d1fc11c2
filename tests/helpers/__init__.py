"""What the tests share that is not a fixture: where the project is, how a built page is read as
a reader reads it, serving a built site, starting Chromium, and running `make serve`. The
fixtures are in tests/conftest.py (every group's) and in each group's own conftest.py.

The `pythonpath` of pytest's configuration (pyproject.toml) puts tests/ on the path, so a test
module imports these as `from helpers import …`."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bs4 import BeautifulSoup

#: The checkout the tests run in.
PROJECT = Path(__file__).resolve().parents[2]

#: The address the real handbook is built for in tests.
PUBLISHED = "https://handbook.example.org/en/latest/"


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


def heading(site: Path, docname: str) -> str:
    """A built page's title as its reader sees it: the canonical name of a person, a cell's name."""
    page = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one("article h1").get_text().rstrip("#")


# --- a served site and a browser, shared by every browser test -----------------------------------

#: Screenshots the browser tests leave for a person to look at.
ARTEFACTS = PROJECT / "_build" / "test-artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Where the browser tests serve the site: under a path, as Read the Docs serves a version and
#: GitHub Pages a project, so that nothing works only at a server's root.
PREFIX = "/en/latest"


def serve(folder: Path, prefix: str = ""):
    """`python -m http.server` on a free port of 127.0.0.1, serving `folder` at `prefix` (such as
    `/en/latest`, through a link in a temporary folder), ready when this returns."""
    if prefix:
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="served-"))
        (root / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / prefix.strip("/")).symlink_to(folder.resolve(), target_is_directory=True)
        folder = root
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}{prefix}"


#: Chromium's switches for a headless run in a container, with nothing fetched in the background
#: (the bench starts it with the same, bench/search_rows.py).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium():
    """Debian's Chromium, driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# --- `make serve` on a copy of a test root ------------------------------------------------------


def serve_command(port: int) -> list[str]:
    """The command `make serve` runs (as `make -n` prints it), to run in a copy of a test root."""
    import shlex

    printed = subprocess.run(
        ["make", "-n", "serve", f"PORT={port}"], cwd=PROJECT, capture_output=True, text=True, check=True
    ).stdout.replace("\\\n", " ")
    command = shlex.split(next(line for line in printed.splitlines() if "handbook serve" in line))
    return [str(PROJECT / command[0]), *command[1:]]


def wait_for(log: Path, text: str, count: int = 1, timeout: float = 90) -> None:
    """Until `text` shows `count` times in the preview's output."""
    deadline = time.monotonic() + timeout
    while log.read_text(encoding="utf-8", errors="replace").count(text) < count:
        assert time.monotonic() < deadline, log.read_text(encoding="utf-8", errors="replace")
        time.sleep(0.1)


class Preview:
    """`make serve` running in `src` (its site in `src/_build/html`), its output in `log`."""

    def __init__(self, src: Path, log: Path) -> None:
        self.src, self.log, port = src, log, free_port()
        self.url = f"http://127.0.0.1:{port}"
        with log.open("w") as output:
            self.server = subprocess.Popen(serve_command(port), cwd=src, stdout=output, stderr=subprocess.STDOUT)
        wait_for(log, "Serving on")
        for _ in range(200):  # listening, and so watching the files
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)

    def rebuilt(self, quiet: float = 1.0) -> None:
        """Until a build after the first is done, every build started has ended and the search
        index has caught up, and nothing more happens for `quiet` seconds."""
        wait_for(self.log, "Serving on", 2)
        deadline, settled, last = time.monotonic() + 90, None, None
        while settled is None or time.monotonic() - settled < quiet:
            assert time.monotonic() < deadline, self.log.read_text(encoding="utf-8", errors="replace")
            output = self.log.read_text(encoding="utf-8", errors="replace")
            builds = (output.count("Rebuilding"), output.count("Serving on"))
            idle = (
                builds[0] == builds[1] - 1
                and not (self.src / "_build" / "doctrees" / "html" / "pagefind-pending").exists()
            )
            if not idle:
                settled = None
            elif builds != last or settled is None:
                settled = time.monotonic()
            last = builds
            time.sleep(0.1)

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)
