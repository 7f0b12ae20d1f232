"""The CI quality gate: the eval on the embedded model, replayed, against the baseline.

``cassettes/eval_seeds.yaml`` holds the traffic of a full eval run recorded against
llama-cpp-python's OpenAI-compatible server serving the embedded Gemma 3 270M (see README).
Replaying it reproduces that run's predictions exactly, so the gate is deterministic and
takes seconds; ``evals/baseline.json`` is changed only by ``summarizer eval --update-baseline``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from evals.baseline import load_baseline
from summarizer.cli import main
from tests.test_openai_cassettes import API_KEY, BASE_URL, MODEL, RECORDING, recorder

EVAL_ARGS = [
    "eval",
    "--base-url",
    BASE_URL,
    "--api-key",
    API_KEY,
    "--model",
    MODEL,
    "--response-format",
    "json_object",
    "--no-system-role",
    "--timeout",
    "900",
]


def test_eval_on_the_embedded_model_does_not_regress(tmp_path: Path) -> None:
    cache = os.environ.get("SUMMARIZER_RECORD_CACHE_DIR") if RECORDING else None
    args = [*EVAL_ARGS, "--json", str(tmp_path / "eval.json"), "--no-cache"]
    if cache:
        args = [*EVAL_ARGS, "--json", str(tmp_path / "eval.json"), "--cache-dir", cache]
    if not RECORDING:
        args.append("--check-baseline")
    with recorder.use_cassette("eval_seeds.yaml"):
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "eval.json").read_text())
    assert report["backend"] == "openai" and report["model"] == MODEL
    assert len(report["articles"]) == 5
    baseline = load_baseline()
    assert baseline["model"] == MODEL
