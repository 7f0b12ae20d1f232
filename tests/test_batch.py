from pathlib import Path

import pytest

from summarizer import (
    Article,
    BackendUnavailableError,
    FakeBackend,
    Settings,
    Summarizer,
    asummarize_many,
    summarize,
    summarize_many,
)
from tests.helpers import draft

ARTICLES = [Article(id=f"a{i}", text=f"Report {i}. Jets struck town {i}.") for i in range(4)]


def settings(tmp_path: Path, **changes: object) -> Settings:
    return Settings.from_env(env={}, backend="fake", cache_dir=tmp_path / "c", **changes)


def test_summarize_one_text(tmp_path: Path) -> None:
    result = summarize("Jets struck the town.", article_id="t1", settings=settings(tmp_path))
    assert result.article_id == "t1"


def test_sync_and_async_batches_return_the_same_objects(tmp_path: Path) -> None:
    sync = summarize_many(ARTICLES, settings=settings(tmp_path, use_cache=False))
    import asyncio

    concurrent = asyncio.run(
        asummarize_many(ARTICLES, settings=settings(tmp_path, use_cache=False, concurrency=3))
    )
    assert [s.article_id for s in sync.summaries] == [a.id for a in ARTICLES]
    assert [s.model_dump(exclude={"meta"}) for s in sync.summaries] == [
        s.model_dump(exclude={"meta"}) for s in concurrent.summaries
    ]


def test_threaded_batch_keeps_input_order(tmp_path: Path) -> None:
    report = summarize_many(ARTICLES, settings=settings(tmp_path, concurrency=4))
    assert [o.article_id for o in report.outcomes] == [a.id for a in ARTICLES]


def test_failures_are_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    def reply(messages: list[dict[str, str]]) -> object:
        return "{" if any("town 2" in m["content"] for m in messages) else draft()

    report = summarize_many(ARTICLES, settings=settings(tmp_path), backend=FakeBackend(reply))
    assert [f.article_id for f in report.failures] == ["a2"]
    assert report.failures[0].error == "InvalidOutputError"
    assert len(report.summaries) == 3
    assert report.usage.total_tokens > 0


def test_unreachable_model_stops_the_batch(tmp_path: Path) -> None:
    def down(messages: list[dict[str, str]]) -> object:
        raise BackendUnavailableError("connection refused")

    with pytest.raises(BackendUnavailableError):
        Summarizer(settings(tmp_path), backend=FakeBackend(down)).summarize_many(ARTICLES)


def test_a_batch_reads_its_input_as_a_stream_and_can_keep_nothing(tmp_path: Path) -> None:
    pulled = {"n": 0}
    ahead: list[int] = []

    def articles():  # type: ignore[no-untyped-def]
        for i in range(200):
            pulled["n"] += 1
            yield Article(id=f"s{i}", text=f"Report {i}. Jets struck town {i}.")

    def seen(outcome: object) -> None:
        ahead.append(pulled["n"] - len(ahead) - 1)  # read but not yet reported

    with Summarizer(settings(tmp_path, use_cache=False, concurrency=3)) as summarizer:
        report = summarizer.summarize_many(articles(), on_outcome=seen, keep=False)
    assert max(ahead) <= 2 * 3  # never more than two per worker read ahead
    assert report.succeeded == 200 and report.outcomes == [] and report.failures == []
    assert report.usage.total_tokens > 0


def test_rules_batches_run_in_processes_with_the_same_records(tmp_path: Path) -> None:
    seeds = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
    articles = [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in seeds]
    base = settings(tmp_path, strategy="decomposed", concurrency=2)
    with Summarizer(base.with_changes(pool="threads", use_cache=False)) as threads:
        assert not threads.uses_processes
        expected = threads.summarize_many(articles)
    with Summarizer(base) as processes:
        assert processes.uses_processes  # auto: the rules call no model
        first = processes.summarize_many(articles)
        again = processes.summarize_many(articles)  # the workers share one cache
    assert [s.model_dump(exclude={"meta"}) for s in first.summaries] == [
        s.model_dump(exclude={"meta"}) for s in expected.summaries
    ]
    assert first.cache_hits == 0 and again.cache_hits == len(articles)


def test_a_model_strategy_stays_in_threads(tmp_path: Path) -> None:
    with Summarizer(settings(tmp_path, strategy="one-call", concurrency=4)) as summarizer:
        assert not summarizer.uses_processes
