"""`python -m handbook` as an editor runs it, in a copy of a test root (the `root` fixture)."""

from __future__ import annotations

from pathlib import Path

from handbook.cli import commands


def run(root: Path, *args: str, capsys) -> tuple[int, str, str]:
    """Exit status, output and errors of `python -m handbook <args>` on `root`."""
    status = commands.main(
        [*args[:2], "--root", str(root), *args[2:]] if args[0] == "new" else [*args, "--root", str(root)]
    )
    out, err = capsys.readouterr()
    return status, out, err
