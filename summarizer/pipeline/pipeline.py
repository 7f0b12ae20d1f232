"""The pipeline for one article: prepare -> extract -> ground -> normalize -> consolidate.

:class:`Pipeline` is pure with respect to caching and batching: it asks its backend for a
:class:`~summarizer.pipeline.draft.Draft`, then deterministically turns the draft into the public
:class:`~summarizer.schemas.ArticleSummary`, recording every correction in ``meta.warnings``.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from typing import Any

from summarizer.backend import Backend
from summarizer.config import Sampling
from summarizer.pipeline.consolidate import consolidate
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.ground import ground_quotes
from summarizer.pipeline.normalize import NormalizedEvent, normalize_event
from summarizer.pipeline.prepare import PreparedArticle, prepare
from summarizer.pipeline.provenance import provenance
from summarizer.pipeline.strategy import Strategy
from summarizer.schemas import Article, ArticleSummary, RunMeta, Usage
from summarizer.text.dates import parse_date
from summarizer.text.places import location_countries

__all__ = ["Pipeline"]


class Pipeline:
    """Summarize one article with one backend.

    Args:
        backend: The model backend.
        strategy: How drafts are obtained (:func:`summarizer.strategies.make_strategy`).
        sampling: Sampling parameters for every call.
    """

    def __init__(
        self, backend: Backend, strategy: Strategy, sampling: Sampling | None = None
    ) -> None:
        self.backend = backend
        self.strategy = strategy
        self.sampling = sampling or Sampling()
        self._provenance = provenance(backend, strategy)
        self._fingerprint = {
            **self._provenance,
            "backend_options": backend.options,
            "strategy_options": strategy.options,
            "sampling": asdict(self.sampling),
        }

    def fingerprint(self) -> dict[str, Any]:
        """Everything besides the article that can change the answer (the cache key's base).

        Built once per pipeline (backend, strategy and sampling are fixed); each call returns a
        new top-level dict.
        """
        return dict(self._fingerprint)

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
        warnings: list[str] = list(article.warnings)
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
