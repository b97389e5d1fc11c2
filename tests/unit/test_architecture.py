"""The code's layout as ARCHITECTURE.md draws it, read from the source: the package's stages
import only backwards, its table names every module, and the tests and the bench import each
other only where the tests test the bench (the event section: tests/sphinx/test_architecture_events.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import PROJECT

#: The package's stages in the order its data flows (ARCHITECTURE.md, "Where each concept lives"):
#: a module imports from its own stage and the stages before it, never from a later one.
STAGES = (
    "diagnostics",
    "content",
    "checking",
    "domain",
    "reading",
    "listings",
    "latex",
    "html",
    "preview",
    "cli",
    "__main__",
    "__init__",
)
PACKAGE = PROJECT / "_ext" / "handbook"


def stage_of(dotted: str) -> str:
    """The stage of `handbook.<stage>[.module]` or of the top-level module `handbook.<module>`."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_module_imports_from_a_later_stage():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        stage = stage_of(module.removesuffix(".__init__"))
        assert stage in STAGES, f"{module}: a stage ARCHITECTURE.md does not name"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                backwards.append(f"{module}: a relative import (the package imports absolutely)")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "handbook":
                imported = [node.module] if node.module != "handbook" else [f"handbook.{a.name}" for a in node.names]
                backwards += [
                    f"{module} imports {name}"
                    for name in imported
                    if STAGES.index(stage_of(name)) > STAGES.index(stage)
                ]
    assert backwards == []


def test_the_map_of_the_extension_names_every_module_once():
    """ARCHITECTURE.md's table of the extension lists each of its modules once, by its path in the
    package (the packages' `__init__.py` only say what their stage holds)."""
    text = (PROJECT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("### The extension (`_ext/handbook/`)", 1)[1].split("\n## ", 1)[0]
    first_cells = re.findall(r"^\| ([^|]*) \|", table, flags=re.M)
    named = [name for cell in first_cells for name in re.findall(r"`([\w/]+\.py)`", cell)]
    modules = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" or path.parent == PACKAGE
    ]
    assert sorted(named) == sorted(modules)


def imported(path: Path) -> set[str]:
    """The top-level names of what a module imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add((node.module or "").split(".")[0])
    return found


def test_only_the_benchs_own_tests_import_it_and_the_bench_imports_no_test():
    """The tests' helpers are the tests' own (tests/helpers/); the bench is imported only by the
    tests of the bench, and the bench, run as `python -m bench`, imports nothing of the tests."""
    tests = PROJECT / "tests"
    importing = sorted(
        path.relative_to(tests).as_posix()
        for path in tests.rglob("*.py")
        if "roots" not in path.parts and "bench" in imported(path)
    )
    assert importing == ["browser/test_bench_search_rows.py", "sphinx/test_bench.py", "unit/test_bench_archive.py"]
    of_tests = {"conftest", "helpers", "fidelity", "tests"} | {path.stem for path in tests.rglob("test_*.py")}
    assert {
        path.name: imported(path) & of_tests for path in (PROJECT / "bench").glob("*.py") if imported(path) & of_tests
    } == {}
