"""Fault injection at the HTTP layer: 429s and 5xx before a real recorded answer.

The server faults are injected by an ``httpx2.MockTransport``; the successful answer they
precede is the real model response recorded in ``cassettes/openai_compat_summarize.yaml``.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx2
import openai
import pytest
import yaml

from summarizer import TransientBackendError
from summarizer.config import Sampling
from summarizer.llm.backends.openai_compat import OpenAICompatibleBackend
from summarizer.llm.backends.rate_limit import RateLimiter
from summarizer.llm.backends.retries import RATE_LIMIT_RETRIES
from summarizer.llm.prompts import load_prompt_set
from summarizer.pipeline.draft import Draft

CASSETTE = Path(__file__).parent / "cassettes" / "openai_compat_summarize.yaml"


def recorded_answer() -> bytes:
    interactions = yaml.safe_load(CASSETTE.read_text())["interactions"]
    body = interactions[-1]["response"]["body"]["string"]
    return body.encode() if isinstance(body, str) else body


class Script:
    """Serves the scripted responses in order and remembers when each request came."""

    def __init__(self, responses: list[httpx2.Response]) -> None:
        self.responses = responses
        self.requests = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests += 1
        return self.responses.pop(0)


class FakeClock:
    """Monotonic seconds that pass only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def backend_for(
    script: Script, retries: int, limiter: RateLimiter | None = None
) -> OpenAICompatibleBackend:
    client = openai.OpenAI(
        api_key="k",
        base_url="http://127.0.0.1:8765/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(script)),
    )
    return OpenAICompatibleBackend(
        model="m",
        response_format="json_object",
        transient_retries=retries,
        client=client,
        limiter=limiter,
    )


def ask(backend: OpenAICompatibleBackend) -> object:
    messages = load_prompt_set("extract").messages("Jets struck the town.", None)
    return backend.generate(messages, Draft, Sampling(max_tokens=64))


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr("tenacity.nap.time.sleep", waited.append)
    return waited


def test_429_holds_every_request_for_its_retry_after_then_succeeds(sleeps: list[float]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    script = Script(
        [
            httpx2.Response(429, headers={"retry-after": "7"}, json={"error": {"message": "slow"}}),
            httpx2.Response(503, json={"error": {"message": "busy"}}),
            httpx2.Response(
                200, content=recorded_answer(), headers={"content-type": "application/json"}
            ),
        ]
    )
    generation = ask(backend_for(script, retries=3, limiter=limiter))
    assert script.requests == 3
    assert clock.slept == [7.0]  # the 429: the shared limiter held the next request 7 s
    assert limiter.holds == 1
    backoffs = [s for s in sleeps if s]
    assert len(backoffs) == 1 and backoffs[0] <= 1.0  # the 503: this request's own backoff
    assert json.loads(generation.output.model_dump_json())["summary"]  # type: ignore[attr-defined]


def test_retry_budget_is_bounded(sleeps: list[float]) -> None:
    script = Script([httpx2.Response(500, json={"error": {"message": "down"}})] * 3)
    with pytest.raises(TransientBackendError):
        ask(backend_for(script, retries=2))
    assert script.requests == 3
    assert len(sleeps) == 2


def test_client_errors_are_not_retried(sleeps: list[float]) -> None:
    script = Script([httpx2.Response(400, json={"error": {"message": "bad request"}})])
    with pytest.raises(Exception, match="400"):
        ask(backend_for(script, retries=3))
    assert script.requests == 1
    assert sleeps == []


def test_429s_spend_their_own_budget_not_the_transient_one(sleeps: list[float]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    too_many = httpx2.Response(429, headers={"retry-after": "1"}, json={"error": {}})
    script = Script([too_many] * (RATE_LIMIT_RETRIES + 1))
    with pytest.raises(TransientBackendError, match="RateLimitError"):
        ask(backend_for(script, retries=0, limiter=limiter))  # no budget for 5xx at all
    assert script.requests == RATE_LIMIT_RETRIES + 1
    assert clock.slept == [1.0] * RATE_LIMIT_RETRIES
    assert not any(sleeps)


def test_a_spent_budget_in_the_headers_holds_the_next_request(sleeps: list[float]) -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    headers = {
        "content-type": "application/json",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": "2s",
    }
    script = Script([httpx2.Response(200, content=recorded_answer(), headers=headers)] * 2)
    backend = backend_for(script, retries=0, limiter=limiter)
    ask(backend)
    ask(backend)
    assert clock.slept == [2.0]
