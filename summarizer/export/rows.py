"""One ACLED row per event of the summaries, in ACLED's columns and order.

See :mod:`summarizer.export` for the conventions of each column.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from summarizer.export.codes import (
    CountryInfo,
    civilian_targeting,
    country_info,
    disorder_type,
    inter_code,
    interaction,
)
from summarizer.export.geo import locate
from summarizer.export.notes import notes, tags
from summarizer.schemas import ArticleSummary, Event

__all__ = ["COLUMNS", "NO_COUNTRY", "Row", "Value", "acled_rows", "event_row"]

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
"""ACLED's columns, in the order of ACLED's exports."""

NO_COUNTRY = "XXX"
"""The event_id_cnty prefix of events whose country is unknown (ISO 3166's "unspecified")."""

Value = str | int | float | None
Row = dict[str, Value]


def _joined(names: list[str]) -> str:
    return "; ".join(name for name in names if name)


def event_row(
    event: Event,
    summary: ArticleSummary,
    event_id: str,
    timestamp: int,
    country: CountryInfo | None = None,
) -> Row:
    """The ACLED row of one event (``country``: its country's codes, when known)."""
    inter1 = inter_code(event.actor1, event.country)
    inter2 = inter_code(event.actor2, event.country)
    geo = locate(event.location, event.admin1, country.alpha2 if country else None)
    country_name = country.name if country else event.country
    row: Row = {
        "event_id_cnty": event_id,
        "event_date": event.event_date.isoformat() if event.event_date else None,
        "year": event.event_date.year if event.event_date else None,
        "time_precision": event.time_precision,
        "disorder_type": disorder_type(event.sub_event_type),
        "event_type": event.event_type.value,
        "sub_event_type": event.sub_event_type.value,
        "actor1": event.actor1,
        "assoc_actor_1": _joined(event.assoc_actor_1),
        "inter1": inter1,
        "actor2": event.actor2,
        "assoc_actor_2": _joined(event.assoc_actor_2),
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": civilian_targeting(event.sub_event_type, inter2),
        "iso": country.numeric if country else None,
        "region": country.region if country else None,
        "country": country_name,
        "admin1": geo.admin1,
        "admin2": None,
        "admin3": None,
        "location": event.location,
        "latitude": geo.latitude,
        "longitude": geo.longitude,
        "geo_precision": geo.geo_precision,
        "source": summary.outlet,
        "source_scale": None,
        "notes": notes(event, event.location, geo.admin1, country_name, town=geo.at_town),
        "fatalities": event.fatalities or 0,
        "tags": tags(event),
        "timestamp": timestamp,
    }
    return {column: None if value == "" else value for column, value in row.items()}


def acled_rows(summaries: Iterable[ArticleSummary], timestamp: int | None = None) -> Iterator[Row]:
    """ACLED rows of every event of the summaries, in input order (a stream).

    Args:
        summaries: The summaries (e.g. :func:`~summarizer.export.read_summaries`).
        timestamp: The ``timestamp`` column, Unix seconds, one value for the export; the
            time of the call when omitted.

    Yields:
        One dict per event, keyed by :data:`COLUMNS` in that order; an empty cell is None.
        event_id_cnty numbers the events of each country from 1 in input order, so the
        same input always gets the same ids.
    """
    stamp = int(time.time()) if timestamp is None else timestamp
    return _rows(summaries, stamp)


def _rows(summaries: Iterable[ArticleSummary], stamp: int) -> Iterator[Row]:
    numbers: dict[str, int] = {}
    for summary in summaries:
        for event in summary.events:
            country = country_info(event.country)
            prefix = country.alpha3 if country else NO_COUNTRY
            numbers[prefix] = numbers.get(prefix, 0) + 1
            yield event_row(event, summary, f"{prefix}{numbers[prefix]}", stamp, country)
