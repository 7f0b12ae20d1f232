"""Which strategy runs: names to implementations, and the default for each backend.

* ``one-call``: the whole generation schema in one constrained call (capable models);
* ``decomposed``: sentence-level rules assemble the records deterministically (the
  default for the embedded Gemma 3 270M);
* ``decomposed-checked``: the same, with the model answering one narrow, grammar-constrained
  yes/no question per candidate sentence;
* ``tuned``: the same mechanisms, with the tuned reader (the embedded Gemma 3 270M and the
  LoRA adapter shipped in ``data/adapters/``) judging each candidate sentence.

This is the one module that knows both the LLM strategy and the rules; the pipeline only
knows the :class:`~summarizer.pipeline.strategy.Strategy` interface. Implementations are
imported when chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.pipeline.strategy import Strategy, StrategyName

if TYPE_CHECKING:
    from summarizer.llm.tuned_reader import TunedReader

__all__ = [
    "READER_ADAPTER",
    "REMOTE_MAX_EVENTS",
    "SMALL_MODEL_MAX_EVENTS",
    "default_strategy",
    "make_strategy",
    "tuned_reader",
]

READER_ADAPTER = "reader-lora.gguf"
"""The tuned reader's adapter in ``summarizer/data/adapters/`` (built by ``training/``)."""

SMALL_MODEL_MAX_EVENTS = 5
"""Events per one-call draft for the embedded model: bounded output always ends."""
REMOTE_MAX_EVENTS = 20
"""Events per one-call draft for remote (capable) models."""


def default_strategy(backend_name: str) -> StrategyName:
    """``decomposed`` for the embedded model, ``one-call`` for every other backend."""
    return "decomposed" if backend_name == "embedded" else "one-call"


def make_strategy(
    name: StrategyName,
    *,
    backend_name: str = "openai",
    max_events: int | None = None,
    chunk_chars: int | None = None,
    passes: int = 1,
    self_check: bool = True,
) -> Strategy:
    """The strategy of that name.

    Args:
        name: ``one-call``, ``decomposed``, ``decomposed-checked`` or ``tuned``.
        backend_name: The backend it will run on (sets the default event cap).
        max_events: Events a one-call draft may hold; by default 5 on the embedded model
            (its output must stay bounded) and 20 on other backends.
        chunk_chars: Characters of article per one-call request (default: what fits the
            backend's context window).
        passes: One-call passes per chunk (2: a second look for missed events).
        self_check: One-call sends unaligned quotes and unreported tolls back once.
    """
    if name == "one-call":
        from summarizer.llm.one_call import OneCallStrategy

        small = backend_name == "embedded"
        cap = max_events or (SMALL_MODEL_MAX_EVENTS if small else REMOTE_MAX_EVENTS)
        return OneCallStrategy(cap, chunk_chars, passes, self_check)
    from summarizer.rules.strategy import DecomposedStrategy

    if name == "tuned":
        return DecomposedStrategy(reader=tuned_reader())
    return DecomposedStrategy(ask_model=name == "decomposed-checked")


def tuned_reader() -> TunedReader:
    """The tuned reader: the embedded model with the shipped adapter, decoding freely."""
    from summarizer.data import adapter_path
    from summarizer.llm.backends.embedded import EmbeddedBackend
    from summarizer.llm.tuned_reader import TunedReader

    adapter = adapter_path(READER_ADAPTER)
    backend = EmbeddedBackend(n_ctx=1024, lora_path=adapter, constrained=False)
    return TunedReader(backend, adapter)
