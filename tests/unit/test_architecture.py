"""ARCHITECTURE.md's list of Sphinx events is the wiring of `handbook.setup()`: every event the
package connects, in the order Sphinx emits them, and under each event every handler, in the
order Sphinx calls them."""

from __future__ import annotations

import ast
import re
import shutil

from conftest import PROJECT
from sphinx.events import EventManager

SECTION = "## Sphinx events, in the order Sphinx emits them"


def documented() -> list[tuple[str, list[str]]]:
    """The events and handlers ARCHITECTURE.md names in its event section: `### \\`event\\``
    headings, each followed by `- \\`module.handler\\`` items."""
    text = (PROJECT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    events: list[tuple[str, list[str]]] = []
    for line in section.splitlines():
        if heading := re.fullmatch(r"### `([a-z-]+)`", line):
            events.append((heading[1], []))
        elif handler := re.match(r"- `([\w.]+)`", line):
            assert events, f"a handler before any event: {line}"
            events[-1][1].append(handler[1])
    return events


def test_the_event_section_names_every_handler_setup_connects_in_the_order_sphinx_runs_them(
        make_app, rootdir, tmp_path, monkeypatch):
    emitted: list[str] = []
    emit = EventManager.emit

    def recording(self, name, *args, **kwargs):
        if name not in emitted:
            emitted.append(name)
        return emit(self, name, *args, **kwargs)

    monkeypatch.setattr(EventManager, "emit", recording)
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-refs", src)
    app = make_app("html", srcdir=src)
    app.build()

    # Sphinx calls an event's listeners by priority, in the order they were connected within one.
    connected: dict[str, list[str]] = {}
    for event, listeners in app.events.listeners.items():
        for listener in sorted(listeners, key=lambda listener: listener.priority):
            handler = getattr(listener.handler, "func", listener.handler)  # a functools.partial's function
            module = getattr(handler, "__module__", "") or ""
            if module == "handbook" or module.startswith("handbook."):
                name = f"{module.removeprefix('handbook').lstrip('.') or '__init__'}.{handler.__qualname__}"
                connected.setdefault(event, []).append(name)

    # Every event the handbook listens to was emitted by this build, so its place is known.
    assert set(connected) <= set(emitted), set(connected) - set(emitted)
    wiring = [(event, connected[event]) for event in emitted if event in connected]
    assert documented() == wiring


#: The package's stages in the order its data flows (ARCHITECTURE.md, "Where each concept lives"):
#: a module imports from its own stage and the stages before it, never from a later one.
STAGES = ("diagnostics", "content", "checking", "domain", "reading", "listings", "latex", "html", "preview", "cli",
          "__main__", "__init__")
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
                backwards += [f"{module} imports {name}" for name in imported
                              if STAGES.index(stage_of(name)) > STAGES.index(stage)]
    assert backwards == []


def test_the_map_of_the_extension_names_every_module_once():
    """ARCHITECTURE.md's table of the extension lists each of its modules once, by its path in the
    package (the packages' `__init__.py` only say what their stage holds)."""
    text = (PROJECT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("### The extension (`_ext/handbook/`)", 1)[1].split("\n## ", 1)[0]
    first_cells = re.findall(r"^\| ([^|]*) \|", table, flags=re.M)
    named = [name for cell in first_cells for name in re.findall(r"`([\w/]+\.py)`", cell)]
    modules = [path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
               if path.name != "__init__.py" or path.parent == PACKAGE]
    assert sorted(named) == sorted(modules)
