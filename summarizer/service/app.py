"""The HTTP service: a thin FastAPI layer over one shared :class:`~summarizer.api.Summarizer`.

==================================== ========================================================
``GET  /healthz``                    ``{"status": "ok", version, backend, model, strategy,
                                     queue}`` (never needs the token)
``POST /v1/summaries``               one article (JSON object) -> its ``ArticleSummary``
``POST /v1/batches``                 articles (JSON array, or JSON Lines with
                                     ``Content-Type: application/x-ndjson``) -> 202
                                     ``{id, status, total, ...}``
``GET  /v1/batches/{id}``            the batch's status (``queued``, ``running``, ``done``,
                                     ``failed``) and counts (``succeeded``, ``failed``)
``GET  /v1/batches/{id}/results``    JSON Lines, one ``ArticleSummary`` or ``ArticleFailure``
                                     per finished article (completion order), as
                                     ``summarizer run`` writes its output and errors files
``GET  /docs``, ``/openapi.json``    the OpenAPI docs
==================================== ========================================================

Results: by default the lines finished so far, at once (``X-Batch-Status`` says whether more
are coming); ``?wait=true`` streams every line as it finishes and ends when the batch does;
``?offset=N`` skips the first ``N`` lines (those already read).

Errors are JSON ``{"error": <class>, "message": ...}`` (the statuses are listed in
:mod:`summarizer.service.handlers`); the token and the body limit are checked by
:mod:`summarizer.service.guard` before any route.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

try:
    from fastapi import Depends, FastAPI, Query, Request
    from fastapi.responses import Response, StreamingResponse
    from fastapi.security import HTTPBearer
    from starlette.concurrency import run_in_threadpool
    from starlette.exceptions import HTTPException
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    from summarizer.errors import ConfigurationError

    raise ConfigurationError(
        "the HTTP service needs FastAPI and uvicorn: pip install 'summarizer[service]'"
    ) from exc

from summarizer.api import Summarizer
from summarizer.config import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUEUE, Settings
from summarizer.schemas import Article, ArticleSummary
from summarizer.service.bodies import NDJSON_TYPES, parse_article, parse_articles
from summarizer.service.guard import Guard
from summarizer.service.handlers import add_error_handlers
from summarizer.service.jobs import Batch, BatchQueue
from summarizer.service.models import BatchInfo, ErrorBody, Health, QueueInfo, batch_info
from summarizer.version import __version__

__all__ = ["create_app"]

STOP_SECONDS = 10.0
"""How long shutdown waits for the batch in work to end."""


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        401: "Missing or wrong bearer token (when the service has one)",
        413: "The body is larger than the limit",
        422: "The body is not valid articles (or the model cannot summarize this one)",
        429: "The queue is full: retry after Retry-After seconds",
    }.items()
}
_ARTICLE_SCHEMA = Article.model_json_schema()
_SINGLE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": _ARTICLE_SCHEMA}},
    }
}
_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": _ARTICLE_SCHEMA}},
            NDJSON_TYPES[0]: {"schema": {"type": "string", "description": "one article a line"}},
        },
    }
}


def create_app(
    settings: Settings | None = None,
    *,
    summarizer: Summarizer | None = None,
    max_queue: int = DEFAULT_MAX_QUEUE,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    token: str | None = None,
    keep_finished: int = 100,
) -> FastAPI:
    """Build the service's ASGI app around one summarizer.

    Args:
        settings: Builds the summarizer (the environment's :meth:`Settings.from_env` when
            omitted): the same backend, strategy and cache as ``summarizer run``. Articles
            run in threads unless ``pool="processes"`` is asked for: forking worker
            processes from a threaded server is not safe by default.
        summarizer: A ready summarizer to serve instead (``settings`` is then unused); the
            caller keeps it and closes it. One the app builds is closed at shutdown.
        max_queue: Articles held at once (queued batches, the batch in work, single
            summaries in flight); more get 429.
        max_body_bytes: The largest request body; a larger one gets 413.
        token: When given, every endpoint but ``/healthz`` needs ``Authorization: Bearer``
            with it (401 otherwise).
        keep_finished: Finished batches kept for reading; older ones are forgotten (404).

    """
    own = summarizer is None
    if summarizer is None:
        settings = settings or Settings.from_env()
        if settings.pool == "auto":  # no forked workers inside a threaded server
            settings = settings.with_changes(pool="threads")
    engine = summarizer if summarizer is not None else Summarizer(settings)
    queue = BatchQueue(engine, max_queue=max_queue, keep_finished=keep_finished)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        queue.start()
        try:
            yield
        finally:
            queue.stop()  # no new work; queued batches end as not attempted
            if own:
                engine.close()  # the batch in work stops starting articles
            await run_in_threadpool(queue.join, STOP_SECONDS)
            if own:
                await run_in_threadpool(engine.wait_closed, STOP_SECONDS)

    app = FastAPI(
        title="summarizer",
        version=__version__,
        description="Structured summaries of armed-conflict news as ACLED-style events.",
        lifespan=lifespan,
    )
    app.state.summarizer = engine
    app.state.queue = queue
    app.add_middleware(Guard, max_body_bytes=max_body_bytes, token=token)
    add_error_handlers(app)
    # Documents the bearer scheme (the docs' "Authorize" button); the Guard enforces it.
    needs = [] if token is None else [Depends(HTTPBearer(auto_error=False))]

    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz() -> Health:
        """Liveness and what the service runs (no token needed)."""
        return Health(
            version=__version__,
            backend=engine.backend.name,
            model=engine.settings.resolved_model,
            strategy=engine.pipeline.strategy.name,
            queue=QueueInfo(pending=queue.pending, max=queue.max_queue),
        )

    @app.post(
        "/v1/summaries",
        response_model=ArticleSummary,
        responses=_ERRORS,
        openapi_extra=_SINGLE_BODY,
        dependencies=needs,
        tags=["summaries"],
    )
    async def summarize(request: Request) -> Response:
        """Summarize one article (served from the cache when possible)."""
        article = await run_in_threadpool(parse_article, await request.body())
        with queue.slot():
            summary = await run_in_threadpool(engine.summarize, article)
        return Response(summary.model_dump_json(), media_type="application/json")

    @app.post(
        "/v1/batches",
        status_code=202,
        response_model=BatchInfo,
        responses=_ERRORS,
        openapi_extra=_BATCH_BODY,
        dependencies=needs,
        tags=["batches"],
    )
    async def submit(request: Request, response: Response) -> BatchInfo:
        """Queue articles; poll the batch, then read its results."""
        body = await request.body()
        kind = request.headers.get("content-type")
        articles = await run_in_threadpool(parse_articles, body, kind)
        batch = queue.submit(articles)
        response.headers["Location"] = f"/v1/batches/{batch.id}"
        return batch_info(batch)

    def find(batch_id: str) -> Batch:
        batch = queue.get(batch_id)
        if batch is None:
            raise HTTPException(404, f"no batch {batch_id!r} (unknown, or forgotten)")
        return batch

    @app.get(
        "/v1/batches/{batch_id}",
        response_model=BatchInfo,
        responses={404: {"model": ErrorBody}},
        dependencies=needs,
        tags=["batches"],
    )
    async def status(batch_id: str) -> BatchInfo:
        """The batch's status and counts."""
        return batch_info(find(batch_id))

    @app.get(
        "/v1/batches/{batch_id}/results",
        response_class=StreamingResponse,
        responses={
            200: {
                "content": {NDJSON_TYPES[0]: {}},
                "description": "One ArticleSummary or ArticleFailure a line",
            },
            404: {"model": ErrorBody},
        },
        dependencies=needs,
        tags=["batches"],
    )
    async def results(
        batch_id: str,
        wait: bool = Query(False, description="Stream until every article has its line."),
        offset: int = Query(0, ge=0, description="Skip the first lines (already read)."),
    ) -> StreamingResponse:
        """The batch's outcomes as JSON Lines, in the order they finished."""
        batch = find(batch_id)
        headers = {"X-Batch-Status": batch.status}
        return StreamingResponse(
            _lines(batch, queue, wait, offset), media_type=NDJSON_TYPES[0], headers=headers
        )

    return app


async def _lines(batch: Batch, queue: BatchQueue, wait: bool, offset: int) -> AsyncIterator[str]:
    """The batch's lines from ``offset``; with ``wait``, until the batch ends."""
    changed = asyncio.Event()
    batch.watch(changed)
    try:
        index = offset
        while True:
            changed.clear()
            outcomes, finished = batch.read_from(index)
            index += len(outcomes)
            if outcomes:
                yield "".join(outcome.model_dump_json() + "\n" for outcome in outcomes)
            if finished or not wait or queue.stopping:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout=1.0)
    finally:
        batch.unwatch(changed)
