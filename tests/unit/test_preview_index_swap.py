"""`make serve` puts each new search index in the place of the last while search pages may be
open on the old one (the preview in a browser: tests/browser/test_serve.py)."""

from __future__ import annotations

from pathlib import Path

from handbook.html import pagefind


def indexed_files(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_a_search_page_open_across_a_save_keeps_the_index_it_loaded(tmp_path):
    """The preview puts each new search index in the place of the last while search pages may be
    open on the old one, whose files (named by their content) they go on asking for: after a
    swap, every file of the replaced index is still served; after the next, only the two latest
    indexes' files are."""
    pages, site, record = tmp_path / "pages", tmp_path / "site" / "pagefind", tmp_path / "index-files.json"
    pages.mkdir()
    generations = []
    for words in ("councils and budgets", "councils and gardens", "councils and rivers"):
        (pages / "note.html").write_text(
            f"<html lang='en'><body><main data-pagefind-body><h1>A note</h1><p>{words}</p></main></body></html>",
            encoding="utf-8",
        )
        (pages / "other.html").write_text(
            "<html lang='en'><body><main data-pagefind-body><h1>Another</h1>"
            f"<p>councils {len(generations)}</p></main></body></html>",
            encoding="utf-8",
        )
        bundle = tmp_path / "bundle"
        pagefind.run_pagefind(pages, bundle)
        generations.append(indexed_files(bundle))
        pagefind.swap_index(bundle, site, record)
        served = indexed_files(site)
        assert generations[-1] <= served
        assert (len(generations) < 2) or generations[-2] <= served
    assert served == generations[-1] | generations[-2]
    assert generations[0] - generations[-1] - generations[-2]  # the oldest index had files of its own, now gone
