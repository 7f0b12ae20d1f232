"""Logging: levels by verbosity, JSON and text lines, the fields each event carries."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import openai
import pytest
from tenacity import RetryCallState

from summarizer import Article, FakeBackend, Settings, Summarizer
from summarizer.llm.backends.rate_limit import RateLimiter
from summarizer.llm.backends.retries import RequestDeadlineExceeded, RetryBudget
from summarizer.logs import NOISY_LOGGERS, configure_logging

ARTICLES = [
    Article(id=f"a{i}", text=f"Report {i}. Gunmen attacked a village on Monday.") for i in range(3)
]


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Put the loggers back as they were, so other tests see the default setup."""
    names = ["summarizer", *NOISY_LOGGERS]
    saved = {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).level) for n in names}
    propagate = {n: logging.getLogger(n).propagate for n in names}
    yield
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate[name]


def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(env={}, backend="fake", cache_dir=tmp_path / "cache")


def run_batch(tmp_path: Path, backend: FakeBackend | None = None) -> None:
    with Summarizer(settings(tmp_path), backend=backend or FakeBackend()) as summarizer:
        summarizer.summarize_many(ARTICLES)


def json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_carry_timing_tokens_and_cache_hits(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging(1, "json", stream=stream)

    run_batch(tmp_path)
    first = [e for e in json_lines(stream) if e["message"] == "summarized"]
    assert sorted(e["article_id"] for e in first) == ["a0", "a1", "a2"]
    for entry in first:
        assert entry["level"] == "INFO"
        assert entry["logger"] == "summarizer.api"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])
        assert isinstance(entry["seconds"], float) and entry["seconds"] >= 0
        assert entry["cache_hit"] is False
        assert entry["prompt_tokens"] > 0 and entry["completion_tokens"] > 0
        assert entry["events"] == 0

    stream.seek(0)
    stream.truncate()
    run_batch(tmp_path)  # the same articles again: served from the cache
    second = [e for e in json_lines(stream) if e["message"] == "summarized"]
    assert len(second) == 3
    assert all(e["cache_hit"] is True and e["prompt_tokens"] == 0 for e in second)


def test_debug_logs_cache_misses_then_hits(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging(2, "json", stream=stream)
    run_batch(tmp_path)
    run_batch(tmp_path)
    cache = [(e["message"], e["article_id"]) for e in json_lines(stream) if "cache" in e["message"]]
    assert sorted(cache) == sorted(
        [("cache miss", a.id) for a in ARTICLES] + [("cache hit", a.id) for a in ARTICLES]
    )


def test_failures_and_re_asks_are_logged(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging(1, "json", stream=stream)
    run_batch(tmp_path, FakeBackend("not json", validation_retries=1))
    entries = json_lines(stream)
    failed = [e for e in entries if e["message"] == "failed"]
    assert sorted(e["article_id"] for e in failed) == ["a0", "a1", "a2"]
    assert all(e["level"] == "WARNING" and e["error"] == "InvalidOutputError" for e in failed)
    assert all("invalid output" in e["detail"] for e in failed)
    re_asks = [e for e in entries if e["message"] == "re-asking"]
    assert re_asks and all(e["attempt"] == 2 and e["error"] for e in re_asks)


def failed_attempt(exc: BaseException) -> RetryCallState:
    state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
    state.set_exception((type(exc), exc, None))
    return state


def test_retries_are_logged_with_their_wait() -> None:
    stream = io.StringIO()
    configure_logging(0, "json", stream=stream)
    budget = RetryBudget(RateLimiter(), transient_retries=1)
    budget.wait(failed_attempt(RequestDeadlineExceeded("no complete answer within 5 s")))
    budget.wait(failed_attempt(RequestDeadlineExceeded("again")))  # the last: no retry follows
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(429, headers={"retry-after": "7"}, request=request)
    budget.wait(failed_attempt(openai.RateLimitError("slow down", response=response, body=None)))

    entries = json_lines(stream)
    assert [e["message"] for e in entries] == [
        "transient error, retrying",
        "rate limited, holding the batch",
    ]
    transient, limited = entries
    assert transient["level"] == "WARNING" and transient["attempt"] == 1
    assert transient["wait_s"] > 0
    assert transient["error"].startswith("RequestDeadlineExceeded: no complete answer")
    assert limited["wait_s"] == 7.0 and limited["attempt"] == 1


def test_a_clean_batch_prints_nothing_at_verbosity_0(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging(0, "text", stream=stream)
    run_batch(tmp_path)
    assert stream.getvalue() == ""


def test_text_lines_hold_time_level_logger_message_and_fields(tmp_path: Path) -> None:
    stream = io.StringIO()
    configure_logging(1, stream=stream)
    configure_logging(1, stream=stream)  # a second call replaces the first: no duplicates
    with Summarizer(settings(tmp_path), backend=FakeBackend()) as summarizer:
        summarizer.summarize(ARTICLES[0])
    # only this test's article: threads left by earlier tests may still log into the handler
    lines = [line for line in stream.getvalue().splitlines() if "article_id=a0 " in line]
    assert len(lines) == 1
    assert re.fullmatch(
        r"\S+Z INFO summarizer\.api: summarized article_id=a0 seconds=[\d.e-]+ cache_hit=False "
        r"prompt_tokens=\d+ completion_tokens=\d+ events=0",
        lines[0],
    )


@pytest.mark.parametrize("verbosity", [0, 1])
def test_third_party_loggers_are_silent_below_vv(verbosity: int) -> None:
    stream = io.StringIO()
    configure_logging(verbosity, stream=stream)
    for name in NOISY_LOGGERS:
        assert logging.getLogger(name).getEffectiveLevel() == logging.CRITICAL
        logging.getLogger(name).error("noise")
    logging.getLogger("summarizer.test").info("ours")
    expected = ["ours"] if verbosity else []
    lines = [line.split(": ", 1)[1] for line in stream.getvalue().splitlines()]
    assert [line for line in lines if line in ("ours", "noise")] == expected


def test_vv_shows_third_party_debug() -> None:
    stream = io.StringIO()
    configure_logging(2, stream=stream)
    logging.getLogger("openai").debug("request sent")
    logging.getLogger("summarizer.test").debug("ours")
    assert logging.getLogger("httpcore").getEffectiveLevel() == logging.INFO
    lines = [line.split(" ", 2)[2] for line in stream.getvalue().splitlines()]
    assert [line for line in lines if line.endswith((": request sent", ": ours"))] == [
        "openai: request sent",
        "summarizer.test: ours",
    ]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="log format"):
        configure_logging(1, "xml")  # type: ignore[arg-type]


def test_fields_other_libraries_stamp_on_records_stay_out() -> None:
    """Ray's record factory adds ``_ray_timestamp_ns`` to every record once it is imported."""
    record = logging.makeLogRecord({"msg": "summarized", "article_id": "a1", "_stamp_ns": 1})
    stream = io.StringIO()
    configure_logging(1, "json", stream=stream)
    logging.getLogger("summarizer.test").info("x", extra={"article_id": "a1", "_private": 2})
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["article_id"] == "a1" and "_private" not in line
    from summarizer.logs import fields_of

    assert fields_of(record) == {"article_id": "a1"}
