"""An incremental build after any change to the tree (a note, a cell, theme, essay or top page,
`people.yaml`, `references.bib`) equals a clean build of the same tree: every file of the site,
byte for byte (`site_files` says what is left out and why), and what its search index holds for
each page."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from handbook.html import pagefind
from helpers import PROJECT, Preview

NOTE = "cells/alpha/2023-05-two.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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

#: An essay that links a meeting (whose "Mentioned in" names it) and cites a work.
ESSAY = """---
meeting: beta-three
---
# An essay

After {meeting}`two`, as A First Work{cite:p}`first2020` says.
"""

PEOPLE = "ann-able:\n  name: Ann Able\n  aliases: [Ann]\n"


def listings_tree(rootdir: Path, src: Path) -> None:
    """The test-listings project with what every kind of change needs: a published address (so
    that `sitemap.xml` is written and the feeds link absolutely), an essay, and a list of works
    cited from `references.bib`."""
    shutil.copytree(rootdir / "test-listings", src)
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            'html_baseurl = "https://handbook.example.org/"\n'
            'extensions.append("sphinxcontrib.bibtex")\nbibtex_bibfiles = ["references.bib"]\n'
        )
    (src / "references.bib").write_text(WORKS, encoding="utf-8")
    (src / "works-cited.md").write_text("# Works cited\n\n:::{bibliography}\n:::\n", encoding="utf-8")
    (src / "essays").mkdir()
    (src / "essays/index.md").write_text("# Essays\n\n:::{toctree}\n:glob:\n\n*\n:::\n", encoding="utf-8")
    (src / "essays/an-essay.md").write_text(ESSAY, encoding="utf-8")
    edit(src / "index.md", "archive/index\n", "archive/index\nessays/index\nworks-cited\n")


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
    # Every page's sidebar, and the "Mentioned in" of the meeting the essay links.
    "essay retitled": lambda src: edit(src / "essays/an-essay.md", "# An essay", "# An essay, retitled"),
    "note moved to another cell": lambda src: (src / NOTE).rename(src / "cells/beta/2023-05-two.md"),
    "theme page removed": lambda src: (src / "themes/care.md").unlink(),
    "people.yaml added": lambda src: (src / "people.yaml").write_text(PEOPLE, encoding="utf-8"),
    "family name given": lambda src: (src / "people.yaml").write_text(
        "dee-dunn:\n  name: Dee Dunn\n  family: Zunn\n", encoding="utf-8"
    ),
    # From PEOPLE (`BEFORE`): every page that names Ann Able, her page's title, the people index.
    "person renamed in people.yaml": lambda src: edit(src / "people.yaml", "name: Ann Able", "name: Ann Abel"),
    # "Ann" alone no longer names her: Alpha two's speaker is no longer Ann Able.
    "person's aliases changed": lambda src: edit(src / "people.yaml", "aliases: [Ann]", "aliases: [Annie]"),
    "cell added": lambda src: (
        (src / "cells/delta").mkdir(),
        (src / "cells/delta/index.md").write_text("# Delta\n\nThe Delta cell.\n", encoding="utf-8"),
        edit(src / "index.md", "cells/gamma/index\n", "cells/gamma/index\ncells/delta/index\n"),
    ),
    "cell removed": lambda src: (
        shutil.rmtree(src / "cells/gamma"),
        edit(src / "index.md", "cells/gamma/index\n", ""),
    ),
    # The list of works cited, and the essay's citation (its label is the author and year).
    "work retitled in references.bib": lambda src: edit(
        src / "references.bib", "title = {A First Work}", "title = {A First Work, Revised}"
    ),
    "work's author changed in references.bib": lambda src: edit(
        src / "references.bib", "author = {Ann Able}", "author = {Ann Able and Cy Cole}"
    ),
    # A work added, and cited by the essay in the same edit.
    "work added to references.bib": lambda src: (
        (src / "references.bib").write_text(
            WORKS + "\n@book{third2022,\n  author = {Dee Dunn},\n  title = {A Third Work},\n"
            "  publisher = {A Press},\n  year = {2022},\n}\n",
            encoding="utf-8",
        ),
        edit(src / "essays/an-essay.md", "says.", "says, and A Third Work{cite:p}`third2022`."),
    ),
}

#: What a change needs in the tree before the first build.
BEFORE = {
    "person renamed in people.yaml": lambda src: (src / "people.yaml").write_text(PEOPLE, encoding="utf-8"),
    "person's aliases changed": lambda src: (src / "people.yaml").write_text(PEOPLE, encoding="utf-8"),
}


def index_files(outdir: Path) -> set[str] | None:
    """The files of the search index in place, as the preview records them
    (`pagefind.INDEX_FILES`, beside the doctrees), or None where there is no record
    (`sphinx-build`'s index holds only its own files)."""
    record = outdir.parent / "doctrees" / "html" / pagefind.INDEX_FILES
    return set(json.loads(record.read_text(encoding="utf-8"))) if record.is_file() else None


#: Pagefind's files named by their content (its chunks, filters, page fragments and meta file)
#: and the entry file, which names them.
NAMED_BY_CONTENT = ("pagefind/index/", "pagefind/filter/", "pagefind/fragment/", "pagefind/pagefind-entry.json")


def site_files(outdir: Path) -> dict[str, bytes]:
    """Every file of the site, by its path, with its bytes, but for what two builds of the same
    tree do not write alike, each compared another way or not published:

    - `.doctrees/`: the build's environment, which `sphinx-build` keeps in the site by default
      and a publishing build (and `make serve`) outside it; not published.
    - Pagefind's files named by their content (`NAMED_BY_CONTENT`, `pagefind/*.pf_meta`):
      Pagefind numbers pages in the order its threads read them, so two indexes of the same
      pages differ in these files' bytes and names; what the index holds for each page is
      compared instead (`indexed`). Its other files (scripts, styles, wasm, the handbook's
      `handbook-folds.json`) are compared here, byte for byte.
    - Under `make serve`, the files of the index it replaced, kept for search pages still open on
      it (`pagefind.swap_index`): not the index in place.

    `objects.inv` is compared as its four lines of header and its inventory decompressed, not as
    the zlib stream that holds it. Nothing else is left out: `.buildinfo`, `_static/`, `_sources/`,
    the feeds and `sitemap.xml` are compared as written (none carries a build's time)."""
    current = index_files(outdir)
    files = {}
    for path in sorted(outdir.rglob("*")):
        name = path.relative_to(outdir).as_posix()
        if not path.is_file() or name.startswith(".doctrees/"):
            continue
        if name.startswith("pagefind/"):
            if current is not None and name.removeprefix("pagefind/") not in current:
                continue
            if name.startswith(NAMED_BY_CONTENT) or name.endswith(".pf_meta"):
                continue
        data = path.read_bytes()
        if name == "objects.inv":
            header = b"".join(data.splitlines(keepends=True)[:4])
            data = header + zlib.decompress(data[len(header) :])
        files[name] = data
    return files


def differences(one: Path, other: Path) -> list[str]:
    """The files (`site_files`) that two sites hold with different bytes, or only one holds."""
    first, second = site_files(one), site_files(other)
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def indexed(outdir: Path) -> dict[str, dict]:
    """Address → what Pagefind's index holds for that page (its text, filters, metadata, sort
    keys), read from the index's page fragments. The index's other files are named by their
    content and Pagefind numbers pages in the order its threads read them, so two indexes of the
    same pages hold the same fragments but not the same file names. The preview keeps the files
    of the index it replaced, for search pages still open on it, and records which files the index
    in place has (`pagefind.INDEX_FILES`, beside the doctrees): only those are read."""
    current = index_files(outdir)
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
    listings_tree(rootdir, src)
    BEFORE.get(change, lambda src: None)(src)
    if way == "make serve":
        incremental = served(src, CHANGES[change], tmp_path / "serve.log")
    else:
        incremental = tmp_path / "incremental"
        build(src, incremental)
        CHANGES[change](src)
        build(src, incremental)
    build(src, tmp_path / "clean")
    assert differences(incremental, tmp_path / "clean") == []
    assert indexed(incremental) == indexed(tmp_path / "clean")


def test_parallel_build_equals_serial_build(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-listings", src)
    build(src, tmp_path / "serial")
    build(src, tmp_path / "parallel", parallel=2)
    assert differences(tmp_path / "serial", tmp_path / "parallel") == []
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
    assert differences(tmp_path / "html", tmp_path / "clean") == []


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
    assert differences(incremental, tmp_path / "clean") == []
    shown = (incremental / "works-cited.html").read_text(encoding="utf-8")
    assert ("A Second Work" in shown) == (change == "citation added")
    assert ("A First Work" in shown) == (change == "citation added")
