"""The one-call strategy: the whole draft in one schema-constrained call per chunk.

A report that fits the model's context is one call. A longer one is split on paragraph
boundaries into chunks that fit beside the instructions and the answer
(:mod:`summarizer.llm.chunks`); each chunk is drafted on its own, told which part of how many
it is, and the drafts are merged: the first part's title, outlet, date and summary, the key
points of all parts, every part's events. Quotes are aligned against the whole original text
afterwards, and records of one event drafted from two parts are merged by the pipeline's
consolidation, so a chunk boundary changes neither offsets nor counts.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel

from summarizer.backend import Backend, Message
from summarizer.config import Sampling
from summarizer.errors import (
    BackendError,
    ConfigurationError,
    InvalidOutputError,
    TruncatedOutputError,
)
from summarizer.llm.chunks import (
    CHARS_PER_TOKEN,
    PROSE_CHARS_PER_TOKEN,
    chunk_budget,
    split_into_chunks,
)
from summarizer.llm.prompts import load_prompt_set
from summarizer.llm.self_check import draft_problems, recheck_messages
from summarizer.pipeline.draft import Draft, draft_model
from summarizer.pipeline.prepare import PreparedArticle
from summarizer.pipeline.strategy import Strategy, StrategyName
from summarizer.schemas import Usage

__all__ = ["OneCallStrategy", "merge_drafts", "missed_messages"]

MAX_KEY_POINTS = 4


class OneCallStrategy(Strategy):
    """The whole generation schema in one schema-constrained call (per chunk).

    Args:
        max_events: Events one call may draft.
        chunk_chars: Characters of article per call; ``None`` derives them from the
            backend's context window (no chunking when the backend does not say).
        passes: 2 asks the model a second time per chunk, showing the events already
            found and asking only for missed ones.
        self_check: Send quotes that are not in the article and tolls no quote reports
            back to the model once before the pipeline drops them.

    """

    name: StrategyName = "one-call"
    code_parts = ("llm",)

    def __init__(
        self,
        max_events: int,
        chunk_chars: int | None = None,
        passes: int = 1,
        self_check: bool = True,
    ) -> None:
        if chunk_chars is not None and chunk_chars < 200:
            raise ConfigurationError("chunk_chars must be at least 200")
        if passes not in (1, 2):
            raise ConfigurationError("passes must be 1 or 2")
        self.max_events = max_events
        self.chunk_chars = chunk_chars
        self.passes = passes
        self.self_check = self_check
        self.prompts = load_prompt_set("extract")
        self.draft_model = draft_model(max_events)

    @property
    def options(self) -> dict[str, Any]:
        """The event cap (also in the schema hash), chunk size, passes and self-check."""
        return {
            "max_events": self.max_events,
            "chunk_chars": self.chunk_chars,
            "passes": self.passes,
            "self_check": self.self_check,
        }

    @property
    def prompt_hash(self) -> str:
        """Hash of ``extract_system.md`` and ``extract_user.md``."""
        return self.prompts.hash

    def chunk_size(self, backend: Backend, sampling: Sampling) -> int | None:
        """Characters of article per call, or ``None`` for the whole article at once."""
        if self.chunk_chars is not None:
            return self.chunk_chars
        if backend.context_tokens is None:
            return None
        instructions = len(self.prompts.system.template) + len(self.prompts.user.template)
        schema = _schema_chars(self.draft_model)
        prompt_tokens = int(instructions / PROSE_CHARS_PER_TOKEN + schema / CHARS_PER_TOKEN)
        try:
            return chunk_budget(backend.context_tokens, prompt_tokens + 64, sampling.max_tokens)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from exc

    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Draft each chunk of the article (one or two passes) and merge the drafts."""
        size = self.chunk_size(backend, sampling)
        chunks = split_into_chunks(prepared.body, size) if size else []
        parts = [chunk.text for chunk in chunks] if len(chunks) > 1 else [prepared.body]
        drafts: list[Draft] = []
        usage = Usage()
        try:
            for number, part in enumerate(parts, start=1):
                messages = self.prompts.messages(
                    part,
                    prepared.article.published,
                    part=(number, len(parts)) if len(parts) > 1 else None,
                )
                draft, cost = self._ask(messages, backend, sampling, prepared.text)
                usage = usage + cost
                drafts.append(draft)
                if self.passes == 2:
                    more, cost = self._ask(
                        missed_messages(messages, draft), backend, sampling, prepared.text
                    )
                    usage = usage + cost
                    drafts.append(more.model_copy(update={"key_points": [], "summary": ""}))
        except BackendError as exc:  # the failure reports every token the article spent
            exc.usage = usage + (exc.usage or Usage())
            raise
        return (drafts[0] if len(drafts) == 1 else merge_drafts(drafts)), usage

    def _ask(
        self, messages: list[Message], backend: Backend, sampling: Sampling, text: str
    ) -> tuple[Draft, Usage]:
        """One call, and (with ``self_check``) one re-ask when the answer has problems."""
        generation = backend.generate(messages, self.draft_model, sampling)
        draft, usage = generation.output, generation.usage
        problems = draft_problems(draft, text) if self.self_check else []
        if problems:
            try:
                again = backend.generate(
                    recheck_messages(messages, draft, problems), self.draft_model, sampling
                )
            except (InvalidOutputError, TruncatedOutputError) as exc:  # keep the first answer
                return draft, usage + (exc.usage or Usage())
            draft, usage = again.output, usage + again.usage
        return draft, usage


def missed_messages(messages: list[Message], found: Draft) -> list[Message]:
    """The second pass: the events already found, and a request for the missed ones only."""
    listed = "\n".join(
        f"- {event.sub_event_type}: {event.evidence[0][:160]!r}" for event in found.events
    )
    return [
        *messages,
        {"role": "assistant", "content": found.model_dump_json()},
        {
            "role": "user",
            "content": "These events are already extracted:\n"
            f"{listed or '- (none)'}\n"
            "Read the article again. Answer with the same JSON, whose events are only "
            "events the article reports that are missing from that list (none if none).",
        },
    ]


def merge_drafts(drafts: list[Draft]) -> Draft:
    """One draft from the drafts of consecutive parts of one article."""
    first = drafts[0]
    key_points: list[str] = []
    for draft in drafts:
        for point in draft.key_points:
            if point.strip() and point not in key_points:
                key_points.append(point)
    return Draft.model_construct(
        title=first.title or next((d.title for d in drafts if d.title), None),
        outlet=first.outlet or next((d.outlet for d in drafts if d.outlet), None),
        published=first.published or next((d.published for d in drafts if d.published), None),
        summary=first.summary,
        key_points=key_points[:MAX_KEY_POINTS],
        events=[event for draft in drafts for event in draft.events],
    )


@functools.cache
def _schema_chars(model: type[BaseModel]) -> int:
    """Length of the model's JSON schema as sent (built once per model)."""
    return len(json.dumps(model.model_json_schema()))
