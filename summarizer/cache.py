"""The local result cache: diskcache holding JSON, keyed on everything that changes an answer.

The key is the SHA-256 of canonical JSON (sorted keys, no whitespace) over the pipeline's
fingerprint (package version, backend, model, endpoint, strategy, prompt hash, schema hash,
sampling) and the article (text and publication date). Values are JSON strings, never
pickles, and are re-validated on read: an entry that does not validate is a miss, and is
deleted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import diskcache
from pydantic import ValidationError

from summarizer.schemas import Article, ArticleSummary

__all__ = ["ResultCache", "cache_key"]


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

    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._cache = diskcache.Cache(str(directory))

    def get(self, key: str, article_id: str) -> ArticleSummary | None:
        """The cached summary for ``key``, relabelled as ``article_id``; ``None`` on a miss.

        An entry that cannot be read or validated counts as a miss and is removed.
        """
        try:
            raw = self._cache.get(key)
        except Exception:  # a corrupt entry or database must never crash a run
            return None
        if not isinstance(raw, str):
            if raw is not None:
                self._cache.delete(key)
            return None
        try:
            summary = ArticleSummary.model_validate_json(raw)
        except ValidationError:
            self._cache.delete(key)
            return None
        meta = summary.meta.model_copy(update={"cache_hit": True})
        return summary.model_copy(update={"article_id": article_id, "meta": meta})

    def set(self, key: str, summary: ArticleSummary) -> None:
        """Store a summary as JSON."""
        self._cache.set(key, summary.model_dump_json())

    def close(self) -> None:
        """Close the underlying database."""
        self._cache.close()

    def __len__(self) -> int:
        return len(self._cache)
