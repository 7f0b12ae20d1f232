"""The service's gate, as plain ASGI middleware: the bearer token and the body size limit.

It stands before every route (the docs and ``/openapi.json`` too), so a refused request
costs nothing: without the right token (when one is configured) a request gets 401, except
``GET /healthz``; a body whose ``Content-Length`` is over the limit gets 413 before it is
read, and one without a length (chunked) gets 413 as soon as the bytes read pass the limit.
"""

from __future__ import annotations

import hmac
import json

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["OPEN_PATHS", "BodyTooLargeError", "Guard", "error_body"]

OPEN_PATHS = frozenset({"/healthz"})
"""Paths that need no token."""


def error_body(error: str, message: str) -> bytes:
    """The JSON error body every refusal carries: ``{"error": ..., "message": ...}``."""
    return json.dumps({"error": error, "message": message}, separators=(",", ":")).encode()


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` once the body read passes the limit (rendered as 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class Guard:
    """Checks the token and caps the body of every HTTP request.

    Args:
        app: The application behind the gate.
        max_body_bytes: The largest body accepted.
        token: The bearer token required (``None``: no authentication).

    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, token: str | None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.token = token.encode() if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request, or pass it on with its body capped."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        open_path = self.token is None or scope["path"] in OPEN_PATHS
        if not open_path and not self._authorized(headers.get("authorization", "")):
            await _refuse(
                send,
                401,
                "Unauthorized",
                "a valid bearer token is required (Authorization: Bearer <token>)",
                [(b"www-authenticate", b'Bearer realm="summarizer"')],
            )
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            message = f"the request body is larger than {self.max_body_bytes:,} bytes"
            await _refuse(send, 413, "ContentTooLarge", message, [(b"connection", b"close")])
            return
        await self.app(scope, self._capped(receive), send)

    def _authorized(self, header: str) -> bool:
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or self.token is None:
            return False
        return hmac.compare_digest(given.strip().encode(), self.token)

    def _capped(self, receive: Receive) -> Receive:
        read = 0
        limit = self.max_body_bytes

        async def capped() -> Message:
            nonlocal read
            message = await receive()
            if message["type"] == "http.request":
                read += len(message.get("body", b""))
                if read > limit:
                    raise BodyTooLargeError(limit)
            return message

        return capped


async def _refuse(
    send: Send, status: int, error: str, message: str, extra: list[tuple[bytes, bytes]]
) -> None:
    body = error_body(error, message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
