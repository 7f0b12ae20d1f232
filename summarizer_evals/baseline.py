"""The committed baseline and the regression gate.

``evals/baseline.json`` holds the headline metrics of a deliberate eval run, per eval set
(seeds, dev). It changes only through ``summarizer eval --update-baseline``; the gate fails
when a headline metric of a set is worse than that set's baseline by more than ``TOLERANCE``
(absolute).
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


def save_baseline(reports: dict[str, EvalReport], path: Path = BASELINE_PATH) -> None:
    """Write the reports' headline metrics as the new baseline of their sets.

    Sets not in ``reports`` keep their baseline.
    """
    first = next(iter(reports.values()))
    previous = load_baseline(path) if path.is_file() else {}
    sets = dict(previous.get("sets", {}))  # type: ignore[call-overload]
    for name, report in reports.items():
        values = report.headline()
        sets[name] = {metric: values[metric] for metric in HEADLINE}
    payload = {
        "date": first.date.isoformat(),
        "backend": first.backend,
        "model": first.model,
        "strategy": first.strategy,
        "tolerance": TOLERANCE,
        "sets": sets,
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def compare(reports: dict[str, EvalReport], baseline: dict[str, object]) -> list[str]:
    """Regressions beyond the tolerance, one message each (empty: the gate passes)."""
    tolerance = float(baseline.get("tolerance", TOLERANCE))  # type: ignore[arg-type]
    sets = baseline.get("sets", {})
    assert isinstance(sets, dict)
    problems = []
    for set_name, report in reports.items():
        expected = sets.get(set_name, {})
        values = report.headline()
        for name, higher_is_better in HEADLINE.items():
            base, now = expected.get(name), values.get(name)
            if base is None:
                continue
            now_value = 0.0 if now is None else now
            worse = base - now_value if higher_is_better else now_value - base
            if worse > tolerance:
                problems.append(
                    f"{set_name} {name}: {now_value:.3f} vs baseline {base:.3f} "
                    f"(tolerance {tolerance})"
                )
    return problems
