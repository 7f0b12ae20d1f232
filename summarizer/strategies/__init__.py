"""Extraction strategies: how a backend is asked for a :class:`~summarizer.draft.Draft`.

* ``one-call``: the whole generation schema in one constrained call (capable models).
* ``decomposed``: sentence-level mechanisms assemble the records deterministically (small
  models such as the embedded Gemma 3 270M);
* ``decomposed-checked``: the same, with the model answering one narrow, grammar-constrained
  yes/no question per candidate sentence.
"""

from summarizer.draft import SMALL_MODEL_MAX_EVENTS
from summarizer.strategies.base import Strategy, StrategyName
from summarizer.strategies.decomposed import DecomposedStrategy
from summarizer.strategies.one_call import OneCallStrategy

__all__ = ["DecomposedStrategy", "OneCallStrategy", "Strategy", "StrategyName", "make_strategy"]


def make_strategy(name: StrategyName, max_events: int = SMALL_MODEL_MAX_EVENTS) -> Strategy:
    """The strategy of that name; ``max_events`` caps a one-call draft."""
    if name == "one-call":
        return OneCallStrategy(max_events)
    return DecomposedStrategy(ask_model=name == "decomposed-checked")
