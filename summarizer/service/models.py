"""The service's response bodies (beside the package's own ``ArticleSummary``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from summarizer.service.jobs import Batch, BatchStatus

__all__ = ["BatchInfo", "ErrorBody", "Health", "QueueInfo", "batch_info"]


class ErrorBody(BaseModel):
    """Every error response."""

    error: str
    message: str


class QueueInfo(BaseModel):
    """How full the queue is, in articles."""

    pending: int
    max: int


class Health(BaseModel):
    """``GET /healthz``."""

    status: str = "ok"
    version: str
    backend: str
    model: str
    strategy: str
    queue: QueueInfo


class BatchInfo(BaseModel):
    """A batch's status; ``results`` is where its JSON Lines are read."""

    id: str
    status: BatchStatus
    total: int
    succeeded: int
    failed: int
    cache_hits: int
    error: str | None = None
    created: str
    started: str | None = None
    finished: str | None = None
    results: str


def batch_info(batch: Batch) -> BatchInfo:
    """The status of ``batch``, as the API shows it."""

    def iso(moment: Any) -> str | None:
        return moment.isoformat() if moment is not None else None

    return BatchInfo(
        id=batch.id,
        status=batch.status,
        total=batch.total,
        succeeded=batch.succeeded,
        failed=batch.failed,
        cache_hits=batch.cache_hits,
        error=batch.error,
        created=batch.created.isoformat(),
        started=iso(batch.started),
        finished=iso(batch.finished),
        results=f"/v1/batches/{batch.id}/results",
    )
