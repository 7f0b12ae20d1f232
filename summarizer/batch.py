"""Many articles at once: bounded concurrency, per-article failures recorded, never lost.

Failures of one article (invalid output, truncation, refusal, transient errors that outlived
their retries, a server unreachable through one article's retry budget) become
:class:`~summarizer.schemas.ArticleFailure` records and the batch goes on. Failures that doom
every article (bad credentials, a missing model, bad settings, or the server unreachable for
:data:`UNREACHABLE_IN_A_ROW` articles in a row) stop the batch: every article not finished is
recorded as not attempted (through ``on_outcome`` too), then the error is raised. No article
is ever lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from summarizer.errors import (
    AuthenticationError,
    BackendError,
    BackendUnavailableError,
    ConfigurationError,
    ServerUnreachableError,
    SummarizerError,
)
from summarizer.schemas import Article, ArticleFailure, ArticleSummary, Usage

__all__ = [
    "UNREACHABLE_IN_A_ROW",
    "BatchReport",
    "Outcome",
    "run_batch",
    "run_batch_async",
    "summarize_safely",
]

Outcome = ArticleSummary | ArticleFailure
OutcomeCallback = Callable[[Outcome], None]
FATAL = (BackendUnavailableError, AuthenticationError, ConfigurationError)
UNREACHABLE_IN_A_ROW = 3
"""Articles in a row that cannot reach the server before the batch stops."""
NOT_ATTEMPTED = "NotAttempted"


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
        """Tokens spent in this batch, failed attempts included (cache hits cost nothing)."""
        total = Usage()
        for summary in self.summaries:
            if not summary.meta.cache_hit:
                total = total + summary.meta.usage
        for failure in self.failures:
            total = total + failure.usage
        return total


def _failure(article: Article, exc: SummarizerError) -> ArticleFailure:
    spent = exc.usage if isinstance(exc, BackendError) else None
    return ArticleFailure(
        article_id=article.id, error=type(exc).__name__, message=str(exc), usage=spent or Usage()
    )


def summarize_safely(summarize: Callable[[Article], ArticleSummary], article: Article) -> Outcome:
    """Run one article; turn a per-article error into a failure record.

    Raises:
        BackendUnavailableError, AuthenticationError, ConfigurationError: Fatal for the batch.

    """
    try:
        return summarize(article)
    except ServerUnreachableError as exc:  # this article's budget is spent; the batch decides
        return _failure(article, exc)
    except FATAL:
        raise
    except SummarizerError as exc:
        return _failure(article, exc)
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
    calling thread, so it may write files or advance a progress bar without locks. When the
    batch stops on a fatal error, every unfinished article is reported as not attempted
    before the error is raised.
    """
    started = time.perf_counter()
    items = list(articles)
    results: list[Outcome | None] = [None] * len(items)
    unreachable = 0
    pool = ThreadPoolExecutor(max_workers=concurrency)
    stopped = False
    try:
        futures: dict[Future[Outcome], int] = {
            pool.submit(summarize_safely, summarize, a): i for i, a in enumerate(items)
        }
        for future in as_completed(futures):
            outcome = future.result()
            results[futures[future]] = outcome
            if on_outcome:
                on_outcome(outcome)
            lost = isinstance(outcome, ArticleFailure) and outcome.error == (
                ServerUnreachableError.__name__
            )
            unreachable = unreachable + 1 if lost else 0
            if unreachable >= UNREACHABLE_IN_A_ROW:
                raise ServerUnreachableError(
                    f"the model server was unreachable for {unreachable} articles in a row"
                )
    except BaseException as exc:
        stopped = True
        _record_not_attempted(items, results, exc, on_outcome)
        raise
    finally:
        # On Ctrl-C or a fatal error, do not wait for requests in flight: cancel the rest.
        pool.shutdown(wait=not stopped, cancel_futures=True)
    return BatchReport(
        outcomes=[r for r in results if r is not None], seconds=time.perf_counter() - started
    )


def _record_not_attempted(
    items: list[Article],
    results: list[Outcome | None],
    exc: BaseException,
    on_outcome: OutcomeCallback | None,
) -> None:
    """Every article without an outcome gets one: not attempted, and why the batch stopped."""
    if not isinstance(exc, SummarizerError) or on_outcome is None:
        return
    for index, article in enumerate(items):
        if results[index] is None:
            results[index] = ArticleFailure(
                article_id=article.id,
                error=NOT_ATTEMPTED,
                message=f"not attempted: the batch stopped ({type(exc).__name__}: {exc})",
            )
            on_outcome(results[index])  # type: ignore[arg-type]


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
