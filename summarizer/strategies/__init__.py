"""Extraction strategies: how a backend is asked for a :class:`~summarizer.draft.Draft`.

* ``one-call``: the whole generation schema in one constrained call (capable models).
* ``decomposed``: sentence-level mechanisms assemble the records; the model answers only
  narrow, grammar-constrained questions (small models such as the embedded Gemma 3 270M).
"""

from summarizer.strategies.base import Strategy, StrategyName
from summarizer.strategies.decomposed import DecomposedStrategy
from summarizer.strategies.one_call import OneCallStrategy

__all__ = ["DecomposedStrategy", "OneCallStrategy", "Strategy", "StrategyName", "make_strategy"]


def make_strategy(name: StrategyName) -> Strategy:
    """The strategy of that name."""
    return DecomposedStrategy() if name == "decomposed" else OneCallStrategy()
