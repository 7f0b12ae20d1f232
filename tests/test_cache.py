import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import diskcache

from summarizer import Article, FakeBackend, Settings, Summarizer
from summarizer.cache import cache_key
from summarizer.config import Sampling
from summarizer.pipeline.pipeline import Pipeline
from summarizer.strategies import make_strategy

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = Article(id="a", text="Jets struck the town on Monday.")


def fingerprint(**changes: object) -> dict[str, object]:
    base = Pipeline(FakeBackend(), make_strategy("one-call")).fingerprint()
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
        {"code_hash": "000000000000"},
        {"backend_options": {"response_format": "json_object"}},
        {"strategy_options": {"max_events": 5}},
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
    assert len(list((tmp_path / "c").iterdir())) > 0  # the first run wrote the cache
    uncached_dir = tmp_path / "unused"
    uncached = settings.with_changes(use_cache=False, cache_dir=uncached_dir)
    Summarizer(uncached, backend=backend).summarize(ARTICLE)
    assert len(backend.calls) == 3
    assert not uncached_dir.exists()


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


def test_openai_backend_settings_that_change_answers_are_in_the_key() -> None:
    from summarizer.llm.backends.openai_compat import OpenAICompatibleBackend

    def key_with(**options: object) -> str:
        backend = OpenAICompatibleBackend(model="m", base_url="http://127.0.0.1:9/v1", **options)  # type: ignore[arg-type]
        return cache_key(Pipeline(backend, make_strategy("one-call")).fingerprint(), ARTICLE)

    assert key_with() == key_with()
    assert key_with(response_format="json_object") != key_with()
    assert key_with(system_role=False) != key_with()


SCRIPT = """
import json, sys
from summarizer import Article, FakeBackend, Settings, Summarizer
import summarizer
assert summarizer.__file__.startswith(sys.argv[1]), summarizer.__file__
settings = Settings.from_env(env={}, cache_dir=sys.argv[2], strategy="decomposed")
text = "Russian jets struck the town of Maarat al-Numan in Idlib on Monday, killing 4 people."
with Summarizer(settings, backend=FakeBackend()) as s:
    result = s.summarize(Article(id="a", text=text))
print(json.dumps({"hit": result.meta.cache_hit, "code_hash": result.meta.code_hash}))
"""


def test_editing_a_data_file_misses_the_cache(tmp_path: Path) -> None:
    """A result is served only to the same code and data: edit a table, get a fresh answer."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "summarizer", copy / "summarizer", ignore=shutil.ignore_patterns("__pycache__")
    )
    cache_dir = tmp_path / "cache"

    def run() -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(copy), str(cache_dir)],
            env={**os.environ, "PYTHONPATH": str(copy)},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        result: dict[str, object] = json.loads(out.stdout)
        return result

    first, second = run(), run()
    assert (first["hit"], second["hit"]) == (False, True)
    assert first["code_hash"] == second["code_hash"]
    table = copy / "summarizer" / "data" / "lexicon.toml"
    table.write_text(table.read_text() + "\n# an edit\n")
    third = run()
    assert third["hit"] is False
    assert third["code_hash"] != first["code_hash"]
