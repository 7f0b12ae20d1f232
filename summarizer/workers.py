"""Worker processes for CPU-bound batches: past the GIL, each process loading its tables once.

The rules (the ``decomposed`` strategy) are pure Python: threads take turns under the GIL,
so ``-j 2`` on two cores ran no faster than ``-j 1``. A batch whose strategy calls no model
runs instead in a pool of processes; each builds one :class:`~summarizer.api.Summarizer`
from the batch's settings when it starts (gazetteers, lexicons and the cache handle are
loaded once per process, not per article) and sends back each article's outcome. The
cache is shared: diskcache's SQLite store is safe across processes.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from summarizer.batch import Outcome, summarize_safely
from summarizer.config import Settings
from summarizer.schemas import Article

if TYPE_CHECKING:
    from summarizer.api import Summarizer

__all__ = ["process_pool", "summarize_in_worker"]

_summarizer: Summarizer | None = None


def _start(settings: Settings) -> None:
    """Build this process's summarizer (once, when the process starts)."""
    global _summarizer
    from summarizer.api import Summarizer

    _summarizer = Summarizer(settings.with_changes(concurrency=1))
    _summarizer.pipeline.run(Article(id="warm-up", text="Warm-up."))  # tables load here, once


def summarize_in_worker(article: Article) -> Outcome:
    """One article, in a worker process; per-article failures come back as records."""
    assert _summarizer is not None, "the worker was not started"
    return summarize_safely(_summarizer.summarize, article)


def process_pool(settings: Settings, workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, each with its own summarizer for ``settings``.

    Processes are forked where the platform allows (fast to start, and what the parent
    imported is shared), spawned elsewhere.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start,
        initargs=(settings,),
    )
