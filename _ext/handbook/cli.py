"""`python -m handbook`: start a meeting note, a cell, a theme or a person from a template, and
check the whole source tree in about a second, without building the site.

Every refusal says what is known instead and the closest match, so that a volunteer can correct
a typo without reading the code.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from string import Template

import yaml

from handbook import diagnostics
from handbook.checking import checks
from handbook.content import names
from handbook.content.dates import PartialDate
from handbook.content.tree import Tree
from handbook.latex import typeset

SCAFFOLDS = Path(__file__).parent / "scaffolds"


class Refusal(Exception):
    """What the editor asked for cannot be done; the message says why and what would work."""


def known(kind: str, value: str, names: set[str]) -> str:
    """`value` if it is one of `names`, else a refusal naming the closest and all of them."""
    if value in names:
        return value
    raise Refusal(f"unknown {kind} {value!r}{diagnostics.suggestion(value, names)} Known {kind}s: {', '.join(sorted(names)) or 'none yet'}")


#: the longest slug made from a title: a file name stays readable, and far below the file
#: system's 255 bytes with the date before it (a long title in Chinese is three times as long in
#: ASCII)
SLUG_LENGTH = 60


def slug_for(title: str, slug: str | None) -> str:
    """The slug given (a name, or refused) or made from `title`, cut at a word to `SLUG_LENGTH`."""
    if slug is not None:
        if not names.is_name(slug):
            raise Refusal(f"the slug {slug!r} is not lowercase words joined by hyphens: write "
                          f"{names.slugify(slug) or 'lowercase-words'} (--slug, or SLUG= with make new)")
        return slug
    slug = names.slugify(title)
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in slug[:SLUG_LENGTH] else slug[:SLUG_LENGTH]
    if not slug:
        raise Refusal(f"cannot make a file name from {title!r}: give one with --slug (SLUG= with make new), "
                      "lowercase words joined by hyphens")
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
    target = root / path
    try:
        write_whole(target, text, new=True)
    except FileExistsError:
        raise Refusal(f"{path.as_posix()} already exists: edit it, or choose another title or --slug") from None
    return target


def new_meeting(root: Path, cell: str, date: str, title: str, themes: str, slug: str | None) -> str:
    tree = Tree.read(root)
    cell = known("cell", cell, tree.cells)
    if date != "undated":
        try:
            parsed = PartialDate.parse(date)
        except ValueError as error:
            raise Refusal(f"{error}; write the date as the note states it (2023-05-30, 2023-05 or 2023), or 'undated'") from None
        if parsed.earliest() > dt.date.today():
            raise Refusal(f"date {parsed} is in the future: a note records a meeting that has taken place")
    title = " ".join(title.split())
    slug = slug_for(title, slug)
    path = Path("cells", cell, f"{date}-{slug}.md")
    if (root / path).exists():
        raise Refusal(f"{path.as_posix()} already exists: edit it, or choose another title or --slug")
    if slug in tree.meetings:
        raise Refusal(f"{tree.meetings[slug][0]}.md already has the slug {slug!r}, and links need one meeting per "
                      "slug: choose another title, or give a slug with --slug")
    chosen = [known("theme", theme.strip(), tree.themes) for theme in themes.split(",") if theme.strip()]
    text = Template((SCAFFOLDS / "meeting.md").read_text(encoding="utf-8")).substitute(
        date_line=f"date: {date}" if date != "undated" else "# date: YYYY-MM-DD, YYYY-MM or YYYY, once a note states it",
        themes=", ".join(chosen), known_themes=", ".join(sorted(tree.themes)) or "none yet",
        title=title, cell=cell, slug=slug,
    )
    path = write_new(root, path, text)
    docname = path.relative_to(root).with_suffix("").as_posix()
    return (f"Wrote {docname}.md. Write the note in it, then run `make check`; with `make serve` running, "
            f"the page is http://127.0.0.1:8000/{docname}.html")


def new_page(root: Path, kind: str, name: str, slug: str | None) -> str:
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


#: How `check` prints each problem: as `file:line: message [handbook.<subtype>]` lines (text),
#: as workflow commands GitHub Actions turns into annotations at the note's line (github), or as
#: one JSON array of {file, line, message, subtype} for editors' tools (json).
FORMATS = ("text", "github", "json")


def github_escape(text: str, property_value: bool = False) -> str:
    """Text made safe for a workflow command (the escaping of GitHub's actions/toolkit,
    `toCommandValue` and `escapeProperty`): a note's words can neither end the command nor
    start another."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(problem: diagnostics.Located) -> str:
    """One problem as a GitHub Actions warning annotation at the note's line."""
    subtype = f"handbook.{problem.problem.subtype}"
    return (f"::warning file={github_escape(problem.path, True)},line={problem.problem.line},"
            f"title={github_escape(subtype, True)}::{github_escape(problem.problem.message)} [{github_escape(subtype)}]")


def check(root: Path, output: str = "text") -> int:
    report = checks.check_tree(root)
    if output == "json":
        print(json.dumps([{"file": problem.path, "line": problem.problem.line, "message": problem.problem.message,
                           "subtype": f"handbook.{problem.problem.subtype}"} for problem in report.problems],
                         ensure_ascii=False, indent=1))
    else:
        for problem in report.problems:
            print(github_annotation(problem) if output == "github" else problem)
    if report.problems:
        files = len({problem.path for problem in report.problems})
        print(f"{len(report.problems)} mistake{'s' * (len(report.problems) != 1)} in {files} "
              f"file{'s' * (files != 1)}", file=sys.stderr)
        return 1
    print(report.summary(), file=sys.stderr if output == "json" else sys.stdout)
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), help="the handbook's folder (default: this one)")
    main = argparse.ArgumentParser(
        prog="python -m handbook",
        description="Start a meeting note, a cell, a theme or a person from a template, or check every "
                    "note for mistakes without building the site. `python -m handbook new --help` and "
                    "`python -m handbook check --help` say more.")
    commands = main.add_subparsers(dest="command", required=True, metavar="{new,check,typeset,serve}")
    new = commands.add_parser("new", help="start a meeting note, a cell, a theme or a person",
                              description="Start a meeting note, a cell, a theme or a person from a template.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="{meeting,cell,theme,person}")
    meeting = kinds.add_parser(
        "meeting", parents=[common], help="write cells/<cell>/<date>-<slug>.md, ready to fill in",
        description="Write cells/<cell>/<date>-<slug>.md with its front matter and commented examples of "
                    "speaker cards, key points and links.",
        epilog='example: python -m handbook new meeting --cell joining-forces --date 2023-05 --title "Unequal alliances"')
    meeting.add_argument("--cell", required=True, help="the cell's folder name, such as joining-forces")
    meeting.add_argument("--date", required=True, help="as the note states it: 2023-05-30, 2023-05 or 2023; or undated")
    meeting.add_argument("--title", required=True, help="the note's title; the file name is made from it")
    meeting.add_argument("--themes", default="", help="theme slugs, comma-separated, such as health,power")
    meeting.add_argument("--slug", help="the file name without the date, if not the one made from the title")
    for kind, where in (("cell", "cells/<slug>/index.md"), ("theme", "themes/<slug>.md")):
        page = kinds.add_parser(kind, parents=[common], help=f"write {where}", description=f"Write {where}, the {kind}'s page.")
        page.add_argument("name", help=f"the {kind}'s name, such as \"{'Joining Forces' if kind == 'cell' else 'Health'}\"")
        page.add_argument("--slug", help="the folder or file name, if not the one made from the name")
    person = kinds.add_parser("person", parents=[common], help="add someone to people.yaml",
                              description="Add someone to people.yaml, with the other forms of their name the notes use.")
    person.add_argument("name", help='their canonical name, such as "Cate Newnes-Smith"')
    person.add_argument("--alias", action="append", default=[], help="another form the notes use (repeatable)")
    person.add_argument("--slug", help="their slug, if not the one made from the name")
    person.add_argument("--family", default="", help="the part of the name they are sorted by, if not the last "
                                                     "word: \"Ó Briain\", \"Ben Omar\", \"王\"")
    checking = commands.add_parser(
        "check", parents=[common], help="find every mistake in the notes, without building the site",
        description="Check every page, note and people.yaml; print one `file:line: message` per mistake and exit 1, "
                    "or a one-line summary and exit 0.")
    checking.add_argument("--format", choices=FORMATS, default="text", dest="output",
                          help="text (default); github: annotations at each note's line in a GitHub Actions run; "
                               "json: one array of {file, line, message, subtype}")
    printing = commands.add_parser(
        "typeset", parents=[common], help="print the LaTeX documents a Sphinx LaTeX build wrote",
        description="Run latexmk on each document on its own (paranoid file access, a time limit, two at a "
                    "time), report overfull boxes as located warnings, copy each PDF made into the --publish "
                    "folders, and exit 1 naming each document that failed.")
    printing.add_argument("names", nargs="*", help="documents, such as guide-health (default: every one written)")
    printing.add_argument("--select", default="", help="the document of a selection, such as theme=health,cell=leadership")
    printing.add_argument("--paper", default="a4", choices=("a4", "a5", "letter"),
                          help="the paper the LaTeX build was for (handbook_paper; default a4)")
    printing.add_argument("--latex", type=Path, default=Path("_build/latex"), help="where Sphinx wrote them")
    printing.add_argument("--publish", type=Path, action="append", default=[], help="a folder for the PDFs (repeatable)")
    printing.add_argument("--jobs", type=int, default=2, help="documents printed at once (default 2)")
    printing.add_argument("--time-limit", type=float, default=typeset.TIME_LIMIT,
                          help=f"seconds a document may take (default {typeset.TIME_LIMIT})")
    commands.add_parser("serve", help="build, serve and rebuild the site on every save (make serve; "
                                      "`python -m handbook serve --help` says more)")
    return main


def print_documents(root: Path, args: argparse.Namespace) -> int:
    """`typeset`: every outcome's warnings, then the documents that failed; 1 if any did."""
    if not args.latex.is_dir():
        print(f"python -m handbook: error: {args.latex} does not exist: run Sphinx's LaTeX build first (make pdf)",
              file=sys.stderr)
        return 1
    if args.select:
        from handbook.latex import selections  # Sphinx's modules: not loaded for `new` and `check`

        try:
            args.names.append(selections.selection_name(selections.parse_selection(args.select), args.paper))
        except ValueError as error:
            print(f"python -m handbook: error: {error}", file=sys.stderr)
            return 1
    # pdf.documents writes a .cover beside each document's .tex: these are the documents, those of
    # this paper (the others' names end with their paper's).
    others = tuple(f"-{paper}" for paper in ("a4", "a5", "letter") if paper != args.paper)
    names = args.names or sorted(path.stem for path in args.latex.glob("*.cover")
                                 if path.with_suffix(".tex").exists() and not path.stem.endswith(others))
    outcomes = typeset.typeset(args.latex, root, names, args.publish, args.jobs, args.time_limit)
    for outcome in outcomes:
        for warning in outcome.warnings:
            print(warning, file=sys.stderr)
    failed = [f"{outcome.name}.pdf: {outcome.error}" for outcome in outcomes if not outcome.pdf]
    declared = args.latex / typeset.DECLARED_NOT_PRINTED
    if not (args.names or args.select) and declared.exists():
        # The guides of conf.py that the LaTeX build left out (each was a warning there).
        failed += declared.read_text(encoding="utf-8").splitlines()
    # `make` builds the website after printing and names the failures again at its very end.
    (args.latex / "not-printed.txt").write_text("".join(f"{line}\n" for line in failed), encoding="utf-8")
    for outcome in outcomes:
        if outcome.pdf:
            print(f"printed {outcome.pdf}")
    for line in failed:
        print(f"not printed: {line}", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        # The server's and Sphinx's modules: not loaded for `new` and `check`.
        from handbook import preview

        return preview.serve(argv[1:])
    args = parser().parse_args(argv)
    root = args.root
    if not (root / "cells").is_dir():
        print(f"python -m handbook: error: {root.resolve()} has no cells/ folder: run it in the handbook's folder, "
              "or give the folder with --root", file=sys.stderr)
        return 1
    if args.command == "check":
        return check(root, args.output)
    try:
        if args.command == "typeset":
            return print_documents(root, args)
        # One `new` at a time: each reads the tree (and people.yaml) and writes into it.
        with locked(root):
            if args.kind == "meeting":
                message = new_meeting(root, args.cell, args.date, args.title, args.themes, args.slug)
            elif args.kind == "person":
                message = new_person(root, args.name, args.alias, args.slug, args.family)
            else:
                message = new_page(root, args.kind, args.name, args.slug)
    except Refusal as refusal:
        print(f"python -m handbook: error: {refusal}", file=sys.stderr)
        return 1
    print(message)
    return 0
