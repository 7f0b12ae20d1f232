"""The strategy interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Literal

from summarizer.backends.base import Backend
from summarizer.config import Sampling
from summarizer.draft import Draft
from summarizer.prepare import PreparedArticle
from summarizer.schemas import Usage

__all__ = ["STRATEGY_NAMES", "Strategy", "StrategyName"]

StrategyName = Literal["one-call", "decomposed", "decomposed-checked"]
STRATEGY_NAMES: tuple[StrategyName, ...] = ("one-call", "decomposed", "decomposed-checked")


class Strategy(ABC):
    """Produces a draft for one prepared article with a backend."""

    name: StrategyName
    draft_model: type[Draft] = Draft
    """The generation schema the strategy asks for (its hash keys the cache)."""

    @property
    @abstractmethod
    def prompt_hash(self) -> str:
        """A hash of every prompt the strategy sends (part of the cache key)."""

    @abstractmethod
    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Draft the article's summary and events.

        Raises:
            BackendError: The backend failed.
        """
