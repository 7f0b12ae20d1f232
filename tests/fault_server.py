"""A fault-injecting OpenAI-compatible stub on loopback, for reliability tests.

It answers ``POST /v1/chat/completions`` with one fixed, valid draft (an empty event list),
after injecting the faults it is told to: connection resets on the first N requests, HTTP
errors, slow drips, or (chaos) a seeded random fault on a share of the requests. It is a
test double of a server's *transport*, not a model: the draft it returns is written in the
test, and no test presents it as a model's answer.

The server binds 127.0.0.1 on a free port, serves from a daemon thread, and is shut down by
the context manager; it answers at most ``max_requests`` requests, so no test loops forever.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.helpers import draft

__all__ = ["CHAOS_KINDS", "FaultPlan", "fault_server"]


@dataclass
class FaultPlan:
    """Which requests fail and how."""

    resets: int = 0
    """Close the connection without an answer on the first ``resets`` requests."""
    answer: str = "draft"
    """``draft`` (valid), ``html`` (a web page with status 200), ``empty`` (no choices),
    ``echo-401`` (a 401 whose body repeats the Authorization header), ``drip`` (a valid
    answer sent one byte every ``drip_seconds``)."""
    drip_seconds: float = 0.5
    chaos: tuple[str, ...] = ()
    """Fault kinds drawn at random (seeded): any of :data:`CHAOS_KINDS`."""
    chaos_rate: float = 0.0
    """The share of requests that get a chaos fault."""
    seed: int = 0
    retry_after: str = "0"
    """The ``Retry-After`` header of injected 429/500/503 answers."""
    delay_seconds: float = 0.0
    """Time taken by every answer (so that a run lasts long enough to be interrupted)."""
    max_requests: int = 500
    requests: int = 0
    arrivals: list[float] = field(default_factory=list)
    """When each request came (``time.monotonic()``)."""
    injected: dict[str, int] = field(default_factory=dict)
    """How many faults of each kind were injected."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def next_fault(self) -> str | None:
        with self.lock:
            self.requests += 1
            self.arrivals.append(time.monotonic())
            fault: str | None = None
            if self.requests > self.max_requests:
                return "over"
            if self.requests <= self.resets:
                fault = "reset"
            elif self.chaos and self._random.random() < self.chaos_rate:
                fault = self._random.choice(self.chaos)
            if fault:
                self.injected[fault] = self.injected.get(fault, 0) + 1
            return fault


CHAOS_KINDS = ("reset", "500", "503", "429", "truncated", "html", "empty")
"""Connection reset; server errors and rate limits (``Retry-After: 0``); a JSON body cut in
half; a web page with status 200; a completion without choices."""


def _completion(content: dict[str, Any]) -> bytes:
    body = {
        "id": "stub",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": json.dumps(content)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }
    return json.dumps(body).encode()


@contextmanager
def fault_server(plan: FaultPlan) -> Iterator[str]:
    """Serve on 127.0.0.1; yield the base URL (``http://127.0.0.1:<port>/v1``)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            self.rfile.read(length)
            fault = plan.next_fault()
            time.sleep(plan.delay_seconds)
            if fault == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()  # RST: the client sees a connection error
                return
            if fault == "over":
                self.send_error(503, "request budget of the test server spent")
                return
            status, kind = 200, "application/json"
            extra: dict[str, str] = {}
            if fault in ("500", "503", "429"):
                status, extra = int(fault), {"retry-after": plan.retry_after}
                payload = json.dumps({"error": {"message": f"injected {fault}"}}).encode()
            elif fault == "truncated":
                whole = _completion(draft())
                payload = whole[: len(whole) // 2]
            elif fault == "html" or plan.answer == "html":
                payload, kind = b"<html><body>Gateway login</body></html>", "text/html"
            elif fault == "empty" or plan.answer == "empty":
                payload = json.dumps(
                    {"id": "x", "object": "chat.completion", "choices": []}
                ).encode()
            elif plan.answer == "echo-401":
                status = 401
                told = self.headers.get("authorization", "")
                payload = json.dumps({"error": {"message": f"bad key: {told}"}}).encode()
            else:
                payload = _completion(draft())
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(payload)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if plan.answer == "drip":
                for index in range(min(len(payload), 120)):  # bounded: at most 120 drips
                    try:
                        self.wfile.write(payload[index : index + 1])
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(plan.drip_seconds)
                return
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            return

    class QuietServer(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            return  # a client killed mid-answer (the chaos tests do it) is not news

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
