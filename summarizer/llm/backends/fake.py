"""A fake backend for tests and examples: no model, no network, fully deterministic.

``FakeBackend()`` answers with a minimal valid :class:`~summarizer.pipeline.draft.Draft`
built from the fenced article (first line as title, first sentence as summary, no events).
``FakeBackend(reply)`` answers with ``reply``: a JSON string, a dict, a pydantic object, or a
function of the messages that returns one of those. Invalid replies go through the same
validation and re-ask loop as a real model's, so error paths can be tested too.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel

from summarizer.backend import Backend, Generation, Message
from summarizer.config import Sampling
from summarizer.llm.backends.reask import RawReply, generate_validated
from summarizer.llm.fence import FENCE_PATTERN
from summarizer.schemas import Usage

__all__ = ["FakeBackend", "article_from_messages"]

T = TypeVar("T", bound=BaseModel)
Reply = str | dict[str, object] | BaseModel
ReplyFn = Callable[[list[Message]], Reply]


def article_from_messages(messages: list[Message]) -> str:
    """The fenced article text inside the last user message ('' if there is none)."""
    for message in reversed(messages):
        content = message["content"]
        found = FENCE_PATTERN.search(content) if message["role"] == "user" else None
        if found:
            return found.group(2).strip("\n")
    return ""


def _default_reply(messages: list[Message]) -> dict[str, object]:
    text = article_from_messages(messages)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0][:200] if lines else None
    body = " ".join(lines[1:]) or (title or "empty")
    first_sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0][:800]
    return {
        "title": title,
        "outlet": None,
        "published": None,
        "summary": first_sentence,
        "key_points": [],
        "events": [],
    }


KEPT_CALLS = 1000
"""How many calls a :class:`FakeBackend` remembers."""


class FakeBackend(Backend):
    """Deterministic stand-in for a model.

    Attributes:
        calls: The message lists the backend was asked with, in order (the last
            :data:`KEPT_CALLS`, so a long batch on the fake runs in bounded memory).

    """

    name = "fake"

    def __init__(
        self,
        reply: Reply | ReplyFn | None = None,
        *,
        model: str = "fake",
        finish_reason: str = "stop",
        usage: Usage | None = None,
        validation_retries: int = 1,
        context_tokens: int | None = None,
    ) -> None:
        self.model = model
        self.context_tokens = context_tokens
        self._reply = reply
        self._finish_reason = finish_reason
        self._usage = usage or Usage(prompt_tokens=100, completion_tokens=50)
        self._retries = validation_retries
        self.calls: deque[list[Message]] = deque(maxlen=KEPT_CALLS)

    def generate(
        self, messages: list[Message], response_model: type[T], sampling: Sampling
    ) -> Generation[T]:
        """Answer from the configured reply, validated like a real model's."""
        return generate_validated(self._call, messages, response_model, self._retries)

    def _call(self, messages: list[Message]) -> RawReply:
        self.calls.append(messages)
        reply = self._reply
        if reply is None:
            reply = _default_reply(messages)
        elif callable(reply):
            reply = reply(messages)
        if isinstance(reply, BaseModel):
            content = reply.model_dump_json()
        elif isinstance(reply, dict):
            content = json.dumps(reply)
        else:
            content = reply
        return RawReply(content=content, finish_reason=self._finish_reason, usage=self._usage)
