"""One error hierarchy. Catch :class:`SummarizerError` to catch everything this package raises.

::

    SummarizerError
    ├── ConfigurationError        settings that cannot work (unknown backend, bad number)
    ├── InputError                an input file or line that cannot be read as an article
    ├── OutputError               results cannot be written (permissions, full disk, a lock)
    ├── ClosedError               the Summarizer was closed before this article started
    └── BackendError              the model could not give a usable answer
        ├── BackendUnavailableError   no model reachable (connection refused, model file missing)
        ├── AuthenticationError       the server rejected the API key
        ├── TransientBackendError     429 / 5xx / timeouts that outlived the retry budget
        ├── RefusalError              the model refused or a content filter stopped it
        ├── TruncatedOutputError      the answer hit the token limit (finish_reason=length)
        ├── ContextLengthError        the request does not fit the model's context window
        └── InvalidOutputError        the answer stayed invalid after the validation re-asks

Each class carries an ``exit_code`` that the CLI uses when the error ends the whole run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer.schemas import Usage

__all__ = [
    "AuthenticationError",
    "BackendError",
    "BackendUnavailableError",
    "ClosedError",
    "ConfigurationError",
    "ContextLengthError",
    "InputError",
    "InvalidOutputError",
    "OutputError",
    "RefusalError",
    "ServerUnreachableError",
    "SummarizerError",
    "TransientBackendError",
    "TruncatedOutputError",
]


class SummarizerError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code = 1


class ConfigurationError(SummarizerError):
    """The settings cannot work (unknown backend, invalid value, missing dependency)."""

    exit_code = 2


class InputError(SummarizerError):
    """An input cannot be read as an article (missing file, bad JSONL line, empty text)."""

    exit_code = 2


class OutputError(SummarizerError):
    """The run cannot write its results: permissions, a full disk, a locked or clashing file."""

    exit_code = 2


class ClosedError(SummarizerError):
    """The :class:`~summarizer.Summarizer` was closed (or its batch cancelled): no new work.

    Calls already in flight finish; the cache and backend are released after the last one.
    """


class BackendError(SummarizerError):
    """The model backend failed to produce a usable answer for an article.

    ``usage`` holds the tokens the failed attempts spent, when the backend counted them
    (they are reported with the failure, and in the batch's total).
    """

    usage: Usage | None = None


class BackendUnavailableError(BackendError):
    """No model can be reached: connection refused, unknown host, model file missing."""

    exit_code = 3


class ServerUnreachableError(BackendUnavailableError):
    """The connection to the model server failed through a whole retry budget.

    One article's failure, not yet the batch's: a batch stops only when several articles in
    a row cannot reach the server (:data:`summarizer.batch.UNREACHABLE_IN_A_ROW`).
    """


class AuthenticationError(BackendError):
    """The server rejected the credentials (HTTP 401/403)."""

    exit_code = 3


class TransientBackendError(BackendError):
    """Rate limits, server errors or timeouts that persisted through the retry budget."""


class RefusalError(BackendError):
    """The model refused, or a content filter stopped the answer. Not retried."""


class TruncatedOutputError(BackendError):
    """The answer was cut off at the token limit (``finish_reason=length``). Not retried."""


class ContextLengthError(BackendError):
    """The request does not fit the model's context window.

    Raise ``n_ctx`` (``SUMMARIZER_N_CTX``) or lower ``SUMMARIZER_CHUNK_CHARS``: the one-call
    strategy splits an article into chunks of that size.
    """


class InvalidOutputError(BackendError):
    """The answer did not validate against the schema, even after re-asking."""
