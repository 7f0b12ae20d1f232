"""OpenAI-compatible backend: the ``openai`` client plus ``instructor`` for schema and re-asks.

Works with OpenAI itself and with servers that speak its API (llama.cpp, Ollama, vLLM,
LM Studio). Servers differ in how they take a schema, hence ``response_format``:

* ``json_schema``: ``{"type": "json_schema", ...}`` (OpenAI, vLLM, Ollama, llama.cpp's C++ server)
* ``json_object``: ``{"type": "json_object", "schema": ...}`` (llama-cpp-python's server,
  which ignores ``json_schema``); the schema also goes into the prompt
* ``tools``: function calling

With ``system_role=False`` the system messages (ours and instructor's) are folded into the
first user message, for servers whose chat template drops them (Gemma under llama-cpp-python).

Every request passes one shared :class:`~summarizer.llm.backends.rate_limit.RateLimiter`
(requests and tokens per minute, and the server's ``x-ratelimit-*`` headers). A 429 holds
the whole batch for its ``Retry-After``; other transient failures (5xx, timeouts, connection
errors) are retried by tenacity within a bounded budget; the openai client's own retries are
off.
Invalid JSON is re-asked by instructor. Refusals and truncated answers are not retried.
"""

from __future__ import annotations

import functools
import random
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception

from summarizer.backend import Backend, Generation, Message
from summarizer.config import ResponseFormat, Sampling
from summarizer.errors import (
    AuthenticationError,
    BackendError,
    BackendUnavailableError,
    InvalidOutputError,
    RefusalError,
    ServerUnreachableError,
    SummarizerError,
    TransientBackendError,
    TruncatedOutputError,
)
from summarizer.llm.backends.grammar import grammar_schema, strict_schema
from summarizer.llm.backends.messages import fold_system
from summarizer.llm.backends.rate_limit import RateLimiter, retry_after_seconds
from summarizer.llm.backends.reask import RawReply, check_finish
from summarizer.llm.chunks import PROSE_CHARS_PER_TOKEN
from summarizer.schemas import Usage

__all__ = ["OpenAICompatibleBackend"]

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")
_MODES = {
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json_object": instructor.Mode.JSON,
    "tools": instructor.Mode.TOOLS,
}


class RequestDeadlineExceeded(Exception):
    """A request did not finish within ``--timeout`` seconds (a slow drip counts in full)."""


_TRANSIENT = (
    openai.RateLimitError,
    openai.InternalServerError,
    openai.APITimeoutError,
    openai.APIConnectionError,
    RequestDeadlineExceeded,
)


def within(deadline: float, call: Callable[[], R]) -> R:
    """Run ``call`` and give up after ``deadline`` seconds, however the server drips.

    The HTTP client's own timeout applies to each read; this bounds the whole request. The
    call runs in a daemon thread, so a request given up on never holds the process open.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise RequestDeadlineExceeded(f"no complete answer within {deadline:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


RATE_LIMIT_RETRIES = 10
"""429 answers one request may wait out (the whole batch waits with it) before it fails."""


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _TRANSIENT)


def backoff_seconds(attempt: int) -> float:
    """Exponential backoff with jitter: about 1, 2, 4 ... seconds, at most 30."""
    return float(min(2 ** (attempt - 1), 30) * (0.5 + random.random() / 2))


class RetryBudget:
    """Tenacity's stop and wait for one request: 429s go through the shared limiter.

    A 429 holds every request of the batch for the server's ``Retry-After`` (or a backoff)
    and costs the request one of :data:`RATE_LIMIT_RETRIES`; other transient errors wait a
    backoff here and cost one of ``transient_retries``.
    """

    def __init__(self, limiter: RateLimiter, transient_retries: int) -> None:
        self.limiter = limiter
        self.transient_retries = transient_retries
        self.rate_limited = 0
        self.other = 0

    def wait(self, state: RetryCallState) -> float:
        """Count the failure; the seconds this request waits (a 429 waits in the limiter).

        Tenacity asks for the wait before it asks whether to stop, once per failure.
        """
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, openai.RateLimitError):
            self.rate_limited += 1
            asked = retry_after_seconds(exc.response.headers)
            self.limiter.hold(asked if asked is not None else backoff_seconds(self.rate_limited))
            return 0.0
        self.other += 1
        return backoff_seconds(self.other)

    def stop(self, state: RetryCallState) -> bool:
        """Whether the failure just counted ends the request."""
        return self.rate_limited > RATE_LIMIT_RETRIES or self.other > self.transient_retries


def _unwrap(exc: BaseException) -> BaseException:
    """The root error behind instructor's wrapper, if any."""
    while isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def _translate(exc: BaseException) -> SummarizerError:
    if isinstance(exc, SummarizerError):
        return exc
    if isinstance(exc, IncompleteOutputException):
        return TruncatedOutputError("the answer hit the token limit (finish_reason=length)")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return AuthenticationError(f"the server rejected the API key: {exc.message}")
    if isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
        return ServerUnreachableError(f"cannot reach the model server: {exc}")
    if isinstance(exc, _TRANSIENT):
        return TransientBackendError(f"{type(exc).__name__} persisted through retries: {exc}")
    if isinstance(exc, openai.NotFoundError):
        return BackendUnavailableError(f"model or endpoint not found: {exc.message}")
    if isinstance(exc, openai.APIStatusError):
        return BackendError(f"the server answered {exc.status_code}: {exc.message}")
    if isinstance(exc, ValidationError | ValueError | InstructorRetryException):
        return InvalidOutputError(f"the answer did not validate: {exc}")
    return BackendError(f"{type(exc).__name__}: {exc}")


def _redacted(error: SummarizerError, secret: str) -> SummarizerError:
    """The error with the API key blanked out of its message (some servers echo it)."""
    if len(secret) < 4 or secret not in str(error):
        return error
    return type(error)(str(error).replace(secret, "***"))


@functools.cache
def instructor_model(model: type[T]) -> type[T]:
    """The model as instructor wraps it, wrapped once (instructor would per request, ~3 ms)."""
    return instructor.openai_schema(model)


def request_tokens(request: Mapping[str, Any]) -> int:
    """What a request counts against a tokens-per-minute limit: prompt (estimated) + answer."""
    characters = sum(len(str(m.get("content") or "")) for m in request.get("messages") or [])
    return int(characters / PROSE_CHARS_PER_TOKEN) + int(request.get("max_tokens") or 0)


class OpenAICompatibleBackend(Backend):
    """A model behind an OpenAI-compatible HTTP API."""

    name = "openai"

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 120.0,
        response_format: ResponseFormat = "json_schema",
        transient_retries: int = 3,
        validation_retries: int = 2,
        system_role: bool = True,
        context_tokens: int | None = None,
        client: openai.OpenAI | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.model = model
        self.context_tokens = context_tokens
        self._secret = api_key or ""
        self._client = client or openai.OpenAI(
            api_key=api_key or "no-key",
            base_url=base_url,
            timeout=timeout,
            max_retries=0,
        )
        self.endpoint = str(self._client.base_url).rstrip("/")
        self._deadline = timeout
        self._format = "json_schema" if response_format == "auto" else response_format
        self._transient_retries = transient_retries
        self._validation_retries = validation_retries
        self._system_role = system_role
        self.limiter = limiter or RateLimiter()

    @property
    def options(self) -> dict[str, Any]:
        """How the schema and the instructions are sent, and how often a bad answer is re-asked."""
        return {
            "response_format": self._format,
            "system_role": self._system_role,
            "validation_retries": self._validation_retries,
        }

    def generate(
        self, messages: list[Message], response_model: type[T], sampling: Sampling
    ) -> Generation[T]:
        """One schema-constrained chat completion, with retries and re-asks."""
        schema = response_model.model_json_schema()
        spent: list[Usage] = []  # every completion, re-asks included
        client = instructor.Instructor(
            client=self._client,
            create=instructor.patch(
                create=self._creator(response_model.__name__, schema, spent),
                mode=_MODES[self._format],
            ),
            mode=_MODES[self._format],
        )
        budget = RetryBudget(self.limiter, self._transient_retries)
        retrying = Retrying(
            stop=budget.stop,
            wait=budget.wait,
            retry=retry_if_exception(_is_transient),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    try:
                        output, _ = client.chat.completions.create_with_completion(
                            model=self.model,
                            messages=messages,  # type: ignore[arg-type]
                            response_model=instructor_model(response_model),
                            max_retries=self._validation_retries,
                            temperature=sampling.temperature,
                            max_tokens=sampling.max_tokens,
                            seed=sampling.seed,
                        )
                    except Exception as exc:
                        raise _unwrap(exc) from exc
        except Exception as exc:
            error = _redacted(_translate(exc), self._secret)
            if isinstance(error, BackendError):
                error.usage = sum(spent, Usage())
            raise error from None
        return Generation(output=output, usage=sum(spent, Usage()))

    def _creator(self, name: str, schema: dict[str, Any], spent: list[Usage]) -> Any:
        """The create function instructor wraps: adapts the request, counts, checks the finish."""

        def create(**kwargs: Any) -> Any:
            if self._format == "json_object":
                kwargs["response_format"] = {
                    "type": "json_object",
                    "schema": grammar_schema(schema),
                }
            elif self._format == "tools":  # the function's parameters, in the subset grammars take
                for tool in kwargs.get("tools") or []:
                    function = tool.get("function", {})
                    function["parameters"] = grammar_schema(function.get("parameters", {}))
            elif self._format == "json_schema":
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": name, "schema": strict_schema(schema), "strict": True},
                }
            if not self._system_role:
                kwargs["messages"] = fold_system(kwargs["messages"])
            self.limiter.acquire(request_tokens(kwargs))
            raw = within(
                self._deadline,
                lambda: self._client.chat.completions.with_raw_response.create(**kwargs),
            )
            self.limiter.observe(raw.headers)
            completion = raw.parse()
            usage = getattr(completion, "usage", None)
            spent.append(
                Usage(
                    prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                    completion_tokens=getattr(usage, "completion_tokens", 0) or 0,
                )
            )
            choices = getattr(completion, "choices", None)
            if not choices:  # an HTML page or an empty answer with status 200
                raise InvalidOutputError(
                    f"the server's answer holds no choices ({type(completion).__name__})"
                )
            choice = choices[0]
            if getattr(choice.message, "refusal", None):
                raise RefusalError(f"the model refused: {choice.message.refusal}")
            check_finish(RawReply(content="", finish_reason=choice.finish_reason, usage=Usage()))
            return completion

        return create

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()
