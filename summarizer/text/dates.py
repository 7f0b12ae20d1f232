"""Dates: find date expressions, parse publication dates, resolve event dates.

Event dates get ACLED's time precision. The one module that reads dates; ``dateparser`` is
imported only for relative dates.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

__all__ = ["date_expression", "parse_date", "resolve_event_date"]

_FORMATS = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%a, %d %b %Y",
    "%A, %d %B %Y",
    "%d/%m/%Y",
    "%Y/%m/%d",
)
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?(\s*(UTC|GMT|[+-]\d{2}:?\d{2}))?\s*$")


@functools.lru_cache(maxsize=4096)
def parse_date(raw: str | None) -> dt.date | None:
    """Parse an absolute date written in a common form; ``None`` when it is not one.

    Cached: a batch sees the same few date strings over and over, and each miss tries every
    format with ``strptime``.
    """
    if not raw:
        return None
    text = _TIME_TAIL.sub("", raw.strip().rstrip("."))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"^(?:published|updated|posted|last updated)(?: on)?:?\s+", "", text, flags=re.I)
    text = re.sub(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+", "", text)  # weekday prefix
    text = re.sub(r"^[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?,\s+(?=\d|[A-Z][a-z]+\s+\d)", "", text)
    # a place before the date: "Bamako, 6 March 2024"
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def resolve_event_date(
    date_text: str | None, published: dt.date | None
) -> tuple[dt.date | None, int | None]:
    """Resolve a date expression to ``(date, time_precision)`` or ``(None, None)``.

    A full date gives precision 1 (day). Without a publication date nothing else can be
    resolved. With one: a day and month take the publication year (the year before if that
    would put it after publication); "on Tuesday", "yesterday" resolve to the day (1),
    "last week" to precision 2, "last month" to 3, through dateparser, preferring the past.
    """
    if not date_text:
        return None, None
    full = parse_date(date_text)
    if full:
        return full, 1
    match = re.search(
        r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|September|"
        r"October|November|December)\b",
        date_text,
        re.IGNORECASE,
    )
    if match and published:
        day_month = parse_date(f"{match.group(1)} {match.group(2)} {published.year}")
        if day_month and day_month > published:
            day_month = day_month.replace(year=published.year - 1)
        return (day_month, 1) if day_month else (None, None)
    if published is None:
        return None, None
    return _relative(date_text, published)


_PRECISION = [(re.compile(r"\bweek\b", re.I), 2), (re.compile(r"\b(month|year)\b", re.I), 3)]
_RELATIVE = re.compile(
    r"\b(yesterday|today|(?:last|this) (?:week|month)|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b",
    re.IGNORECASE,
)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _relative(date_text: str, published: dt.date) -> tuple[dt.date | None, int | None]:
    match = _RELATIVE.search(date_text)
    if not match:
        return None, None
    word = match.group(1).casefold()
    if word in _WEEKDAYS and _WEEKDAYS.index(word) == published.weekday():
        return published, 1  # "on Tuesday" in Tuesday's report is that day, not a week ago
    import dateparser

    base = dt.datetime.combine(published, dt.time())
    resolved = dateparser.parse(
        match.group(1),
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"},
    )
    if resolved is None:
        return None, None
    precision = next((p for pattern, p in _PRECISION if pattern.search(match.group(1))), 1)
    return resolved.date(), precision


_DATE = re.compile(
    r"\b(?:(?:early|late)\s+(?:on\s+)?)?(?:on\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)(?:,?\s+\d{1,2}\s+[A-Z][a-z]+)?(?:\s+(?:morning|evening|night))?|"
    r"\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)(?:\s+\d{4})?|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{1,2}(?:,\s+\d{4})?|yesterday|today|"
    r"last (?:week|month|night)|in the (?:past|last) \d+ hours|since (?:the early hours of )?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+morning)?)",
    re.IGNORECASE,
)


def date_expression(sentence: str) -> str | None:
    """The first date expression in the sentence, as written."""
    match = _DATE.search(sentence)
    return match.group(0).strip() if match else None
