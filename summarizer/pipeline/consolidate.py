"""ACLED consolidation: one record per admin1 and date; records of one event merged."""

from __future__ import annotations

import re

from summarizer.pipeline.normalize import NormalizedEvent
from summarizer.schemas import Event

__all__ = ["actor_key", "consolidate"]


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


_GENERIC = re.compile(
    r"\b(?:the|forces|militants|fighters|groups?|cells|members|units|troops|army|personnel)\b"
)


def actor_key(name: str | None) -> str:
    """A name folded for comparison: "ISIS militants" and "ISIS groups" are one actor."""
    folded = _GENERIC.sub(" ", (name or "").casefold())
    return " ".join(folded.split())


def _same_or_unknown(a: object, b: object) -> bool:
    return a is None or b is None or a == b


def _compatible(kept: Event, other: Event) -> bool:
    """Whether two records report the same event.

    The same kind of event by the same actor in the same admin1, and no conflict on the
    target or the date (one of them may not say).
    """
    return (
        kept.sub_event_type == other.sub_event_type
        and actor_key(kept.actor1) == actor_key(other.actor1)
        and (kept.admin1 or "").casefold() == (other.admin1 or "").casefold()
        and _same_or_unknown(actor_key(kept.actor2) or None, actor_key(other.actor2) or None)
        and _same_or_unknown(kept.event_date, other.event_date)
        and _same_or_unknown(
            (kept.date_text or "").casefold() or None, (other.date_text or "").casefold() or None
        )
    )


def _merge(kept: Event, other: Event) -> Event:
    spans = {(e.start, e.end) for e in kept.evidence}
    evidence = kept.evidence + [e for e in other.evidence if (e.start, e.end) not in spans]
    update: dict[str, object] = {"evidence": evidence}
    for field in ("actor2", "event_date", "time_precision", "date_text", "location"):
        if getattr(kept, field) is None and getattr(other, field) is not None:
            update[field] = getattr(other, field)
    if kept.fatalities is None and other.fatalities is not None:
        update["fatalities"] = other.fatalities
        update["fatalities_qualifier"] = other.fatalities_qualifier
    return kept.model_copy(update=update)


def consolidate(items: list[NormalizedEvent]) -> list[Event]:
    """Split multi-admin1 events into one record each, then merge records of one event."""
    merged: list[Event] = []
    for item in items:
        for event in _split(item):
            index = next((i for i, kept in enumerate(merged) if _compatible(kept, event)), None)
            if index is None:
                merged.append(event)
            else:
                merged[index] = _merge(merged[index], event)
    return merged
