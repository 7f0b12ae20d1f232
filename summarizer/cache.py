"""The local result cache: diskcache holding JSON, keyed on everything that changes an answer.

The key is the SHA-256 of canonical JSON (sorted keys, no whitespace) over the pipeline's
fingerprint (package version, backend, model, endpoint, strategy, prompt hash, schema hash,
sampling) and the article (text and publication date). Values are JSON strings, never
pickles, and are re-validated on read: an entry that does not validate is a miss, and is
deleted.

Threads: diskcache opens one SQLite connection per thread and closes only the calling
thread's on ``close()``, so connections opened by worker threads would outlive the cache
(ten async batches leaked 65 descriptors). Opening and closing one per operation instead
cost about 0.6 ms a read (most of re-serving a cached article). So one thread of the
cache's own does every database operation on its one connection: callers hand it the work
and wait (tens of microseconds). ``close()`` queues the connection's close behind the work
already handed over: after it, reads are misses and writes are dropped, and no thread
touches the closed database.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import diskcache
from pydantic import ValidationError

from summarizer.errors import OutputError
from summarizer.schemas import Article, ArticleSummary

__all__ = ["ResultCache", "cache_key"]

R = TypeVar("R")


def cache_key(fingerprint: dict[str, Any], article: Article) -> str:
    """The cache key of one article under one pipeline fingerprint."""
    payload = {
        **fingerprint,
        "article_text": article.text,
        "article_published": article.published.isoformat() if article.published else None,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class ResultCache:
    """Summaries on disk, as JSON.

    Args:
        directory: Where the cache lives; created if missing.

    Raises:
        OutputError: The directory is a file or cannot be created or opened.

    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory = Path(directory)
        if directory.exists() and not directory.is_dir():
            raise OutputError(f"the cache directory {directory} is a file (SUMMARIZER_CACHE_DIR)")
        try:
            self._cache = diskcache.Cache(str(directory))
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the cache in {directory}: {exc}") from exc
        self._cache.close()  # the connection diskcache opened to set up, in this thread
        self._lock = threading.Lock()
        self._closed = False
        self._owner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-cache")

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run."""
        return self._closed

    def _in_owner(self, work: Callable[[], R], closed: R) -> R:
        """Run ``work`` on the cache's own thread; ``closed`` once the cache is closed."""
        with self._lock:
            if self._closed:
                return closed
            future = self._owner.submit(work)
        return future.result()

    def get(self, key: str, article_id: str) -> ArticleSummary | None:
        """The cached summary for ``key``, relabelled as ``article_id``; ``None`` on a miss.

        An entry that cannot be read or validated counts as a miss and is removed.
        """
        raw = self._in_owner(lambda: self._read(key), None)
        if raw is None:
            return None
        try:
            summary = ArticleSummary.model_validate_json(raw)
        except ValidationError:
            self._delete(key)
            return None
        meta = summary.meta.model_copy(update={"cache_hit": True})
        return summary.model_copy(update={"article_id": article_id, "meta": meta})

    def _read(self, key: str) -> str | None:
        try:
            raw = self._cache.get(key)
        except Exception:  # a corrupt entry or database must never crash a run
            return None
        if raw is not None and not isinstance(raw, str):
            self._cache.delete(key)
            return None
        return raw

    def _delete(self, key: str) -> None:
        self._in_owner(lambda: self._cache.delete(key), False)

    def set(self, key: str, summary: ArticleSummary) -> None:
        """Store a summary as JSON (dropped once the cache is closed)."""
        value = summary.model_dump_json()
        self._in_owner(lambda: self._cache.set(key, value), False)

    def close(self) -> None:
        """Close the underlying database; later reads miss and later writes are dropped."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            closing = self._owner.submit(self._cache.close)  # after the work handed over
        closing.result()
        self._owner.shutdown()

    def __len__(self) -> int:
        return self._in_owner(lambda: len(self._cache), 0)

    def size_bytes(self) -> int:
        """Bytes the cache takes on disk (its database and value files)."""
        return self._in_owner(lambda: int(self._cache.volume()), 0)

    def clear(self) -> int:
        """Remove every entry; how many there were."""
        return self._in_owner(lambda: int(self._cache.clear()), 0)
