"""Where the eval data lives: the repository's top-level ``evals/`` directory.

The eval code is the ``summarizer_evals`` package; its data (gold labels, the baseline) stays
in ``evals/`` at the top of the repository. From a source checkout (editable install) that is
beside this package; otherwise ``evals/`` under the current directory.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BASELINE_PATH", "EVALS_DIR", "GOLD_DIR", "REPO_DIR"]


def _evals_dir() -> Path:
    beside = Path(__file__).resolve().parent.parent / "evals"
    return beside if beside.is_dir() else Path.cwd() / "evals"


EVALS_DIR = _evals_dir()
REPO_DIR = EVALS_DIR.parent
GOLD_DIR = EVALS_DIR / "gold"
BASELINE_PATH = EVALS_DIR / "baseline.json"
