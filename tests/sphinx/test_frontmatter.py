"""Front-matter mistakes: one located, typed warning each; the page still builds whole."""

from __future__ import annotations

import pytest
from helpers import article, warnings

pytestmark = pytest.mark.sphinx("html", testroot="frontmatter")

EXPECTED = [
    "cells/a/2023-01-01-bad-yaml.md:3: WARNING: front matter is not valid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>' [handbook.frontmatter]",
    "cells/a/2023-01-02-unknown-key.md:3: WARNING: unknown front-matter key 'colour' (known keys: date, format, question, themes) [handbook.frontmatter]",
    "cells/a/2023-01-03-wrong-type.md:3: WARNING: `themes` must be a list of theme slugs, such as [health, power] [handbook.frontmatter]",
    "cells/a/2023-01-04-unknown-theme.md:5: WARNING: unknown theme 'colour': add themes/colour.md or use one of: health [handbook.theme]",
    "cells/a/2023-01-05-question-list.md:4: WARNING: `question` must be text [handbook.frontmatter]",
    "cells/a/2023-02-impossible-date.md:3: WARNING: date '2023-02-30' is not a real day [handbook.date]",
    "cells/a/2999-future-date.md:2: WARNING: date 2999-01-01 is in the future [handbook.date]",
]


def test_each_mistake_is_one_warning_at_its_line(app):
    app.build()
    assert warnings(app) == [f"<srcdir>/{line}" for line in EXPECTED]


@pytest.mark.parametrize(
    "name",
    [
        "2023-01-01-bad-yaml",
        "2023-01-02-unknown-key",
        "2023-01-03-wrong-type",
        "2023-02-impossible-date",
        "2999-future-date",
        "2023-01-04-unknown-theme",
    ],
)
def test_a_page_with_a_mistake_still_builds_whole(app, name):
    app.build()
    text = article(app, f"cells/a/{name}").get_text(" ", strip=True)
    assert "The body is kept." in text


def test_what_is_valid_is_kept_next_to_what_is_not(app):
    app.build()
    header = article(app, "cells/a/2023-01-04-unknown-theme").select_one(".handbook-meeting-header")
    assert header.select_one(".handbook-meeting-facts").get_text() == "4 January 2023 · Cell A"
    assert [badge.get_text() for badge in header.select(".sd-badge")] == ["Health"]
    undated = article(app, "cells/a/2023-02-impossible-date").select_one(".handbook-meeting-facts")
    assert undated.get_text() == "Cell A"


def test_a_single_theme_may_be_written_as_text(app):
    app.build()
    header = article(app, "cells/a/2023-theme-as-text").select_one(".handbook-meeting-header")
    assert [badge.get_text() for badge in header.select(".sd-badge")] == ["Health"]
    assert header.select_one(".handbook-meeting-facts").get_text() == "2023 · Cell A"
