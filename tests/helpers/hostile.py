"""The root of hostile notes, `tests/roots/test-hostile/`, with what git cannot hold (file names
that are markup or shell, links out of the tree, a file planted outside the project) added at
test time, the one warning each attack gives, and its build in a process of its own.

The tests of its build (tests/sphinx/test_hostile.py) and of its pages in a browser
(tests/browser/test_hostile_in_browser.py) share one build (the `hostile_built` fixture); the
corpus of mistakes counts the kinds of warning with `ATTACKS` (tests/sphinx/test_mistakes.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import PROJECT

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
HUGE = (
    "cells/a/2023-03-03-huge.md",
    "---\ndate: 2023-03-03\n---\n# Huge\n\n" + "word {person}`someone` [x](https://e.org) " * 50_000 + "\n",
)
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
    **dict.fromkeys(NAMES, (1, "name")),
    "cells/a/2023-03-02-linked.md": (1, "name"),
    "cells/loop": (1, "name"),
    HUGE[0]: (1, "size"),
}


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
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            builder,
            "-n",
            "-d",
            str(out.with_suffix(".doctrees")),
            str(src),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
