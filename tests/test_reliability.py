"""Reliability under faults: every input id ends exactly once in the output or the errors.

The server is :mod:`tests.fault_server` on loopback; retries do not sleep (tenacity's wait is
patched to 0), so each test runs in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from tenacity import RetryCallState

from summarizer.cli import main
from tests.fault_server import FaultPlan, fault_server


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_wait(state: RetryCallState) -> float:
        return 0.0

    monkeypatch.setattr("summarizer.llm.backends.openai_compat.wait_retry_after", no_wait)


def _articles(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": f"a{i}", "text": f"Report {i}. Gunmen attacked a village on Monday."})
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["article_id"] for line in path.read_text().splitlines() if line]


def _run(base_url: str, inputs: Path, out: Path) -> object:
    return CliRunner().invoke(
        main,
        [
            "run",
            str(inputs),
            "-o",
            str(out),
            "--base-url",
            base_url,
            "--api-key",
            "k",
            "--model",
            "stub",
            "--no-progress",
            "--no-cache",
            "--strategy",
            "one-call",
        ],
        env={"SUMMARIZER_TIMEOUT": "5"},
    )


def test_a_network_blip_loses_no_article_and_does_not_stop_the_batch(tmp_path: Path) -> None:
    """Connection resets on the first 5 requests, then a healthy server (issue 9, item 1)."""
    inputs, out = _articles(tmp_path, 20), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(resets=5)) as url:
        result = _run(url, inputs, out)
    done, failed = _ids(out), _ids(tmp_path / "out.errors.jsonl")
    assert sorted(done + failed) == sorted(f"a{i}" for i in range(20)), result.output  # type: ignore[attr-defined]
    assert len(done) >= 19  # at most the first article spent its budget on the blip
    assert result.exit_code in (0, 1)  # type: ignore[attr-defined]


def test_a_dead_server_stops_the_batch_and_records_every_article(tmp_path: Path) -> None:
    """Resets on every request: the batch stops, and no article is missing from both files."""
    inputs, out = _articles(tmp_path, 12), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(resets=10_000)) as url:
        result = _run(url, inputs, out)
    failed = _ids(tmp_path / "out.errors.jsonl")
    assert result.exit_code == 3, result.output  # type: ignore[attr-defined]
    assert sorted(failed) == sorted(f"a{i}" for i in range(12))
    errors = [
        json.loads(x)["error"] for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()
    ]
    assert errors.count("NotAttempted") >= 9  # three tried in a row, the rest not attempted
