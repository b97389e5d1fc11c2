"""`python -m bench`: build synthetic archives of each size, print the table, write the JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import sphinx

from . import table
from .measure import Size
from .project import PROJECT


def measured_with(size: Size) -> dict:
    """What the handbook's build did besides Sphinx's own work, read from its output."""
    html = size.clean("handbook").outdir
    return {
        "machine": f"{os.cpu_count()} CPUs, {platform.platform()}",
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "handbook_pagefind_index": (html / "pagefind").is_dir(),
        "handbook_sphinx_search_index": (html / "searchindex.js").exists(),
        "baseline_sphinx_search_index": (size.clean("baseline").outdir / "searchindex.js").exists(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="300,1000,3000", help="numbers of notes, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=PROJECT / "_build" / "bench.json")
    parser.add_argument("--keep", type=Path, help="build here and keep the archives and outputs")
    parser.add_argument(
        "--rows",
        help="only these row producers, comma-separated: html, search_rows, serve_rows, "
        "peers, guide_rows (a quick run while developing: --sizes 300,1000 --rows html,serve_rows)",
    )
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    figures: dict[int, dict[str, table.Figure]] = {}
    context: dict = {"seed": args.seed, "load": {}}
    started = time.perf_counter()
    try:
        for notes in sorted(int(part) for part in args.sizes.split(",")):
            size = Size(notes, workdir, args.seed)
            load = os.getloadavg()[0]
            figures[notes] = {}
            for producer in table.producers(set(args.rows.split(",")) if args.rows else None):
                print(
                    f"bench: {notes:,} notes: {producer.__module__}.{producer.__name__}…", file=sys.stderr, flush=True
                )
                figures[notes].update((figure.key, figure) for figure in producer(size))
            context["load"][notes] = [round(load, 2), round(os.getloadavg()[0], 2)]
            if "handbook-j1" in size.builds:
                context.setdefault("measured_with", measured_with(size))
            # The sizes measured so far, should a long run be stopped.
            context["minutes"] = round((time.perf_counter() - started) / 60, 1)
            write_json(args.json, context, figures)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print(table.markdown(with_derived(figures)))
    print(
        f"\nMeasured with: {json.dumps(context.get('measured_with'))}; "
        f"load average (1 min) before/after each size: {context['load']}; {context['minutes']} minutes in all."
    )
    print(f"Raw figures: {args.json}")
    return 0


def with_derived(figures: dict[int, dict[str, table.Figure]]) -> dict[int, dict[str, table.Figure]]:
    """The figures, with those computed from two sizes or two rows."""
    derived = {notes: dict(by_key) for notes, by_key in figures.items()}
    table.add_marginal(derived)
    table.add_ratios(derived)
    return derived


def write_json(path: Path, context: dict, figures: dict[int, dict[str, table.Figure]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({**context, **table.record(with_derived(figures))}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
