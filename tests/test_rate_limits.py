"""Rate limits: the shared limiter on its own, then a whole batch against a loopback stub."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.llm.backends.rate_limit import (
    MAX_HOLD_SECONDS,
    RateLimiter,
    parse_duration,
    retry_after_seconds,
)
from tests.fault_server import FaultPlan, fault_server
from tests.helpers import write_articles
from tests.test_transient_retries import FakeClock


def limiter(**limits: float) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(**limits, clock=clock, sleep=clock.sleep), clock  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("7", 7.0), ("0.5", 0.5), ("20ms", 0.02), ("1s", 1.0), ("6m0s", 360.0), ("1h2m", 3720.0)],
)
def test_durations_in_rate_limit_headers(raw: str, seconds: float) -> None:
    assert parse_duration(raw) == pytest.approx(seconds)


@pytest.mark.parametrize("raw", ["soon", "", "5 minutes", "1x"])
def test_unreadable_durations_are_none(raw: str) -> None:
    assert parse_duration(raw) is None


def test_retry_after_as_an_http_date_or_milliseconds() -> None:
    now = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC
    assert retry_after_seconds({"retry-after": "Tue, 14 Nov 2023 22:13:30 GMT"}, now) == 10.0
    assert retry_after_seconds({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert retry_after_seconds({}) is None


def test_requests_per_minute_paces_the_starts() -> None:
    gate, clock = limiter(requests_per_minute=120)
    starts = []
    for _ in range(4):
        gate.acquire()
        starts.append(clock.now)
    assert starts == [0.0, 0.5, 1.0, 1.5]


def test_tokens_per_minute_paces_by_what_each_request_may_use() -> None:
    gate, clock = limiter(tokens_per_minute=6000)
    gate.acquire(3000)  # half a minute's tokens
    gate.acquire(600)
    gate.acquire(10)
    assert clock.slept == [30.0, 6.0]


def test_a_hold_stops_everyone_and_is_capped() -> None:
    gate, clock = limiter()
    gate.hold(2.5)
    gate.acquire()
    gate.acquire()  # the hold has passed: no pace is set
    gate.hold(10_000)
    gate.acquire()
    assert clock.slept == [2.5, MAX_HOLD_SECONDS]
    assert gate.holds == 2


def test_spent_budgets_in_headers_hold_until_their_reset() -> None:
    gate, clock = limiter()
    gate.observe({"x-ratelimit-remaining-requests": "12", "x-ratelimit-reset-requests": "9s"})
    gate.acquire()
    gate.observe({"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "1.5s"})
    gate.acquire()
    assert clock.slept == [1.5]


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(requests_per_minute=0)


def _run(url: str, tmp_path: Path, count: int, *extra: str) -> tuple[int, str, Path]:
    inputs, out = write_articles(tmp_path, count), tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        ["run", str(inputs), "-o", str(out), "--base-url", url, "--api-key", "k", "-m", "stub",
         "--no-progress", "--no-cache", "--strategy", "one-call", *extra],
    )  # fmt: skip
    return result.exit_code, result.output, out


def test_429s_slow_the_batch_down_instead_of_failing_articles(tmp_path: Path) -> None:
    plan = FaultPlan(chaos=("429",), chaos_rate=0.5, retry_after="0.1", seed=3)
    with fault_server(plan) as url:
        code, output, out = _run(url, tmp_path, 12, "-j", "4", "--max-tokens", "256")
    assert code == 0, output
    assert plan.injected["429"] >= 6
    done = [json.loads(line)["article_id"] for line in out.read_text().splitlines()]
    assert sorted(done) == sorted(f"a{i}" for i in range(12))  # no article failed
    assert (
        not (tmp_path / "out.errors.jsonl").exists()
        or not (tmp_path / "out.errors.jsonl").read_text().strip()
    )


def test_rpm_paces_a_batch_across_its_threads(tmp_path: Path) -> None:
    with fault_server(FaultPlan()) as url:
        started = time.perf_counter()
        code, output, _ = _run(url, tmp_path, 6, "-j", "3", "--rpm", "300")
        elapsed = time.perf_counter() - started
    assert code == 0, output
    assert elapsed >= 5 * 60 / 300  # six starts, 0.2 s apart, whatever the concurrency
