"""One constrained call for the whole draft."""

from __future__ import annotations

from summarizer.backends.base import Backend
from summarizer.config import Sampling
from summarizer.draft import SMALL_MODEL_MAX_EVENTS, Draft, draft_model
from summarizer.prepare import PreparedArticle
from summarizer.prompts import load_prompt_set
from summarizer.schemas import Usage
from summarizer.strategies.base import Strategy, StrategyName

__all__ = ["OneCallStrategy"]


class OneCallStrategy(Strategy):
    """The whole generation schema in one schema-constrained call."""

    name: StrategyName = "one-call"

    def __init__(self, max_events: int = SMALL_MODEL_MAX_EVENTS) -> None:
        self.prompts = load_prompt_set("extract")
        self.draft_model = draft_model(max_events)

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
