"""Dates as precise as a note states them: a year, a month or a day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the note states it: a year, a month or a day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError says what is wrong."""
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
        if not match:
            raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else 0 for part in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"date {text!r} has no month {month}")
        if day:
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"date {text!r} is not a real day") from None
        return cls(year, month, day)

    def __str__(self) -> str:
        return "-".join([f"{self.year:04d}"] + [f"{part:02d}" for part in (self.month, self.day) if part])

    def display(self) -> str:
        """The British way, only as precise as stated: "19 October 2022", "March 2023"."""
        parts = [str(self.year)]
        if self.month:
            parts.insert(0, MONTHS[self.month - 1])
        if self.day:
            parts.insert(0, str(self.day))
        return " ".join(parts)

    def sort_key(self) -> tuple[int, int, int]:
        """Sorted newest first, a partial date ("May 2023") comes after the full dates of its
        period: what is known only to the month is listed once the month's days are."""
        return (self.year, self.month, self.day)

    def earliest(self) -> dt.date:
        """The first day the date can mean: `2023-05` is 1 May 2023."""
        return dt.date(self.year, self.month or 1, self.day or 1)
