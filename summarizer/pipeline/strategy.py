"""The strategy interface: how a draft is obtained for one prepared article.

Strategies live outside the core (``summarizer.llm.one_call``, ``summarizer.rules``); the
pipeline only knows this interface, and :mod:`summarizer.strategies` maps names to them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Literal

from summarizer.backend import Backend
from summarizer.config import Sampling
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.prepare import PreparedArticle
from summarizer.schemas import Usage

__all__ = ["STRATEGY_NAMES", "Strategy", "StrategyName"]

StrategyName = Literal["one-call", "decomposed", "decomposed-checked", "tuned"]
STRATEGY_NAMES: tuple[StrategyName, ...] = (
    "one-call",
    "decomposed",
    "decomposed-checked",
    "tuned",
)


class Strategy(ABC):
    """Produces a draft for one prepared article with a backend."""

    name: StrategyName
    draft_model: type[Draft] = Draft
    """The generation schema the strategy asks for (its hash keys the cache)."""
    code_parts: tuple[str, ...] = ()
    """Package paths (below ``summarizer/``) of the code and data only this strategy uses;
    their content is part of the cache key (:mod:`summarizer.pipeline.provenance`)."""
    calls_model: bool = True
    """Whether drafting calls the backend. A strategy that does not is CPU-bound Python,
    which a batch runs in worker processes rather than threads (:mod:`summarizer.workers`)."""

    @property
    @abstractmethod
    def prompt_hash(self) -> str:
        """A hash of every prompt the strategy sends (part of the cache key)."""

    @property
    def options(self) -> dict[str, Any]:
        """Settings of the strategy that change its answers (part of the cache key)."""
        return {}

    @abstractmethod
    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Draft the article's summary and events.

        Raises:
            BackendError: The backend failed.
        """
