"""The one small interface every backend implements.

The core owns it (the pipeline and the strategies call it); the providers in
:mod:`summarizer.llm.backends` implement it, so the core never imports a provider.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from summarizer.config import Sampling
from summarizer.schemas import Usage

__all__ = ["Backend", "Generation", "Message"]

T = TypeVar("T", bound=BaseModel)
Message = dict[str, str]
"""A chat message: ``{"role": "system" | "user" | "assistant", "content": "..."}``."""


@dataclass(frozen=True)
class Generation(Generic[T]):
    """A validated answer and what it cost."""

    output: T
    usage: Usage


class Backend(ABC):
    """Turns chat messages and a response schema into a validated object.

    Backends are the only code that talks to a model. They know nothing of articles, events,
    caching or the CLI: they receive messages and a pydantic model class, and return an
    instance of that class or raise a :class:`~summarizer.errors.BackendError`.
    """

    name: str = "backend"
    model: str = "unknown"
    endpoint: str | None = None
    context_tokens: int | None = None
    """The model's context window in tokens, when known: long articles are split to fit it."""

    @abstractmethod
    def generate(
        self, messages: list[Message], response_model: type[T], sampling: Sampling
    ) -> Generation[T]:
        """Ask the model for one ``response_model`` instance.

        Args:
            messages: The chat messages (system prompt first).
            response_model: The pydantic model the answer must validate against.
            sampling: Temperature, max tokens and seed.

        Returns:
            The validated answer with token usage.

        Raises:
            BackendError: The model could not give a valid answer.

        """

    @property
    def options(self) -> dict[str, Any]:
        """Settings of the backend that change its answers (part of the cache key)."""
        return {}

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release resources (HTTP clients). The default does nothing."""
