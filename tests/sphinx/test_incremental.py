"""An incremental build after any change to a note equals a clean build of the same tree: its
pages, and what its search index holds for each page."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from handbook.html import pagefind
from helpers import PROJECT, Preview

NOTE = "cells/alpha/2023-05-two.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CHANGES = {
    "body": lambda src: edit(src / NOTE, "was a meeting.", "was a long meeting."),
    "date": lambda src: edit(src / NOTE, "date: 2023-05", "date: 2021-01-01"),
    "themes": lambda src: edit(src / NOTE, "themes: [health]", "themes: [care, power]"),
    "speakers": lambda src: edit(
        src / NOTE, ":::{speaker} Ann\n", ":::{speaker} Eve Evans\n:role: chair\n:::\n\n:::{speaker} Ann\n"
    ),
    # Another page's backlinks ("Mentioned in") change with this note's text.
    "reference": lambda src: edit(src / NOTE, "was a meeting.", "was a meeting, after {meeting}`beta-three`."),
    # Siblings' sidebars and previous/next links, and the breadcrumbs of the cell's meetings.
    "cell retitled": lambda src: edit(src / "cells/alpha/index.md", "# Alpha\n", "# Alpha, renamed\n"),
    "title": lambda src: edit(src / NOTE, "# Alpha two", "# Alpha two, retitled"),
    "key points": lambda src: edit(src / NOTE, "- First point of Alpha two.", "- A new first point."),
    "added": lambda src: (src / "cells/beta/2023-06-01-new.md").write_text(
        "---\ndate: 2023-06-01\nthemes: [health]\n---\n# Beta new\n\n:::{speaker} Dee Dunn\n:::\n\nNew.\n",
        encoding="utf-8",
    ),
    "removed": lambda src: (src / NOTE).unlink(),
    "theme page added": lambda src: (src / "themes/colour.md").write_text("# Colour\n", encoding="utf-8"),
    "theme retitled": lambda src: edit(src / "themes/care.md", "# Care", "# Care and caring"),
    "top page retitled": lambda src: edit(src / "index.md", "# Listings", "# All the listings"),
    "note moved to another cell": lambda src: (src / NOTE).rename(src / "cells/beta/2023-05-two.md"),
    "theme page removed": lambda src: (src / "themes/care.md").unlink(),
    "people.yaml added": lambda src: (src / "people.yaml").write_text(
        "ann-able:\n  name: Ann Able\n  aliases: [Ann]\n", encoding="utf-8"
    ),
    "family name given": lambda src: (src / "people.yaml").write_text(
        "dee-dunn:\n  name: Dee Dunn\n  family: Zunn\n", encoding="utf-8"
    ),
    "cell added": lambda src: (
        (src / "cells/delta").mkdir(),
        (src / "cells/delta/index.md").write_text("# Delta\n\nThe Delta cell.\n", encoding="utf-8"),
        edit(src / "index.md", "cells/gamma/index\n", "cells/gamma/index\ncells/delta/index\n"),
    ),
}


def html_files(outdir: Path) -> dict[str, bytes]:
    """The site's pages (the doctrees, which `sphinx-build` keeps in the site by default and
    `make serve` beside it, left out)."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*.html"))
        if path.relative_to(outdir).parts[0] != ".doctrees"
    }


def published(outdir: Path) -> set[str]:
    """Every file of the site but Pagefind's (named by their content) and the doctrees (which a
    publishing build keeps outside the site): a removed note must leave nothing behind."""
    return {
        str(path.relative_to(outdir))
        for path in outdir.rglob("*")
        if path.is_file() and path.relative_to(outdir).parts[0] not in ("pagefind", ".doctrees")
    }


def indexed(outdir: Path) -> dict[str, dict]:
    """Address → what Pagefind's index holds for that page (its text, filters, metadata, sort
    keys), read from the index's page fragments. The index's other files are named by their
    content and Pagefind numbers pages in the order its threads read them, so two indexes of the
    same pages hold the same fragments but not the same file names. The preview keeps the files
    of the index it replaced, for search pages still open on it, and records which files the index
    in place has (`pagefind.INDEX_FILES`, beside the doctrees): only those are read."""
    record = outdir.parent / "doctrees" / "html" / pagefind.INDEX_FILES
    current = set(json.loads(record.read_text(encoding="utf-8"))) if record.is_file() else None
    pages = {}
    for fragment in (outdir / "pagefind" / "fragment").iterdir():
        if current is not None and f"fragment/{fragment.name}" not in current:
            continue
        data = gzip.decompress(fragment.read_bytes())
        found = json.loads(data[data.index(b"{") :])
        pages[found["url"]] = found
    return pages


def build(srcdir: Path, outdir: Path, parallel: int = 1, quiet: bool = True) -> str:
    """`sphinx-build` as an editor runs it, in its own process, so nothing carries over in memory;
    what it printed."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            *(["-q"] if quiet else []),
            "-b",
            "html",
            "-j",
            str(parallel),
            str(srcdir),
            str(outdir),
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return done.stdout


def served(src: Path, change, log: Path) -> Path:
    """`make serve` in `src`: its first build, then `change` saved while it runs, until it has
    rebuilt and indexed; its site."""
    preview = Preview(src, log)
    try:
        change(src)
        preview.rebuilt()
    finally:
        preview.stop()
    return src / "_build" / "html"


@pytest.mark.parametrize("way", ["sphinx-build", "make serve"])
@pytest.mark.parametrize("change", CHANGES)
def test_incremental_build_equals_clean_build(rootdir, tmp_path, change, way):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    if way == "make serve":
        incremental = served(src, CHANGES[change], tmp_path / "serve.log")
    else:
        incremental = tmp_path / "incremental"
        build(src, incremental)
        CHANGES[change](src)
        build(src, incremental)
    build(src, tmp_path / "clean")
    pages, clean = html_files(incremental), html_files(tmp_path / "clean")
    assert sorted(pages) == sorted(clean)
    assert [name for name in clean if pages[name] != clean[name]] == []
    assert indexed(incremental) == indexed(tmp_path / "clean")
    assert published(incremental) == published(tmp_path / "clean")


def test_parallel_build_equals_serial_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    build(src, tmp_path / "serial")
    build(src, tmp_path / "parallel", parallel=2)
    serial, parallel = html_files(tmp_path / "serial"), html_files(tmp_path / "parallel")
    assert sorted(serial) == sorted(parallel)
    assert [name for name in serial if serial[name] != parallel[name]] == []
    assert indexed(tmp_path / "serial") == indexed(tmp_path / "parallel")


def test_a_rebuild_that_changes_no_page_keeps_the_search_index(rootdir, tmp_path):
    """Pagefind writes its whole index anew each time it runs; with no page changed it does not."""
    src, out = tmp_path / "src", tmp_path / "html"
    shutil.copytree(rootdir / "test-listings", src)
    assert "search index written by Pagefind" in build(src, out, quiet=False)
    before = {path: path.stat().st_mtime_ns for path in (out / "pagefind").rglob("*")}
    assert "search index unchanged: no indexed page changed" in build(src, out, quiet=False)
    assert {path: path.stat().st_mtime_ns for path in (out / "pagefind").rglob("*")} == before
    edit(src / NOTE, "was a meeting.", "was a meeting about zanzibarian gardens.")
    assert "search index written by Pagefind" in build(src, out, quiet=False)
    [found] = [page for page in indexed(out).values() if "zanzibarian gardens" in page["content"]]
    assert found["url"].endswith("/cells/alpha/2023-05-two.html")


def test_a_build_after_a_failed_index_indexes_again(rootdir, tmp_path):
    """Pagefind failed (a file stands where its folder goes): the next build indexes again, though no page changed."""
    src, out = tmp_path / "src", tmp_path / "html"
    shutil.copytree(rootdir / "test-listings", src)
    build(src, out)
    shutil.rmtree(out / "pagefind")
    (out / "pagefind").write_text("not a folder")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    failed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert f"ERROR: Pagefind could not index {out} (exit status" in failed.stderr
    (out / "pagefind").unlink()
    assert "search index written by Pagefind" in build(src, out, quiet=False)
    build(src, tmp_path / "clean")
    assert indexed(out) == indexed(tmp_path / "clean")


#: loaded by Python at start-up (`sitecustomize`), so that the build's configuration is the
#: editor's: Sphinx, building, kills itself once it has written two pages
KILLER = """
import os, signal
from sphinx.application import Sphinx

build, written = Sphinx.build, []


def kill_after_two_pages(app, pagename, *args):
    written.append(pagename)
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGKILL)


def killing_build(app, *args, **kwargs):
    app.connect("html-page-context", kill_after_two_pages)
    return build(app, *args, **kwargs)


Sphinx.build = killing_build
"""


def test_a_build_killed_while_writing_is_followed_by_one_equal_to_a_clean_build(rootdir, tmp_path):
    """Killed after it saved its environment and wrote two pages (as a CI runner or an editor's
    Ctrl-C kills it), the next build reads and writes everything again: a cell retitled reaches
    every page that names it, not only those written before the kill."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    build(src, tmp_path / "html")
    edit(src / "cells/alpha/index.md", "# Alpha", "# Alpha, retitled")
    (tmp_path / "killer" / "sitecustomize.py").parent.mkdir()
    (tmp_path / "killer" / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT / "_ext"), str(tmp_path / "killer")])}
    killed = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "html")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -9
    build(src, tmp_path / "html")
    build(src, tmp_path / "clean")
    resumed, clean = html_files(tmp_path / "html"), html_files(tmp_path / "clean")
    assert sorted(resumed) == sorted(clean)
    assert [name for name in clean if resumed[name] != clean[name]] == []


WORKS = """@book{first2020,
  author = {Ann Able},
  title = {A First Work},
  publisher = {A Press},
  year = {2020},
}

@book{second2021,
  author = {Bob Baker},
  title = {A Second Work},
  publisher = {A Press},
  year = {2021},
}
"""


@pytest.mark.parametrize("change", ["citation added", "citation removed", "citing note removed"])
def test_works_cited_follow_what_the_pages_cite(rootdir, tmp_path, change):
    """The page of works cited lists what the site cites after an incremental build as after a
    clean one: a work newly cited appears (and the citation's link has its target), a work no
    longer cited goes."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('extensions.append("sphinxcontrib.bibtex")\nbibtex_bibfiles = ["references.bib"]\n')
    (src / "references.bib").write_text(WORKS, encoding="utf-8")
    (src / "works-cited.md").write_text("# Works cited\n\n:::{bibliography}\n:::\n", encoding="utf-8")
    edit(src / "index.md", "archive/index\n", "archive/index\nworks-cited\n")
    edit(src / NOTE, "was a meeting.", "was a meeting, after A First Work{cite:p}`first2020`.")
    incremental = tmp_path / "incremental"
    build(src, incremental)
    assert "A First Work" in (incremental / "works-cited.html").read_text(encoding="utf-8")
    if change == "citation added":
        edit(src / "cells/beta/index.md", "\n", "\nAs A Second Work{cite:p}`second2021` says.\n")
    elif change == "citation removed":
        edit(src / NOTE, "after A First Work{cite:p}`first2020`.", "after nothing.")
    else:
        (src / NOTE).unlink()
    build(src, incremental)
    build(src, tmp_path / "clean")
    pages, clean = html_files(incremental), html_files(tmp_path / "clean")
    assert [name for name in clean if pages.get(name) != clean[name]] == []
    shown = (incremental / "works-cited.html").read_text(encoding="utf-8")
    assert ("A Second Work" in shown) == (change == "citation added")
    assert ("A First Work" in shown) == (change == "citation added")
