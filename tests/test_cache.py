from pathlib import Path

import diskcache

from summarizer import Article, FakeBackend, Settings, Summarizer
from summarizer.cache import cache_key
from summarizer.config import Sampling
from summarizer.extract import Pipeline

ARTICLE = Article(id="a", text="Jets struck the town on Monday.")


def fingerprint(**changes: object) -> dict[str, object]:
    base = Pipeline(FakeBackend()).fingerprint()
    base.update(changes)
    return base


def test_key_is_stable_and_covers_everything_that_changes_an_answer() -> None:
    key = cache_key(fingerprint(), ARTICLE)
    assert key == cache_key(fingerprint(), ARTICLE)
    assert key == cache_key(fingerprint(), ARTICLE.model_copy(update={"id": "other"}))
    for change in (
        {"model": "other"},
        {"endpoint": "http://x/v1"},
        {"prompt_hash": "000000000000"},
        {"schema_hash": "000000000000"},
        {"sampling": {"temperature": 0.5, "max_tokens": 3072, "seed": 0}},
        {"package_version": "9.9.9"},
        {"strategy": "decomposed"},
    ):
        assert cache_key(fingerprint(**change), ARTICLE) != key, change
    changed_text = ARTICLE.model_copy(update={"text": ARTICLE.text + " "})
    assert cache_key(fingerprint(), changed_text) != key


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    backend = FakeBackend()
    settings = Settings.from_env(env={}, cache_dir=tmp_path / "c")
    with Summarizer(settings, backend=backend) as summarizer:
        first = summarizer.summarize(ARTICLE)
        second = summarizer.summarize(ARTICLE.model_copy(update={"id": "b"}))
    assert len(backend.calls) == 1
    assert not first.meta.cache_hit and second.meta.cache_hit
    assert second.article_id == "b"
    assert second.summary == first.summary


def test_refresh_and_no_cache(tmp_path: Path) -> None:
    backend = FakeBackend()
    settings = Settings.from_env(env={}, cache_dir=tmp_path / "c")
    Summarizer(settings, backend=backend).summarize(ARTICLE)
    Summarizer(settings.with_changes(refresh=True), backend=backend).summarize(ARTICLE)
    Summarizer(settings.with_changes(use_cache=False), backend=backend).summarize(ARTICLE)
    assert len(backend.calls) == 3
    assert not (tmp_path / "nocache").exists()


def test_sampling_change_invalidates(tmp_path: Path) -> None:
    backend = FakeBackend()
    settings = Settings.from_env(env={}, cache_dir=tmp_path / "c")
    Summarizer(settings, backend=backend).summarize(ARTICLE)
    changed = settings.with_changes(sampling=Sampling(temperature=0.7))
    assert not Summarizer(changed, backend=backend).summarize(ARTICLE).meta.cache_hit


def test_unreadable_entries_are_misses_not_crashes(tmp_path: Path) -> None:
    backend = FakeBackend()
    settings = Settings.from_env(env={}, cache_dir=tmp_path / "c")
    with Summarizer(settings, backend=backend) as summarizer:
        key = cache_key(summarizer.pipeline.fingerprint(), ARTICLE)
    for bad in ('{"not": "a summary"}', b"\x00binary", 42):
        with diskcache.Cache(str(tmp_path / "c")) as raw:
            raw.set(key, bad)
        with Summarizer(settings, backend=backend) as summarizer:
            result = summarizer.summarize(ARTICLE)
        assert not result.meta.cache_hit
    assert len(backend.calls) == 3


def test_values_are_json_not_pickles(tmp_path: Path) -> None:
    settings = Settings.from_env(env={}, cache_dir=tmp_path / "c")
    Summarizer(settings, backend=FakeBackend()).summarize(ARTICLE)
    with diskcache.Cache(str(tmp_path / "c")) as raw:
        values = [raw[k] for k in raw.iterkeys()]
    assert all(isinstance(v, str) and v.startswith("{") for v in values)
