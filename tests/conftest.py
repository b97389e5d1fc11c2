"""Shared test set-up: Sphinx's test fixtures, the builds more than one group of tests reads (the
real handbook, the hostile notes), and the marker of each test's group.

The tests are grouped by what they need, a folder each: tests/unit/ (no build, no browser),
tests/sphinx/ (a Sphinx build, a PDF, a `sphinx-build` or `make` that builds) and tests/browser/
(Chromium). Each test is marked with its group (`unit`, `build`, `browser`, registered in
pyproject.toml), so `pytest -m "not browser"` runs all but the browser tests. Helpers that are not
fixtures are in tests/helpers/; a fixture only one group uses is in that group's conftest.py.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import pytest
from helpers import PROJECT, PUBLISHED

pytest_plugins = ("sphinx.testing.fixtures",)

# The suite builds as a preview does, wherever it runs: a CI service's `CI` (which turns the missing
# address into a warning) or a published address in the environment would change what every build
# prints. The tests that are about them set them for their own build.
for _name in ("CI", "HANDBOOK_BASEURL", "READTHEDOCS_CANONICAL_URL"):
    os.environ.pop(_name, None)

#: each folder of tests → the marker its tests carry
GROUPS = {"unit": "unit", "sphinx": "build", "browser": "browser"}


def pytest_collection_modifyitems(config, items):
    tests = PROJECT / "tests"
    for item in items:
        if not item.path.is_relative_to(tests):
            continue
        folder = item.path.relative_to(tests).parts[0]
        if folder not in GROUPS:
            raise pytest.UsageError(f"{item.nodeid}: a test belongs in tests/unit, tests/sphinx or tests/browser")
        item.add_marker(GROUPS[folder])


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return PROJECT / "tests" / "roots"


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
            status = build_main(
                [
                    "-b",
                    "html",
                    "-W",
                    "--keep-going",
                    "-n",
                    "-q",
                    "-d",
                    str(out / "doctrees"),
                    str(PROJECT),
                    str(out / "html"),
                ]
            )
    finally:
        del os.environ["HANDBOOK_BASEURL"]
    return status, stderr.getvalue(), out / "html"


@pytest.fixture(scope="session")
def site(handbook) -> Path:
    """The real handbook's HTML, built once for the session."""
    status, _, html = handbook
    assert status == 0
    return html


@pytest.fixture(scope="session")
def meetings(site) -> dict[str, dict]:
    """docname → the domain's record of every meeting, from the build's own environment."""
    with open(site.parent / "doctrees" / "environment.pickle", "rb") as stream:
        env = pickle.load(stream)
    pages = env.domaindata["handbook"]["pages"]
    titles = {(page.kind, page.slug): page.title for page in pages.values() if page.kind}
    found = {}
    for docname, page in pages.items():
        if page.kind == "meeting":
            found[docname] = {
                **dataclasses.asdict(page),
                "theme_names": {titles[("theme", theme)] for theme in page.themes},
                "people": {speaker.person for speaker in page.speakers},
            }
    return found


@pytest.fixture(scope="session")
def hostile_built(tmp_path_factory):
    """The hostile root (tests/helpers/hostile.py) built as the website and as LaTeX, once for the
    build's tests and the browser's: (html result, latex result, tmp)."""
    from helpers.hostile import hostile_tree, sphinx_build

    tmp = tmp_path_factory.mktemp("hostile")
    src = hostile_tree(tmp)
    return sphinx_build(src, tmp / "html"), sphinx_build(src, tmp / "latex", "latex"), tmp


@pytest.fixture
def root(rootdir, tmp_path) -> Path:
    """A copy of `tests/roots/test-notes/` for the commands an editor runs in it (`helpers.cli.run`)."""
    shutil.copytree(rootdir / "test-notes", tmp_path / "src")
    return tmp_path / "src"
