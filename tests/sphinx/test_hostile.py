"""Notes are content, not code. The root `tests/roots/test-hostile/` holds one note per attack a
contributed note could try, and this module adds what git cannot hold (file names that are
markup or shell, links out of the tree, a file planted outside the project). Built in its own
process, each gives exactly its one located warning, nothing from outside the project reaches
any output, no page holds a `javascript:` link, and no page opens a dialog in a browser.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT

ROOT = PROJECT / "tests" / "roots" / "test-hostile"
#: what the planted file holds: found anywhere in the output, the machine's files leaked
SECRET = "SECRET-5d1f0c9a-the-build-machine"

#: file names that are markup, script or shell, made at test time (each left out with a warning)
NAMES = {
    "themes/health Makefile;id>pwned.txt;.md": "# Care\n",
    'themes/x"><img src=x onerror=alert(11)>.md': "# X\n",
    'cells/y"><img src=x onerror=alert(12)>/index.md': "# Y\n",
    "cells/a/2023-01-08-q';alert(14);'.md": "---\ndate: 2023-01-08\n---\n# Q\n",
    "cells/a/2023-03-01-Capital.md": "# Capital\n",
}
#: a note too large to read in seconds (two million characters on one line), made at test time
HUGE = ("cells/a/2023-03-03-huge.md",
        "---\ndate: 2023-03-03\n---\n# Huge\n\n" + "word {person}`someone` [x](https://e.org) " * 50_000 + "\n")
#: links made at test time: to a file outside, to a folder above (a loop), to an image outside
LINKS = {
    "cells/a/2023-03-02-linked.md": "../../../outside-secret.txt",
    "cells/loop": "..",
    "cells/a/images/secret.png": "../../../../outside-secret.txt",
    "cells/a/images/pattern.png": "../../../../outside-secret.txt",
    "cells/a/leak.rst": "../../../outside-secret.txt",  # not a source: only .md files are
}

#: each file → the line and subtype of its one warning
ATTACKS = {
    "cells/a/2023-02-01-button-link.md": (9, "link"),
    "cells/a/2023-02-02-image-target.md": (10, "link"),
    "cells/a/2023-02-03-eval-rst.md": (9, "markup"),
    "cells/a/2023-02-04-literalinclude.md": (9, "markup"),
    "cells/a/2023-02-05-include.md": (9, "markup"),
    "cells/a/2023-02-06-image-outside.md": (9, "path"),
    "cells/a/2023-02-07-download.md": (9, "markup"),
    "cells/a/2023-02-08-math-role.md": (10, "math"),
    "cells/a/2023-02-09-csv-file.md": (9, "markup"),
    "cells/a/2023-02-10-card-link.md": (10, "link"),
    "cells/a/2023-02-11-myst-settings.md": (4, "frontmatter"),
    "cells/a/2023-02-12-noncharacter.md": (5, "control"),
    "cells/a/2023-02-13-yaml-alias.md": (4, "frontmatter"),
    "cells/a/2023-02-14-deep-directives.md": (9, "markup"),
    "cells/a/2023-02-15-deep-quotes.md": (9, "markup"),
    "cells/a/2023-02-16-badge-link.md": (9, "link"),
    "cells/a/2023-02-17-tel-link.md": (9, "link"),
    "cells/a/2023-02-18-meta.md": (9, "markup"),
    "cells/a/2023-02-19-math-block.md": (10, "math"),
    "cells/a/2023-02-20-file-link.md": (9, "path"),
    "cells/a/2023-02-21-image-symlink.md": (9, "path"),
    "cells/a/2023-02-22-image-pattern.md": (9, "path"),
    "cells/a/2023-02-23-toctree-script.md": (10, "link"),
    "cells/a/2023-02-24-math-unbalanced.md": (9, "math"),
    "cells/a/2023-02-25-emphasize-lines.md": (9, "markup"),
    "people.yaml": (4, "people"),
    "references.bib": (3, "link"),
    **{name: (1, "name") for name in NAMES},
    "cells/a/2023-03-02-linked.md": (1, "name"),
    "cells/loop": (1, "name"),
    HUGE[0]: (1, "size"),
}
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+): WARNING: (?P<message>.+) \[handbook\.(?P<subtype>\w+)\]$")


def hostile_tree(tmp: Path) -> Path:
    """The hostile root in `tmp/src`, with the names and links git cannot hold, and the secret
    planted beside it, outside the project."""
    shutil.copytree(ROOT, tmp / "src", symlinks=True)
    (tmp / "outside-secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    for name, text in NAMES.items():
        (tmp / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "src" / name).write_text(text, encoding="utf-8")
    (tmp / "src" / HUGE[0]).write_text(HUGE[1], encoding="utf-8")
    for name, target in LINKS.items():
        (tmp / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "src" / name).symlink_to(target)
    return tmp / "src"


def sphinx_build(src: Path, out: Path, builder: str = "html") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext"), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", builder, "-n", "-d", str(out.with_suffix(".doctrees")),
                           str(src), str(out)], capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile root built as the website and as LaTeX: (html result, latex result, tmp)."""
    tmp = tmp_path_factory.mktemp("hostile")
    src = hostile_tree(tmp)
    return sphinx_build(src, tmp / "html"), sphinx_build(src, tmp / "latex", "latex"), tmp


@pytest.fixture(scope="module")
def printed(built):
    """The LaTeX documents typeset as `make pdf` typesets them: (result, folder of the PDFs)."""
    _, _, tmp = built
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    result = subprocess.run([sys.executable, "-m", "handbook", "typeset", "--root", str(tmp / "src"),
                             "--latex", str(tmp / "latex"), "--publish", str(tmp / "pdf")],
                            capture_output=True, text=True, env=env, timeout=600, check=False)
    return result, tmp / "pdf"


def test_the_printed_documents_are_made_and_hold_nothing_from_outside(printed):
    result, pdfs = printed
    assert result.returncode == 0, result.stdout + result.stderr
    documents = sorted(pdfs.glob("*.pdf"))
    assert [path.name for path in documents] == ["guide-health.pdf", "handbook.pdf"]
    for path in documents:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Kept: good" in text
        assert SECRET not in text


def located(result: subprocess.CompletedProcess, src: Path) -> list[str]:
    return [line.replace(f"{src}/", "") for line in result.stderr.splitlines() if line.strip()]


def test_the_build_finishes_without_a_traceback(built):
    html, latex, _ = built
    for result in (html, latex):
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stdout + result.stderr


def test_each_attack_gives_exactly_its_one_located_warning(built):
    html, _, tmp = built
    found: dict[str, list[tuple[int, str]]] = {}
    for line in located(html, tmp / "src"):
        match = WARNING.match(line)
        assert match, line
        found.setdefault(match["path"], []).append((int(match["line"]), match["subtype"]))
    assert found == {path: [expected] for path, expected in ATTACKS.items()}


def test_check_reports_what_the_build_reports(built):
    html, _, tmp = built
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "_ext")}
    result = subprocess.run([sys.executable, "-m", "handbook", "check", "--root", str(tmp / "src")],
                            capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 1
    assert sorted(result.stdout.splitlines()) == sorted(
        line.replace(": WARNING: ", ": ", 1) for line in located(html, tmp / "src"))


def test_nothing_from_outside_the_project_reaches_any_output(built):
    _, _, tmp = built
    for folder in ("html", "html.doctrees", "latex", "latex.doctrees"):
        for path in (tmp / folder).rglob("*"):
            if path.is_file():
                assert SECRET.encode() not in path.read_bytes(), path


def test_no_page_holds_a_script_link(built):
    _, _, tmp = built
    for path in (tmp / "html").rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(True):
            for attribute in ("href", "src", "action", "formaction", "content"):
                value = re.sub(r"\s", "", str(tag.get(attribute, ""))).lower()
                assert "javascript:" not in value, (path.name, str(tag)[:200])
        assert not page.select("script:not([src])") or all(
            "alert(" not in script.get_text() for script in page.select("script:not([src])")), path.name


def test_nothing_typed_reaches_tex_as_code(built):
    _, _, tmp = built
    tex = "\n".join(path.read_text(encoding="utf-8") for path in (tmp / "latex").glob("*.tex"))
    assert "catcode95" in tex  # the formula is printed, as typed
    assert "\\catcode95" not in tex and "\\input{../" not in tex and "\\begin{filecontents}" not in tex


def test_what_is_refused_leaves_the_rest_of_the_page(built):
    _, _, tmp = built
    for path in ATTACKS:
        if path.startswith("cells/a/2023-02"):
            page = BeautifulSoup((tmp / "html" / path.replace(".md", ".html")).read_text(encoding="utf-8"), "html.parser")
            marker = re.search(r"Kept: [\w-]+", (tmp / "src" / path).read_text(encoding="utf-8"))[0]
            assert marker in page.select_one("article").get_text(" "), path
    settings = (tmp / "html" / "cells/a/2023-02-11-myst-settings.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in settings and "<script>alert(" not in settings
    good = (tmp / "html" / "cells/a/2023-01-01-good.html").read_text(encoding="utf-8")
    assert "A work whose address runs a script" in good


def test_no_page_opens_a_dialog_in_a_browser(built, browser):
    _, _, tmp = built
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in sorted((tmp / "html").rglob("*.html")):
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
    page.close()
    assert dialogs == []
