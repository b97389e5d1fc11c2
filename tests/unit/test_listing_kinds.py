"""Every listing editors write is known to `check`, which reads notes without Sphinx: a kind
registered in `listings.kinds` but missing from the checking stage would be refused by `check`
or break the build."""

from __future__ import annotations

import pytest
from handbook.checking import markup, rules, scanner
from handbook.listings import digest, indexes, meetings

WRITTEN = [kind for kind in (*meetings.KINDS, *indexes.KINDS, *digest.KINDS) if kind.directive]


@pytest.mark.parametrize("kind", WRITTEN, ids=lambda kind: kind.name)
def test_check_knows_every_listing_editors_write(kind):
    assert kind.name in markup.DIRECTIVES  # notes may use it
    assert kind.name in rules.DIRECTIVE_OPTIONS  # its options, as the build reads them
    assert kind.name in rules.LISTING_ARGUMENTS or kind.name in scanner.NOT_MARKDOWN  # its body is not Markdown
    assert set(kind.converters) <= set(rules.DIRECTIVE_OPTIONS[kind.name])


def test_every_listing_check_knows_is_a_kind():
    listings = {name for name, what in markup.DIRECTIVES.items() if what == "the handbook's listings"}
    assert listings == {kind.name for kind in WRITTEN}
