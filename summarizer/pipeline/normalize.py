"""Normalize a grounded draft event: types, counts grounded in text, dates, tidy names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from summarizer.pipeline.draft import DraftEvent
from summarizer.schemas import Event, Evidence, event_type_of
from summarizer.text.actor_names import canonical_actor
from summarizer.text.dates import resolve_event_date
from summarizer.text.numbers import Count, fatality_counts, strike_counts
from summarizer.text.places import country_name, resolve_place
from summarizer.text.sentences import sentences

__all__ = ["NormalizedEvent", "normalize_event", "normalize_location", "normalize_places"]


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split()).strip(" ,.;:'\"")
    return value or None


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        tidy = _tidy(value)
        if tidy and tidy.casefold() not in seen:
            seen[tidy.casefold()] = tidy
    return list(seen.values())


@dataclass
class NormalizedEvent:
    """A public :class:`Event` (admin1 still unset) and the admin1 names it was reported in."""

    event: Event
    admin1: list[str]
    warnings: list[str] = field(default_factory=list)


def _ground_count(
    claimed: int, evidence: list[Evidence], text: str
) -> tuple[Count, Evidence | None] | None:
    """Find the claimed fatality count in a killing sentence: evidence first, then the text."""
    for item in evidence:
        for count in fatality_counts(item.quote):
            if count.value == claimed:
                return count, None
    for start, end in sentences(text):
        for count in fatality_counts(text[start:end]):
            if count.value == claimed:
                quote = text[start:end]
                return count, Evidence(quote=quote, start=start, end=end, match="exact")
    return None


def _actor(name: str | None, home: str | None) -> str | None:
    """One canonical name for every strategy: "Russian jets" -> "Military Forces of Russia"."""
    tidy = _tidy(name)
    return canonical_actor(tidy, home) if tidy else None


def normalize_places(draft: DraftEvent, country_codes: list[str]) -> tuple[str | None, list[str]]:
    """Country and admin1 names through the gazetteer.

    Spellings of one admin1 become one name ("Deir Ezzor", "Der ez-Zor" -> "Deir ez-Zor"), a
    town given as admin1 becomes its admin1, and an event with no admin1 takes the admin1 of
    its location when the gazetteer knows it. Names it does not know are kept as given.
    """
    country = _tidy(draft.country)
    admin1: list[str] = []
    for name in _unique(draft.admin1) or ([draft.location] if draft.location else []):
        place = resolve_place(name, country_codes) if country_codes else None
        if place is not None and place.admin1:
            admin1.append(place.admin1)
            country = place.country
        elif name in draft.admin1:
            admin1.append(name)
    return country, _unique(admin1)


def normalize_location(name: str | None, country_codes: list[str]) -> str | None:
    """The gazetteer's spelling of a drafted town, as the rules write it.

    "Kupiansk" -> "Kupyansk"; a name the gazetteer does not know is kept as given.
    """
    tidy = _tidy(name)
    if tidy is None or not country_codes:
        return tidy
    place = resolve_place(tidy, country_codes)
    return place.name if place is not None and not place.is_division else tidy


def normalize_event(
    draft: DraftEvent,
    evidence: list[Evidence],
    text: str,
    published: dt.date | None,
    country_codes: list[str] | None = None,
) -> NormalizedEvent:
    """Build a validated event from a draft event whose evidence is already aligned.

    Args:
        draft: The drafted event.
        evidence: Its quotes, aligned to ``text``.
        text: The article text.
        published: The publication date, for relative dates.
        country_codes: The countries where the article's events happen, most likely first
            (:func:`summarizer.text.places.location_countries`), for place names.
    """
    warnings: list[str] = []
    country, admin1 = normalize_places(draft, country_codes or [])
    home = country_name(country_codes[0]) if country_codes else None
    evidence = list(evidence)
    fatalities, fatalities_qualifier = None, None
    if draft.fatalities is not None:
        grounded = _ground_count(draft.fatalities, evidence, text)
        if grounded is None:
            warnings.append(
                f"fatalities {draft.fatalities} dropped: no sentence reports that many killed"
            )
        else:
            count, extra = grounded
            fatalities, fatalities_qualifier = count.value, count.qualifier
            if extra is not None:
                evidence.append(extra)
    strikes = [c for item in evidence for c in strike_counts(item.quote)]
    event_date, precision = resolve_event_date(draft.date_text, published)
    event = Event(
        event_type=event_type_of(draft.sub_event_type),
        sub_event_type=draft.sub_event_type,
        actor1=_actor(draft.actor1, home),
        assoc_actor_1=_unique([canonical_actor(a, home) for a in draft.assoc_actor_1]),
        actor2=_actor(draft.actor2, home),
        assoc_actor_2=_unique([canonical_actor(a, home) for a in draft.assoc_actor_2]),
        country=country,
        admin1=None,
        location=normalize_location(draft.location, country_codes or []),
        date_text=_tidy(draft.date_text),
        event_date=event_date,
        time_precision=precision,
        fatalities=fatalities,
        fatalities_qualifier=fatalities_qualifier,
        strike_count=strikes[0].value if strikes else None,
        strike_count_qualifier=strikes[0].qualifier if strikes else None,
        claim_status=draft.claim_status,
        attributed_to=_tidy(draft.attributed_to),
        evidence=evidence,
    )
    return NormalizedEvent(event=event, admin1=admin1, warnings=warnings)
