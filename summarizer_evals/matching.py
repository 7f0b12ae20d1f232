"""Event matching as FORMAT.md describes it: units per admin1, alias-aware, one-to-one.

Each event becomes one unit per admin1 (a single unit when it has none), for gold and
prediction alike. A predicted unit can match a gold unit when the event types are equal, the
actor agrees (through the aliases; a prediction may name one of the gold's associated actors;
a null gold actor1 accepts anyone; for Battles either side may come first) and admin1 agrees
(or the gold has none). Pairs are then chosen one-to-one, the best-scoring pair first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from summarizer.schemas import ArticleSummary, Event, EventType
from summarizer_evals.gold import Aliases, GoldArticle, GoldEvent

__all__ = ["Unit", "gold_units", "match_units", "predicted_units"]


@dataclass(frozen=True)
class Unit:
    """One event restricted to one admin1, with names resolved through the aliases."""

    event_index: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    assoc_actor_1: frozenset[str]
    admin1: str | None
    fatalities: int | None
    date: dt.date | None
    claim_status: str
    required: bool = True


def _unit(
    index: int,
    event: GoldEvent | Event,
    admin1: str | None,
    date: dt.date | None,
    aliases: Aliases,
    required: bool = True,
) -> Unit:
    return Unit(
        event_index=index,
        event_type=event.event_type.value,
        sub_event_type=event.sub_event_type.value,
        actor1=aliases.actor(event.actor1),
        actor2=aliases.actor(event.actor2),
        assoc_actor_1=frozenset(a for a in map(aliases.actor, event.assoc_actor_1) if a),
        admin1=aliases.place(admin1),
        fatalities=event.fatalities,
        date=date,
        claim_status=event.claim_status.value,
        required=required,
    )


def gold_units(article: GoldArticle, aliases: Aliases) -> list[Unit]:
    """Expand every gold event into its units."""
    return [
        _unit(index, event, admin1, event.date, aliases, event.required)
        for index, event in enumerate(article.events)
        for admin1 in (list[str | None](event.admin1) or [None])
    ]


def predicted_units(summary: ArticleSummary, aliases: Aliases) -> list[Unit]:
    """One unit per predicted event (predictions already carry one admin1 each)."""
    return [
        _unit(index, event, event.admin1, event.event_date, aliases)
        for index, event in enumerate(summary.events)
    ]


def actor_agrees(pred: Unit, gold: Unit) -> bool:
    """Whether the predicted acting side is the gold's, as FORMAT.md defines it."""
    if gold.actor1 is None:
        return True
    sides = {gold.actor1, *gold.assoc_actor_1}
    if gold.event_type == EventType.BATTLES.value and gold.actor2:
        sides.add(gold.actor2)
    return pred.actor1 in sides


def can_match(pred: Unit, gold: Unit) -> bool:
    """Whether a predicted unit may be paired with a gold unit."""
    return (
        pred.event_type == gold.event_type
        and actor_agrees(pred, gold)
        and (gold.admin1 is None or pred.admin1 == gold.admin1)
    )


def pair_score(pred: Unit, gold: Unit) -> tuple[int, int]:
    """How well a pair agrees beyond the match conditions; required gold breaks ties."""
    agreements = sum(
        (
            pred.sub_event_type == gold.sub_event_type,
            pred.actor1 == gold.actor1,
            pred.actor2 == gold.actor2,
            pred.admin1 == gold.admin1,
            pred.fatalities == gold.fatalities,
            gold.date is not None and pred.date == gold.date,
            pred.claim_status == gold.claim_status,
        )
    )
    return agreements, int(gold.required)


def match_units(preds: list[Unit], golds: list[Unit]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred index, gold index)``, best-scoring pair first."""
    candidates = sorted(
        (
            (pair_score(p, g), -pi, -gi, pi, gi)
            for pi, p in enumerate(preds)
            for gi, g in enumerate(golds)
            if can_match(p, g)
        ),
        reverse=True,
    )
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, _, _, pi, gi in candidates:
        if pi not in used_pred and gi not in used_gold:
            used_pred.add(pi)
            used_gold.add(gi)
            pairs.append((pi, gi))
    return sorted(pairs)
