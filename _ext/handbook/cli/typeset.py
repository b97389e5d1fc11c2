"""`python -m handbook typeset`: the documents a Sphinx LaTeX build wrote, printed one by one
(`latex.typeset`), what went wrong reported, and the documents not printed named for `make`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from handbook.latex.typeset import DECLARED_NOT_PRINTED, typeset


def print_documents(root: Path, args: argparse.Namespace) -> int:
    """`typeset`: every outcome's warnings, then the documents that failed; 1 if any did."""
    if not args.latex.is_dir():
        print(
            f"python -m handbook: error: {args.latex} does not exist: run Sphinx's LaTeX build first (make pdf)",
            file=sys.stderr,
        )
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
    names = args.names or sorted(
        path.stem
        for path in args.latex.glob("*.cover")
        if path.with_suffix(".tex").exists() and not path.stem.endswith(others)
    )
    outcomes = typeset(args.latex, root, names, args.publish, args.jobs, args.time_limit)
    for outcome in outcomes:
        for warning in outcome.warnings:
            print(warning, file=sys.stderr)
    failed = [f"{outcome.name}.pdf: {outcome.error}" for outcome in outcomes if not outcome.pdf]
    declared = args.latex / DECLARED_NOT_PRINTED
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
