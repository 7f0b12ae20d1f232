"""The hand-labeled gold set: pydantic models, loading and validation.

The files in ``evals/gold/`` are copies of ``../shared/gold/`` (the source of truth); a test
checks that they agree. Format: ``evals/gold/FORMAT.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from summarizer.schemas import SUB_EVENT_TYPES, ClaimStatus, EventType, Quantity, SubEventType
from summarizer_evals.paths import GOLD_DIR

__all__ = ["GOLD_DIR", "Aliases", "GoldArticle", "GoldEvent", "load_aliases", "load_gold"]


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldEvent(_Gold):
    """One labeled event; ``admin1`` is a list (one unit per entry when scored)."""

    required: bool
    event_type: EventType
    sub_event_type: SubEventType
    actor1: str | None
    assoc_actor_1: list[str] = Field(default_factory=list)
    actor2: str | None
    assoc_actor_2: list[str] = Field(default_factory=list)
    country: str | None
    admin1: list[str] = Field(default_factory=list)
    location: str | None
    date_text: str | None
    date: dt.date | None
    fatalities: int | None
    fatalities_qualifier: Quantity | None
    strike_count: int | None = None
    strike_count_qualifier: Quantity | None = None
    claim_status: ClaimStatus
    attributed_to: str | None
    evidence: list[str] = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GoldEvent:
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            raise ValueError(f"{self.sub_event_type} is not a {self.event_type} sub-event type")
        return self


class GoldArticle(_Gold):
    """One labeled article."""

    article_id: str
    source_file: str
    title: str | None
    outlet: str | None
    published: dt.date | None
    original_source: str | None
    summary_reference: str
    key_facts: list[str]
    events: list[GoldEvent]
    non_events: list[str] = Field(default_factory=list)
    text: str = Field(default="", description="The article text, loaded from the seed file.")

    @model_validator(mode="after")
    def _evidence_is_in_the_text(self) -> GoldArticle:
        if self.text:
            for event in self.events:
                for quote in event.evidence:
                    if quote not in self.text:
                        raise ValueError(f"{self.article_id}: evidence not in text: {quote!r}")
        return self


class Aliases(_Gold):
    """Canonical names and the surface forms that count as the same (actors and admin1)."""

    actors: dict[str, list[str]]
    admin1: dict[str, list[str]]

    @cached_property
    def _actor_index(self) -> dict[str, str]:
        return _index(self.actors)

    @cached_property
    def _admin1_index(self) -> dict[str, str]:
        return _index(self.admin1)

    def actor(self, name: str | None) -> str | None:
        """The canonical actor for a surface form (``None`` stays ``None``)."""
        return _resolve(name, self._actor_index)

    def place(self, name: str | None) -> str | None:
        """The canonical admin1 for a surface form."""
        return _resolve(name, self._admin1_index)


def normalize_name(name: str) -> str:
    """Fold a name for comparison: case, punctuation, a leading article."""
    folded = re.sub(r"[^\w\s]", " ", name.casefold().replace("\u2019", "'"))
    folded = " ".join(folded.split())
    return re.sub(r"^the ", "", folded)


def _index(table: dict[str, list[str]]) -> dict[str, str]:
    """Folded surface form -> canonical name; a form listed under two names counts for none.

    (A canonical name always stands for itself.)
    """
    claims: dict[str, set[str]] = {}
    for canonical, forms in table.items():
        for form in forms:
            claims.setdefault(normalize_name(form), set()).add(canonical)
    index = {form: next(iter(names)) for form, names in claims.items() if len(names) == 1}
    index.update({normalize_name(canonical): canonical for canonical in table})
    return index


def _resolve(name: str | None, index: dict[str, str]) -> str | None:
    """Exact alias match after folding; else the longest alias found as whole words inside."""
    if name is None or not name.strip():
        return None
    folded = normalize_name(name)
    if folded in index:
        return index[folded]
    padded = f" {folded} "
    inside = [form for form in index if f" {form} " in padded]
    if inside:
        return index[max(inside, key=len)]
    return name.strip()


def load_aliases(directory: Path = GOLD_DIR) -> Aliases:
    """Load ``aliases.json`` and, when the set has one, every ``../aliases/*.json`` beside it.

    A set labeled by several annotators keeps one alias file per batch; their tables merge.
    """
    paths = [directory / "aliases.json", *sorted((directory.parent / "aliases").glob("*.json"))]
    actors: dict[str, list[str]] = {}
    admin1: dict[str, list[str]] = {}
    for path in paths:
        if not path.is_file():
            continue
        table = Aliases.model_validate_json(path.read_text(encoding="utf-8"))
        for merged, part in ((actors, table.actors), (admin1, table.admin1)):
            for canonical, forms in part.items():
                merged.setdefault(canonical, []).extend(forms)
    return Aliases(actors=actors, admin1=admin1)


def load_gold(directory: Path = GOLD_DIR, seeds_dir: Path | None = None) -> list[GoldArticle]:
    """Load and validate every gold article, with its text from ``seeds_dir``.

    Args:
        directory: The gold directory.
        seeds_dir: Where the articles are (default: ``seeds/`` at the repo root).

    Raises:
        pydantic.ValidationError: A label breaks the format, or evidence is not in the text.

    """
    seeds_dir = seeds_dir or directory.parent.parent / "seeds"
    articles = []
    for path in sorted(directory.glob("*.json")):
        if path.name == "aliases.json":
            continue
        raw = json.loads(path.read_text(encoding="utf-8"))
        raw["text"] = (seeds_dir / raw["source_file"]).read_text(encoding="utf-8")
        articles.append(GoldArticle.model_validate(raw))
    return articles
