"""The bench's search rows (bench/search_rows.py) measure the real handbook's index and what a
search fetches in Chromium. With tests/unit/test_bench_archive.py and tests/sphinx/test_bench.py,
one of the only modules that import the bench: they test it (tests/unit/test_architecture.py)."""

from __future__ import annotations

import shutil

from bench.search_rows import search_figures


def test_the_bench_measures_indexing_and_the_bytes_of_a_search(site, tmp_path, browser):
    copy = tmp_path / "html"
    shutil.copytree(site, copy)
    found = search_figures(copy, browser=browser)
    assert 0 < found.index_seconds < 60
    assert 0 < found.index_bytes < found.bundle_bytes
    assert found.open_bytes > (copy / "pagefind" / "pagefind-component-ui.js").stat().st_size
    assert 0 < found.query_bytes < found.index_bytes
    assert found.browse_bytes > found.open_bytes
