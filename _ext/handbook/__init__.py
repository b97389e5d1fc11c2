"""The handbook's Sphinx extension: every event it uses is wired here, in the order data flows."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from handbook import domain
from handbook.content import discovery, names
from handbook.html import cards, citing, downloads, feeds, navigation, pagefind, search, site
from handbook.latex import direction, documents, images, people, printing, references, settings, startpages, works
from handbook.listings import digest, outdated
from handbook.listings import directives as listing_directives
from handbook.reading import builds, directives, editing, frontmatter, languages, memory, pages, safety, sources


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.add_domain(domain.HandbookDomain)
    for kind in domain.TARGET_KINDS:
        app.add_role(kind, domain.HandbookRole(innernodeclass=nodes.inline))
    # What a note may not use is refused as it is read (markup.py, safety.py).
    safety.setup_safety(app)
    app.add_directive("speaker", directives.SpeakerDirective)
    app.add_directive("keypoints", directives.KeypointsDirective)
    listing_directives.setup_listings(app)
    direction.setup_direction(app)
    languages.setup_languages(app)
    cards.setup_cards()
    app.add_directive("handbook-warnings", editing.WarningsDirective)
    app.add_directive("handbook-example", editing.ExampleDirective)
    app.add_directive("handbook-markup", editing.MarkupDirective)
    app.add_css_file("handbook.css")
    app.add_js_file("handbook-citing.js", loading_method="defer")
    # The printed documents: their LaTeX style, the index of people (it serves HTML too), and
    # what becomes of links and citations in a document that holds only some pages.
    app.add_latex_package("handbook", after_hyperref=True)
    app.add_index_to_domain("handbook", people.PeopleIndex)
    app.add_post_transform(references.LinksInPrint)
    app.add_post_transform(references.WorksInPrint)
    # A citation is set apart from the word it follows, on the website and in print.
    app.add_post_transform(works.SpaceBeforeCitations)
    # Images in any format the website shows, converted for print or left out with a warning.
    app.add_post_transform(images.SvgConverter)
    app.add_post_transform(images.PillowConverter)
    app.add_post_transform(images.RemoteImagesInPrint)
    app.add_post_transform(images.ImagesInPrint)
    # Where the website finds the printed guides it links to and publishes (see the Makefile).
    app.add_config_value("handbook_pdf_dir", "_build/pdf", "html", types=[str])
    # The printed documents a LaTeX build writes (`handbook`, `guide-<theme>`); none named: all.
    app.add_config_value("handbook_print", [], "", types=[list])
    # Guides of any selection: [{"name": "health-leadership", "title": "…", "theme": "health",
    # "cell": "leadership"}] (also "person", "year"); and the one `make guide THEME=… CELL=…` asks for.
    app.add_config_value("handbook_guides", [], "env", types=[list])
    app.add_config_value("handbook_select", "", "", types=[str])
    # The paper of the printed documents: a4, a5 (booklet) or letter.
    app.add_config_value("handbook_paper", "a4", "", types=[str])
    # When a build writes the search index: "build" (before it ends) or "later" (`make serve`'s
    # builds: the page reloads first, then the preview indexes; pagefind.index_pending).
    app.add_config_value("handbook_search_index", "build", "", types=[str])
    # A preview's build writes a byte to this file descriptor (a pipe's) once its pages are
    # written: the open page reloads then (builds.tell_pages_written). -1: nobody listens.
    app.add_config_value("handbook_pages_written_fd", -1, "", types=[int])
    # How many meetings' key points a theme's web page shows (the latest; its guide prints all, each in its meeting).
    app.add_config_value("handbook_digest_meetings", digest.DIGEST_MEETINGS, "env", types=[int])

    # Before Sphinx looks for sources: a file or folder whose name is not a name is left out.
    app.connect("config-inited", discovery.leave_out)
    app.connect("config-inited", builds.editor_text_is_text)
    # Once every extension has registered its directives and roles: all but the allowed refused.
    app.connect("config-inited", safety.refuse_the_rest)
    # At thousands of notes, full garbage collections were a quarter of the build (memory.py).
    app.connect("config-inited", memory.collect_less)
    # Templates and static files must be known before the builder loads them.
    app.connect("config-inited", search.add_assets)
    # The LaTeX settings must be known before the builder reads them.
    app.connect("config-inited", settings.print_settings)
    app.connect("config-inited", works.author_year)
    # First once the environment is loaded: collections leave it alone (memory.py).
    app.connect("builder-inited", memory.loaded_environment_kept, priority=100)
    # Before Sphinx looks for sources: the PDFs' start pages, whose toctrees decide what each document holds.
    app.connect("builder-inited", startpages.write_start_pages)
    app.connect("builder-inited", builds.no_raw_output)
    app.connect("builder-inited", builds.templates_compiled_once)
    app.connect("builder-inited", safety.check_bibliography)
    # A byte that is not UTF-8 must cost a warning, not the build; and every note is checked
    # against the same cells, slugs and registry, known before any note is read.
    app.connect("builder-inited", sources.read_leniently)
    app.connect("builder-inited", sources.note_tree)
    # Before Sphinx looks for sources: person and year pages must exist as files to be read. After
    # note_tree, which lists the notes.
    app.connect("builder-inited", pages.generate)
    app.connect("env-get-outdated", sources.reread_when_tree_changes)
    # Before MyST parses a file: its mistakes as a whole, and its control characters taken out.
    app.connect("source-read", sources.report_file)
    # Pagefind is the search: Sphinx writes no search index of its own.
    app.connect("builder-inited", search.turn_off_sphinx_search)
    app.connect("builder-inited", pagefind.note_build_start)
    app.connect("env-get-outdated", builds.forget_removed_pages)
    # A build that was stopped is followed by one that reads and writes every page.
    app.connect("env-get-outdated", builds.resume_unfinished)
    # Pages link the printed documents once they exist: they follow the PDFs.
    app.connect("env-get-outdated", downloads.relink_printed)
    # After MyST has parsed a page and the directives have run: title and front matter are final.
    # Before Sphinx's collectors (priority 500) note the contents and their anchors.
    app.connect("doctree-read", names.section_anchors, priority=400)
    app.connect("doctree-read", frontmatter.collect_page)
    # Before any reference is resolved: a role's warning must name its own line, not its paragraph's.
    app.connect("doctree-read", sources.locate_roles)
    # Needs the page's kind from collect_page, so it runs after it (same priority, later connect).
    app.connect("doctree-read", listing_directives.add_generated)
    # After add_generated, so that in the handbook a cell's meetings follow its own listing.
    app.connect("doctree-read", startpages.cell_meetings)
    # Last, once every handler has the page: the pages read before it are written from pickles.
    app.connect("doctree-read", memory.forget_read_pages, priority=900)
    # Which pages this build reads: the others' data is the last build's.
    app.connect("env-before-read-docs", builds.note_reading)
    # A file saved while the build read it is read again by the next build.
    app.connect("env-updated", builds.saved_while_read)
    # All pages read and merged: write again every page whose listings or link titles changed.
    app.connect("env-updated", outdated.outdated_pages)
    # The works cited follow what the pages cite (sphinxcontrib-bibtex rewrites no page of its own accord).
    app.connect("env-updated", works.works_cited_follow)
    # A title shown in other pages' navigation changed, or a table of contents: those pages too.
    app.connect("env-updated", navigation.retitled)
    # Titles and dates are known once every page is read: the PDFs' documents and covers.
    app.connect("env-updated", documents.documents)
    # Before listings.directives.fill (priority 500): in print a listing shows only what its document holds;
    # on the website, a theme's guide link goes before its listings.
    app.connect("doctree-resolved", printing.print_document, priority=400)
    app.connect("doctree-resolved", downloads.link_guide, priority=400)
    app.connect("doctree-resolved", listing_directives.fill)
    # After the listings: the downloads and feed links close the home, cell and theme pages.
    app.connect("doctree-resolved", downloads.add_links, priority=600)
    app.connect("doctree-resolved", citing.number_keypoints)
    # Feeds are linked from every page's head and written once the whole site is.
    app.connect("html-page-context", feeds.link_feeds)
    # After the theme's handlers, whose menu, sidebar and breadcrumbs it completes.
    app.connect("html-page-context", navigation.place_page, priority=800)
    # After the theme's own handler, which writes the page's name into a script.
    app.connect("html-page-context", builds.theme_values_escaped, priority=900)
    app.connect("build-finished", feeds.write_feeds)
    # The printed guides the theme pages link to go into the site once it is written.
    app.connect("build-finished", downloads.publish_guides)
    # Link previews and search engines: a meeting's description, and a sitemap of every page.
    app.connect("builder-inited", site.say_when_unaddressed)
    app.connect("html-page-context", site.describe_meeting)
    app.connect("html-page-context", site.citations_as_list_items)
    app.connect("build-finished", site.write_sitemap)
    # Each page's filters and metadata go in its head; the search page is Pagefind's; the index
    # is written last (priority 900), once every other handler has written its files, and only
    # when an indexed page changed.
    app.connect("html-page-context", search.index_facts)
    app.connect("html-collect-pages", search.search_page)
    # First of the pages that are not documents: every document is written by then.
    app.connect("html-collect-pages", builds.tell_pages_written, priority=100)
    app.connect("build-finished", pagefind.index_site, priority=900)
    # Last of all: only a build that got this far is finished.
    app.connect("build-finished", builds.finished, priority=1000)
    app.connect("build-finished", memory.collect_all_again, priority=1000)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
