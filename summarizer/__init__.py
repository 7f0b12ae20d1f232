"""summarizer: structured summaries of armed-conflict news as ACLED-style event records.

The public API is what ``__all__`` lists; everything else is internal. Names are imported
on first use (PEP 562), so ``import summarizer`` and the CLI's ``--help`` stay fast.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.version import __version__

__all__ = [
    "Article",
    "ArticleFailure",
    "ArticleSummary",
    "AuthenticationError",
    "Backend",
    "BackendError",
    "BackendUnavailableError",
    "BatchReport",
    "ClaimStatus",
    "ClosedError",
    "ConfigurationError",
    "ContextLengthError",
    "Event",
    "EventType",
    "Evidence",
    "FakeBackend",
    "InputError",
    "InvalidOutputError",
    "OutputError",
    "RefusalError",
    "RunMeta",
    "Sampling",
    "ServerUnreachableError",
    "Settings",
    "SubEventType",
    "Summarizer",
    "SummarizerError",
    "TransientBackendError",
    "TruncatedOutputError",
    "Usage",
    "__version__",
    "asummarize_many",
    "create_backend",
    "summarize",
    "summarize_many",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())  # silent until configured

if TYPE_CHECKING:
    from summarizer.api import Summarizer, asummarize_many, summarize, summarize_many
    from summarizer.backend import Backend
    from summarizer.batch import BatchReport
    from summarizer.config import Sampling, Settings
    from summarizer.errors import (
        AuthenticationError,
        BackendError,
        BackendUnavailableError,
        ClosedError,
        ConfigurationError,
        ContextLengthError,
        InputError,
        InvalidOutputError,
        OutputError,
        RefusalError,
        ServerUnreachableError,
        SummarizerError,
        TransientBackendError,
        TruncatedOutputError,
    )
    from summarizer.llm.backends import FakeBackend, create_backend
    from summarizer.schemas import (
        Article,
        ArticleFailure,
        ArticleSummary,
        ClaimStatus,
        Event,
        EventType,
        Evidence,
        RunMeta,
        SubEventType,
        Usage,
    )

_HOMES = {
    "summarizer.api": ["Summarizer", "asummarize_many", "summarize", "summarize_many"],
    "summarizer.batch": ["BatchReport"],
    "summarizer.config": ["Sampling", "Settings"],
    "summarizer.errors": [
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
    ],
    "summarizer.backend": ["Backend"],
    "summarizer.llm.backends": ["FakeBackend", "create_backend"],
    "summarizer.schemas": [
        "Article",
        "ArticleFailure",
        "ArticleSummary",
        "ClaimStatus",
        "Event",
        "EventType",
        "Evidence",
        "RunMeta",
        "SubEventType",
        "Usage",
    ],
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
