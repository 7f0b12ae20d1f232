"""The service's bounded batch queue: batches wait in line, one background thread runs them.

The queue holds at most ``max_queue`` articles at once (queued batches, the batch in work,
and single summaries in flight, together); past that :meth:`BatchQueue.submit` and
:meth:`BatchQueue.slot` raise :class:`QueueFullError` with a retry estimate. Each batch runs
through :meth:`Summarizer.summarize_many` as ``summarizer run`` runs one (the same
concurrency, cache, and failure records; a fatal error stops the batch and every article
not finished is recorded as not attempted), so every article of a batch ends with exactly
one outcome line. Finished batches are kept for reading (the newest ``keep_finished``).
No web framework is imported here.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from summarizer.api import Summarizer
from summarizer.batch import Outcome, not_attempted
from summarizer.errors import ClosedError
from summarizer.schemas import Article, ArticleSummary

__all__ = ["Batch", "BatchQueue", "BatchStatus", "BatchTooLargeError", "QueueFullError"]

BatchStatus = Literal["queued", "running", "done", "failed"]
"""``failed``: a fatal error (no model reachable, bad credentials) stopped the batch; the
articles it did not finish have ``NotAttempted`` failure lines."""


class QueueFullError(Exception):
    """The queue holds too many articles to take these now; retry after ``retry_after`` s."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BatchTooLargeError(Exception):
    """The batch holds more articles than the whole queue: it can never be accepted."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Batch:
    """One submitted batch: its articles until it runs, then its outcomes as they come."""

    id: str
    total: int
    articles: list[Article] | None
    status: BatchStatus = "queued"
    outcomes: list[Outcome] = field(default_factory=list)
    succeeded: int = 0
    failed: int = 0
    cache_hits: int = 0
    error: str | None = None
    created: dt.datetime = field(default_factory=_now)
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _watchers: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = field(
        default_factory=list, repr=False
    )

    @property
    def is_finished(self) -> bool:
        """Whether every article has its outcome."""
        return self.status in ("done", "failed")

    def add(self, outcome: Outcome) -> None:
        """Record one outcome (from the worker thread) and wake the readers."""
        with self._lock:
            self.outcomes.append(outcome)
            if isinstance(outcome, ArticleSummary):
                self.succeeded += 1
                self.cache_hits += outcome.meta.cache_hit
            else:
                self.failed += 1
        self._notify()

    def read_from(self, index: int) -> tuple[list[Outcome], bool]:
        """The outcomes from ``index`` on, and whether the batch had finished."""
        with self._lock:
            return self.outcomes[index:], self.is_finished

    def watch(self, event: asyncio.Event) -> None:
        """Set ``event`` (on the running loop) whenever an outcome comes or the batch ends."""
        with self._lock:
            self._watchers.append((asyncio.get_running_loop(), event))

    def unwatch(self, event: asyncio.Event) -> None:
        """Stop setting ``event``."""
        with self._lock:
            self._watchers = [(loop, ev) for loop, ev in self._watchers if ev is not event]

    def _notify(self) -> None:
        with self._lock:
            watchers = list(self._watchers)
        for loop, event in watchers:
            with contextlib.suppress(RuntimeError):  # the loop has closed: nobody reads
                loop.call_soon_threadsafe(event.set)

    def mark_running(self) -> None:
        """The worker took the batch."""
        with self._lock:
            self.status = "running"
            self.started = _now()

    def mark_finished(self, error: str | None) -> None:
        """Every article has its outcome; ``error`` is the fatal one that stopped it."""
        with self._lock:
            self.status = "failed" if error else "done"
            self.error = error
            self.finished = _now()
            self.articles = None  # the texts are no longer needed: free them
        self._notify()


class BatchQueue:
    """A bounded FIFO of batches, run one at a time by a background thread.

    Args:
        summarizer: The app's shared summarizer (the queue never closes it).
        max_queue: Articles held at once, batches and single summaries together.
        keep_finished: Finished batches kept for reading; older ones are forgotten.

    """

    def __init__(self, summarizer: Summarizer, *, max_queue: int, keep_finished: int = 100) -> None:
        if max_queue < 1:
            raise ValueError("max_queue must be at least 1")
        self.summarizer = summarizer
        self.max_queue = max_queue
        self.keep_finished = keep_finished
        self._cond = threading.Condition()
        self._waiting: deque[Batch] = deque()
        self._batches: OrderedDict[str, Batch] = OrderedDict()
        self._pending = 0
        self._stopping = False
        self._seconds_per_article = 1.0  # how fast the queue drains (moving average)
        self._last_outcome = time.monotonic()
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        """Articles accepted and not finished yet."""
        with self._cond:
            return self._pending

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop` was called: no new work is taken."""
        return self._stopping

    def start(self) -> None:
        """Start the worker thread (once)."""
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._work, name="summarizer-batches", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        """Take no more work; the queued batches end at once, their articles not attempted.

        The batch in work goes on until its articles end: close the summarizer too for a
        quick stop (the articles not started then fail with ``ClosedError``), then
        :meth:`join`.
        """
        with self._cond:
            self._stopping = True
            abandoned = list(self._waiting)
            self._waiting.clear()
            self._cond.notify_all()
        reason = ClosedError("the service is shutting down")
        for batch in abandoned:
            self._run_out(batch, reason)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the worker to end (after :meth:`stop`); ``False`` if ``timeout`` passed."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def submit(self, articles: list[Article]) -> Batch:
        """Queue a batch.

        Raises:
            BatchTooLargeError: More articles than ``max_queue``.
            QueueFullError: No room for them now (or the service is stopping).

        """
        count = len(articles)
        if count > self.max_queue:
            raise BatchTooLargeError(
                f"a batch holds at most {self.max_queue} articles; this one has {count}"
            )
        with self._cond:
            self._reserve(count)
            batch = Batch(id=uuid.uuid4().hex, total=count, articles=articles)
            self._batches[batch.id] = batch
            self._waiting.append(batch)
            self._forget_old()
            self._cond.notify_all()
        return batch

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one article's place while a single summary runs.

        Raises:
            QueueFullError: The queue is full.

        """
        with self._cond:
            self._reserve(1)
        try:
            yield
        finally:
            with self._cond:
                self._pending -= 1

    def get(self, batch_id: str) -> Batch | None:
        """The batch with this id, if it is still known."""
        with self._cond:
            return self._batches.get(batch_id)

    def _reserve(self, count: int) -> None:
        """Count ``count`` more articles in (the condition is held)."""
        if self._stopping:
            raise QueueFullError("the service is shutting down", retry_after=30)
        excess = self._pending + count - self.max_queue
        if excess > 0:
            wait = math.ceil(excess * self._seconds_per_article)
            raise QueueFullError(
                f"the queue holds {self._pending} of at most {self.max_queue} articles",
                retry_after=min(max(wait, 1), 600),
            )
        self._pending += count

    def _forget_old(self) -> None:
        """Drop the oldest finished batches past ``keep_finished`` (the condition is held)."""
        finished = [b.id for b in self._batches.values() if b.is_finished]
        for batch_id in finished[: max(len(finished) - self.keep_finished, 0)]:
            del self._batches[batch_id]

    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._waiting and not self._stopping:
                    self._cond.wait(timeout=1.0)
                if self._stopping:
                    return
                batch = self._waiting.popleft()
            self._run(batch)

    def _run(self, batch: Batch) -> None:
        articles = batch.articles or []
        batch.mark_running()
        with self._cond:
            self._last_outcome = time.monotonic()

        def record(outcome: Outcome) -> None:
            batch.add(outcome)
            now = time.monotonic()
            with self._cond:
                self._pending -= 1
                spent = now - self._last_outcome
                self._seconds_per_article = 0.8 * self._seconds_per_article + 0.2 * spent
                self._last_outcome = now

        try:
            self.summarizer.summarize_many(articles, on_outcome=record, keep=False)
        except Exception as exc:  # fatal (or a bug): no article is lost, nor the worker
            self._run_out(batch, exc, articles)
        else:
            self._run_out(batch, None, articles)

    def _run_out(
        self, batch: Batch, exc: BaseException | None, articles: list[Article] | None = None
    ) -> None:
        """Finish ``batch``: an outcome for every article without one, then the status."""
        if articles is None:
            articles = batch.articles or []
        seen = {outcome.article_id for outcome in batch.read_from(0)[0]}
        missing = [a for a in articles if a.id not in seen]
        for article in missing:
            batch.add(not_attempted(article, exc or RuntimeError("no outcome")))
        with self._cond:
            self._pending -= len(missing)
            self._cond.notify_all()
        batch.mark_finished(f"{type(exc).__name__}: {exc}" if exc else None)
