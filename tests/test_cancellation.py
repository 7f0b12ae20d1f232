"""Cancellation and lifetimes (issue 9, item 10): no new work, no closed cache used, no leak.

A cancelled :meth:`Summarizer.asummarize_many` must not start articles that were waiting,
must let the calls already in worker threads finish without touching a closed cache, and a
Summarizer must give back every file descriptor it opened (diskcache opens one SQLite
connection per thread, and used to keep those of worker threads).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer import ClosedError, FakeBackend, Settings, Summarizer
from summarizer.backend import Message
from summarizer.llm.backends.fake import article_from_messages


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def _reply(messages: list[Message]) -> dict[str, object]:
    text = article_from_messages(messages)
    title = text.splitlines()[0]
    return {
        "title": title,
        "outlet": None,
        "published": None,
        "summary": text,
        "key_points": [],
        "events": [],
    }


class SlowBackend(FakeBackend):
    """A fake model that takes ``delay`` seconds an answer and counts the calls it started."""

    def __init__(self, delay: float) -> None:
        super().__init__(self._slow)
        self.delay = delay
        self.started = 0
        self._lock = threading.Lock()

    def _slow(self, messages: list[Message]) -> dict[str, object]:
        with self._lock:
            self.started += 1
        time.sleep(self.delay)
        return _reply(messages)


class CacheSpy:
    """Wraps the diskcache object; records any use after it was closed."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.closed = False
        self.misuse: list[str] = []
        self.writes = 0

    def __getattr__(self, name: str) -> Any:
        if self.closed and name != "close":
            self.misuse.append(name)
        return getattr(self.inner, name)

    def set(self, key: str, value: str) -> None:
        if self.closed:
            self.misuse.append("set")
        self.writes += 1
        self.inner.set(key, value)

    def close(self) -> None:
        self.inner.close()


def _articles(count: int) -> list[str]:
    return [f"Report {i}\n\nGunmen attacked village {i} on Monday." for i in range(count)]


def test_a_cancelled_async_batch_starts_nothing_new_and_closes_after_calls_in_flight(
    tmp_path: Path,
) -> None:
    backend = SlowBackend(delay=0.6)
    settings = Settings(cache_dir=tmp_path / "cache", concurrency=2, strategy="one-call")
    summarizer = Summarizer(settings, backend=backend)
    assert summarizer.cache is not None
    spy = CacheSpy(summarizer.cache._cache)
    summarizer.cache._cache = spy  # type: ignore[assignment]
    original_close = summarizer.cache.close

    def close_and_mark() -> None:
        original_close()
        spy.closed = True

    summarizer.cache.close = close_and_mark  # type: ignore[method-assign]

    async def cancel_midway() -> bool:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(summarizer.asummarize_many(_articles(10)), timeout=0.2)
        summarizer.close()  # two calls are still running in worker threads
        return summarizer.wait_closed(0)

    released_at_once = asyncio.run(cancel_midway())  # returns once the worker threads ended

    assert released_at_once is False  # close() waited for the calls in flight...
    assert summarizer.wait_closed(5)  # ...and released everything after the last one
    time.sleep(0.3)
    assert backend.started == 2  # only the calls in flight at cancellation ever ran
    assert spy.misuse == []  # no thread used the cache after it closed
    assert spy.writes == 2  # the two finished answers were kept before it closed
    with pytest.raises(ClosedError):
        summarizer.summarize("Too late.\n\nNothing new starts after close.")


def test_an_idle_summarizer_closes_at_once_and_refuses_new_articles(tmp_path: Path) -> None:
    summarizer = Summarizer(Settings(cache_dir=tmp_path / "cache"), backend=FakeBackend())
    summarizer.close()
    assert summarizer.wait_closed(0)
    assert summarizer.cache is not None and summarizer.cache.closed
    report = summarizer.summarize_many(_articles(2))
    assert [f.error for f in report.failures] == ["ClosedError", "ClosedError"]


def test_summarizer_lifetimes_release_every_descriptor(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "cache", concurrency=4, strategy="one-call")

    async def lifetimes(count: int) -> None:
        for round_ in range(count):
            with Summarizer(settings, backend=FakeBackend(_reply)) as summarizer:
                articles = [f"{text} ({round_})" for text in _articles(8)]
                report = await summarizer.asummarize_many(articles)
                assert len(report.summaries) == 8

    async def measured() -> int:
        await lifetimes(1)  # warm up: worker threads, imports, lazily opened files
        before = _open_descriptors()
        await lifetimes(10)
        return _open_descriptors() - before

    assert asyncio.run(measured()) == 0  # was +65 over ten lifetimes


def test_cache_is_usable_from_many_threads_on_one_connection(tmp_path: Path) -> None:
    with Summarizer(
        Settings(cache_dir=tmp_path / "cache", concurrency=4), backend=FakeBackend()
    ) as first:
        first.summarize_many(_articles(6))
    before = _open_descriptors()
    with Summarizer(
        Settings(cache_dir=tmp_path / "cache", concurrency=4), backend=FakeBackend()
    ) as again:
        report = again.summarize_many(_articles(6))
        during = _open_descriptors()
    assert report.cache_hits == 6
    assert during - before <= 3  # one connection (database, WAL, shared memory), not one a thread
    assert _open_descriptors() == before  # closing the summarizer closed it
