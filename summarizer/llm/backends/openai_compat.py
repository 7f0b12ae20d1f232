"""OpenAI-compatible backend: the ``openai`` client, with the schema sent as the server takes it.

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
An answer that does not validate is re-asked with pydantic's errors. ``json_schema`` and
``json_object`` requests are built, parsed and re-asked here (:mod:`.reask`: one request and
one ``model_validate_json`` per attempt); ``tools`` goes through ``instructor``, which knows
each server's function-calling dialect. Building the JSON requests here rather than through
instructor cuts the client's CPU per request by about half (README, "Performance"), which is
what bounds a batch's throughput against a fast server. Refusals and truncated answers are
not retried.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx2
import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import Retrying, retry_if_exception

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
from summarizer.llm.backends.rate_limit import RateLimiter
from summarizer.llm.backends.reask import RawReply, check_finish, generate_validated
from summarizer.llm.backends.retries import TRANSIENT, RetryBudget, is_transient, within
from summarizer.llm.chunks import PROSE_CHARS_PER_TOKEN
from summarizer.schemas import Usage

__all__ = ["OpenAICompatibleBackend"]

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")

SCHEMA_INSTRUCTION = (
    "Answer with one JSON object, and nothing else, that validates against this JSON "
    "Schema:\n{schema}"
)
"""Sent with ``json_object`` requests, whose servers may or may not constrain to the schema."""


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
    if isinstance(exc, TRANSIENT):
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


@functools.cache
def _json_request(model: type[BaseModel], response_format: str) -> tuple[dict[str, Any], str]:
    """What a JSON request adds for ``model``, built once per model.

    Its ``response_format``, and for ``json_object`` the instruction that carries the schema
    in the prompt (a server may or may not constrain the answer to it).
    """
    schema = model.model_json_schema()
    if response_format == "json_object":
        compact = grammar_schema(schema)
        instruction = SCHEMA_INSTRUCTION.format(schema=json.dumps(compact, ensure_ascii=False))
        return {"response_format": {"type": "json_object", "schema": compact}}, instruction
    strict = {"name": model.__name__, "schema": strict_schema(schema), "strict": True}
    return {"response_format": {"type": "json_schema", "json_schema": strict}}, ""


def _tool_parameters(request: dict[str, Any]) -> dict[str, Any]:
    """The forced function's parameters in the schema subset grammars take."""
    for tool in request.get("tools") or []:
        function = tool.get("function", {})
        function["parameters"] = grammar_schema(function.get("parameters", {}))
    return request


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
            "schema_instruction": SCHEMA_INSTRUCTION if self._format == "json_object" else None,
        }

    def generate(
        self, messages: list[Message], response_model: type[T], sampling: Sampling
    ) -> Generation[T]:
        """One schema-constrained chat completion, with retries and re-asks."""
        spent: list[Usage] = []  # every completion, re-asks included
        try:
            if self._format == "tools":
                output = self._generate_tools(messages, response_model, sampling, spent)
                return Generation(output=output, usage=sum(spent, Usage()))
            extras, instruction = _json_request(response_model, self._format)
            if instruction:
                messages = [{"role": "system", "content": instruction}, *messages]
            fixed = {
                "model": self.model,
                "temperature": sampling.temperature,
                "max_tokens": sampling.max_tokens,
                "seed": sampling.seed,
                **extras,
            }

            def ask(conversation: list[Message]) -> RawReply:
                request = {**fixed, "messages": conversation}
                return self._with_retries(lambda: self._complete_json(request, spent))

            generation = generate_validated(
                ask,
                messages,
                response_model,
                self._validation_retries,
            )
        except Exception as exc:
            error = _redacted(_translate(exc), self._secret)
            if isinstance(error, BackendError):
                error.usage = sum(spent, Usage())
            raise error from None
        return generation

    def _with_retries(self, call: Callable[[], R]) -> R:
        """``call`` retried through the batch's rate limiter and this request's budgets."""
        budget = RetryBudget(self.limiter, self._transient_retries)
        retrying = Retrying(
            stop=budget.stop, wait=budget.wait, retry=retry_if_exception(is_transient), reraise=True
        )
        return retrying(call)

    def _generate_tools(
        self,
        messages: list[Message],
        response_model: type[T],
        sampling: Sampling,
        spent: list[Usage],
    ) -> T:
        """A forced function call through instructor (its re-asks speak each server's dialect)."""
        client = instructor.Instructor(
            client=self._client,
            create=instructor.patch(
                create=lambda **kwargs: self._complete(_tool_parameters(kwargs), spent),
                mode=instructor.Mode.TOOLS,
            ),
            mode=instructor.Mode.TOOLS,
        )

        def create() -> T:
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
            return output  # type: ignore[no-any-return]

        return self._with_retries(create)

    def _send(self, request: dict[str, Any], post: Callable[[dict[str, Any]], R]) -> R:
        """``post(request)``: rate-limited, bounded in time, the server's headers observed."""
        if not self._system_role:
            request["messages"] = fold_system(request["messages"])
        self.limiter.acquire(request_tokens(request))
        response = within(self._deadline, lambda: post(request))
        self.limiter.observe(response.headers)  # type: ignore[attr-defined]
        return response

    def _complete_json(self, request: dict[str, Any], spent: list[Usage]) -> RawReply:
        """One request, posted and read as plain JSON.

        The client's low-level ``post`` keeps its HTTP errors, auth and connection pool but
        skips its per-request walk over the parameters' types and its response models: most
        of the CPU a request costs the client (README, "Performance").
        """
        response = self._send(
            request,
            lambda body: self._client.post("/chat/completions", body=body, cast_to=httpx2.Response),
        )
        try:
            data = response.json()
        except ValueError:
            data = None
        usage = (data.get("usage") if isinstance(data, dict) else None) or {}
        spent.append(
            Usage(
                prompt_tokens=usage.get("prompt_tokens") or 0,
                completion_tokens=usage.get("completion_tokens") or 0,
            )
        )
        choices = data.get("choices") if isinstance(data, dict) else None
        if not choices or not isinstance(choices[0], dict):  # an HTML page, an empty answer
            raise InvalidOutputError(
                f"the server's answer holds no choices ({type(data).__name__})"
            )
        message = choices[0].get("message") or {}
        if message.get("refusal"):
            raise RefusalError(f"the model refused: {message['refusal']}")
        reply = RawReply(
            content=message.get("content") or "",
            finish_reason=choices[0].get("finish_reason"),
            usage=spent[-1],
        )
        check_finish(reply)
        return reply

    def _complete(self, request: dict[str, Any], spent: list[Usage]) -> Any:
        """One request whose answer is parsed into the client's models (for instructor)."""
        raw = self._send(
            request, lambda body: self._client.chat.completions.with_raw_response.create(**body)
        )
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

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()
