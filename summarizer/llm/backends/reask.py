"""Parse, validate and re-ask: the loop shared by backends that do not use instructor."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.backend import Generation, Message
from summarizer.errors import BackendError, InvalidOutputError, RefusalError, TruncatedOutputError
from summarizer.schemas import Usage

__all__ = ["RawReply", "generate_validated"]

T = TypeVar("T", bound=BaseModel)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawReply:
    """What a model returned before parsing."""

    content: str
    finish_reason: str | None
    usage: Usage


def check_finish(reply: RawReply) -> None:
    """Raise for answers that must not be retried blindly.

    Raises:
        TruncatedOutputError: ``finish_reason`` is ``length``.
        RefusalError: ``finish_reason`` is ``content_filter``.

    """
    if reply.finish_reason == "length":
        raise TruncatedOutputError(
            "the answer hit the token limit (finish_reason=length); raise max_tokens "
            "or shorten the article"
        )
    if reply.finish_reason == "content_filter":
        raise RefusalError("a content filter stopped the answer (finish_reason=content_filter)")


def generate_validated(
    call: Callable[[list[Message]], RawReply],
    messages: list[Message],
    response_model: type[T],
    retries: int,
) -> Generation[T]:
    """Call the model, validate its JSON, and re-ask with the errors up to ``retries`` times.

    Args:
        call: Sends messages to the model and returns its raw reply.
        messages: The conversation so far.
        response_model: What the reply must validate against.
        retries: How many re-asks after the first attempt.

    Returns:
        The validated object, with usage summed over all attempts.

    Raises:
        TruncatedOutputError: An attempt hit the token limit.
        RefusalError: An attempt was stopped by a content filter.
        InvalidOutputError: No attempt validated.

    """
    usage = Usage()
    conversation = list(messages)
    last_error = ""
    for attempt in range(1, retries + 2):
        if attempt > 1:
            logger.info("re-asking", extra={"attempt": attempt, "error": last_error[:200]})
        reply = call(conversation)
        usage = usage + reply.usage
        try:
            check_finish(reply)
        except BackendError as exc:
            exc.usage = usage
            raise
        try:
            return Generation(output=response_model.model_validate_json(reply.content), usage=usage)
        except ValidationError as exc:
            last_error = _describe(exc)
        conversation = [
            *conversation,
            {"role": "assistant", "content": reply.content},
            {
                "role": "user",
                "content": "Your answer did not validate against the schema:\n"
                f"{last_error}\nAnswer again with corrected JSON only.",
            },
        ]
    error = InvalidOutputError(f"invalid output after {retries + 1} attempts: {last_error}")
    error.usage = usage
    raise error


def _describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    return json.dumps(errors[:10], default=str)
