"""What a later sentence adds to a record: who claimed or was blamed, a denial, a toll.

"Local authorities attributed the attack to Boko Haram", "The army denied ...", "The driver
was killed." report no incident of their own; they complete the one reported before them.
"""

from __future__ import annotations

import re

from summarizer.pipeline.draft import DraftEvent
from summarizer.rules import lexicon, sentence_facts
from summarizer.rules.actors import roles
from summarizer.rules.reading import Context, clip
from summarizer.schemas import ClaimStatus

__all__ = ["add_toll", "credit"]


_DENIAL = re.compile(r"\b(?:denied|denies|rejected)\b", re.IGNORECASE)


def credit(event: DraftEvent, sentence: str, context: Context) -> DraftEvent:
    """The event just reported, with what a claim, blame or denial sentence adds to it.

    "Local authorities attributed the attack to Boko Haram" names the perpetrator of an
    event whose perpetrator was unknown; "The army denied ..." makes it denied.
    """
    update: dict[str, object] = {}
    killed = sentence_facts.fatalities(sentence)
    if event.fatalities is None and killed is not None:  # "No casualties were reported, and ..."
        update["fatalities"] = killed
        update["evidence"] = [*event.evidence, clip(sentence, 0)]
    if _DENIAL.search(sentence):
        update["claim_status"] = ClaimStatus.DENIED
    elif event.actor1 is None or event.actor1.startswith("Unidentified"):
        perpetrator = _blamed(sentence, context) or _claimant(sentence, context)
        if perpetrator:
            update["actor1"] = perpetrator
    return event.model_copy(update=update) if update else event


_NOT_PERPETRATORS = ("Civilians", "Protesters", "Rioters", "Unidentified")


def _blamed(sentence: str, context: Context) -> str | None:
    """Who a blame sentence names after its cue ("Residents blamed the Ethiopian military")."""
    at = lexicon.perpetrator_named_at(sentence)
    if at is None:
        return None
    tail = sentence[at:]
    named = roles(tail, len(tail), context.home_country, context.acronyms, keep_sources=True)
    if named.actor1 and not named.actor1.startswith(_NOT_PERPETRATORS):
        return named.actor1
    return None


def _claimant(sentence: str, context: Context) -> str | None:
    """The armed group a claim sentence names ("Boko Haram claimed responsibility").

    State forces here are the report's sources ("the army said"), not the perpetrators.
    """
    named = roles(
        sentence, len(sentence), context.home_country, context.acronyms, keep_sources=True
    )
    return next(
        (
            a
            for a in (named.actor1, named.actor2)
            if a and not a.startswith(("Police", "Military", *_NOT_PERPETRATORS))
        ),
        None,
    )


def add_toll(event: DraftEvent, sentence: str) -> DraftEvent:
    """The event with the toll a following sentence gives, when it had none.

    "The strikes made it possible to neutralise about twenty terrorists." A sentence that
    reports no event of its own but counts the dead right after an event counts its dead.
    """
    killed = sentence_facts.fatalities(sentence)
    if killed is None or lexicon.is_background(sentence) or lexicon.is_planned(sentence):
        return event
    return event.model_copy(
        update={"fatalities": killed, "evidence": [*event.evidence, clip(sentence, 0)]}
    )
