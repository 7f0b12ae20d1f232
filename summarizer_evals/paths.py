"""Where the eval data lives: the repository's top-level ``evals/`` directory, and its sets.

The eval code is the ``summarizer_evals`` package; its data (gold labels, the baseline) stays
in ``evals/`` at the top of the repository. From a source checkout (editable install) that is
beside this package; otherwise ``evals/`` under the current directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["BASELINE_PATH", "EVALS_DIR", "EVAL_SETS", "GOLD_DIR", "REPO_DIR", "EvalSet"]


def _evals_dir() -> Path:
    beside = Path(__file__).resolve().parent.parent / "evals"
    return beside if beside.is_dir() else Path.cwd() / "evals"


EVALS_DIR = _evals_dir()
REPO_DIR = EVALS_DIR.parent
GOLD_DIR = EVALS_DIR / "gold"
BASELINE_PATH = EVALS_DIR / "baseline.json"


@dataclass(frozen=True)
class EvalSet:
    """A labeled set: its gold directory (with ``aliases.json``) and its articles."""

    name: str
    gold_dir: Path
    articles_dir: Path


EVAL_SETS = {
    "seeds": EvalSet("seeds", GOLD_DIR, REPO_DIR / "seeds"),
    "dev": EvalSet("dev", EVALS_DIR / "dev" / "gold", EVALS_DIR / "dev" / "articles"),
}
"""The seeds the rules were first written on, and the development set written since
(``evals/dev/``: articles from many countries and styles that the rules were not written for)."""
