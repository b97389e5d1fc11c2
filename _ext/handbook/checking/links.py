"""Where a note's links and images may go: http, https and mailto addresses, and files inside the
project that are neither the build's output nor hidden; and the addresses of the works cited.

Pure functions of text, used alike by the build (safety.py) and by `python -m handbook check`,
so both give the same words at the same line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from handbook.diagnostics import quoted, suggestion

#: URL schemes a link may have; a URL without one is a link inside the site
SCHEMES = ("http", "https", "mailto")
#: image formats the website and the printed documents show
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".*")
#: folders of the project no note may reach into: the build's output and every hidden folder
#: (`.git` holds a CI runner's credentials)
_PRIVATE = re.compile(r"^(?:_build|\..*)$")


def _plain(url: str) -> str:
    """The URL as a browser reads it: it drops surrounding spaces and control characters, and
    tabs and line breaks anywhere (WHATWG URL Standard, "basic URL parser")."""
    return re.sub(r"[\t\n\r]", "", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
        "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )


def scheme_of(url: str) -> str:
    """The URL's scheme, lower-cased, or "" for a link inside the site."""
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", _plain(url))
    return match[1].lower() if match else ""


def url_refusal(url: str) -> str | None:
    """Why a link may not go to `url`, or None: only http, https and mailto, and in-site links."""
    plain = _plain(url)
    scheme = scheme_of(plain)
    if scheme in SCHEMES or (not scheme and not plain.startswith("//")):
        return None
    shown = url if len(url) <= 60 else url[:59] + "…"
    kind = f"a {scheme}: address" if scheme else "an address on another site without http or https"
    return (
        f"the link to {shown!r} is left out: links go to http, https or mailto addresses, or to pages "
        f"of the handbook, and this is {kind}"
    )


def path_refusal(srcdir: Path, docdir: Path, target: str, image: bool) -> str | None:
    """Why a note may not show the image, or link the file, at `target` (as typed in a note in
    `docdir`; a leading `/` starts from `srcdir`), or None. Refused: a path that leaves the
    project, once links are resolved; one into the build's output or a hidden folder; for an
    image, a file that is not one of `IMAGE_SUFFIXES`; a file that is not there."""
    scheme = scheme_of(target)
    if scheme:
        if image and scheme in ("http", "https"):
            return None
        return url_refusal(target) or f"the file {target!r} is left out: notes link files of the handbook"
    what = "image" if image else "file"
    relative = target.lstrip("/")
    base = srcdir if target.startswith("/") else docdir
    resolved = Path(os.path.realpath(base / relative.replace("*", "x")))
    root = Path(os.path.realpath(srcdir))
    if not resolved.is_relative_to(root):
        return (
            f"the {what} {target!r} is outside the handbook's folder: a note may show only files "
            "inside it; it is left out"
        )
    if any(_PRIVATE.match(part) for part in resolved.relative_to(root).parts):
        return (
            f"the {what} {target!r} is in a folder no note may show (the build's output or a hidden "
            "folder); it is left out"
        )
    if image and PurePosixPath(target).suffix.lower() not in IMAGE_SUFFIXES:
        return f"{target!r} is not an image: a note shows {', '.join(IMAGE_SUFFIXES[:-1])} files; it is left out"
    if "*" not in target:
        if not resolved.is_file():
            return f"there is no {what} {target!r}: add the file, or correct its name; it is left out"
        return None
    # Sphinx chooses among the files the pattern matches: each must pass, links resolved.
    candidates = list(resolved.parent.glob(PurePosixPath(relative).name))
    if not candidates:
        return f"there is no {what} {target!r}: add the file, or correct its name; it is left out"
    for candidate in candidates:
        real = Path(os.path.realpath(candidate))
        if not real.is_relative_to(root) or any(_PRIVATE.match(part) for part in real.relative_to(root).parts):
            return (
                f"the {what} {target!r} leads outside the handbook's folder ({candidate.name} is a link): "
                "a note may show only files inside it; it is left out"
            )
    return None


def bibliography_refusals(text: str) -> list[tuple[int, str]]:
    """(line, message) for every work of a BibTeX file whose `url` a link may not go to, read as
    sphinxcontrib-bibtex reads it (pybtex: `@string` macros, `#` joins and braces resolved), at
    the line of the work's `@type{key,`."""
    from pybtex.database import parse_string  # only for a project with works cited
    from pybtex.scanner import PybtexError

    try:
        works = parse_string(text, "bibtex").entries
    except PybtexError:
        return []  # reported by sphinxcontrib-bibtex, which cannot read it either
    found = []
    for key, work in works.items():
        url = work.fields.get("url", "")
        if url and (message := url_refusal(url.replace("{", "").replace("}", ""))):
            at = re.search(rf"@\w+\s*[{{(]\s*{re.escape(key)}\s*,", text)
            line = text.count("\n", 0, at.start()) + 1 if at else 1
            found.append((line, f"the address of the work {key!r} is left out: {message.split(': ', 1)[1]}"))
    return found


def bibliography_keys(text: str) -> set[str]:
    """The keys of the works of a BibTeX file, read as sphinxcontrib-bibtex reads it; none for a
    file it cannot read either."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    try:
        return set(parse_string(text, "bibtex").entries)
    except PybtexError:
        return set()


def cited_works(target: str) -> list[tuple[str, str]]:
    """What a `{cite}` names, as sphinxcontrib-bibtex reads it (`key1,{see}key2{p. 3}`): each work
    as written, with its key."""
    return [(found[0].strip(), found["key"]) for found in _CITED.finditer(target)]


_CITED = re.compile(r"\s*(?:\{[^{}]+\})?\s*(?P<key>[^{}\s,]+)\s*(?:\{[^{}]+\})?\s*")

#: the kind of reference a `{cite}` makes (`checks.check_tree`)
WORK = "work"


def unknown_work(key: str, known: set[str], bibfiles: list[str]) -> str:
    """The message for a `{cite}` of a work that no BibTeX file of conf.py's `bibtex_bibfiles` holds."""
    return f"unknown work {quoted(key)}: no work has that key in {' or '.join(bibfiles)}{suggestion(key, known)}"


def is_download(srcdir: Path, docdir: Path, href: str) -> bool:
    """Whether MyST makes a link of a page in `docdir` a download: a path to a file that is not a page."""
    target = href.split("#")[0]
    if not target or target.endswith(".md"):
        return False
    return ((srcdir if target.startswith("/") else docdir) / target.lstrip("/")).is_file()
