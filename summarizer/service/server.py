"""Run the service with uvicorn: ``summarizer serve`` calls :func:`serve`."""

from __future__ import annotations

import ipaddress
import logging
import socket
from dataclasses import dataclass

from summarizer.api import Summarizer
from summarizer.errors import ConfigurationError

try:
    import uvicorn
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ConfigurationError(
        "the HTTP service needs FastAPI and uvicorn: pip install 'summarizer[service]'"
    ) from exc

from summarizer.config import ServiceSettings, Settings
from summarizer.service.app import create_app

__all__ = ["Server", "build_server", "serve"]

logger = logging.getLogger("summarizer.service")

GRACEFUL_SECONDS = 10
"""How long shutdown waits for open requests (a ``?wait=true`` stream) before closing them."""


@dataclass
class Server:
    """The service, bound to its socket and ready to :meth:`run`."""

    server: uvicorn.Server
    socket: socket.socket

    @property
    def url(self) -> str:
        """The address it listens on, e.g. ``http://127.0.0.1:8000``."""
        host, port = self.socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    def run(self) -> None:
        """Serve until :meth:`stop`, or Ctrl-C / SIGTERM in the main thread."""
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.socket.close()

    def stop(self) -> None:
        """Ask the server to shut down (it finishes open requests, then the lifespan)."""
        self.server.should_exit = True

    @property
    def started(self) -> bool:
        """Whether it accepts connections."""
        return bool(self.server.started)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigurationError(f"cannot listen on {host}:{port}: {exc}") from exc
    return sock


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def build_server(
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    token: str | None = None,
    max_queue: int | None = None,
    max_body_bytes: int | None = None,
    summarizer: Summarizer | None = None,
    log_level: str = "info",
) -> Server:
    """Bind the socket and build the app: the service, ready to run.

    ``token``, ``max_queue`` and ``max_body_bytes`` left ``None`` come from the environment
    (:class:`~summarizer.config.ServiceSettings`), then the defaults. Port 0 picks a free one.

    Raises:
        ConfigurationError: The address cannot be bound, or a setting is invalid.

    """
    service = ServiceSettings.from_env(
        token=token, max_queue=max_queue, max_body_bytes=max_body_bytes
    )
    sock = _bind(host, port)
    try:
        app = create_app(
            settings,
            summarizer=summarizer,
            max_queue=service.max_queue,
            max_body_bytes=service.max_body_bytes,
            token=service.token,
        )
    except BaseException:
        sock.close()
        raise
    if service.token is None and not _is_loopback(host):
        logger.warning("listening on %s without a token: anyone who can reach it may use it", host)
    config = uvicorn.Config(
        app,
        log_level=log_level,
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        server_header=False,
    )
    return Server(uvicorn.Server(config), sock)


def serve(
    settings: Settings | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    token: str | None = None,
    max_queue: int | None = None,
    max_body_bytes: int | None = None,
    log_level: str = "info",
) -> None:
    """Run the HTTP service until Ctrl-C or SIGTERM (what ``summarizer serve`` does).

    Args:
        settings: The backend, strategy and cache (as ``summarizer run`` builds them).
        host: The interface to listen on (``0.0.0.0`` for every one: set a token).
        port: The TCP port.
        token: The bearer token required (``SUMMARIZER_SERVICE_TOKEN`` when ``None``).
        max_queue: Articles held at once (``SUMMARIZER_SERVICE_MAX_QUEUE``, default 1000).
        max_body_bytes: The largest body (``SUMMARIZER_SERVICE_MAX_BODY``, default 10 MiB).
        log_level: uvicorn's log level.

    Raises:
        ConfigurationError: The address cannot be bound, or a setting is invalid.

    """
    build_server(
        settings,
        host,
        port,
        token=token,
        max_queue=max_queue,
        max_body_bytes=max_body_bytes,
        log_level=log_level,
    ).run()
