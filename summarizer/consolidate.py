"""ACLED consolidation: one record per admin1 and date; duplicates merged."""

from __future__ import annotations

from summarizer.normalize import NormalizedEvent
from summarizer.schemas import Event

__all__ = ["consolidate"]


def _split(item: NormalizedEvent) -> list[Event]:
    """One record per admin1.

    A reported toll stays on the first record only, so that the split never multiplies the
    number of people killed.
    """
    if not item.admin1:
        return [item.event]
    no_toll = {"fatalities": None, "fatalities_qualifier": None}
    return [
        item.event.model_copy(update={"admin1": name, **({} if i == 0 else no_toll)})
        for i, name in enumerate(item.admin1)
    ]


def _key(event: Event) -> tuple[object, ...]:
    return (
        event.sub_event_type,
        (event.actor1 or "").casefold(),
        (event.actor2 or "").casefold(),
        (event.admin1 or "").casefold(),
        event.event_date or (event.date_text or "").casefold(),
    )


def _merge(kept: Event, other: Event) -> Event:
    spans = {(e.start, e.end) for e in kept.evidence}
    evidence = kept.evidence + [e for e in other.evidence if (e.start, e.end) not in spans]
    update: dict[str, object] = {"evidence": evidence}
    if kept.fatalities is None and other.fatalities is not None:
        update["fatalities"] = other.fatalities
        update["fatalities_qualifier"] = other.fatalities_qualifier
    if kept.location is None and other.location is not None:
        update["location"] = other.location
    return kept.model_copy(update=update)


def consolidate(items: list[NormalizedEvent]) -> list[Event]:
    """Split multi-admin1 events into one record each, then merge exact duplicates."""
    merged: dict[tuple[object, ...], Event] = {}
    for item in items:
        for event in _split(item):
            key = _key(event)
            merged[key] = _merge(merged[key], event) if key in merged else event
    return list(merged.values())
