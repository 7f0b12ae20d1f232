"""The embedded default model, run for real (llama.cpp in-process, Gemma 3 270M on the CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Article, Settings, Summarizer
from summarizer.config import Sampling

pytestmark = pytest.mark.embedded


def assert_grounded(result_text: str, result: object) -> None:
    assert result.events, "no events: nothing to check"  # type: ignore[attr-defined]
    for event in result.events:  # type: ignore[attr-defined]
        for evidence in event.evidence:
            assert result_text[evidence.start : evidence.end] == evidence.quote


def test_one_call_on_the_embedded_model_end_to_end(tmp_path: Path, seed_article: Article) -> None:
    excerpt = Article(id=seed_article.id, text="\n".join(seed_article.text.split("\n")[:5]))
    settings = Settings.from_env(
        env={},
        cache_dir=tmp_path / "cache",
        strategy="one-call",
        max_events=1,  # bounded output: the test stays within CI's time
        sampling=Sampling(max_tokens=3072),
    )
    assert settings.resolved_backend == "embedded"
    with Summarizer(settings) as summarizer:
        result = summarizer.summarize(excerpt)
        again = summarizer.summarize(excerpt)
    assert result.meta.backend == "embedded"
    assert result.meta.strategy == "one-call"
    assert result.meta.model == "gemma-3-270m-q4_k_m"
    assert result.meta.usage.completion_tokens > 0
    assert result.summary.strip()
    # The 270M base model rarely copies a quote verbatim: whatever it drafted is either
    # grounded in the text or dropped with a warning that says so, never kept ungrounded.
    for event in result.events:
        for evidence in event.evidence:
            assert excerpt.text[evidence.start : evidence.end] == evidence.quote
    assert all("quote not found" in w or "dropped" in w for w in result.meta.warnings)
    assert again.meta.cache_hit
    assert again.model_dump(exclude={"meta"}) == result.model_dump(exclude={"meta"})


def test_checked_strategy_asks_the_embedded_model(tmp_path: Path, seed_article: Article) -> None:
    settings = Settings.from_env(
        env={}, cache_dir=tmp_path / "cache", strategy="decomposed-checked", use_cache=False
    )
    with Summarizer(settings) as summarizer:
        result = summarizer.summarize(seed_article)
    assert result.meta.strategy == "decomposed-checked"
    assert result.meta.usage.prompt_tokens > 0  # one yes/no question per candidate sentence
    assert_grounded(seed_article.text, result)


def test_a_100_kb_article_runs_in_chunks_on_the_embedded_model(tmp_path: Path) -> None:
    from tests.test_one_call_llm import long_report

    text = long_report(76)
    assert len(text) > 100_000
    settings = Settings.from_env(
        env={},
        cache_dir=tmp_path / "cache",
        strategy="one-call",
        n_ctx=32768,  # Gemma 3 270M's trained context: the chunk size derives from it
        max_events=1,
        self_check=False,  # bounded: one call per chunk
        use_cache=False,
        sampling=Sampling(max_tokens=768),
    )
    with Summarizer(settings) as summarizer:
        strategy = summarizer.pipeline.strategy
        size = strategy.chunk_size(summarizer.backend, settings.sampling)  # type: ignore[attr-defined]
        report = summarizer.summarize_many([Article(id="long", text=text)])
    assert size is not None and 50_000 < size < len(text)  # two parts, from n_ctx alone
    # The 270M model's answer depends on the request's random fence tag: most runs give
    # valid drafts, some an answer that stays invalid through the re-asks or hits the limit.
    # Either way the whole article went to the model in parts, without a context overflow.
    usage = report.failures[0].usage if report.failures else report.summaries[0].meta.usage
    assert usage.prompt_tokens > len(text) / 5  # every part was read (about 4 chars a token)
    if report.failures:
        [failure] = report.failures
        assert failure.error in ("InvalidOutputError", "TruncatedOutputError"), failure
        return
    [result] = report.summaries
    for event in result.events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote  # into the whole text


def test_a_request_longer_than_the_context_is_a_context_length_error() -> None:
    from summarizer import ContextLengthError
    from summarizer.llm.backends.embedded import EmbeddedBackend
    from summarizer.pipeline.draft import Draft

    backend = EmbeddedBackend(n_ctx=512)
    messages = [{"role": "user", "content": "Gunmen attacked the village. " * 400}]
    with pytest.raises(ContextLengthError, match="n_ctx=512"):
        backend.generate(messages, Draft, Sampling(max_tokens=64))


def test_check_first_decoding_keeps_to_the_grammar() -> None:
    from summarizer.llm.backends.check_first import greedy_check_first
    from summarizer.llm.backends.embedded import _load, bundled_model_path

    llama = _load(bundled_model_path(), 2048, 2)
    messages = [{"role": "user", "content": "Did soldiers attack the village? Answer in one word."}]
    decoded = greedy_check_first(llama, messages, 'root ::= "yes" | "no"', 8)
    assert decoded.text in ("yes", "no")
    assert decoded.finish_reason == "stop"  # the grammar was complete: only the end could follow
    assert decoded.completion_tokens >= 1 and decoded.prompt_tokens > 5
    longer = greedy_check_first(llama, messages, 'root ::= "a" [a-z]+', 4)
    assert longer.finish_reason == "length" and longer.text.startswith("a")
