"""ACLED's notes and tags columns for one event.

The notes are one sentence in ACLED's style, then the fatalities:
"On 9 November 2023, Military Forces of Nigeria clashed with Boko Haram in Gwoza (Borno).
5 fatalities." The phrases (per sub-event type, per date precision, per fatalities
qualifier) are the tables of ``data/acled_events.toml``.

The tags column holds what the record says beyond ACLED's columns, ``key=value`` pairs
joined by ``"; "`` as ACLED writes its tags ("crowd size=no report"): the qualifier of
the fatalities count when it is not exact (``fatalities qualifier=at least``) and the claim
status when the event is not simply reported (``claim status=denied``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer.data import load_once, toml_table
from summarizer.schemas import ClaimStatus, Event

__all__ = ["notes", "tags"]


@load_once
def _table() -> dict[str, Any]:
    return toml_table("acled_events")


def _opening(event: Event) -> str:
    if event.event_date is None or event.time_precision is None:
        return ""
    day: dt.date = event.event_date
    month = f"{_table()['months'][day.month - 1]} {day.year}"
    template = str(_table()["dates"][str(event.time_precision)])
    opening = template.format(day=f"{day.day} {month}", month=month)
    return opening + ", "


def _place(location: str | None, admin1: str | None, country: str | None, town: bool) -> str:
    if location and admin1 and (town or location != admin1):
        return f" in {location} ({admin1})"  # not "in Far North (Far North)" for a division
    where = location or admin1 or country
    return f" in {where}" if where else ""


def _fatalities(event: Event) -> str:
    if event.fatalities is None:
        return ""
    count = event.fatalities
    noun = "fatality" if count == 1 else "fatalities"
    qualifier: str = event.fatalities_qualifier or "exact"
    if count == 0 and qualifier == "exact":
        qualifier = "none"
    template = str(_table()["fatalities"].get(qualifier, "{n} {noun}"))
    return " " + template.format(n=count, noun=noun) + "."


def notes(
    event: Event,
    location: str | None = None,
    admin1: str | None = None,
    country: str | None = None,
    town: bool = True,
) -> str:
    """The notes sentence of an event (location, admin1 and country as the row writes them).

    ``town``: whether the location is a town; a location that is its admin1 division is
    written once ("in Far North", but "in Homs (Homs)" for the city).
    """
    phrases = _table()["sub_event_types"][event.sub_event_type.value]
    actor1 = event.actor1 or str(_table()["no_actor"])
    template = str(phrases["note"] if event.actor2 else phrases["note_alone"])
    clause = template.format(actor1=actor1, actor2=event.actor2 or "")
    sentence = _opening(event) + clause + _place(location, admin1, country, town)
    return sentence[:1].upper() + sentence[1:] + "." + _fatalities(event)


def tags(event: Event) -> str:
    """The tags of an event: the fatalities qualifier and the claim status, when they say more."""
    found = []
    if event.fatalities_qualifier not in (None, "exact"):
        found.append(f"fatalities qualifier={event.fatalities_qualifier}")
    if event.claim_status is not ClaimStatus.REPORTED:
        found.append(f"claim status={event.claim_status.value}")
    return "; ".join(found)
