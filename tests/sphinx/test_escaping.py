"""Whatever an editor types shows as text in HTML: no markup from a field ever runs."""

from __future__ import annotations

import pytest
from helpers import article, page, warnings

pytestmark = pytest.mark.sphinx("html", testroot="escaping")

MEETING = "cells/a/2023-01-01-escaping"


def test_no_field_becomes_markup(app):
    app.build()
    body = article(app, MEETING)
    assert body.find_all(["script", "img", "b", "i"]) == []
    assert "alert('raw')" not in str(body)
    assert warnings(app) == [
        f"<srcdir>/{MEETING}.md:23: WARNING: the {{raw}} directive is not allowed in notes: it passes text to the "
        "page unescaped; it is left out (see 'What a note may use' in the editors' guide) [handbook.markup]"
    ]


@pytest.mark.parametrize(
    ("selector", "text"),
    [
        ("h1", "Title <script>alert('title')</script> & # $ % ~ _ ^ \\ { }"),
        (".handbook-question", "Is <script>alert('question')</script> & 100% safe?"),
        (".handbook-format", "<b>round</b>table & co"),
        (".handbook-speaker-name", "Mallory <script>alert('speaker')</script> & Co"),
        (".handbook-role", "<img src=x onerror=alert('role')> & lead"),
        (".handbook-org", "Tom & Jerry's <i>org</i>"),
        (".handbook-keypoints-title", "Points <script>alert('intro')</script> & more:"),
        (".handbook-keypoint > p", "Point <script>alert('point')</script> & 50% of Eve ."),
    ],
)
def test_each_field_shows_as_typed(app, selector, text):
    app.build()
    assert article(app, MEETING).select_one(selector).get_text(" ", strip=True).replace(" #", "") == text.replace(
        " #", ""
    )


def test_person_page_title_from_the_registry_is_text(app):
    app.build()
    person = page(app, "people/evil")
    assert person.select_one("article h1").get_text().rstrip("#") == "Eve <script>alert('name')</script> & Co"
    assert person.select("article script, article img") == []
    assert "Also named in the notes as: <img src=x onerror=alert(1)>." in person.select_one("article").get_text()


def test_breadcrumbs_show_a_cells_and_a_meetings_title_as_text(app):
    app.build()
    crumbs = page(app, MEETING).select(".bd-breadcrumbs li:not(.breadcrumb-home)")
    assert page(app, MEETING).select(".bd-breadcrumbs script, .bd-breadcrumbs b") == []
    assert crumbs[-1].get_text(strip=True) == "Title <script>alert('title')</script> & # $ % ~ _ ^ \\ { }"
    assert crumbs[-2].get_text(strip=True) == page(app, "cells/a/index").select_one("article h1").get_text().rstrip("#")
