"""The benchmark's one table: what each row producer measured at each size, and the targets.

A row producer is a function `(Size) -> list[Figure]`, called once per size in the order of
`producers()`; it asks the `Size` for the builds it needs (each is measured once and shared).
To add rows, write a producer in its own module and add
it to `producers()`; add a `Target` if the row has one.

The machine is shared, so a build's wall-clock seconds depend on what else runs: timed rows
also give CPU seconds (the build's processes and their children, Pagefind included), which
another build running alongside hardly changes. Targets are judged on both.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    key: str  # its name in bench.json
    label: str  # what the table calls it
    value: float | int
    unit: str  # "s", "ms", "MiB", "KiB", "×" or "" for a count
    share: float | None = None  # of the clean build, for rebuilds
    cpu: float | None = None  # the same figure in CPU time, for timed rows
    cpu_share: float | None = None

    def cell(self) -> str:
        text = amount(self.value, self.unit, self.share)
        return text if self.cpu is None else f"{text}, CPU {amount(self.cpu, self.unit, self.cpu_share)}"


def amount(value: float | int, unit: str, share: float | None = None) -> str:
    number = f"{value:,}" if isinstance(value, int) else f"{value:,.{2 if value < 10 else 1}f}"
    text = f"{number} {unit}".strip() if unit != "×" else number
    return text + (f" ({100 * share:.1f} %)" if share is not None else "")


#: Target.notes for a figure held at every size (the worst size is judged)
EVERY = 0


@dataclass
class Target:
    key: str
    #: the size it is held at; None: the figure at the largest size over the smallest; EVERY: every size
    notes: int | None
    limit: float
    text: str

    def check(self, figures: dict[int, dict[str, Figure]]) -> tuple[float | None, float | None]:
        """The figure the target is about, by the clock and in CPU time (None: not measured)."""
        sizes = [notes for notes in sorted(figures) if self.key in figures[notes]]
        try:
            if self.notes == EVERY:
                found = [Target(self.key, notes, self.limit, self.text).check(figures) for notes in sizes]
                clock, cpu = [value for value, _ in found], [cpu for _, cpu in found if cpu is not None]
                return max(clock) if clock else None, max(cpu) if cpu else None
            if self.notes is None:
                largest, smallest = figures[sizes[-1]][self.key], figures[sizes[0]][self.key]
                return largest.value / smallest.value, (
                    largest.cpu / smallest.cpu if largest.cpu is not None and smallest.cpu else None
                )
            found = figures[self.notes][self.key]
        except (KeyError, IndexError, ZeroDivisionError):
            return None, None
        if found.share is not None:
            return found.share, found.cpu_share
        return found.value, found.cpu


TARGETS = [
    Target("ratio_j1", EVERY, 1.0, "≤ 1.0 at every size"),
    Target("per_page_ms", None, 1.2, "largest / smallest size ≤ 1.2"),
    Target("per_note_ms", None, 1.1, "largest / smallest size ≤ 1.1"),
    Target("marginal_ms", None, 1.2, "last step / first step ≤ 1.2"),
    Target("edited_seconds", 1000, 0.05, "≤ 5 % of the clean build at 1,000 notes"),
    Target("edited_vs_hugo", 1000, 1.0, "≤ 1.0 at 1,000 notes"),
    Target("edited_vs_baseline", 1000, 1.0, "≤ 1.0 at 1,000 notes"),
    Target("reload_seconds", 1000, 1.0, "≤ 1.0 s at 1,000 notes"),
    Target("reload_seconds", 3000, 1.5, "≤ 1.5 s at 3,000 notes"),
    Target("handbook_j1_rss", 3000, 2048, "< 2 GiB at 3,000 notes"),
]


def producers(only: set[str] | None = None) -> list[Callable]:
    """Every row producer, in the order they run and their rows appear; or those whose module's
    name is in `only` ("html", "search_rows", "serve_rows", "peers", "guide_rows")."""
    from . import guide_rows, html, peers, search_rows, serve_rows

    # Search rows index the clean serial build again, before the rebuilds change it; the preview
    # serves the clean serial build's folders after the rebuilds.
    found = [html.clean_builds, search_rows.rows, html.incremental_builds, serve_rows.rows, peers.rows, guide_rows.rows]
    return [producer for producer in found if only is None or producer.__module__.rsplit(".", 1)[-1] in only]


#: figures of one size compared as ratios once every producer has run: key → (label, numerator, denominator)
RATIOS = {
    "edited_vs_hugo": (
        "handbook / Hugo, rebuild after one note's text is edited",
        "edited_seconds",
        "hugo_edited_seconds",
    ),
    "edited_vs_baseline": (
        "handbook / baseline, rebuild after one note's text is edited",
        "edited_seconds",
        "baseline_edited_seconds",
    ),
}


def add_ratios(figures: dict[int, dict[str, Figure]]) -> None:
    """The `RATIOS` of each size whose two figures were measured, by the clock and in CPU time."""
    for by_key in figures.values():
        for key, (label, top, bottom) in RATIOS.items():
            if top in by_key and bottom in by_key:
                a, b = by_key[top], by_key[bottom]
                by_key[key] = Figure(
                    key, label, a.value / b.value, "×", cpu=a.cpu / b.cpu if a.cpu is not None and b.cpu else None
                )


def add_marginal(figures: dict[int, dict[str, Figure]], after: str = "per_page_ms") -> None:
    """What each note added since the size before cost the clean serial build. Flat when no cost
    grows with the archive, whatever the mix of pages: a small archive's pages are half person
    pages (a title and a list), a large one's mostly notes, so seconds per page rise with the
    share of notes even when nothing grows."""
    sizes = sorted(figures)
    for smaller, larger in itertools.pairwise(sizes):
        before, now = figures[smaller].get("handbook_j1_seconds"), figures[larger].get("handbook_j1_seconds")
        if before is None or now is None:
            continue
        added = larger - smaller
        figure = Figure(
            "marginal_ms",
            "handbook, clean serial build, per note added since the size before",
            1000 * (now.value - before.value) / added,
            "ms",
            cpu=1000 * (now.cpu - before.cpu) / added,
        )
        rows = list(figures[larger].items())
        at = next((position + 1 for position, (key, _) in enumerate(rows) if key == after), len(rows))
        figures[larger] = dict([*rows[:at], (figure.key, figure), *rows[at:]])


def markdown(figures: dict[int, dict[str, Figure]]) -> str:
    sizes = sorted(figures)
    labels: dict[str, str] = {}
    for by_key in sorted(figures.values(), key=len, reverse=True):
        labels.update({key: figure.label for key, figure in by_key.items()})
    lines = [
        "| | " + " | ".join(f"{notes:,} notes" for notes in sizes) + " | target |",
        "|---|" + "---:|" * len(sizes) + "---|",
    ]
    for key, label in labels.items():
        cells = [figures[notes][key].cell() if key in figures[notes] else "–" for notes in sizes]
        verdicts = "; ".join(verdict(target, figures) for target in TARGETS if target.key == key)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {verdicts} |")
    return "\n".join(lines)


def verdict(target: Target, figures: dict[int, dict[str, Figure]]) -> str:
    value, cpu = target.check(figures)
    if value is None:
        return f"{target.text}: not measured"

    def judged(found: float) -> str:
        shown = f"{100 * found:.1f} %" if "%" in target.text else f"{found:,.2f}"
        return f"{shown} {'✓' if found <= target.limit else '✗'}"

    return f"{target.text}: {judged(value)}" + (f", CPU {judged(cpu)}" if cpu is not None else "")


def record(figures: dict[int, dict[str, Figure]]) -> dict:
    """The raw figures and each target's outcome, for bench.json."""
    return {
        "sizes": {
            str(notes): {key: asdict(figure) for key, figure in by_key.items()} for notes, by_key in figures.items()
        },
        "targets": [
            {
                **asdict(target),
                "value": value,
                "held": value <= target.limit if value is not None else None,
                "cpu": cpu,
                "cpu_held": cpu <= target.limit if cpu is not None else None,
            }
            for target in TARGETS
            for value, cpu in [target.check(figures)]
        ],
    }
