"""Extraction strategies: how a backend is asked for a :class:`~summarizer.draft.Draft`.

* ``one-call``: the whole generation schema in one constrained call (capable models).
* ``decomposed``: sentence-level mechanisms assemble the records deterministically (small
  models such as the embedded Gemma 3 270M);
* ``decomposed-checked``: the same, with the model answering one narrow, grammar-constrained
  yes/no question per candidate sentence.
"""

from summarizer.strategies.base import Strategy, StrategyName
from summarizer.strategies.decomposed import DecomposedStrategy
from summarizer.strategies.one_call import OneCallStrategy

__all__ = ["DecomposedStrategy", "OneCallStrategy", "Strategy", "StrategyName", "make_strategy"]


def make_strategy(name: StrategyName) -> Strategy:
    """The strategy of that name."""
    if name == "one-call":
        return OneCallStrategy()
    return DecomposedStrategy(ask_model=name == "decomposed-checked")
