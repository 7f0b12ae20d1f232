"""Errors to HTTP responses: every error body is ``{"error": <class>, "message": ...}``.

==================================================== ======
``InputError``; the model refuses, truncates, or the   422
article overflows its context (``RefusalError``,
``TruncatedOutputError``, ``ContextLengthError``)
``ClosedError``, ``BackendUnavailableError``,          503
``TransientBackendError``
``AuthenticationError`` (the model server refused our  502
key), ``InvalidOutputError``, other ``BackendError``
the queue is full (``QueueFull``, with Retry-After)    429
a batch larger than the whole queue (``BatchTooLarge``) 413
any other error                                         500
==================================================== ======
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from summarizer.errors import (
    AuthenticationError,
    BackendError,
    BackendUnavailableError,
    ClosedError,
    ContextLengthError,
    InputError,
    InvalidOutputError,
    RefusalError,
    SummarizerError,
    TransientBackendError,
    TruncatedOutputError,
)
from summarizer.service.jobs import BatchTooLargeError, QueueFullError
from summarizer.service.models import ErrorBody

__all__ = ["STATUS_OF", "add_error_handlers", "error_response", "status_for"]

STATUS_OF: list[tuple[type[SummarizerError], int]] = [
    (ClosedError, 503),
    (InputError, 422),
    (ContextLengthError, 422),
    (RefusalError, 422),
    (TruncatedOutputError, 422),
    (BackendUnavailableError, 503),
    (TransientBackendError, 503),
    (AuthenticationError, 502),
    (InvalidOutputError, 502),
    (BackendError, 502),
]
"""The HTTP status of each error (the first class that matches); anything else is 500."""


def status_for(exc: SummarizerError) -> int:
    """The HTTP status for an error of the package."""
    return next((code for kind, code in STATUS_OF if isinstance(exc, kind)), 500)


def error_response(
    status: int, error: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """An error response with the usual body."""
    body = ErrorBody(error=error, message=message).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)


def add_error_handlers(app: FastAPI) -> None:
    """Render every error as ``{"error", "message"}`` with its status."""

    @app.exception_handler(SummarizerError)
    async def on_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SummarizerError)
        return error_response(status_for(exc), type(exc).__name__, str(exc))

    @app.exception_handler(QueueFullError)
    async def on_full(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, QueueFullError)
        headers = {"Retry-After": str(exc.retry_after)}
        return error_response(429, "QueueFull", str(exc), headers)

    @app.exception_handler(BatchTooLargeError)
    async def on_too_many(_request: Request, exc: Exception) -> Response:
        return error_response(413, "BatchTooLarge", str(exc))

    @app.exception_handler(HTTPException)
    async def on_http(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        name = _NAMES.get(exc.status_code) or _phrase(exc.status_code)
        return error_response(exc.status_code, name, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = "; ".join(
            f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors()
        )
        return error_response(422, "InputError", problems or "invalid request")

    @app.exception_handler(Exception)
    async def on_bug(_request: Request, exc: Exception) -> Response:
        return error_response(500, "InternalError", f"{type(exc).__name__} (see the server log)")


_NAMES = {413: "ContentTooLarge"}  # its phrase differs between Python versions


def _phrase(status: int) -> str:
    """``NotFound`` for 404, ``MethodNotAllowed`` for 405, ..."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "HTTPError"
    return "".join(word.capitalize() for word in phrase.replace("-", " ").split())
