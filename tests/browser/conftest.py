"""The browser tests' set-up: the real handbook served over HTTP, and one Chromium for them all."""

from __future__ import annotations

import pytest
from helpers import PREFIX, chromium, serve


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
    """One headless Chromium for the whole session (Debian's, never a downloaded one)."""
    with chromium() as started:
        yield started
