"""`python -m handbook check`: every mistake of the source tree, without building the site, as
text, GitHub Actions annotations or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from handbook import diagnostics
from handbook.checking import checks

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
    return (
        f"::warning file={github_escape(problem.path, True)},line={problem.problem.line},"
        f"title={github_escape(subtype, True)}::{github_escape(problem.problem.message)} "
        f"[{github_escape(subtype)}]"
    )


def check(root: Path, output: str = "text") -> int:
    """Print every mistake of the tree at `root` in the format `output` (one of `FORMATS`) and
    the count on stderr: exit status 1; or, with none, the summary: 0."""
    report = checks.check_tree(root)
    if output == "json":
        print(
            json.dumps(
                [
                    {
                        "file": problem.path,
                        "line": problem.problem.line,
                        "message": problem.problem.message,
                        "subtype": f"handbook.{problem.problem.subtype}",
                    }
                    for problem in report.problems
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for problem in report.problems:
            print(github_annotation(problem) if output == "github" else problem)
    if report.problems:
        files = len({problem.path for problem in report.problems})
        print(
            f"{len(report.problems)} mistake{'s' * (len(report.problems) != 1)} in {files} file{'s' * (files != 1)}",
            file=sys.stderr,
        )
        return 1
    print(report.summary(), file=sys.stderr if output == "json" else sys.stdout)
    return 0
