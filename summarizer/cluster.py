"""Beyond one machine: the same pipeline mapped over a Ray dataset (``run --engine ray``).

:func:`run_on_ray` reads JSONL or Parquet files into a Ray dataset (rows with ``id`` and
``text``, ``published`` optional), maps :class:`SummarizeBatch` over it (one
:class:`~summarizer.api.Summarizer` per Ray actor, built once, its batch run as the CLI runs
one), and streams every outcome back to the driver, which writes the output and errors files
exactly as ``summarizer run`` does (resume included: ids already in the output are skipped).

What is shared and what is per node:

* **Rate limits are global**: one :class:`SharedLimiter` actor books every request's slot for
  the whole cluster (``--rpm``/``--tpm``, and a server's ``Retry-After`` or spent
  ``x-ratelimit-*`` budget holds every worker); workers wait on their own side.
* **Results** come back through Ray to the driver's files: nothing needs a shared disk.
* **The cache** lives in each worker's ``cache_dir``: shared when that directory is on a
  shared filesystem (or every worker is on one machine), per node otherwise.
* **Settings** are the driver's (environment and flags), shipped to every worker; the model
  (embedded, or the server's URL and key) must be reachable from every node.

Ray is optional (``pip install 'summarizer[cluster]'``); it is imported only here.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.api import Summarizer
from summarizer.config import Settings
from summarizer.errors import ConfigurationError, InputError, SummarizerError
from summarizer.llm.backends.rate_limit import RateLimiter
from summarizer.outputs import ResultFiles
from summarizer.schemas import Article, ArticleSummary

__all__ = ["ClusterReport", "LimiterProxy", "SharedLimiter", "SummarizeBatch", "run_on_ray"]

SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".json": "json", ".parquet": "parquet"}


@dataclass
class ClusterReport:
    """What a cluster run wrote."""

    succeeded: int = 0
    cache_hits: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ConfigurationError(
            "--engine ray needs Ray Data: pip install 'summarizer[cluster]'"
        ) from exc
    return ray


class SharedLimiter:
    """The cluster's one :class:`RateLimiter`, run as a Ray actor (books, never sleeps)."""

    def __init__(self, requests_per_minute: float | None, tokens_per_minute: float | None):
        self.limiter = RateLimiter(requests_per_minute, tokens_per_minute)

    def reserve(self, tokens: int) -> float:
        """Seconds until this request's slot."""
        return self.limiter.reserve(tokens)

    def hold(self, seconds: float) -> None:
        """Hold every worker's requests."""
        self.limiter.hold(seconds)

    def observe(self, headers: dict[str, str]) -> None:
        """Read a server's rate-limit headers."""
        self.limiter.observe(headers)


class LimiterProxy(RateLimiter):
    """A worker's side of the :class:`SharedLimiter`: books there, waits here."""

    def __init__(self, actor: Any) -> None:
        super().__init__()
        self.actor = actor

    def reserve(self, tokens: int = 0) -> float:
        """Book the slot with the cluster's limiter."""
        return float(_ray().get(self.actor.reserve.remote(tokens)))

    def hold(self, seconds: float) -> None:
        """Hold the whole cluster."""
        _ray().get(self.actor.hold.remote(seconds))

    def observe(self, headers: Any) -> None:
        """Pass the rate-limit headers on (only those: headers objects do not pickle)."""
        wanted = {k: v for k, v in headers.items() if k.lower().startswith("x-ratelimit-")}
        if wanted:
            _ray().get(self.actor.observe.remote(wanted))


def _published(value: Any) -> dt.date | None:
    text = "" if value is None else str(value)[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class SummarizeBatch:
    """The Ray Data transform: one summarizer per actor, a batch of rows in, outcomes out."""

    def __init__(self, settings: Settings, limiter: Any = None) -> None:
        self.summarizer = Summarizer(settings)
        backend = self.summarizer.backend
        if limiter is not None and hasattr(backend, "limiter"):
            backend.limiter = LimiterProxy(limiter)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        """Summarize the batch's rows; each outcome as its JSON line."""
        ids = [str(i) for i in batch["id"]]
        published = batch.get("published")
        articles = [
            Article(
                id=ids[row],
                text=str(batch["text"][row]),
                published=_published(published[row]) if published is not None else None,
            )
            for row in range(len(ids))
        ]
        report = self.summarizer.summarize_many(articles)
        return {
            "article_id": [o.article_id for o in report.outcomes],
            "ok": [isinstance(o, ArticleSummary) for o in report.outcomes],
            "cache_hit": [
                isinstance(o, ArticleSummary) and o.meta.cache_hit for o in report.outcomes
            ],
            "line": [o.model_dump_json() for o in report.outcomes],
        }


def _files(inputs: Iterable[str]) -> dict[str, list[str]]:
    """Input files by Ray reader (``json`` or ``parquet``); directories contribute theirs."""
    found: dict[str, list[str]] = {"json": [], "parquet": []}
    for source in inputs:
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file or directory: {source}")
        children = sorted(path.iterdir()) if path.is_dir() else [path]
        for child in children:
            reader = SUFFIXES.get(child.suffix.lower())
            if reader is None and not path.is_dir():
                raise InputError(f"--engine ray reads JSONL or Parquet files, not {child.name}")
            if reader is not None:
                found[reader].append(str(child.resolve()))
    if not found["json"] and not found["parquet"]:
        raise InputError("no JSONL or Parquet files among the inputs")
    return found


def run_on_ray(
    inputs: Iterable[str],
    output: str,
    errors: Path,
    settings: Settings,
    *,
    address: str | None = None,
    workers: int = 2,
    batch_size: int = 8,
    on_line: Any = None,
) -> ClusterReport:
    """Summarize the inputs on a Ray cluster; write results and errors as the CLI does.

    Args:
        inputs: JSONL (``.jsonl``, ``.ndjson``, ``.json``) or Parquet files, or directories.
        output: The output JSONL (resumed: ids already in it are skipped).
        errors: The errors JSONL.
        settings: The summarizer's settings, used on every worker.
        address: A running cluster (``ray://host:10001`` or ``auto``); ``None`` starts a
            local instance with ``workers`` CPUs.
        workers: Summarizer actors (one CPU each).
        batch_size: Articles per actor call (run with ``settings.concurrency`` threads).
        on_line: Called after each line is written (a progress bar).

    Raises:
        InputError: No readable input.
        ConfigurationError: Ray is not installed.
        SummarizerError: A fatal error in a worker (credentials, a missing model).

    """
    ray = _ray()
    files = _files(inputs)
    started = time.perf_counter()
    if not ray.is_initialized():
        local = {"num_cpus": workers + 1} if address is None else {}  # + one to read
        ray.init(address=address, include_dashboard=False, log_to_driver=False, **local)
    parts = []
    if files["json"]:
        parts.append(ray.data.read_json(files["json"], lines=True))
    if files["parquet"]:
        parts.append(ray.data.read_parquet(files["parquet"]))
    dataset = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    ids = {str(row["id"]) for row in dataset.select_columns(["id"]).iter_rows()}
    report = ClusterReport()
    with ResultFiles(output, errors).open(retry_ids=ids) as results:
        done = frozenset(results.done)
        report.skipped = len(ids & done)
        if done:
            dataset = dataset.filter(lambda row: str(row["id"]) not in done)
        limiter = None
        if settings.resolved_backend == "openai":
            limiter = (
                ray.remote(SharedLimiter)
                .options(num_cpus=0)
                .remote(settings.requests_per_minute, settings.tokens_per_minute)
            )
        mapped = dataset.map_batches(
            SummarizeBatch,
            fn_constructor_kwargs={"settings": settings, "limiter": limiter},
            batch_size=batch_size,
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        try:
            for row in mapped.iter_rows():
                if row["ok"]:
                    results.write_summary(row["line"])
                    report.succeeded += 1
                    report.cache_hits += bool(row["cache_hit"])
                else:
                    results.write_error(row["line"])
                    report.failed += 1
                if on_line is not None:
                    on_line()
        except SummarizerError:
            raise
        except Exception as exc:  # a worker's fatal error comes back wrapped by Ray
            cause = getattr(exc, "cause", None)
            if isinstance(cause, SummarizerError):
                raise cause from None
            raise
    report.seconds = time.perf_counter() - started
    return report
