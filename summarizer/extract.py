"""The pipeline for one article: prepare -> extract -> ground -> normalize -> consolidate.

:class:`Pipeline` is pure with respect to caching and batching: it asks its backend for a
:class:`~summarizer.draft.Draft`, then deterministically turns the draft into the public
:class:`~summarizer.schemas.ArticleSummary`, recording every correction in ``meta.warnings``.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from summarizer.backends.base import Backend
from summarizer.config import Sampling
from summarizer.consolidate import consolidate
from summarizer.dates import parse_date
from summarizer.draft import SMALL_MODEL_MAX_EVENTS, Draft, schema_hash
from summarizer.gazetteer import location_countries
from summarizer.normalize import NormalizedEvent, ground_quotes, normalize_event
from summarizer.prepare import PreparedArticle, prepare
from summarizer.schemas import Article, ArticleSummary, RunMeta, Usage
from summarizer.strategies import Strategy, StrategyName, make_strategy
from summarizer.version import __version__

__all__ = ["REMOTE_MAX_EVENTS", "Pipeline"]

REMOTE_MAX_EVENTS = 20


class Pipeline:
    """Summarize one article with one backend.

    Args:
        backend: The model backend.
        sampling: Sampling parameters for every call.
        strategy: ``one-call``, ``decomposed`` or ``decomposed-checked``; by default
            ``decomposed`` for the embedded model and ``one-call`` for every other backend.
        max_events: Events a one-call draft may hold; by default 5 for the embedded model
            (its output must stay bounded) and 20 for other backends.
    """

    def __init__(
        self,
        backend: Backend,
        sampling: Sampling | None = None,
        strategy: StrategyName | None = None,
        max_events: int | None = None,
    ) -> None:
        self.backend = backend
        self.sampling = sampling or Sampling()
        small = backend.name == "embedded"
        default: StrategyName = "decomposed" if small else "one-call"
        cap = max_events or (SMALL_MODEL_MAX_EVENTS if small else REMOTE_MAX_EVENTS)
        self.strategy: Strategy = make_strategy(strategy or default, cap)
        self._provenance = {
            "package_version": __version__,
            "backend": backend.name,
            "model": backend.model,
            "endpoint": backend.endpoint,
            "strategy": self.strategy.name,
            "prompt_hash": self.strategy.prompt_hash,
            "schema_hash": schema_hash(self.strategy.draft_model),
        }

    def fingerprint(self) -> dict[str, Any]:
        """Everything besides the article that can change the answer (the cache key's base)."""
        return {**self._provenance, "sampling": asdict(self.sampling)}

    def run(self, article: Article) -> ArticleSummary:
        """Summarize one article.

        Raises:
            BackendError: The backend could not produce a valid draft.

        """
        started = time.perf_counter()
        prepared = prepare(article)
        draft, usage = self.strategy.draft(prepared, self.backend, self.sampling)
        return self._assemble(prepared, draft, usage, started)

    def _assemble(
        self, prepared: PreparedArticle, draft: Draft, usage: Usage, started: float
    ) -> ArticleSummary:
        article = prepared.article
        published = article.published or parse_date(draft.published)
        countries = location_countries(prepared.text) if draft.events else []
        warnings: list[str] = []
        normalized: list[NormalizedEvent] = []
        for index, draft_event in enumerate(draft.events):
            evidence, failed = ground_quotes(draft_event.evidence, prepared.text)
            for quote in failed:
                warnings.append(f"event {index}: quote not found in the article: {quote[:80]!r}")
            if not evidence:
                warnings.append(f"event {index} dropped: none of its quotes is in the article")
                continue
            item = normalize_event(draft_event, evidence, prepared.text, published, countries)
            warnings.extend(f"event {index}: {w}" for w in item.warnings)
            normalized.append(item)
        meta = RunMeta(
            **self._provenance,
            usage=usage,
            seconds=round(time.perf_counter() - started, 3),
            warnings=warnings,
        )
        return ArticleSummary(
            article_id=article.id,
            title=_clean(draft.title),
            outlet=_clean(draft.outlet),
            published=published,
            summary=" ".join(draft.summary.split()),
            key_points=[" ".join(p.split()) for p in draft.key_points if p.strip()],
            events=consolidate(normalized),
            meta=meta,
        )


def _clean(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None
