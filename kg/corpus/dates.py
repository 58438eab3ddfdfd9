"""Event dates written in the text, resolved against the document's date.

News states when things happened relative to the day it was written: "on Sunday", "last
week", "on June 10", "in 2006", "since April 2023". :func:`resolve_date` turns such an
expression into an ISO date (``YYYY-MM-DD``), month (``YYYY-MM``) or year (``YYYY``);
expressions it cannot place ("recently", "last week") give ``None`` rather than a guess.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from kg.corpus.reader import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\b", re.I),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}(?!\w)", re.I),
]


def resolve_date(text: str, document_date: str | None) -> str | None:
    """The date ``text`` refers to, as precise as the text is.

    >>> resolve_date("on Sunday", "2014-06-12")  # the Sunday before a Thursday
    '2014-06-08'
    >>> resolve_date("Thursday", "2014-06-12")  # the day itself
    '2014-06-12'
    >>> resolve_date("yesterday", "2014-06-12")
    '2014-06-11'
    >>> resolve_date("June 10", "2014-06-12"), resolve_date("10 June 2014", None)
    ('2014-06-10', '2014-06-10')
    >>> resolve_date("December 28", "2015-01-03")  # late in the previous year
    '2014-12-28'
    >>> resolve_date("in 2006", "2014-06-12"), resolve_date("April 2023", None)
    ('2006', '2023-04')
    >>> resolve_date("in December", "2015-01-03"), resolve_date("last month", "2015-01-03")
    ('2014-12', '2014-12')
    >>> resolve_date("last year", "2014-06-12"), resolve_date("this year", "2014-06-12")
    ('2013', '2014')
    >>> resolve_date("last week", "2014-06-12") is None
    True
    """
    lowered = text.lower()
    anchor = date.fromisoformat(document_date) if document_date else None
    if anchor is not None:
        if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lowered):
            return anchor.isoformat()
        if re.search(r"\byesterday\b", lowered):
            return (anchor - timedelta(days=1)).isoformat()
        if re.search(r"\blast month\b", lowered):
            previous = anchor.replace(day=1) - timedelta(days=1)
            return f"{previous.year:04d}-{previous.month:02d}"
        if re.search(r"\bthis month\b", lowered):
            return f"{anchor.year:04d}-{anchor.month:02d}"
        if re.search(r"\blast year\b", lowered):
            return f"{anchor.year - 1:04d}"
        if re.search(r"\bthis year\b", lowered):
            return f"{anchor.year:04d}"
        for index, name in enumerate(WEEKDAYS):
            if re.search(rf"\b{name}\b", lowered) and not re.search(r"\bnext\b", lowered):
                back = (anchor.weekday() - index) % 7
                return (anchor - timedelta(days=back)).isoformat()
    for number, pattern in enumerate(_PATTERNS):
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        month = MONTHS[parts["month"].lower()] if parts.get("month") else None
        if number in (0, 1):
            return _iso(int(parts["year"]), month, int(parts["day"]))
        if number in (2, 3):
            if anchor is None:
                continue
            # news reports the recent past: a month later than the report's is last year's
            year = anchor.year if month <= anchor.month else anchor.year - 1
            return _iso(year, month, int(parts["day"]))
        if number == 4:
            return f"{int(parts['year']):04d}-{month:02d}"
        if number == 6:  # "in December": the last one up to the report
            if anchor is None or month is None:
                continue
            year = anchor.year if month <= anchor.month else anchor.year - 1
            return f"{year:04d}-{month:02d}"
        return parts["year"]
    return None


def _iso(year: int, month: int | None, day: int) -> str | None:
    try:
        return date(year, month or 1, day).isoformat()
    except ValueError:
        return None
