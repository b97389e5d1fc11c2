"""Shared test set-up: the handbook extension on the path, Sphinx's test fixtures, and helpers
that read built pages the way a reader sees them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT / "_ext"), str(PROJECT)]  # this checkout's extension first, and the bench

pytest_plugins = ("sphinx.testing.fixtures",)

#: The address the real handbook is built for in tests.
PUBLISHED = "https://handbook.example.org/en/latest/"

# The suite builds as a preview does, wherever it runs: a CI service's `CI` (which turns the missing
# address into a warning) or a published address in the environment would change what every build
# prints. The tests that are about them set them for their own build.
for _name in ("CI", "HANDBOOK_BASEURL", "READTHEDOCS_CANONICAL_URL"):
    os.environ.pop(_name, None)


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
    # Built as it is published: at an address with a path, as Read the Docs publishes a version.
    os.environ["HANDBOOK_BASEURL"] = PUBLISHED
    try:
        with redirect_stderr(stderr):
            status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", "-d", str(out / "doctrees"),
                                 str(PROJECT), str(out / "html")])
    finally:
        del os.environ["HANDBOOK_BASEURL"]
    return status, stderr.getvalue(), out / "html"


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
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}{prefix}"


# --- `make serve` on a copy of a test root ------------------------------------------------------

def serve_command(port: int) -> list[str]:
    """The command `make serve` runs (as `make -n` prints it), to run in a copy of a test root."""
    import shlex

    printed = subprocess.run(["make", "-n", "serve", f"PORT={port}"], cwd=PROJECT, capture_output=True,
                             text=True, check=True).stdout.replace("\\\n", " ")
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
            idle = builds[0] == builds[1] - 1 and not (
                self.src / "_build" / "doctrees" / "html" / "pagefind-pending").exists()
            if not idle:
                settled = None
            elif builds != last or settled is None:
                settled = time.monotonic()
            last = builds
            time.sleep(0.1)

    def stop(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=30)


@pytest.fixture(scope="session")
def site(handbook) -> Path:
    """The real handbook's HTML, built once for the session."""
    status, _, html = handbook
    assert status == 0
    return html


@pytest.fixture(scope="session")
def base(site):
    """The real handbook served over HTTP under `PREFIX`, as a reader reaches it on a host."""
    server, url = serve(site, PREFIX)
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(scope="session")
def root_base(site):
    """The real handbook served at a server's root, as `make serve` serves it."""
    server, url = serve(site)
    yield url
    server.terminate()
    server.wait()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Debian's, never a downloaded one), started as
    the bench starts it."""
    from bench.search_rows import chromium

    with chromium() as started:
        yield started
