"""Which files are sources: Sphinx's discovery, with the handbook's rules on names and links.

Every folder and file name of a source document must be a name (`names.SLUG`): a name reaches
URLs, HTML attributes, scripts, Makefiles and LaTeX, and one typed as `x"><img …>` or
`a;id>pwned` would be code there. A source is also a file of its own: a link would read a file
from outside the handbook, or loop. What fails either rule is one located `handbook.name`
warning and is left out of the build, as `python -m handbook check` reports it too.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher

from handbook import diagnostics
from handbook.content import layout, names
from handbook.diagnostics import Problem

#: the suffix of the sources the handbook reads
SUFFIX = ".md"


@dataclass
class Refusal:
    """A source file or folder left out, and the warning that says so."""

    #: the file or folder, from the source folder, in POSIX form
    path: str
    #: what the warning names: the refused file or link, or the first source of a refused
    #: folder; None for a folder that holds no source, left out without a word
    reported: str | None
    problem: Problem


@dataclass
class Sources:
    """The source documents of a tree, as paths from the source folder, and what was left out."""

    documents: list[str]
    refused: list[Refusal]


def _advice(name: str) -> str:
    better = names.slugify(name)
    return f"rename it {better}" if better else "rename it with lower-case letters, digits and hyphens"


def read(srcdir: Path, excluded: list[str]) -> Sources:
    """Walk `srcdir` as Sphinx does (`excluded` are Sphinx's `exclude_patterns`), keeping the
    Markdown sources whose every folder and file name is a name and that are not links.

    Returns the kept documents sorted, and one `Refusal` per refused file or topmost refused
    folder (a folder's warning names its `index.md`, or its first source)."""
    skip = Matcher(excluded)
    documents, refused = [], []
    for root, folders, files in os.walk(srcdir):
        here = Path(root).relative_to(srcdir)
        prefix = "" if root == str(srcdir) else here.as_posix() + "/"
        kept_folders = []
        for folder in sorted(folders):
            relative = (here / folder).as_posix()
            if skip(relative):
                continue
            trouble = _folder_trouble(srcdir / relative, folder)
            if trouble is None:
                kept_folders.append(folder)
                continue
            # A link is reported as itself (it may lead nowhere, or in a loop); a misnamed folder
            # at its first source, and not at all when it holds none.
            first = None if (srcdir / relative).is_symlink() else _first_source(srcdir / relative)
            reported = relative if (srcdir / relative).is_symlink() else first and (here / first).as_posix()
            refused.append(Refusal(relative, reported and shown(reported), Problem(1, trouble, "name")))
        folders[:] = kept_folders
        for file in sorted(files):
            if not file.endswith(SUFFIX):
                continue
            relative = prefix + file
            if skip(relative):
                continue
            stem = file.removesuffix(SUFFIX)
            if os.path.islink(os.path.join(root, file)):
                trouble = (
                    f"{file} is a link, not a file: a source is a file of its own, inside the "
                    "handbook's folder; it is left out"
                )
            elif not names.is_name(stem):
                trouble = (
                    f"the file name {stem!r} is not a name the handbook can use (lower-case letters, "
                    f"digits and hyphens): {_advice(stem)}{SUFFIX}; it is left out"
                )
            else:
                documents.append(relative)
                continue
            refused.append(Refusal(relative, shown(relative), Problem(1, trouble, "name")))
    return Sources(sorted(documents), refused)


def _folder_trouble(path: Path, name: str) -> str | None:
    if path.is_symlink():
        return f"the folder {name!r} is a link: sources are files inside the handbook's folder; its pages are left out"
    if not names.is_name(name):
        return (
            f"the folder name {name!r} is not a name the handbook can use (lower-case letters, "
            f"digits and hyphens): {_advice(name)}; its pages are left out"
        )
    return None


def _first_source(folder: Path) -> str | None:
    """`index.md` of a folder, or its first Markdown file in walking order, from the folder's
    parent; None if it holds none."""
    if (folder / f"index{SUFFIX}").is_file():
        return f"{folder.name}/index{SUFFIX}"
    for root, folders, files in os.walk(folder):
        folders.sort()
        for file in sorted(files):
            if file.endswith(SUFFIX):
                return (Path(root) / file).relative_to(folder.parent).as_posix()
    return None


def shown(path: str) -> str:
    """A path as a warning names it: a line break or other control character in a file's name is
    written as an escape, so that a name cannot forge lines of a build's log."""
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode() for char in path)


def exclusion(path: str) -> str:
    """`path` as a Sphinx exclude pattern that matches it alone: glob characters are escaped as
    one-character classes, the form `sphinx.util.matching` reads literally."""
    return "".join(f"[{char}]" if char in "*?[" else char for char in path)


def leave_out(app: Sphinx, config: Config) -> None:
    """config-inited: what is refused is excluded before Sphinx looks for sources, and before it
    compares this configuration with the last build's, so that the same tree gives the same
    patterns and an incremental build stays incremental."""
    # Sources are Markdown files only: a `.rst` file (Sphinx reads one by default) would be a page
    # that no rule of the handbook's reads, and a link named `.rst` a file of the machine.
    config.source_suffix = {SUFFIX: "markdown"}
    srcdir = Path(app.srcdir)
    found = read(srcdir, list(config.exclude_patterns))
    # Only what Sphinx would read: a misnamed folder without sources (`_static`) changes nothing,
    # and a pattern that comes and goes would make Sphinx read every page again.
    config.exclude_patterns = [
        *config.exclude_patterns,
        *(exclusion(refusal.path) for refusal in found.refused if refusal.reported),
    ]
    for refusal in found.refused:
        if refusal.reported is not None:
            diagnostics.warn(
                refusal.problem.message, "name", f"{shown(str(srcdir / refusal.reported))}:{refusal.problem.line}"
            )


def configured(srcdir: Path, name: str) -> list[str]:
    """A list in the project's conf.py (`exclude_patterns`, `bibtex_bibfiles`), read without
    running it: [] when it is not there or not a literal."""
    conf = srcdir / "conf.py"
    if conf.exists():
        for node in ast.parse(conf.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
                try:
                    return list(ast.literal_eval(node.value))
                except ValueError:
                    return []
    return []


def source_documents(srcdir: Path) -> Sources:
    """Every Markdown source Sphinx reads, as paths from the source folder, and what is refused;
    the generated person and year pages are left out (they are rewritten at every build)."""
    return read(srcdir, ["_build", ".*", *layout.GENERATED, *configured(srcdir, "exclude_patterns")])
