"""The Python API: :class:`Summarizer` and the one-line helpers built on it.

>>> from summarizer import summarize
>>> result = summarize("Russian jets struck ...", article_id="a1")  # doctest: +SKIP
>>> result.events[0].sub_event_type  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

from summarizer.batch import BatchReport, OutcomeCallback, run_batch, run_batch_async
from summarizer.cache import ResultCache, cache_key
from summarizer.config import Settings
from summarizer.errors import ClosedError, InputError
from summarizer.llm.backends import Backend, create_backend
from summarizer.pipeline.pipeline import Pipeline
from summarizer.schemas import Article, ArticleSummary
from summarizer.strategies import default_strategy, make_strategy

__all__ = ["Summarizer", "asummarize_many", "summarize", "summarize_many"]

ArticleLike = Article | str

logger = logging.getLogger(__name__)


def as_article(item: ArticleLike, article_id: str | None = None, published: Any = None) -> Article:
    """Accept an :class:`Article` or plain text (given an id, or ``"article"``)."""
    if isinstance(item, Article):
        return item
    date = dt.date.fromisoformat(published) if isinstance(published, str) else published
    return Article(id=article_id or "article", text=item, published=date)


class Summarizer:
    """Summarizes articles with one backend, through the cache.

    Args:
        settings: The configuration; :meth:`Settings.from_env` when omitted.
        backend: A ready backend (e.g. :class:`~summarizer.llm.backends.FakeBackend`); built from
            the settings when omitted.

    Use it as a context manager, or call :meth:`close`, to release the cache and HTTP client.
    Closing is safe while calls are in flight (say, after ``asyncio.wait_for`` cancelled an
    :meth:`asummarize_many`): no new article starts (:class:`~summarizer.errors.ClosedError`),
    the calls already running finish, and the cache and backend are released after the last
    one, so no thread ever uses a closed cache. :meth:`wait_closed` waits for that moment.

    """

    def __init__(self, settings: Settings | None = None, *, backend: Backend | None = None):
        self.settings = settings or Settings.from_env()
        self.backend = backend or create_backend(self.settings)
        self._own_backend = backend is None
        name = self.settings.strategy
        strategy = make_strategy(
            default_strategy(self.backend.name) if name == "auto" else name,
            backend_name=self.backend.name,
            max_events=self.settings.max_events,
            chunk_chars=self.settings.chunk_chars,
            passes=self.settings.passes,
            self_check=self.settings.self_check,
        )
        self.pipeline = Pipeline(self.backend, strategy, self.settings.sampling)
        self.cache = ResultCache(self.settings.cache_dir) if self.settings.use_cache else None
        self._guard = threading.Lock()
        self._in_flight = 0
        self._closing = False
        self._released = threading.Event()

    def summarize(
        self, article: ArticleLike, *, article_id: str | None = None, published: Any = None
    ) -> ArticleSummary:
        """Summarize one article (served from the cache when possible).

        Args:
            article: An :class:`Article`, or the article's text.
            article_id: The id for plain text (default ``"article"``).
            published: Publication date (``date`` or ISO string) for plain text.

        Raises:
            SummarizerError: The article could not be summarized.

        """
        item = as_article(article, article_id, published)
        self._start_call()
        started = time.perf_counter()
        try:
            summary = self._summarize(item)
        except Exception as exc:
            logger.warning(
                "failed",
                extra={"article_id": item.id, "error": type(exc).__name__, "detail": str(exc)},
            )
            raise
        finally:
            self._end_call()
        if logger.isEnabledFor(logging.INFO):
            _log_summarized(summary, time.perf_counter() - started)
        return summary

    def _summarize(self, item: Article) -> ArticleSummary:
        if len(item.text) > self.settings.max_chars:
            raise InputError(
                f"the article is {len(item.text):,} characters; the limit is "
                f"{self.settings.max_chars:,} (SUMMARIZER_MAX_CHARS)"
            )
        key = cache_key(self.pipeline.fingerprint(), item)
        if self.cache is not None and not self.settings.refresh:
            cached = self.cache.get(key, item.id)
            logger.debug(
                "cache hit" if cached is not None else "cache miss", extra={"article_id": item.id}
            )
            if cached is not None:
                return cached
        summary = self.pipeline.run(item)
        if self.cache is not None:
            self.cache.set(key, summary)
        return summary

    def summarize_many(
        self,
        articles: Iterable[ArticleLike],
        *,
        on_outcome: OutcomeCallback | None = None,
        keep: bool = True,
    ) -> BatchReport:
        """Summarize many articles; failures are recorded per article, not raised.

        ``articles`` is read as a stream (a few ahead of the work); with ``keep=False`` the
        report keeps only failures and tallies, so memory stays flat however many there
        are (hand each outcome to ``on_outcome``).
        """
        items = (as_article(a, f"article-{i}") for i, a in enumerate(articles))
        workers = self.settings.concurrency
        if not self.uses_processes:
            return run_batch(
                self.summarize, items, concurrency=workers, on_outcome=on_outcome, keep=keep
            )
        from summarizer.workers import process_pool, summarize_in_worker

        pool = process_pool(self.settings, workers)
        try:
            report = run_batch(
                self.summarize,
                items,
                concurrency=workers,
                on_outcome=on_outcome,
                keep=keep,
                executor=pool,
                task=summarize_in_worker,
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return report

    @property
    def uses_processes(self) -> bool:
        """Whether a batch runs in worker processes (see ``Settings.pool``)."""
        if self.settings.concurrency < 2 or self.settings.pool == "threads":
            return False
        if self.settings.pool == "processes":
            return True
        return self._own_backend and not self.pipeline.strategy.calls_model

    async def asummarize_many(
        self, articles: Iterable[ArticleLike], *, on_outcome: OutcomeCallback | None = None
    ) -> BatchReport:
        """Async :meth:`summarize_many`."""
        items = [as_article(a, f"article-{i}") for i, a in enumerate(articles)]
        return await run_batch_async(
            self.summarize, items, concurrency=self.settings.concurrency, on_outcome=on_outcome
        )

    def _start_call(self) -> None:
        with self._guard:
            if self._closing:
                raise ClosedError("the Summarizer is closed: no new article is started")
            self._in_flight += 1

    def _end_call(self) -> None:
        with self._guard:
            self._in_flight -= 1
            last = self._closing and self._in_flight == 0
        if last:
            self._release()

    def _release(self) -> None:
        try:
            if self.cache is not None:
                self.cache.close()
            self.backend.close()
        finally:
            self._released.set()

    def close(self) -> None:
        """Stop new work; release the cache and backend now, or when the last call ends."""
        with self._guard:
            if self._closing:
                return
            self._closing = True
            idle = self._in_flight == 0
        if idle:
            self._release()

    def wait_closed(self, timeout: float | None = None) -> bool:
        """Wait until :meth:`close` has released everything; ``False`` if ``timeout`` passed."""
        return self._released.wait(timeout)

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _log_summarized(summary: ArticleSummary, seconds: float) -> None:
    """The INFO line of one finished article (tokens spent now: none on a cache hit)."""
    hit = summary.meta.cache_hit
    usage = summary.meta.usage
    logger.info(
        "summarized",
        extra={
            "article_id": summary.article_id,
            "seconds": round(seconds, 3),
            "cache_hit": hit,
            "prompt_tokens": 0 if hit else usage.prompt_tokens,
            "completion_tokens": 0 if hit else usage.completion_tokens,
            "events": len(summary.events),
        },
    )


def summarize(
    article: ArticleLike,
    *,
    article_id: str | None = None,
    published: Any = None,
    settings: Settings | None = None,
    backend: Backend | None = None,
) -> ArticleSummary:
    """Summarize one article with settings from the environment (or those given)."""
    with Summarizer(settings, backend=backend) as summarizer:
        return summarizer.summarize(article, article_id=article_id, published=published)


def summarize_many(
    articles: Iterable[ArticleLike],
    *,
    settings: Settings | None = None,
    backend: Backend | None = None,
) -> BatchReport:
    """Summarize many articles; see :meth:`Summarizer.summarize_many`."""
    with Summarizer(settings, backend=backend) as summarizer:
        return summarizer.summarize_many(articles)


async def asummarize_many(
    articles: Iterable[ArticleLike],
    *,
    settings: Settings | None = None,
    backend: Backend | None = None,
) -> BatchReport:
    """Async :func:`summarize_many`."""
    with Summarizer(settings, backend=backend) as summarizer:
        return await summarizer.asummarize_many(articles)
