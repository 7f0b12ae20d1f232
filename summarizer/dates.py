"""Dates: parse publication dates and resolve event dates with ACLED's time precision."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["parse_date", "resolve_event_date"]

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


def parse_date(raw: str | None) -> dt.date | None:
    """Parse an absolute date written in a common form; ``None`` when it is not one."""
    if not raw:
        return None
    text = _TIME_TAIL.sub("", raw.strip().rstrip("."))
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
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

    Only absolute dates are resolved here: a full date gives precision 1 (day); a day and
    month without a year take the publication year when the article has one.
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
    return None, None
