"""The editors' guide's example of check's output is what check prints (the guide built, each
example shown as typed and as readers see it: tests/sphinx/test_editing_guide.py)."""

from __future__ import annotations

from handbook.checking import checks
from helpers import PROJECT

EXAMPLES = PROJECT / "_editing"


def test_check_output_example_is_what_check_prints():
    """The lines the guide shows are check's own, for mistakes in the corpus of mistakes."""
    report = checks.check_tree(PROJECT / "tests" / "roots" / "test-mistakes")
    printed = {str(problem) for problem in report.problems}
    shown = (EXAMPLES / "check-output.txt").read_text(encoding="utf-8").splitlines()
    assert shown and set(shown) <= printed
