"""Timed builds: wall-clock and CPU seconds and peak memory of a `sphinx-build` run in its own
process (CPU time and memory count the processes it starts, Pagefind included).

Peak memory is the largest resident set of the build process and of the worker processes it
forks for `-j` (the kernel reports the maximum over a process and its reaped children with
`wait4`), so it is what one build needs at its worst moment in one process, not a sum over
processes that share pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import archive, baseline, project


@dataclass
class Build:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    outdir: Path


class BuildFailed(RuntimeError):
    pass


#: `make html`'s options, and a warning fails the benchmark: figures of a broken build mean nothing.
OPTIONS = ("-n", "--keep-going", "-W", "-q")


def timed_run(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall-clock seconds, CPU seconds and peak RSS (MiB) of a command and the processes it
    starts; raises with the command's output if it fails."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            output.seek(0)
            raise BuildFailed(f"{' '.join(command)} failed:\n{output.read().decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def doctrees(outdir: Path) -> Path:
    """Where a build keeps its doctrees: beside its output, never in the published folder."""
    return outdir.with_name(f"{outdir.name}.doctrees")


def sphinx_build(srcdir: Path, outdir: Path, jobs: str = "1", builder: str = "html", *options: str) -> Build:
    """`python -m sphinx -b html` as `make html` runs it (or another builder and options, as
    `make guide` runs it)."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        builder,
        *OPTIONS,
        *options,
        "-j",
        jobs,
        "-d",
        str(doctrees(outdir)),
        str(srcdir),
        str(outdir),
    ]
    return Build(*timed_run(command, srcdir), outdir)


class Size:
    """One size of the archive: its two projects, written on first use, and each build measured
    once and kept, so that every row producer can ask for the builds it needs."""

    def __init__(self, notes: int, workdir: Path, seed: int) -> None:
        self.notes, self.workdir, self.seed = notes, workdir / f"n{notes}", seed
        self.builds: dict[str, Build] = {}

    @cached_property
    def archive(self) -> archive.Archive:
        return archive.archive(self.notes, self.seed)

    @cached_property
    def handbook_src(self) -> Path:
        return project.write(self.archive, self.workdir / "handbook")

    @cached_property
    def baseline_src(self) -> Path:
        return baseline.write(self.archive, self.workdir / "baseline")

    def clean(self, flavour: str, jobs: str = "1") -> Build:
        """A clean build of the handbook or of the baseline, measured once."""
        key = f"{flavour}-j{jobs}"
        if key not in self.builds:
            src = self.handbook_src if flavour == "handbook" else self.baseline_src
            self.builds[key] = sphinx_build(src, self.workdir / "out" / key, jobs)
        return self.builds[key]

    def rebuild(self, flavour: str) -> Build:
        """The serial build again, in the clean serial build's folder (after some change)."""
        src = self.handbook_src if flavour == "handbook" else self.baseline_src
        return sphinx_build(src, self.clean(flavour).outdir)

    @cached_property
    def pages(self) -> int:
        """Documents of the handbook's clean build, generated person and year pages included."""
        self.clean("handbook")
        return sum(1 for _ in self.handbook_src.rglob("*.md"))
