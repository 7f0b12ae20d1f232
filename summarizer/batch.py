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
import itertools
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
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
    "not_attempted",
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
    """What a batch produced and what it cost.

    ``outcomes`` holds every outcome in input order when the batch keeps them (the API's
    default); a streaming run (``keep=False``, the CLI) writes them as they come and keeps
    only the failures and the tallies, so its memory does not grow with the batch.
    """

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    succeeded: int = 0
    """Articles summarized (cache hits included)."""
    cache_hits: int = 0
    """Summaries served from the cache."""
    usage: Usage = field(default_factory=Usage)
    """Tokens spent in this batch, failed attempts included (cache hits cost nothing)."""
    failures: list[ArticleFailure] = field(default_factory=list)
    """The articles that failed, with the reason (always kept)."""

    @property
    def summaries(self) -> list[ArticleSummary]:
        """The articles that succeeded (only when the outcomes were kept)."""
        return [o for o in self.outcomes if isinstance(o, ArticleSummary)]

    def tally(self, outcome: Outcome) -> None:
        """Count one outcome."""
        if isinstance(outcome, ArticleSummary):
            self.succeeded += 1
            if outcome.meta.cache_hit:
                self.cache_hits += 1
            else:
                self.usage = self.usage + outcome.meta.usage
        else:
            self.failures.append(outcome)
            self.usage = self.usage + outcome.usage


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
    keep: bool = True,
    executor: Executor | None = None,
    task: Callable[[Article], Outcome] | None = None,
) -> BatchReport:
    """Summarize articles, at most ``concurrency`` at once, reading ``articles`` as a stream.

    At most ``2 * concurrency`` articles are read ahead of the ones finished, so an input
    of any length runs in bounded memory (with ``keep=False``). ``on_outcome`` is called as
    each article finishes (in completion order), from the calling thread, so it may write
    files or advance a progress bar without locks. When the batch stops on a fatal error,
    every unfinished article (those not yet read too) is reported as not attempted before
    the error is raised.

    Args:
        summarize: Summarizes one article (raises on failure).
        articles: The articles, read lazily.
        concurrency: Articles in flight at once.
        on_outcome: Called with each outcome as it comes.
        keep: Keep every outcome in the report (``False``: only failures and tallies).
        executor: Where articles run (default: a pool of ``concurrency`` threads); a
            process pool runs ``task`` (a picklable function) instead of ``summarize``.
        task: The function submitted to ``executor`` (default: ``summarize`` made safe).

    """
    started = time.perf_counter()
    report = BatchReport()
    ordered: list[tuple[int, Outcome]] = []
    pending: dict[Future[Outcome], tuple[int, Article]] = {}
    source = enumerate(articles)
    pool = executor or ThreadPoolExecutor(max_workers=concurrency)

    def submit(article: Article) -> Future[Outcome]:
        if task is not None:
            return pool.submit(task, article)
        return pool.submit(summarize_safely, summarize, article)

    unreachable = 0
    stopped = False

    def record(index: int, outcome: Outcome) -> None:
        report.tally(outcome)
        if keep:
            ordered.append((index, outcome))
        if on_outcome:
            on_outcome(outcome)

    try:
        for index, article in itertools.islice(source, 2 * concurrency):
            pending[submit(article)] = (index, article)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: pending[f][0]):  # input order
                index, _article = pending.pop(future)
                outcome = future.result()
                record(index, outcome)
                lost = isinstance(outcome, ArticleFailure) and outcome.error == (
                    ServerUnreachableError.__name__
                )
                unreachable = unreachable + 1 if lost else 0
                if unreachable >= UNREACHABLE_IN_A_ROW:
                    raise ServerUnreachableError(
                        f"the model server was unreachable for {unreachable} articles in a row"
                    )
                for next_index, article in itertools.islice(source, 1):
                    pending[submit(article)] = (next_index, article)
    except BaseException as exc:
        stopped = True
        if isinstance(exc, SummarizerError) and on_outcome is not None:
            unfinished = sorted(pending.values(), key=lambda pair: pair[0])
            for index, article in itertools.chain(unfinished, source):
                record(index, not_attempted(article, exc))
        raise
    finally:
        # On Ctrl-C or a fatal error, do not wait for requests in flight: cancel the rest.
        if executor is None:
            pool.shutdown(wait=not stopped, cancel_futures=True)
    report.outcomes = [outcome for _, outcome in sorted(ordered, key=lambda pair: pair[0])]
    report.seconds = time.perf_counter() - started
    return report


def not_attempted(article: Article, exc: BaseException) -> ArticleFailure:
    """The record of an article the batch stopped before."""
    return ArticleFailure(
        article_id=article.id,
        error=NOT_ATTEMPTED,
        message=f"not attempted: the batch stopped ({type(exc).__name__}: {exc})",
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
    report = BatchReport()
    for outcome in outcomes:
        report.tally(outcome)
    report.outcomes = list(outcomes)
    report.seconds = time.perf_counter() - started
    return report
