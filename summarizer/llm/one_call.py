"""One constrained call for the whole draft."""

from __future__ import annotations

from typing import Any

from summarizer.backend import Backend
from summarizer.config import Sampling
from summarizer.llm.prompts import load_prompt_set
from summarizer.pipeline.draft import Draft, draft_model
from summarizer.pipeline.prepare import PreparedArticle
from summarizer.pipeline.strategy import Strategy, StrategyName
from summarizer.schemas import Usage

__all__ = ["OneCallStrategy"]


class OneCallStrategy(Strategy):
    """The whole generation schema in one schema-constrained call."""

    name: StrategyName = "one-call"
    code_parts = ("llm",)

    def __init__(self, max_events: int) -> None:
        self.max_events = max_events
        self.prompts = load_prompt_set("extract")
        self.draft_model = draft_model(max_events)

    @property
    def options(self) -> dict[str, Any]:
        """The event cap (also visible in the schema hash)."""
        return {"max_events": self.max_events}

    @property
    def prompt_hash(self) -> str:
        """Hash of ``extract_system.md`` and ``extract_user.md``."""
        return self.prompts.hash

    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Ask the backend for the whole draft at once."""
        messages = self.prompts.messages(prepared.body, prepared.article.published)
        generation = backend.generate(messages, self.draft_model, sampling)
        return generation.output, generation.usage
