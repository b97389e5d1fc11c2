"""Typesetting the LaTeX documents Sphinx wrote: latexmk on each document on its own.

Each document runs in its own latexmk process, two at a time (the machines that build the
handbook have two cores), with kpathsea's paranoid file access (`openin_any=p`, `openout_any=p`:
TeX reads and writes nothing outside the build folder but its own files), xelatex's
`-interaction=nonstopmode -halt-on-error` and a time limit. A document that fails or runs out of
time is named, and the others are still printed. Its log is read for overfull boxes: each one wider
than `TOLERANCE_PT` becomes a located warning naming the note it is in.

No shell runs: document names go to latexmk as arguments, never through a make rule.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

#: Overfull boxes narrower than this (in TeX points) are invisible in print and not reported.
TOLERANCE_PT = 1.0
#: Seconds a document may take, all latexmk runs included (the 855-page guide of the
#: 1,000-note bench archive takes about a minute).
TIME_LIMIT = 900
LATEX_OPTIONS = "-interaction=nonstopmode -halt-on-error"
#: Written by the LaTeX build beside the documents: a line per guide of `handbook_guides` that is
#: not printed, and why; counted among the documents not printed.
DECLARED_NOT_PRINTED = "declared-not-printed.txt"

#: What a run of latexmk leaves for the next one. A run that fails or is stopped may leave them
#: cut off (xelatex stopped by libpng mid-way through its .aux), and then every later run fails
#: too: they are removed, so that the next run starts clean. The log stays, to be read.
AUXILIARY = (".aux", ".toc", ".out", ".fdb_latexmk", ".fls", ".xdv", ".idx", ".ind", ".ilg", ".lof", ".lot")

OVERFULL = re.compile(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\) .*?lines? (\d+)")
# Sphinx's LaTeX writer labels the start of every page it puts into a document.
PAGE_START = re.compile(r"\\label\{\\detokenize\{([^{}]+)::doc\}\}")
TEX_LINE = re.compile(r"^l\.(\d+) ")
# A word long enough to find its line by.
WORD = re.compile(r"[^\s\\{}\[\]]{6,}")


@dataclass
class Outcome:
    """What typesetting one document gave: its PDF, or why there is none; and its warnings."""

    name: str
    pdf: Path | None
    error: str = ""
    warnings: list[str] = field(default_factory=list)


def note_at(tex_lines: list[str], line: int) -> str:
    """The docname of the page whose text is at this line (1-based) of a document's .tex, or ''."""
    for text in reversed(tex_lines[: max(line, 0)]):
        found = PAGE_START.search(text)
        if found:
            return found.group(1)
    return ""


def source_line(srcdir: Path, docname: str, words: str) -> tuple[str, int]:
    """The note's path and the line of it that holds the longest of these words (its first line
    when none is found): TeX's log gives the .tex line only, and some of the words TeX set."""
    for suffix in (".md", ".rst"):
        path = srcdir / f"{docname}{suffix}"
        if path.exists():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            for word in sorted(set(WORD.findall(words)), key=len, reverse=True):
                for number, text in enumerate(lines, 1):
                    if word in text:
                        return str(path.relative_to(srcdir)), number
            # TeX may have set a line's words run together: a word of the note inside them.
            for number, text in enumerate(lines, 1):
                if words and any(word in words for word in WORD.findall(text)):
                    return str(path.relative_to(srcdir)), number
            return str(path.relative_to(srcdir)), 1
    return f"{docname}.md", 1


def character_line(srcdir: Path, docname: str, character: str) -> tuple[str, int]:
    """The note's path and the first line of it that holds `character` (its first line if none)."""
    note = srcdir / f"{docname}.md"
    lines = note.read_text(encoding="utf-8", errors="replace").splitlines() if docname and note.is_file() else []
    return f"{docname}.md", next((number for number, text in enumerate(lines, 1) if character in text), 1)


# A character no font had, as XeTeX logs it: "Missing character: There is no ₽ (U+20BD) in font FreeMono/…!"
MISSING = re.compile(r"^Missing character: There is no (.) \(U\+[0-9A-F]+\) in font ([^/:!]+)")

# A font switch as TeX logs it: "\TU/NotoSerif(0)/m/n/10.95 ".
FONT = re.compile(r"\\[A-Za-z]+\d*/\S*/[\d.]+ ?")


def overfull_words(after: list[str]) -> str:
    """The words of an overfull line: TeX logs them after the message, cut into lines of 79
    characters, up to a blank line or " []"."""
    words = []
    for line in after:
        if line.strip() in ("", "[]"):
            break
        words.append(line)
    return FONT.sub("", "".join(words)).replace("[]", " ").strip()


def read_log(outdir: Path, srcdir: Path, name: str) -> tuple[list[str], str]:
    """A document's overfull boxes as located warnings, and its first error ('' if none)."""
    log = outdir / f"{name}.log"
    if not log.exists():
        return [], ""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    tex = (outdir / f"{name}.tex").read_text(encoding="utf-8", errors="replace").splitlines()
    warnings, error, seen = [], "", {}
    for index, line in enumerate(lines):
        found = OVERFULL.match(line)
        if found and float(found.group(1)) > TOLERANCE_PT:
            words = overfull_words(lines[index + 1 :])
            path, number = source_line(srcdir, note_at(tex, int(found.group(2))) or "", words)
            warning = (
                f"{path}:{number}: WARNING: a line of the printed {name}.pdf runs "
                f"{float(found.group(1)):.0f} pt into the margin: {words.strip()[:80]!r} [handbook.overfull]"
            )
            # A box set twice (a table's cells, measured before they are set) is logged twice.
            if warning not in warnings:
                warnings.append(warning)
        elif (missing := MISSING.match(line)) and missing.group(1) not in seen:
            # The check of glyphs (fonts.py) cannot know every font a character is set in (code
            # is set in FreeMono): the log has the last word.
            character = seen[missing.group(1)] = missing.group(1)
            at = next((number for number, text in enumerate(tex, 1) if character in text), 0)
            path, number = character_line(srcdir, note_at(tex, at), character) if at else (f"{name}.tex", 1)
            warnings.append(
                f"{path}:{number}: WARNING: the printed {name}.pdf has no glyph for {character!r} "
                f"(U+{ord(character):04X}) in the font {missing.group(2)}: it prints as a blank "
                "[handbook.glyph]"
            )
        elif line.startswith("! ") and not error:
            error = line[2:]
            tex_line = next((found for after in lines[index : index + 12] if (found := TEX_LINE.match(after))), None)
            docname = note_at(tex, int(tex_line.group(1))) if tex_line else ""
            if docname:
                path, number = source_line(srcdir, docname, "")
                error = f"{error} (in {path})"
    return warnings, error


def typeset_one(outdir: Path, srcdir: Path, name: str, time_limit: float) -> Outcome:
    """latexmk on `<name>.tex` in `outdir`; never raises for a document that fails."""
    if not (outdir / f"{name}.tex").exists():
        return Outcome(
            name, None, f"no document {name}.tex in {outdir}: the LaTeX build did not write it (its warnings say why)"
        )
    env = {**os.environ, "openin_any": "p", "openout_any": "p", "LATEXOPTS": LATEX_OPTIONS}
    command = ["latexmk", "-pdf", "-dvi-", "-ps-", "-quiet", f"{name}.tex"]
    # A session of its own, so that on timeout xelatex goes with latexmk.
    process = subprocess.Popen(
        command, cwd=outdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output = process.communicate(timeout=time_limit)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        remove_auxiliary(outdir, name)
        return Outcome(name, None, f"took more than {time_limit:.0f} s and was stopped")
    warnings, error = read_log(outdir, srcdir, name)
    pdf = outdir / f"{name}.pdf"
    if process.returncode != 0 or not pdf.exists():
        pdf.unlink(missing_ok=True)  # latexmk may leave the PDF of an earlier, successful run
        remove_auxiliary(outdir, name)
        last = next((line for line in reversed(output.splitlines()) if line.strip()), "")
        return Outcome(name, None, error or last or f"latexmk exited with {process.returncode}", warnings)
    return Outcome(name, pdf, "", warnings)


def remove_auxiliary(outdir: Path, name: str) -> None:
    for suffix in AUXILIARY:
        (outdir / f"{name}{suffix}").unlink(missing_ok=True)


def typeset(
    outdir: Path, srcdir: Path, names: list[str], publish: list[Path], jobs: int = 2, time_limit: float = TIME_LIMIT
) -> list[Outcome]:
    """Typeset these documents (`<name>.tex` in `outdir`), `jobs` at a time, and copy each PDF
    made into every folder of `publish`. Returns one outcome per document, in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = list(pool.map(lambda name: typeset_one(outdir, srcdir, name, time_limit), names))
    for folder in publish:
        folder.mkdir(parents=True, exist_ok=True)
        for outcome in outcomes:
            if outcome.pdf:
                shutil.copy2(outcome.pdf, folder / outcome.pdf.name)
            else:
                (folder / f"{outcome.name}.pdf").unlink(missing_ok=True)
    return outcomes
