"""The OpenAI-compatible backend against recorded traffic from a real server.

The cassettes in ``tests/cassettes/`` were recorded against llama-cpp-python's
OpenAI-compatible server running the embedded Gemma 3 270M on loopback (see README,
"Re-recording cassettes"). In CI they are replayed with ``record_mode="none"``: a request
that is not in a cassette fails the test instead of reaching the network. Bodies are matched
whole except for the prompt fence's random tag, which is new on every request.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import vcr

from summarizer import (
    Article,
    AuthenticationError,
    Settings,
    Summarizer,
    TruncatedOutputError,
)
from summarizer.config import Sampling

CASSETTES = Path(__file__).parent / "cassettes"
RECORDING = os.environ.get("SUMMARIZER_RECORD") == "1"
BASE_URL = os.environ.get("SUMMARIZER_RECORD_BASE_URL", "http://127.0.0.1:8766/v1")
"""llama.cpp's own C++ server (``llama-server``): ``json_object`` with a schema, and
``json_schema``."""
CPP_SERVER_URL = BASE_URL
PY_SERVER_URL = os.environ.get("SUMMARIZER_RECORD_PY_BASE_URL", "http://127.0.0.1:8765/v1")
"""llama-cpp-python's server, which serves ``tools`` (a forced function call)."""
API_KEY = os.environ.get("SUMMARIZER_RECORD_API_KEY", "sk-local-test")
MODEL = "gemma-3-270m"

FENCE_TAG = re.compile(rb"ARTICLE_[0-9a-f]{12}")


def body_but_fence_tag(recorded: Any, replayed: Any) -> None:
    """Bodies equal once the fence's random tag is blanked (it is new on every request)."""

    def blanked(request: Any) -> bytes:
        body = request.body or b""
        return FENCE_TAG.sub(b"ARTICLE_<tag>", body if isinstance(body, bytes) else body.encode())

    assert blanked(recorded) == blanked(replayed)


recorder = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="all" if RECORDING else "none",
    filter_headers=["authorization", "x-api-key", "openai-organization"],
    match_on=["method", "scheme", "host", "port", "path", "body_but_fence_tag"],
    decode_compressed_response=True,
)
recorder.register_matcher("body_but_fence_tag", body_but_fence_tag)


def remote_settings(tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "backend": "openai",
        "base_url": BASE_URL,
        "api_key": API_KEY,
        "model": MODEL,
        "response_format": "json_object",
        "system_role": False,
        "max_events": 5,  # the cap the cassettes were recorded with
        "transient_retries": 0,
        "timeout": 600.0,
        "use_cache": False,
        "cache_dir": tmp_path / "cache",
        "sampling": Sampling(max_tokens=3072, seed=0),
    }
    values.update(changes)
    return Settings.from_env(env={}, **values)


@pytest.fixture
def short_article(seed_article: Article) -> Article:
    """The first report of a seed article (headline, dateline and two paragraphs).

    Short enough for the 270M model to answer within the token budget on a CPU.
    """
    paragraphs = seed_article.text.split("\n")[:5]
    return Article(id=seed_article.id, text="\n".join(paragraphs))


def test_cassettes_hold_no_credentials() -> None:
    for path in CASSETTES.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert API_KEY not in text, path
        assert "authorization" not in text.lower(), path


@recorder.use_cassette("openai_compat_summarize.yaml")
def test_summarize_through_openai_compatible_server(tmp_path: Path, short_article: Article) -> None:
    with Summarizer(remote_settings(tmp_path)) as summarizer:
        result = summarizer.summarize(short_article)
    assert result.article_id == short_article.id
    assert result.meta.backend == "openai"
    assert result.meta.model == MODEL
    assert result.meta.endpoint == BASE_URL
    assert result.meta.usage.prompt_tokens > 0
    assert result.summary
    # Which events survive depends on what the 270M model wrote for this request's random
    # fence tag (recordings differ run to run); whatever survives is aligned to the text.
    for event in result.events:
        for evidence in event.evidence:
            assert short_article.text[evidence.start : evidence.end] == evidence.quote


@recorder.use_cassette("openai_compat_truncated.yaml")
def test_truncated_answer_is_a_clear_error(tmp_path: Path, short_article: Article) -> None:
    settings = remote_settings(tmp_path, sampling=Sampling(max_tokens=12, seed=0))
    with Summarizer(settings) as summarizer, pytest.raises(TruncatedOutputError):
        summarizer.summarize(short_article)


@recorder.use_cassette("openai_compat_bad_key.yaml")
def test_rejected_key_is_an_authentication_error(tmp_path: Path, short_article: Article) -> None:
    settings = remote_settings(tmp_path, api_key="sk-wrong-key")
    with Summarizer(settings) as summarizer, pytest.raises(AuthenticationError):
        summarizer.summarize(short_article)


def request_bodies(cassette: Any) -> list[dict[str, Any]]:
    return [json.loads(request.body) for request in cassette.requests]


def test_json_schema_is_sent_strict_to_a_server_that_takes_it(
    tmp_path: Path, short_article: Article
) -> None:
    settings = remote_settings(
        tmp_path, base_url=CPP_SERVER_URL, response_format="json_schema", system_role=True
    )
    with recorder.use_cassette("openai_compat_json_schema.yaml") as cassette:
        with Summarizer(settings) as summarizer:
            report = summarizer.summarize_many([short_article])
        bodies = request_bodies(cassette)
    sent = bodies[0]["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True
    schema = sent["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])
    assert "maxLength" not in json.dumps(schema)  # OpenAI's strict subset; pydantic checks it
    # What llama.cpp's C++ server made of it (recorded): the schema bounds the JSON's shape,
    # not its lengths (strict mode leaves them to pydantic), and the 270M model wrote key
    # points over the 200-character bound; each answer was sent back with pydantic's errors
    # (validation_retries=2, so three requests), the model repeated itself, and the article
    # fails with every attempt's tokens counted.
    assert len(bodies) == 3
    for number, body in enumerate(bodies[1:], start=1):
        assert [m["role"] for m in body["messages"]][-2:] == ["assistant", "user"]
        assert len(body["messages"]) == 2 + 2 * number
        assert "did not validate" in body["messages"][-1]["content"]
        assert "string_too_long" in body["messages"][-1]["content"]
    [failure] = report.failures
    assert failure.error == "InvalidOutputError"
    assert failure.usage.prompt_tokens == 1754 + 2515 + 3276  # as the server counted them
    assert failure.usage.completion_tokens == 551 + 517 + 517
    assert report.usage == failure.usage


def test_tools_mode_forces_the_schema_as_a_function(tmp_path: Path, short_article: Article) -> None:
    settings = remote_settings(tmp_path, base_url=PY_SERVER_URL, response_format="tools")
    with recorder.use_cassette("openai_compat_tools.yaml") as cassette:
        with Summarizer(settings) as summarizer:
            result = summarizer.summarize(short_article)
        bodies = request_bodies(cassette)
    assert bodies[0]["tools"][0]["type"] == "function"
    assert bodies[0]["tool_choice"]["function"]["name"] == bodies[0]["tools"][0]["function"]["name"]
    assert result.meta.usage.prompt_tokens > 0
    assert result.summary
    for event in result.events:
        for evidence in event.evidence:
            assert short_article.text[evidence.start : evidence.end] == evidence.quote
