"""`python -m handbook`: the command line's arguments, and each command run (`new`, `check`,
`typeset`, `serve`); an editor's mistake is one line on stderr and exit status 1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbook.cli.check import FORMATS, check
from handbook.cli.new import Refusal, locked, new_meeting, new_page, new_person
from handbook.cli.typeset import print_documents
from handbook.latex.typeset import TIME_LIMIT


def parser() -> argparse.ArgumentParser:
    """The arguments of `new`, `check` and `typeset` (`serve` reads its own: `preview.serve`)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), help="the handbook's folder (default: this one)")
    main = argparse.ArgumentParser(
        prog="python -m handbook",
        description="Start a meeting note, a cell, a theme or a person from a template, or check every "
        "note for mistakes without building the site. `python -m handbook new --help` and "
        "`python -m handbook check --help` say more.",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="{new,check,typeset,serve}")
    new = commands.add_parser(
        "new",
        help="start a meeting note, a cell, a theme or a person",
        description="Start a meeting note, a cell, a theme or a person from a template.",
    )
    kinds = new.add_subparsers(dest="kind", required=True, metavar="{meeting,cell,theme,person}")
    meeting = kinds.add_parser(
        "meeting",
        parents=[common],
        help="write cells/<cell>/<date>-<slug>.md, ready to fill in",
        description="Write cells/<cell>/<date>-<slug>.md with its front matter and commented examples of "
        "speaker cards, key points and links.",
        epilog="example: python -m handbook new meeting --cell joining-forces --date 2023-05 "
        '--title "Unequal alliances"',
    )
    meeting.add_argument("--cell", required=True, help="the cell's folder name, such as joining-forces")
    meeting.add_argument("--date", required=True, help="as the note states it: 2023-05-30, 2023-05 or 2023; or undated")
    meeting.add_argument("--title", required=True, help="the note's title; the file name is made from it")
    meeting.add_argument("--themes", default="", help="theme slugs, comma-separated, such as health,power")
    meeting.add_argument("--slug", help="the file name without the date, if not the one made from the title")
    for kind, where in (("cell", "cells/<slug>/index.md"), ("theme", "themes/<slug>.md")):
        page = kinds.add_parser(
            kind, parents=[common], help=f"write {where}", description=f"Write {where}, the {kind}'s page."
        )
        example = "Joining Forces" if kind == "cell" else "Health"
        page.add_argument("name", help=f'the {kind}\'s name, such as "{example}"')
        page.add_argument("--slug", help="the folder or file name, if not the one made from the name")
    person = kinds.add_parser(
        "person",
        parents=[common],
        help="add someone to people.yaml",
        description="Add someone to people.yaml, with the other forms of their name the notes use.",
    )
    person.add_argument("name", help='their canonical name, such as "Cate Newnes-Smith"')
    person.add_argument("--alias", action="append", default=[], help="another form the notes use (repeatable)")
    person.add_argument("--slug", help="their slug, if not the one made from the name")
    person.add_argument(
        "--family",
        default="",
        help='the part of the name they are sorted by, if not the last word: "Ó Briain", "Ben Omar", "王"',
    )
    checking = commands.add_parser(
        "check",
        parents=[common],
        help="find every mistake in the notes, without building the site",
        description="Check every page, note and people.yaml; print one `file:line: message` per mistake and exit 1, "
        "or a one-line summary and exit 0.",
    )
    checking.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        dest="output",
        help="text (default); github: annotations at each note's line in a GitHub Actions run; "
        "json: one array of {file, line, message, subtype}",
    )
    printing = commands.add_parser(
        "typeset",
        parents=[common],
        help="print the LaTeX documents a Sphinx LaTeX build wrote",
        description="Run latexmk on each document on its own (paranoid file access, a time limit, two at a "
        "time), report overfull boxes as located warnings, copy each PDF made into the --publish "
        "folders, and exit 1 naming each document that failed.",
    )
    printing.add_argument("names", nargs="*", help="documents, such as guide-health (default: every one written)")
    printing.add_argument(
        "--select", default="", help="the document of a selection, such as theme=health,cell=leadership"
    )
    printing.add_argument(
        "--paper",
        default="a4",
        choices=("a4", "a5", "letter"),
        help="the paper the LaTeX build was for (handbook_paper; default a4)",
    )
    printing.add_argument("--latex", type=Path, default=Path("_build/latex"), help="where Sphinx wrote them")
    printing.add_argument(
        "--publish", type=Path, action="append", default=[], help="a folder for the PDFs (repeatable)"
    )
    printing.add_argument("--jobs", type=int, default=2, help="documents printed at once (default 2)")
    printing.add_argument(
        "--time-limit", type=float, default=TIME_LIMIT, help=f"seconds a document may take (default {TIME_LIMIT})"
    )
    commands.add_parser(
        "serve",
        help="build, serve and rebuild the site on every save (make serve; "
        "`python -m handbook serve --help` says more)",
    )
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the command `argv` (default: the process's arguments) names; its exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        # The server's and Sphinx's modules: not loaded for `new` and `check`.
        from handbook import preview

        return preview.serve(argv[1:])
    args = parser().parse_args(argv)
    root = args.root
    if not (root / "cells").is_dir():
        print(
            f"python -m handbook: error: {root.resolve()} has no cells/ folder: run it in the handbook's folder, "
            "or give the folder with --root",
            file=sys.stderr,
        )
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
