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


def backend_for(script: Script, retries: int) -> OpenAICompatibleBackend:
    client = openai.OpenAI(
        api_key="k",
        base_url="http://127.0.0.1:8765/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(script)),
    )
    return OpenAICompatibleBackend(
        model="m", response_format="json_object", transient_retries=retries, client=client
    )


def ask(backend: OpenAICompatibleBackend) -> object:
    messages = load_prompt_set("extract").messages("Jets struck the town.", None)
    return backend.generate(messages, Draft, Sampling(max_tokens=64))


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr("tenacity.nap.time.sleep", waited.append)
    return waited


def test_429_honours_retry_after_then_succeeds(sleeps: list[float]) -> None:
    script = Script(
        [
            httpx2.Response(429, headers={"retry-after": "7"}, json={"error": {"message": "slow"}}),
            httpx2.Response(503, json={"error": {"message": "busy"}}),
            httpx2.Response(
                200, content=recorded_answer(), headers={"content-type": "application/json"}
            ),
        ]
    )
    generation = ask(backend_for(script, retries=3))
    assert script.requests == 3
    assert sleeps[0] == 7.0
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
