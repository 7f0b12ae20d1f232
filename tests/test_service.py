"""The HTTP service, end to end: a real uvicorn server on 127.0.0.1, the fake backend."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx2")

from summarizer import (  # noqa: E402
    Article,
    BackendUnavailableError,
    ConfigurationError,
    FakeBackend,
    Settings,
    Summarizer,
)
from summarizer.backend import Message  # noqa: E402
from summarizer.config import ServiceSettings  # noqa: E402
from summarizer.llm.backends.reask import RawReply  # noqa: E402
from summarizer.service import build_server, create_app  # noqa: E402

STARTUP_SECONDS = 10.0
POLL_SECONDS = 15.0


@pytest.fixture(autouse=True)
def no_service_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SUMMARIZER_SERVICE_TOKEN", "SUMMARIZER_SERVICE_MAX_QUEUE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("SUMMARIZER_SERVICE_MAX_BODY", raising=False)


@contextmanager
def running(settings: Settings | None = None, **options: Any) -> Iterator[Any]:
    """The service on a free port of 127.0.0.1, in a thread; a client to it."""
    server = build_server(settings, "127.0.0.1", 0, log_level="warning", **options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        with httpx.Client(base_url=server.url, timeout=10.0) as client:
            yield client
    finally:
        server.stop()
        thread.join(STARTUP_SECONDS)
        assert not thread.is_alive(), "the server did not stop"


def articles(count: int, prefix: str = "a") -> list[dict[str, str]]:
    return [
        {"id": f"{prefix}{i}", "text": f"Report {i}.\nGunmen attacked a village on Monday."}
        for i in range(count)
    ]


def wait_done(client: Any, batch_id: str, headers: dict[str, str] | None = None) -> Any:
    deadline = time.monotonic() + POLL_SECONDS
    while time.monotonic() < deadline:
        status = client.get(f"/v1/batches/{batch_id}", headers=headers).json()
        if status["status"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"batch {batch_id} did not finish: {status}")


def outcome_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class GatedBackend(FakeBackend):
    """A fake model that holds every answer until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def _call(self, messages: list[Message]) -> RawReply:
        self.entered.set()
        self.gate.wait(POLL_SECONDS)
        return super()._call(messages)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(backend="fake", cache_dir=tmp_path / "cache")


def test_health_and_one_summary_then_a_cache_hit(settings: Settings, seed_article: Article) -> None:
    with running(settings) as client:
        health = client.get("/healthz").json()
        assert health["status"] == "ok" and health["backend"] == "fake"
        assert health["strategy"] == "one-call" and health["version"]
        body = {"id": seed_article.id, "text": seed_article.text, "published": "2024-05-01"}
        first = client.post("/v1/summaries", json=body)
        assert first.status_code == 200, first.text
        summary = first.json()
        assert summary["article_id"] == seed_article.id and summary["summary"]
        assert summary["meta"]["cache_hit"] is False
        second = client.post("/v1/summaries", json=body).json()
        assert second["meta"]["cache_hit"] is True
        assert second["summary"] == summary["summary"]


def test_bad_articles_get_422_with_the_reason(settings: Settings) -> None:
    with running(settings) as client:
        missing = client.post("/v1/summaries", json={"id": "x"})
        assert missing.status_code == 422
        assert missing.json() == {"error": "InputError", "message": "article: text: Field required"}
        assert client.post("/v1/summaries", content=b"not json").status_code == 422
        twice = client.post("/v1/batches", json=[*articles(2), *articles(1)])
        assert twice.status_code == 422 and "duplicate article id 'a0'" in twice.text
        assert client.post("/v1/batches", json=[]).status_code == 422


def test_a_batch_runs_end_to_end(settings: Settings) -> None:
    with running(settings) as client:
        accepted = client.post("/v1/batches", json=articles(5))
        assert accepted.status_code == 202, accepted.text
        batch = accepted.json()
        assert batch["status"] in ("queued", "running", "done") and batch["total"] == 5
        assert accepted.headers["location"] == f"/v1/batches/{batch['id']}"
        status = wait_done(client, batch["id"])
        assert (status["status"], status["succeeded"], status["failed"]) == ("done", 5, 0)
        results = client.get(batch["results"])
        assert results.headers["content-type"].startswith("application/x-ndjson")
        assert results.headers["x-batch-status"] == "done"
        got = outcome_lines(results.text)
        assert sorted(r["article_id"] for r in got) == [f"a{i}" for i in range(5)]
        assert all(r["meta"]["backend"] == "fake" for r in got)
        rest = outcome_lines(client.get(batch["results"], params={"offset": 3}).text)
        assert rest == got[3:]
        assert client.get("/v1/batches/unknown").status_code == 404


def test_a_jsonl_batch_streams_with_wait(settings: Settings) -> None:
    body = "\n".join(json.dumps(a) for a in articles(3, "j")) + "\n"
    with running(settings) as client:
        accepted = client.post(
            "/v1/batches", content=body, headers={"content-type": "application/x-ndjson"}
        )
        assert accepted.status_code == 202, accepted.text
        streamed = client.get(accepted.json()["results"], params={"wait": "true"})
        assert sorted(r["article_id"] for r in outcome_lines(streamed.text)) == ["j0", "j1", "j2"]


def test_a_full_queue_answers_429_with_retry_after(settings: Settings) -> None:
    backend = GatedBackend()
    with Summarizer(settings, backend=backend) as summarizer:
        try:
            with running(summarizer=summarizer, max_queue=2) as client:
                first = client.post("/v1/batches", json=articles(2))
                assert first.status_code == 202
                assert backend.entered.wait(POLL_SECONDS)
                full = client.post("/v1/batches", json=articles(1, "b"))
                assert full.status_code == 429 and full.json()["error"] == "QueueFull"
                assert int(full.headers["retry-after"]) >= 1
                single = client.post("/v1/summaries", json=articles(1, "s")[0])
                assert single.status_code == 429
                too_many = client.post("/v1/batches", json=articles(3, "c"))
                assert too_many.status_code == 413
                assert client.get("/healthz").json()["queue"] == {"pending": 2, "max": 2}
                results = first.json()["results"]
                with client.stream("GET", results, params={"wait": "true"}) as stream:
                    assert stream.headers["x-batch-status"] == "running"
                    backend.gate.set()  # the lines come as the articles finish
                    ids = [json.loads(line)["article_id"] for line in stream.iter_lines() if line]
                assert sorted(ids) == ["a0", "a1"]
                assert wait_done(client, first.json()["id"])["succeeded"] == 2
                assert client.post("/v1/batches", json=articles(1, "d")).status_code == 202
        finally:
            backend.gate.set()


def test_an_oversized_body_gets_413(settings: Settings) -> None:
    big = [{"id": "big", "text": "x" * 5000}]
    with running(settings, max_body_bytes=2000) as client:
        declared = client.post("/v1/batches", json=big)
        assert declared.status_code == 413
        assert declared.json()["error"] == "ContentTooLarge"

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
            for _ in range(5):
                yield b" " * 1000

        streamed = client.post("/v1/summaries", content=chunks())
        assert streamed.status_code == 413
        assert client.post("/v1/summaries", json=articles(1)[0]).status_code == 200


def test_the_token_guards_everything_but_healthz(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_SERVICE_TOKEN", "s3cret-token")  # read by config.py
    good = {"Authorization": "Bearer s3cret-token"}
    with running(settings) as client:
        assert client.get("/healthz").status_code == 200
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-token"}):
            refused = client.post("/v1/summaries", json=articles(1)[0], headers=headers)
            assert refused.status_code == 401, headers
            assert refused.json()["error"] == "Unauthorized"
            assert refused.headers["www-authenticate"].startswith("Bearer")
        assert client.get("/openapi.json").status_code == 401
        assert client.get("/v1/batches/x").status_code == 401
        ok = client.post("/v1/summaries", json=articles(1)[0], headers=good)
        assert ok.status_code == 200
        batch = client.post("/v1/batches", json=articles(2), headers=good).json()
        assert wait_done(client, batch["id"], good)["succeeded"] == 2
        spec = client.get("/openapi.json", headers=good).json()
        assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_openapi_lists_the_endpoints(settings: Settings) -> None:
    with running(settings) as client:
        spec = client.get("/openapi.json").json()
        assert {
            "/healthz",
            "/v1/summaries",
            "/v1/batches",
            "/v1/batches/{batch_id}",
            "/v1/batches/{batch_id}/results",
        } <= set(spec["paths"])
        body = spec["paths"]["/v1/batches"]["post"]["requestBody"]["content"]
        assert {"application/json", "application/x-ndjson"} <= set(body)
        assert client.get("/docs").status_code == 200


def test_backend_errors_map_to_http_codes(settings: Settings) -> None:
    def down(_messages: list[Message]) -> str:
        raise BackendUnavailableError("connection refused")

    invalid = Summarizer(settings, backend=FakeBackend("not json at all"))
    with invalid, running(summarizer=invalid) as client:
        answer = client.post("/v1/summaries", json=articles(1)[0])
        assert answer.status_code == 502 and answer.json()["error"] == "InvalidOutputError"
        batch = client.post("/v1/batches", json=articles(2)).json()
        status = wait_done(client, batch["id"])
        assert (status["status"], status["failed"]) == ("done", 2)
        lines = outcome_lines(client.get(batch["results"]).text)
        assert {line["error"] for line in lines} == {"InvalidOutputError"}
    unavailable = Summarizer(settings, backend=FakeBackend(down))
    with unavailable, running(summarizer=unavailable) as client:
        answer = client.post("/v1/summaries", json=articles(1)[0])
        assert answer.status_code == 503
        assert answer.json()["error"] == "BackendUnavailableError"
        batch = client.post("/v1/batches", json=articles(3)).json()
        status = wait_done(client, batch["id"])
        assert status["status"] == "failed" and status["failed"] == 3
        assert "BackendUnavailableError" in status["error"]
        assert len(outcome_lines(client.get(batch["results"]).text)) == 3


def test_the_app_closes_its_own_summarizer_on_shutdown(settings: Settings) -> None:
    app = create_app(settings)
    summarizer = app.state.summarizer

    async def lifespan() -> None:
        async with app.router.lifespan_context(app):
            assert summarizer.wait_closed(0) is False

    asyncio.run(lifespan())
    assert summarizer.wait_closed(5)


def test_service_settings_come_from_the_environment_then_the_flags() -> None:
    env = {"SUMMARIZER_SERVICE_TOKEN": "tok-123", "SUMMARIZER_SERVICE_MAX_QUEUE": "7"}
    service = ServiceSettings.from_env(env, max_body_bytes=123)
    assert (service.token, service.max_queue, service.max_body_bytes) == ("tok-123", 7, 123)
    assert "tok-123" not in repr(service)
    assert ServiceSettings.from_env({}, max_queue=3, token=None).max_queue == 3
    with pytest.raises(ConfigurationError, match="SUMMARIZER_SERVICE_MAX_BODY"):
        ServiceSettings.from_env({"SUMMARIZER_SERVICE_MAX_BODY": "lots"})
    with pytest.raises(ConfigurationError):
        ServiceSettings.from_env({}, max_queue=0)
    with pytest.raises(ConfigurationError, match="unknown"):
        ServiceSettings.from_env({}, port=1)
    assert Settings.from_env({"SUMMARIZER_TIMEOUT": "5"}, backend="fake").timeout == 5.0


def test_a_port_in_use_is_a_configuration_error(settings: Settings) -> None:
    with running(settings) as client:
        port = int(str(client.base_url).rsplit(":", 1)[1].strip("/"))
        with pytest.raises(ConfigurationError, match="cannot listen"):
            build_server(settings, "127.0.0.1", port)


def test_the_rules_run_in_threads_inside_the_server(tmp_path: Path) -> None:
    """`pool=auto` would fork worker processes for the rules; a threaded server must not."""
    from summarizer.service import create_app

    rules = Settings.from_env(
        env={}, backend="fake", strategy="decomposed", concurrency=2, cache_dir=tmp_path / "c"
    )
    assert Summarizer(rules).uses_processes  # what `summarizer run -j 2` does
    app = create_app(rules)
    try:
        assert not app.state.summarizer.uses_processes
    finally:
        app.state.summarizer.close()
    asked = create_app(rules.with_changes(pool="processes"))
    try:
        assert asked.state.summarizer.uses_processes  # asked for explicitly: kept
    finally:
        asked.state.summarizer.close()
