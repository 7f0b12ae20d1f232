"""The embedded default model, run for real (llama.cpp in-process, Gemma 3 270M on the CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Article, Settings, Summarizer
from summarizer.config import Sampling

pytestmark = pytest.mark.embedded


def test_embedded_model_summarizes_a_seed_article_end_to_end(
    tmp_path: Path, seed_article: Article
) -> None:
    excerpt = Article(id=seed_article.id, text="\n".join(seed_article.text.split("\n")[:5]))
    settings = Settings.from_env(
        env={}, cache_dir=tmp_path / "cache", sampling=Sampling(max_tokens=3072)
    )
    assert settings.resolved_backend == "embedded"
    with Summarizer(settings) as summarizer:
        result = summarizer.summarize(excerpt)
        again = summarizer.summarize(excerpt)
    assert result.meta.backend == "embedded"
    assert result.meta.model == "gemma-3-270m-q4_k_m"
    assert result.meta.usage.completion_tokens > 0
    assert result.summary.strip()
    for event in result.events:
        for evidence in event.evidence:
            assert excerpt.text[evidence.start : evidence.end] == evidence.quote
    assert again.meta.cache_hit
    assert again.model_dump(exclude={"meta"}) == result.model_dump(exclude={"meta"})
