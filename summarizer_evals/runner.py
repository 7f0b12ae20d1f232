"""Run the pipeline over the gold articles and score the results."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.api import Summarizer
from summarizer.schemas import Article, ArticleFailure, ArticleSummary
from summarizer_evals.gold import GOLD_DIR, GoldArticle, load_aliases, load_gold
from summarizer_evals.scorer import ArticleScore, Score, score_articles

__all__ = ["EvalReport", "run_eval"]


class EvalReport(BaseModel):
    """Everything an eval run produced: scores, predictions, failures and how it ran."""

    model_config = ConfigDict(extra="forbid")

    date: dt.date
    backend: str
    model: str
    strategy: str | None = None
    seconds: float
    overall: Score
    articles: list[ArticleScore]
    predictions: list[ArticleSummary] = Field(default_factory=list)
    failures: list[ArticleFailure] = Field(default_factory=list)

    def headline(self) -> dict[str, float | None]:
        """The overall metric values."""
        return self.overall.values()


def run_eval(
    summarizer: Summarizer,
    gold_dir: Path = GOLD_DIR,
    seeds_dir: Path | None = None,
) -> tuple[EvalReport, list[GoldArticle]]:
    """Summarize every gold article with ``summarizer`` and score the results.

    The article's publication date is not passed in: the pipeline must find it in the text,
    as it would for a user's article.
    """
    golds = load_gold(gold_dir, seeds_dir)
    aliases = load_aliases(gold_dir)
    started = time.perf_counter()
    report = summarizer.summarize_many([Article(id=g.article_id, text=g.text) for g in golds])
    predictions = {s.article_id: s for s in report.summaries}
    overall, per_article = score_articles(golds, predictions, aliases)
    strategies = {s.meta.strategy for s in report.summaries}
    return (
        EvalReport(
            date=dt.date.today(),
            backend=summarizer.backend.name,
            model=summarizer.backend.model,
            strategy=", ".join(sorted(strategies)) or None,
            seconds=round(time.perf_counter() - started, 2),
            overall=overall,
            articles=per_article,
            predictions=report.summaries,
            failures=report.failures,
        ),
        golds,
    )
