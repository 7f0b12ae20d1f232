"""The HTTP service (``summarizer serve``): FastAPI over the Python API.

Needs the ``service`` extra (``pip install 'summarizer[service]'``); without it, importing
:mod:`summarizer.service.app` raises :class:`~summarizer.errors.ConfigurationError`. Names are
imported on first use, so ``import summarizer.service`` costs nothing.

>>> from summarizer.service import serve  # doctest: +SKIP
>>> serve(Settings(backend="fake"), port=8000)  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.service.app import create_app
    from summarizer.service.server import Server, build_server, serve

__all__ = ["Server", "build_server", "create_app", "serve"]

_HOME_OF = {
    "create_app": "summarizer.service.app",
    "Server": "summarizer.service.server",
    "build_server": "summarizer.service.server",
    "serve": "summarizer.service.server",
}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer.service' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
