"""ARCHITECTURE.md's list of Sphinx events is the wiring of `handbook.setup()`: every event the
package connects, in the order Sphinx emits them, and under each event every handler, in the
order Sphinx calls them (found by building a small project)."""

from __future__ import annotations

import re
import shutil

from helpers import PROJECT
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
    make_app, rootdir, tmp_path, monkeypatch
):
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
