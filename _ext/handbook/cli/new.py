"""`python -m handbook new …`: start a meeting note, a cell, a theme or a person from a template
(`scaffolds/`). Every refusal says what is known instead and the closest match, so that a
volunteer can correct a typo without reading the code; a file is written whole or not at all,
and never over another."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from string import Template

import yaml

from handbook import diagnostics
from handbook.content.dates import PartialDate
from handbook.content.names import is_name, slugify
from handbook.content.tree import Tree

SCAFFOLDS = Path(__file__).parent.parent / "scaffolds"


class Refusal(Exception):
    """What the editor asked for cannot be done; the message says why and what would work."""


def known(kind: str, value: str, names: set[str]) -> str:
    """`value` if it is one of `names`, else a refusal naming the closest and all of them."""
    if value in names:
        return value
    listed = ", ".join(sorted(names)) or "none yet"
    raise Refusal(f"unknown {kind} {value!r}{diagnostics.suggestion(value, names)} Known {kind}s: {listed}")


#: the longest slug made from a title: a file name stays readable, and far below the file
#: system's 255 bytes with the date before it (a long title in Chinese is three times as long in
#: ASCII)
SLUG_LENGTH = 60


def slug_for(title: str, slug: str | None) -> str:
    """The slug given (a name, or refused) or made from `title`, cut at a word to `SLUG_LENGTH`."""
    if slug is not None:
        if not is_name(slug):
            raise Refusal(
                f"the slug {slug!r} is not lowercase words joined by hyphens: write "
                f"{slugify(slug) or 'lowercase-words'} (--slug, or SLUG= with make new)"
            )
        return slug
    slug = slugify(title)
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_LENGTH] else slug[:SLUG_LENGTH]
    if not slug:
        raise Refusal(
            f"cannot make a file name from {title!r}: give one with --slug (SLUG= with make new), "
            "lowercase words joined by hyphens"
        )
    return slug


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """The handbook's folder held against every other `new` until the block ends (an advisory
    lock on the folder itself, released by the kernel if the process dies)."""
    folder = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)


def write_whole(path: Path, text: str, *, new: bool) -> None:
    """Write `path` so that it is never seen half-written: the text goes to a hidden file beside
    it, then takes its name in one step (`rename`, or `link` when the file must be `new`, which
    fails if the name exists). A kill leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    try:
        if new:
            os.link(temporary, path)
        else:
            os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_new(root: Path, path: Path, text: str) -> Path:
    """Write `text` to `path` (from `root`), which must not exist yet (else a Refusal); the
    written file's full path."""
    target = root / path
    try:
        write_whole(target, text, new=True)
    except FileExistsError:
        raise Refusal(f"{path.as_posix()} already exists: edit it, or choose another title or --slug") from None
    return target


def new_meeting(root: Path, cell: str, date: str, title: str, themes: str, slug: str | None) -> str:
    """Write `cells/<cell>/<date>-<slug>.md` from the scaffold: `date` as a note states it or
    `undated`, `themes` comma-separated slugs. Returns what to say to the editor; a Refusal for
    an unknown cell or theme, a date that is wrong or in the future, a slug already taken."""
    tree = Tree.read(root)
    cell = known("cell", cell, tree.cells)
    if date != "undated":
        try:
            parsed = PartialDate.parse(date)
        except ValueError as error:
            raise Refusal(
                f"{error}; write the date as the note states it (2023-05-30, 2023-05 or 2023), or 'undated'"
            ) from None
        if parsed.earliest() > dt.date.today():
            raise Refusal(f"date {parsed} is in the future: a note records a meeting that has taken place")
    title = " ".join(title.split())
    slug = slug_for(title, slug)
    path = Path("cells", cell, f"{date}-{slug}.md")
    if (root / path).exists():
        raise Refusal(f"{path.as_posix()} already exists: edit it, or choose another title or --slug")
    if slug in tree.meetings:
        raise Refusal(
            f"{tree.meetings[slug][0]}.md already has the slug {slug!r}, and links need one meeting per "
            "slug: choose another title, or give a slug with --slug"
        )
    chosen = [known("theme", theme.strip(), tree.themes) for theme in themes.split(",") if theme.strip()]
    text = Template((SCAFFOLDS / "meeting.md").read_text(encoding="utf-8")).substitute(
        date_line=(
            f"date: {date}" if date != "undated" else "# date: YYYY-MM-DD, YYYY-MM or YYYY, once a note states it"
        ),
        themes=", ".join(chosen),
        known_themes=", ".join(sorted(tree.themes)) or "none yet",
        title=title,
        cell=cell,
        slug=slug,
    )
    path = write_new(root, path, text)
    docname = path.relative_to(root).with_suffix("").as_posix()
    return (
        f"Wrote {docname}.md. Write the note in it, then run `make check`; with `make serve` running, "
        f"the page is http://127.0.0.1:8000/{docname}.html"
    )


def new_page(root: Path, kind: str, name: str, slug: str | None) -> str:
    """Write a cell's page (`cells/<slug>/index.md`, `kind` "cell") or a theme's
    (`themes/<slug>.md`, `kind` "theme"). Returns what to say to the editor; a Refusal for a
    slug that is not a name or a page that exists."""
    name = " ".join(name.split())
    slug = slug_for(name, slug)
    path = Path("cells", slug, "index.md") if kind == "cell" else Path("themes", f"{slug}.md")
    text = Template((SCAFFOLDS / f"{kind}.md").read_text(encoding="utf-8")).substitute(name=name, slug=slug)
    write_new(root, path, text)
    use = f"notes go in cells/{slug}/" if kind == "cell" else f"notes join it with `themes: [{slug}]`"
    return f"Wrote {path.as_posix()}; {use}"


def new_person(root: Path, name: str, aliases: list[str], slug: str | None, family: str = "") -> str:
    """Add someone to people.yaml, keeping its order by slug and its comments."""
    name = " ".join(name.split())
    slug = slug_for(name, slug)
    tree = Tree.read(root)
    if slug in tree.registry:
        raise Refusal(f"people.yaml already has {slug} ({tree.registry[slug].name})")
    for form in (name, *aliases):
        if form.casefold() in tree.names:
            raise Refusal(f"people.yaml already names {tree.names[form.casefold()]} {form!r}")
    family = " ".join(family.split())
    if family and family not in name:
        raise Refusal(f"the family name {family!r} is not part of the name {name!r}")
    entry = {"name": name, **({"aliases": aliases} if aliases else {}), **({"family": family} if family else {})}
    block = yaml.safe_dump({slug: entry}, allow_unicode=True, sort_keys=False, default_flow_style=False)
    path = root / "people.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    at = next((i for i, line in enumerate(lines) if line[:1].isalnum() and line.split(":")[0] > slug), len(lines))
    lines[at:at] = [block]
    write_whole(path, "".join(lines), new=False)
    return f"Added {slug} to people.yaml; speaker cards name them with `:person: {slug}`"
