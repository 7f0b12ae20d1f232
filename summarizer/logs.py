"""Logging for the library and the CLI: levels by verbosity, text or JSON lines on stderr.

The package logs through ``logging.getLogger(__name__)`` and configures nothing itself;
:func:`configure_logging` is what a program (the CLI, a script) calls once to see it:

========= ====================== ==============================================
verbosity ``summarizer`` loggers third-party loggers (openai, httpx, ...)
========= ====================== ==============================================
0         WARNING                off (CRITICAL)
1 (-v)    INFO                   off (CRITICAL)
2 (-vv)   DEBUG                  DEBUG (the chattiest HTTP ones at INFO)
========= ====================== ==============================================

Records carry structured fields passed as ``extra={...}``: ``article_id``, ``seconds``,
``cache_hit``, ``prompt_tokens``, ``completion_tokens``, ``events``, ``attempt``,
``wait_s``, ``error``, ``detail``. The text format appends them as ``key=value``; the JSON
format (:class:`JsonFormatter`) writes one object per line with ``time`` (ISO 8601, UTC),
``level``, ``logger``, ``message`` and the fields.

>>> configure_logging(1, "json")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any, Literal, TextIO

__all__ = [
    "NOISY_LOGGERS",
    "JsonFormatter",
    "LogFormat",
    "TextFormatter",
    "configure_logging",
    "fields_of",
]

LogFormat = Literal["text", "json"]

NOISY_LOGGERS = (
    "instructor",
    "openai",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore2",
    "urllib3",
    "filelock",
    "ray",
)
"""Third-party loggers silenced below ``-vv``."""

_CHATTY = frozenset({"httpcore", "httpcore2", "urllib3", "filelock"})
"""Third-party loggers that stay at INFO even at ``-vv`` (their DEBUG is per socket read)."""

_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
"""Attributes every record has; the others came from ``extra``."""

_MARK = "_summarizer_handler"
"""Set on the handlers :func:`configure_logging` installs, so a second call replaces them."""


def fields_of(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields a record was given through ``extra``, in the order given.

    Private attributes are left out: libraries that install a record factory add their own
    (Ray, once imported, stamps every record with ``_ray_timestamp_ns``).
    """
    return {
        k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")
    }


def _timestamp(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, then the ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in fields_of(record).items():
            entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``time level logger: message key=value ...`` (values with spaces are quoted)."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of text (a traceback follows on its own lines)."""
        line = f"{_timestamp(record)} {record.levelname} {record.name}: {record.getMessage()}"
        pairs = [f"{key}={_text_value(value)}" for key, value in fields_of(record).items()]
        if pairs:
            line += " " + " ".join(pairs)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def _text_value(value: Any) -> str:
    text = str(value)
    if not text or any(c.isspace() or c in "=\"'" for c in text):
        return json.dumps(text, ensure_ascii=False)
    return text


def configure_logging(
    verbosity: int, fmt: LogFormat = "text", stream: TextIO | None = None
) -> None:
    """Send the package's logs to ``stream`` (stderr) at the level ``verbosity`` asks for.

    Calling it again replaces what an earlier call installed (no duplicate lines).

    Args:
        verbosity: 0 warnings only, 1 (``-v``) progress per article, 2+ (``-vv``) debug,
            third-party libraries included.
        fmt: ``text`` (``time level logger: message key=value``) or ``json`` (one object
            per line).
        stream: Where lines go; by default ``sys.stderr``, looked up at each line (so a
            redirected stderr is followed).

    Raises:
        ValueError: ``fmt`` is neither ``text`` nor ``json``.

    """
    if fmt not in ("text", "json"):
        raise ValueError(f"unknown log format {fmt!r}")
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    setattr(handler, _MARK, True)

    _install(logging.getLogger("summarizer"), handler, _package_level(verbosity))
    for name in NOISY_LOGGERS:
        if verbosity >= 2:
            _install(logging.getLogger(name), handler, _third_party_level(name))
        else:
            _install(logging.getLogger(name), None, logging.CRITICAL)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that writes to whatever ``sys.stderr`` is when a line is written."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def _package_level(verbosity: int) -> int:
    if verbosity <= 0:
        return logging.WARNING
    return logging.INFO if verbosity == 1 else logging.DEBUG


def _third_party_level(name: str) -> int:
    return logging.INFO if name in _CHATTY else logging.DEBUG


def _install(logger: logging.Logger, handler: logging.Handler | None, level: int) -> None:
    """Replace the handler an earlier call installed on ``logger``; set its level."""
    for old in [h for h in logger.handlers if getattr(h, _MARK, False)]:
        logger.removeHandler(old)
    if handler is not None:
        logger.addHandler(handler)
        logger.propagate = False  # the line is written here, not again by the root's handlers
    else:
        logger.propagate = True
    logger.setLevel(level)
