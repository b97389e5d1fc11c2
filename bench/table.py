"""The benchmark's one table: what each row producer measured at each size, and the targets.

A row producer is a function `(Size) -> list[Figure]`, called once per size in the order of
`producers()`; it asks the `Size` for the builds it needs (each is measured once and shared).
To add rows (search indexing, a printable guide), write a producer in its own module and add
it to `producers()`; add a `Target` if the row has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Figure:
    key: str  # its name in bench.json
    label: str  # what the table calls it
    value: float | int
    unit: str  # "s", "ms", "MiB", "KiB", "×" or "" for a count
    share: float | None = None  # of the clean build, for rebuilds

    def cell(self) -> str:
        number = f"{self.value:,}" if isinstance(self.value, int) else f"{self.value:,.{2 if self.value < 10 else 1}f}"
        text = f"{number} {self.unit}".strip() if self.unit != "×" else number
        return text + (f" ({100 * self.share:.1f} %)" if self.share is not None else "")


@dataclass
class Target:
    key: str
    notes: int | None  # the size it is held at; None: per-page cost at the largest size over the smallest
    limit: float
    text: str

    def check(self, figures: dict[int, dict[str, Figure]]) -> tuple[float | None, bool | None]:
        sizes = sorted(figures)
        try:
            if self.notes is None:
                value = figures[sizes[-1]][self.key].value / figures[sizes[0]][self.key].value
            else:
                found = figures[self.notes][self.key]
                value = found.share if found.share is not None else found.value
        except (KeyError, IndexError, ZeroDivisionError):
            return None, None
        return value, value <= self.limit


TARGETS = [
    Target("ratio_j1", 1000, 1.0, "≤ 1.0 at 1,000 notes"),
    Target("per_page_ms", None, 1.2, "largest / smallest size ≤ 1.2"),
    Target("edited_seconds", 1000, 0.05, "< 5 % of the clean build at 1,000 notes"),
    Target("handbook_j1_rss", 3000, 2048, "< 2 GiB at 3,000 notes"),
]


def producers() -> list[Callable]:
    """Every row producer, in the order they run and their rows appear."""
    from . import html, search_rows

    # Search rows index the clean serial build again, before the rebuilds change it.
    return [html.clean_builds, search_rows.rows, html.incremental_builds]


def markdown(figures: dict[int, dict[str, Figure]]) -> str:
    sizes = sorted(figures)
    labels: dict[str, str] = {}
    for by_key in figures.values():
        labels.update({key: figure.label for key, figure in by_key.items()})
    targets = {target.key: target for target in TARGETS}
    lines = ["| | " + " | ".join(f"{notes:,} notes" for notes in sizes) + " | target |",
             "|---|" + "---:|" * len(sizes) + "---|"]
    for key, label in labels.items():
        cells = [figures[notes][key].cell() if key in figures[notes] else "–" for notes in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {verdict(targets.get(key), figures)} |")
    return "\n".join(lines)


def verdict(target: Target | None, figures: dict[int, dict[str, Figure]]) -> str:
    if target is None:
        return ""
    value, held = target.check(figures)
    if value is None:
        return f"{target.text}: not measured"
    shown = f"{100 * value:.1f} %" if "%" in target.text else f"{value:,.2f}"
    return f"{target.text}: {shown} {'✓' if held else '✗ missed'}"


def record(figures: dict[int, dict[str, Figure]]) -> dict:
    """The raw figures and each target's outcome, for bench.json."""
    return {
        "sizes": {str(notes): {key: asdict(figure) for key, figure in by_key.items()} for notes, by_key in figures.items()},
        "targets": [{**asdict(target), "value": value, "held": held}
                    for target in TARGETS for value, held in [target.check(figures)]],
    }
