"""Works cited, labelled by author and year on the website and in print.

sphinxcontrib-bibtex's `author_year` reference style writes a citation as "[Cottam, 2018]"; the
list of works takes its labels from a pybtex label style, whose standard ones ("alpha": "[Cot18]",
"[Ali]", "[ABWay]") differ from the citations. `AuthorYearLabels` gives the list the citation's
own words, so a reader finds "[Cottam, 2018]" in the list as in the text. Both are registered as
pybtex plugins, the way sphinxcontrib-bibtex's documentation shows for custom labels.
"""

from __future__ import annotations

from collections.abc import Iterator

from docutils import nodes
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from handbook.domain import handbook_domain

STYLE = "handbook"


def names(entry) -> str:
    """ "Cottam", "New Economics Foundation and Mind", "Denton et al.", or the title when no one is
    named: the same words as sphinxcontrib-bibtex's author_year citation."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    last = [" ".join(Text.from_latex(part).render_as("text") for part in person.last_names) for person in people]
    if len(last) > 2:
        return f"{last[0]} et al."
    if last:
        return " and ".join(last)
    return Text.from_latex(entry.fields.get("title", entry.key)).render_as("text")


class AuthorYearLabels(BaseLabelStyle):
    """ "Cottam, 2018"; "Alinsky, n.d." for a work with no year."""

    def format_labels(self, sorted_entries) -> Iterator[str]:
        for entry in sorted_entries:
            yield f"{names(entry)}, {entry.fields.get('year') or 'n.d.'}"


class AuthorYearStyle(UnsrtStyle):
    """Works sorted by author, year and title, labelled as they are cited."""

    default_label_style = "handbook-author-year"
    default_sorting_style = "author_year_title"


register_plugin("pybtex.style.labels", "handbook-author-year", AuthorYearLabels)
register_plugin("pybtex.style.formatting", STYLE, AuthorYearStyle)


def author_year(app: Sphinx, config: Config) -> None:
    """config-inited: citations and the list of works by author and year, unless the project
    chose its own styles."""
    if "bibtex_reference_style" in config.values:
        if config.bibtex_reference_style == "label":
            config.bibtex_reference_style = "author_year"
        if config.bibtex_default_style == "alpha":
            config.bibtex_default_style = STYLE


class SpaceBeforeCitations(SphinxPostTransform):
    """A citation written right after the work's name (``report{cite:p}`beveridgereport` ``) is
    set apart from it by a no-break space: "report [Beveridge, n.d.]", never "report[Beveridge,
    n.d.]", and never the label alone at the start of a line. The space is part of the citation,
    so the note's own words read as written when the label is set aside. Runs after Sphinx
    resolves references (priority 10), which turns each citation into its label."""

    default_priority = 20

    def run(self, **kwargs) -> None:
        for citation in list(self.document.findall(nodes.inline)):
            if "bibtex-citation" not in citation["classes"] or citation.parent is None:
                continue
            index = citation.parent.index(citation)
            before = citation.parent[index - 1] if index else None
            if isinstance(before, nodes.Text) and before and not before[-1].isspace():
                citation.insert(0, nodes.Text("\u00a0"))


def works_cited_follow(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """env-updated: sphinxcontrib-bibtex fills a bibliography with the works the whole site cites
    when the bibliography's page is written, and a citation's label and tooltip (the work's
    author, year and title) when the citing page is written; it marks no page outdated when what
    is cited, or what `references.bib` says of a cited work, changes. When a citation is added or
    removed (or the only page citing a work is), or a cited work's entry is edited, the pages that
    hold a bibliography, and those citing a work whose entry changed, are written again, as a clean
    build would write them."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return []
    cite = env.get_domain("cite")
    entries = cite.bibdata.data.entries  # type: ignore[attr-defined]
    refs = cite.citation_refs  # type: ignore[attr-defined]
    cited = {target.key for ref in refs for target in ref.targets}
    works = {key: entries[key].to_string("bibtex") if key in entries else "" for key in sorted(cited)}
    before = handbook_domain(env).remember("cited", works)
    if before is None or before == works:
        return []
    changed = {key for key in works.keys() | before.keys() if works.get(key) != before.get(key)}
    citing = {ref.docname for ref in refs if any(target.key in changed for target in ref.targets)}
    return sorted({key.docname for key in cite.bibliographies} | citing)  # type: ignore[attr-defined]
