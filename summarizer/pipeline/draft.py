"""The draft: what a strategy hands the pipeline, before grounding and normalization.

It is the generation schema a model fills (the one-call strategy) and the record the rules
assemble (the decomposed strategy), so it lives with the pipeline that consumes it.

Every string and list is bounded, so a constrained answer always ends within
``Sampling.max_tokens`` (3072 by default), however much a small model repeats itself; the
event cap is 5 for small models and can be raised for capable ones (:func:`draft_model`).
It is deliberately simpler than the public contract in :mod:`summarizer.schemas` so that
llama.cpp can compile it into a grammar: no regex patterns, bounded string lengths and list
sizes, every key required (nullable instead of optional), and only ``sub_event_type`` is asked
for, because it determines ``event_type`` (the pair cannot come out inconsistent).
The pipeline enforces the full rules when it turns a :class:`Draft` into an
:class:`~summarizer.schemas.ArticleSummary`. Constraints a grammar cannot enforce and that are
not worth a re-ask (empty strings, short quotes) are left to the pipeline, which drops them.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarizer.schemas import ArticleSummary, ClaimStatus, SubEventType

__all__ = ["Draft", "DraftEvent", "draft_model", "schema_hash"]

DEFAULT_MAX_EVENTS = 5
"""Events per draft unless a strategy asks for more: bounded output always ends."""

ShortText = Annotated[str, Field(max_length=80)]
Quote = Annotated[str, Field(max_length=250)]


class _Gen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Pydantic's JSON schema, built once per model and options (a fresh copy each time).

        Building it took about 5 ms, and every request asked three times (the backend, the
        chunk budget, instructor): most of the remote path's CPU per article.
        """
        key = (args, tuple(sorted(kwargs.items())))
        known = _SCHEMAS.setdefault(cls, {})
        text = known.get(key)
        if text is None:
            text = known[key] = json.dumps(super().model_json_schema(*args, **kwargs))
        return json.loads(text)  # type: ignore[no-any-return]


_SCHEMAS: weakref.WeakKeyDictionary[type, dict[tuple[Any, ...], str]] = weakref.WeakKeyDictionary()


class DraftEvent(_Gen):
    """One event as the model sees it: quotes first, then the fields they support."""

    evidence: list[Quote] = Field(
        min_length=1,
        max_length=2,
        description="Short quotes copied word for word from the article.",
    )
    sub_event_type: SubEventType = Field(description="ACLED sub-event type.")
    actor1: ShortText | None = Field(description="Who acted (the attacker).")
    assoc_actor_1: list[ShortText] = Field(max_length=2, description="Allies of actor1.")
    actor2: ShortText | None = Field(description="Who was acted upon (the target).")
    assoc_actor_2: list[ShortText] = Field(max_length=2, description="Allies of actor2.")
    country: ShortText | None
    admin1: list[ShortText] = Field(
        max_length=4, description="First-level divisions (governorate, province) named for it."
    )
    location: ShortText | None = Field(description="The most specific place named.")
    date_text: ShortText | None = Field(description="The date as written, e.g. 'on Tuesday'.")
    fatalities: int | None = Field(ge=0, le=1_000_000, description="Number killed, if given.")
    claim_status: ClaimStatus
    attributed_to: ShortText | None = Field(description="Whose account this is.")


class Draft(_Gen):
    """A whole article as the model drafts it."""

    title: Annotated[str, Field(max_length=200)] | None
    outlet: ShortText | None
    published: Annotated[str, Field(max_length=40)] | None = Field(
        description="Publication date as printed in the article, if any."
    )
    summary: Annotated[str, Field(min_length=1, max_length=800)]
    key_points: list[Annotated[str, Field(max_length=200)]] = Field(max_length=4)
    events: list[DraftEvent] = Field(max_length=DEFAULT_MAX_EVENTS)


@cache
def draft_model(max_events: int = DEFAULT_MAX_EVENTS) -> type[Draft]:
    """The generation schema allowing up to ``max_events`` events (same name and fields)."""
    if max_events == DEFAULT_MAX_EVENTS:
        return Draft
    model: type[Draft] = create_model(
        "Draft",
        __base__=Draft,
        __doc__=Draft.__doc__,
        events=(list[DraftEvent], Field(max_length=max_events)),
    )
    return model


def schema_hash(model: type[Draft] = Draft) -> str:
    """Hash of the generation schema and the public contract: part of the cache key."""
    payload = json.dumps(
        [model.model_json_schema(), ArticleSummary.model_json_schema()], sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]
