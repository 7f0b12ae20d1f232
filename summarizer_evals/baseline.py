"""The committed baseline and the regression gate.

``evals/baseline.json`` holds the headline metrics of a deliberate eval run. It changes only
through ``summarizer eval --update-baseline``; the gate fails when a headline metric is worse
than the baseline by more than ``TOLERANCE`` (absolute).
"""

from __future__ import annotations

import json
from pathlib import Path

from summarizer_evals.paths import BASELINE_PATH
from summarizer_evals.runner import EvalReport
from summarizer_evals.scorer import HEADLINE

__all__ = ["BASELINE_PATH", "TOLERANCE", "compare", "load_baseline", "save_baseline"]

TOLERANCE = 0.05


def load_baseline(path: Path = BASELINE_PATH) -> dict[str, object]:
    """The baseline file's content."""
    loaded: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def save_baseline(report: EvalReport, path: Path = BASELINE_PATH) -> None:
    """Write the report's headline metrics as the new baseline."""
    values = report.headline()
    payload = {
        "date": report.date.isoformat(),
        "backend": report.backend,
        "model": report.model,
        "strategy": report.strategy,
        "tolerance": TOLERANCE,
        "metrics": {name: values[name] for name in HEADLINE},
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def compare(report: EvalReport, baseline: dict[str, object]) -> list[str]:
    """Regressions beyond the tolerance, one message each (empty: the gate passes)."""
    tolerance = float(baseline.get("tolerance", TOLERANCE))  # type: ignore[arg-type]
    expected = baseline.get("metrics", {})
    assert isinstance(expected, dict)
    values = report.headline()
    problems = []
    for name, higher_is_better in HEADLINE.items():
        base, now = expected.get(name), values.get(name)
        if base is None:
            continue
        now_value = 0.0 if now is None else now
        worse = base - now_value if higher_is_better else now_value - base
        if worse > tolerance:
            problems.append(
                f"{name}: {now_value:.3f} vs baseline {base:.3f} (tolerance {tolerance})"
            )
    return problems
