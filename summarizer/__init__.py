"""summarizer: structured summaries of armed-conflict news as ACLED-style event records.

The public API is what ``__all__`` lists; everything else is internal.
"""

from summarizer.api import Summarizer, asummarize_many, summarize, summarize_many
from summarizer.backends import Backend, FakeBackend, create_backend
from summarizer.batch import BatchReport
from summarizer.config import Sampling, Settings
from summarizer.errors import (
    AuthenticationError,
    BackendError,
    BackendUnavailableError,
    ConfigurationError,
    InputError,
    InvalidOutputError,
    RefusalError,
    SummarizerError,
    TransientBackendError,
    TruncatedOutputError,
)
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
    "ConfigurationError",
    "Event",
    "EventType",
    "Evidence",
    "FakeBackend",
    "InputError",
    "InvalidOutputError",
    "RefusalError",
    "RunMeta",
    "Sampling",
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
