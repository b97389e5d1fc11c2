"""Meetings alike in words, for related meetings when too few share themes or speakers."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter

from handbook.content.records import Page

#: Words of at least this many letters describe a meeting; shorter ones are mostly grammar.
WORD = re.compile(r"[^\W\d_]{4,}")


def meeting_terms(page: Page) -> Counter[str]:
    """The words a meeting is known by: its title, question or opening words and key points
    (what the domain already holds, so a text edit elsewhere in a note leaves related meetings as
    they are)."""
    text = " ".join([page.title, page.summary, *(point.text for point in page.keypoints)])
    return Counter(word.casefold() for word in WORD.findall(text))


class Similarity:
    """Cosine similarity of meetings' TF-IDF vectors (Salton & Buckley 1988, "Term-weighting
    approaches in automatic text retrieval": weight = tf × log(N / df)), built once per build and
    only when a meeting has too few related meetings by themes and speakers."""

    def __init__(self, pages: dict[str, Page], meetings: list[str]) -> None:
        terms = {docname: meeting_terms(pages[docname]) for docname in meetings}
        frequency = Counter(term for counted in terms.values() for term in counted)
        weight = {term: math.log(len(meetings) / count) for term, count in frequency.items()}
        self.vectors: dict[str, dict[str, float]] = {}
        for docname, counted in terms.items():
            vector = {term: tf * weight[term] for term, tf in counted.items() if weight[term] > 0}
            norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
            self.vectors[docname] = {term: value / norm for term, value in vector.items()}

    def nearest(self, docname: str, exclude: set[str], limit: int) -> list[str]:
        """Up to `limit` meetings most alike in words, most alike first; ties by name."""
        mine = self.vectors[docname]
        scores = {
            other: sum(value * vector.get(term, 0.0) for term, value in mine.items())
            for other, vector in self.vectors.items()
            if other != docname and other not in exclude
        }
        return heapq.nsmallest(
            limit, (other for other, score in scores.items() if score > 0), key=lambda other: (-scores[other], other)
        )
