"""The public contract: pydantic models for articles, events and summaries.

Field names and vocabularies follow the ACLED codebook. This module imports nothing else
from the package, so every other layer may depend on it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

__all__ = [
    "SUB_EVENT_TYPES",
    "Article",
    "ArticleFailure",
    "ArticleSummary",
    "ClaimStatus",
    "Event",
    "EventType",
    "Evidence",
    "MatchKind",
    "Quantity",
    "RunMeta",
    "SubEventType",
    "Usage",
    "event_type_of",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventType(StrEnum):
    """ACLED event types."""

    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


class SubEventType(StrEnum):
    """ACLED sub-event types; each belongs to exactly one :class:`EventType`."""

    ARMED_CLASH = "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "Government regains territory"
    NON_STATE_ACTOR_OVERTAKES_TERRITORY = "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "Chemical weapon"
    AIR_DRONE_STRIKE = "Air/drone strike"
    SUICIDE_BOMB = "Suicide bomb"
    SHELLING = "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "Remote explosive/landmine/IED"
    GRENADE = "Grenade"
    SEXUAL_VIOLENCE = "Sexual violence"
    ATTACK = "Attack"
    ABDUCTION = "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "Protest with intervention"
    EXCESSIVE_FORCE = "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "Violent demonstration"
    MOB_VIOLENCE = "Mob violence"
    AGREEMENT = "Agreement"
    ARRESTS = "Arrests"
    CHANGE_TO_GROUP = "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "Disrupted weapons use"
    HEADQUARTERS_ESTABLISHED = "Headquarters or base established"
    LOOTING = "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "Non-violent transfer of territory"
    OTHER = "Other"


S = SubEventType
SUB_EVENT_TYPES: dict[EventType, frozenset[SubEventType]] = {
    EventType.BATTLES: frozenset(
        {S.ARMED_CLASH, S.GOVERNMENT_REGAINS_TERRITORY, S.NON_STATE_ACTOR_OVERTAKES_TERRITORY}
    ),
    EventType.EXPLOSIONS: frozenset(
        {
            S.CHEMICAL_WEAPON,
            S.AIR_DRONE_STRIKE,
            S.SUICIDE_BOMB,
            S.SHELLING,
            S.REMOTE_EXPLOSIVE,
            S.GRENADE,
        }
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: frozenset({S.SEXUAL_VIOLENCE, S.ATTACK, S.ABDUCTION}),
    EventType.PROTESTS: frozenset(
        {S.PEACEFUL_PROTEST, S.PROTEST_WITH_INTERVENTION, S.EXCESSIVE_FORCE}
    ),
    EventType.RIOTS: frozenset({S.VIOLENT_DEMONSTRATION, S.MOB_VIOLENCE}),
    EventType.STRATEGIC_DEVELOPMENTS: frozenset(
        {
            S.AGREEMENT,
            S.ARRESTS,
            S.CHANGE_TO_GROUP,
            S.DISRUPTED_WEAPONS_USE,
            S.HEADQUARTERS_ESTABLISHED,
            S.LOOTING,
            S.NON_VIOLENT_TRANSFER,
            S.OTHER,
        }
    ),
}
del S


class ClaimStatus(StrEnum):
    """Whose word an event rests on."""

    REPORTED = "reported"
    CLAIMED = "claimed"
    DENIED = "denied"
    ALLEGED = "alleged"


Quantity = Literal["exact", "over", "at least", "about", "up to", "dozens", "tens", "hundreds"]
"""Qualifier of a reported count ("over 70" -> ``over``; "dozens" -> ``dozens`` with 12)."""

MatchKind = Literal["exact", "normalized", "fuzzy"]
"""How an evidence quote was aligned to the article text."""


class Article(_Strict):
    """One input article."""

    id: str = Field(min_length=1, description="Stable id: the file stem or the JSONL id.")
    text: str = Field(min_length=1, description="The article text, as published.")
    published: dt.date | None = Field(
        default=None, description="Publication date, when the caller knows it."
    )
    metadata: dict[str, str] = Field(
        default_factory=dict,
        description="What the input said beside the text (url, title, source), kept as given.",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="What reading the input noticed (an encoding guessed); copied to meta.",
    )


class Evidence(_Strict):
    """A quote from the article, aligned to character offsets: ``text[start:end] == quote``."""

    quote: str = Field(min_length=1)
    start: NonNegativeInt
    end: NonNegativeInt
    match: MatchKind = "exact"

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.end - self.start != len(self.quote):
            raise ValueError("evidence span length must equal the quote length")
        return self


class Event(_Strict):
    """One ACLED-style event record: who did what to whom, where, when, how many killed."""

    event_type: EventType
    sub_event_type: SubEventType
    actor1: str | None = None
    assoc_actor_1: list[str] = Field(default_factory=list)
    actor2: str | None = None
    assoc_actor_2: list[str] = Field(default_factory=list)
    country: str | None = None
    admin1: str | None = Field(default=None, description="One first-level division per event.")
    location: str | None = None
    date_text: str | None = Field(default=None, description="The date as the article words it.")
    event_date: dt.date | None = None
    time_precision: Literal[1, 2, 3] | None = Field(
        default=None, description="ACLED: 1 day, 2 week, 3 month or coarser."
    )
    fatalities: NonNegativeInt | None = Field(
        default=None, description="Number killed as reported; null when the text gives none."
    )
    fatalities_qualifier: Quantity | None = None
    strike_count: NonNegativeInt | None = None
    strike_count_qualifier: Quantity | None = None
    claim_status: ClaimStatus = ClaimStatus.REPORTED
    attributed_to: str | None = None
    evidence: list[Evidence] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            raise ValueError(
                f"sub_event_type {self.sub_event_type.value!r} does not belong to "
                f"event_type {self.event_type.value!r}"
            )
        if (self.fatalities is None) != (self.fatalities_qualifier is None):
            raise ValueError("fatalities and fatalities_qualifier must both be set or both null")
        if (self.strike_count is None) != (self.strike_count_qualifier is None):
            raise ValueError(
                "strike_count and strike_count_qualifier must both be set or both null"
            )
        if (self.event_date is None) != (self.time_precision is None):
            raise ValueError("event_date and time_precision must both be set or both null")
        return self


class Usage(_Strict):
    """Tokens spent on one article (zero when served from the cache)."""

    prompt_tokens: NonNegativeInt = 0
    completion_tokens: NonNegativeInt = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class RunMeta(_Strict):
    """How a summary was produced: enough to reproduce it and to key the cache."""

    package_version: str
    backend: str
    model: str
    endpoint: str | None = None
    strategy: str
    prompt_hash: str
    schema_hash: str
    code_hash: str = Field(
        description="Hash of the code and data files that made the answer (cache key part)."
    )
    usage: Usage = Field(default_factory=Usage)
    seconds: float = Field(ge=0)
    cache_hit: bool = False
    warnings: list[str] = Field(
        default_factory=list, description="What the pipeline dropped or corrected, and why."
    )


class ArticleSummary(_Strict):
    """The structured summary of one article: one JSONL line of the CLI's output."""

    article_id: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    summary: str
    key_points: list[str] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    meta: RunMeta


class ArticleFailure(_Strict):
    """An article that could not be summarized: one JSONL line of the errors file."""

    article_id: str
    error: str = Field(description="The error class, e.g. 'TruncatedOutputError'.")
    message: str
    usage: Usage = Field(default_factory=Usage, description="Tokens the failed attempts spent.")


def event_type_of(sub_event_type: SubEventType) -> EventType:
    """The event type a sub-event type belongs to."""
    return next(t for t, subs in SUB_EVENT_TYPES.items() if sub_event_type in subs)
