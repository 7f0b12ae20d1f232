"""Retrying one request to an OpenAI-compatible server: deadlines, backoff, the 429 budget.

A 429 holds every request of the batch (through the shared
:class:`~summarizer.llm.backends.rate_limit.RateLimiter`) for the server's ``Retry-After``;
other transient failures (5xx, timeouts, connection errors) wait an exponential backoff with
jitter, within their own budget.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import openai
from tenacity import RetryCallState

from summarizer.llm.backends.rate_limit import RateLimiter, retry_after_seconds

__all__ = [
    "RATE_LIMIT_RETRIES",
    "TRANSIENT",
    "RequestDeadlineExceeded",
    "RetryBudget",
    "backoff_seconds",
    "is_transient",
    "within",
]

R = TypeVar("R")

logger = logging.getLogger(__name__)


class RequestDeadlineExceeded(Exception):
    """A request did not finish within ``--timeout`` seconds (a slow drip counts in full)."""


TRANSIENT = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    RequestDeadlineExceeded,
)


class _Job:
    """One call handed to a request thread, and its outcome."""

    __slots__ = ("call", "done", "error", "value")

    def __init__(self, call: Callable[[], Any]) -> None:
        self.call = call
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class _RequestThreads:
    """Daemon threads that run requests, kept for reuse.

    Starting a thread per request costs the caller two more waits for the interpreter lock,
    which a busy batch pays in latency.

    A thread whose request was given up on returns to the idle set once the request ends;
    until then a new one is started, so a stuck server never blocks another request.
    """

    def __init__(self) -> None:
        self._idle: list[queue.SimpleQueue[_Job]] = []
        self._lock = threading.Lock()

    def run(self, job: _Job) -> None:
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
        if inbox is None:
            inbox = queue.SimpleQueue()
            threading.Thread(target=self._serve, args=(inbox,), daemon=True).start()
        inbox.put(job)

    def _serve(self, inbox: queue.SimpleQueue[_Job]) -> None:
        while True:
            job = inbox.get()
            try:
                job.value = job.call()
            except BaseException as exc:  # handed to the caller
                job.error = exc
            job.call = _done
            job.done.set()
            with self._lock:
                self._idle.append(inbox)


def _done() -> None:
    """What a finished job holds instead of its call (drops the request's references)."""


_THREADS = _RequestThreads()


def within(deadline: float, call: Callable[[], R]) -> R:
    """Run ``call`` and give up after ``deadline`` seconds, however the server drips.

    The HTTP client's own timeout applies to each read; this bounds the whole request. The
    call runs in a daemon thread, so a request given up on never holds the process open.
    """
    job = _Job(call)
    _THREADS.run(job)
    if not job.done.wait(deadline):
        raise RequestDeadlineExceeded(f"no complete answer within {deadline:g} s")
    if job.error is not None:
        raise job.error
    return job.value  # type: ignore[no-any-return]


RATE_LIMIT_RETRIES = 10
"""429 answers one request may wait out (the whole batch waits with it) before it fails."""


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` is worth retrying (429, 5xx, timeout, lost connection)."""
    return isinstance(exc, TRANSIENT)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: about 1, 2, 4 ... seconds, at most 30."""
    return float(min(2 ** (attempt - 1), 30) * (0.5 + random.random() / 2))


class RetryBudget:
    """Tenacity's stop and wait for one request: 429s go through the shared limiter.

    A 429 holds every request of the batch for the server's ``Retry-After`` (or a backoff)
    and costs the request one of :data:`RATE_LIMIT_RETRIES`; other transient errors wait a
    backoff here and cost one of ``transient_retries``.
    """

    def __init__(self, limiter: RateLimiter, transient_retries: int) -> None:
        self.limiter = limiter
        self.transient_retries = transient_retries
        self.rate_limited = 0
        self.other = 0

    def wait(self, state: RetryCallState) -> float:
        """Count the failure; the seconds this request waits (a 429 waits in the limiter).

        Tenacity asks for the wait before it asks whether to stop, once per failure.
        """
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, openai.RateLimitError):
            self.rate_limited += 1
            asked = retry_after_seconds(exc.response.headers)
            hold = asked if asked is not None else backoff_seconds(self.rate_limited)
            if self.rate_limited <= RATE_LIMIT_RETRIES:
                logger.warning(
                    "rate limited, holding the batch",
                    extra={"attempt": self.rate_limited, "wait_s": round(hold, 3)},
                )
            self.limiter.hold(hold)
            return 0.0
        self.other += 1
        seconds = backoff_seconds(self.other)
        if self.other <= self.transient_retries:  # the last failure ends the request: no retry
            logger.warning(
                "transient error, retrying",
                extra={"attempt": self.other, "wait_s": round(seconds, 3), "error": _short(exc)},
            )
        return seconds

    def stop(self, state: RetryCallState) -> bool:
        """Whether the failure just counted ends the request."""
        return self.rate_limited > RATE_LIMIT_RETRIES or self.other > self.transient_retries


def _short(exc: BaseException | None, limit: int = 200) -> str:
    """``Class: message``, cut to ``limit`` characters, for a log line."""
    text = f"{type(exc).__name__}: {exc}" if exc is not None else "unknown"
    return text if len(text) <= limit else text[: limit - 3] + "..."
