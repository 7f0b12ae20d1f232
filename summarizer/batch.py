"""Many articles at once: bounded concurrency, per-article failures recorded, never lost.

Failures of one article (invalid output, truncation, refusal, transient errors that outlived
their retries) become :class:`~summarizer.schemas.ArticleFailure` records and the batch goes
on. Failures that doom every article (no model reachable, bad credentials, bad settings)
stop the batch by raising.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from summarizer.errors import (
    AuthenticationError,
    BackendUnavailableError,
    ConfigurationError,
    SummarizerError,
)
from summarizer.schemas import Article, ArticleFailure, ArticleSummary, Usage

__all__ = ["BatchReport", "Outcome", "run_batch", "run_batch_async", "summarize_safely"]

Outcome = ArticleSummary | ArticleFailure
OutcomeCallback = Callable[[Outcome], None]
FATAL = (BackendUnavailableError, AuthenticationError, ConfigurationError)


@dataclass
class BatchReport:
    """What a batch produced, in input order, and what it cost."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def summaries(self) -> list[ArticleSummary]:
        """The articles that succeeded."""
        return [o for o in self.outcomes if isinstance(o, ArticleSummary)]

    @property
    def failures(self) -> list[ArticleFailure]:
        """The articles that failed, with the reason."""
        return [o for o in self.outcomes if isinstance(o, ArticleFailure)]

    @property
    def cache_hits(self) -> int:
        """Summaries served from the cache."""
        return sum(1 for s in self.summaries if s.meta.cache_hit)

    @property
    def usage(self) -> Usage:
        """Tokens spent in this batch (cache hits cost nothing)."""
        total = Usage()
        for summary in self.summaries:
            if not summary.meta.cache_hit:
                total = total + summary.meta.usage
        return total


def summarize_safely(summarize: Callable[[Article], ArticleSummary], article: Article) -> Outcome:
    """Run one article; turn a per-article error into a failure record.

    Raises:
        BackendUnavailableError, AuthenticationError, ConfigurationError: Fatal for the batch.

    """
    try:
        return summarize(article)
    except FATAL:
        raise
    except SummarizerError as exc:
        return ArticleFailure(article_id=article.id, error=type(exc).__name__, message=str(exc))
    except Exception as exc:  # a bug must not lose the rest of the batch, nor this article
        return ArticleFailure(
            article_id=article.id, error=f"InternalError({type(exc).__name__})", message=str(exc)
        )


def run_batch(
    summarize: Callable[[Article], ArticleSummary],
    articles: Iterable[Article],
    *,
    concurrency: int = 1,
    on_outcome: OutcomeCallback | None = None,
) -> BatchReport:
    """Summarize articles with up to ``concurrency`` threads; outcomes keep input order.

    ``on_outcome`` is called as each article finishes (in completion order), from the
    calling thread, so it may write files or advance a progress bar without locks.
    """
    started = time.perf_counter()
    items = list(articles)
    results: list[Outcome | None] = [None] * len(items)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures: dict[Future[Outcome], int] = {
            pool.submit(summarize_safely, summarize, a): i for i, a in enumerate(items)
        }
        try:
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                if on_outcome:
                    on_outcome(outcome)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return BatchReport(
        outcomes=[r for r in results if r is not None], seconds=time.perf_counter() - started
    )


async def run_batch_async(
    summarize: Callable[[Article], ArticleSummary],
    articles: Iterable[Article],
    *,
    concurrency: int = 1,
    on_outcome: OutcomeCallback | None = None,
) -> BatchReport:
    """The async twin of :func:`run_batch`: articles run in worker threads, bounded."""
    started = time.perf_counter()
    semaphore = asyncio.Semaphore(concurrency)
    items = list(articles)

    async def one(article: Article) -> Outcome:
        async with semaphore:
            outcome = await asyncio.to_thread(summarize_safely, summarize, article)
        if on_outcome:
            on_outcome(outcome)
        return outcome

    outcomes = await asyncio.gather(*(one(a) for a in items))
    return BatchReport(outcomes=list(outcomes), seconds=time.perf_counter() - started)
