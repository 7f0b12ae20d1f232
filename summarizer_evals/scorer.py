"""Score predictions against the gold set: events, fields, grounding, summaries, cost.

Every metric is kept as a numerator and a denominator, so that the overall score is the
micro-average over all articles (each unit, pair, quote or fact weighs the same).

Definitions:

* **units**: events expanded per admin1 (:mod:`summarizer_evals.matching`). A predicted
  unit matched to a required gold unit is a true positive; one matched to an optional gold
  unit counts neither way; an unmatched one is a false positive. Recall is over required gold units.
* **field accuracies** are over matched pairs. actor1 and admin1 only where the gold has a
  value; date only where the gold has a date; actor2, fatalities and claim status always
  (null = null counts as right). Fatalities absolute error is over pairs whose gold has a
  number, a missing prediction counting as 0.
* **false-event rate**: unmatched predicted units (a labeled non-event or nothing at all) over
  all predicted units.
* **grounding**: evidence quotes with ``text[start:end] == quote``, over all quotes.
* **numbers** are read by :mod:`summarizer_evals.numbers`, never by the package's own parser.
* **key-fact recall**: a key fact is present when every number in it occurs in the summary or
  key points, and at least 60 % of its content words do (lower-cased, Porter-stemmed, stop
  words removed).
* **ROUGE-L**: F-measure of ``rouge-score`` (stemmed) against ``summary_reference``.
* **unsupported numbers**: distinct numbers in the summary and key points that occur nowhere
  in the article, over the distinct numbers there.
* **cost**: tokens and seconds it took to produce each summary (``meta``; a cache hit reports
  what the original run cost) and the share of summaries served from the cache.
"""

from __future__ import annotations

import re
from functools import cache

from nltk.stem.porter import PorterStemmer
from pydantic import BaseModel, ConfigDict, Field
from rouge_score import rouge_scorer

from summarizer.schemas import ArticleSummary, RunMeta
from summarizer_evals.gold import Aliases, GoldArticle
from summarizer_evals.matching import gold_units, match_units, predicted_units
from summarizer_evals.numbers import numbers_in

__all__ = ["HEADLINE", "ArticleScore", "Ratio", "Score", "score_article", "score_articles"]

KEY_FACT_WORD_SHARE = 0.6
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "it",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "than",
        "then",
        "into",
        "over",
        "under",
        "after",
        "before",
        "during",
        "about",
        "no",
        "not",
    ]
)


class Ratio(BaseModel):
    """A metric as numerator / denominator; ``value`` is ``None`` when nothing was counted."""

    model_config = ConfigDict(extra="forbid")

    num: float = 0.0
    den: int = 0

    @property
    def value(self) -> float | None:
        """The ratio, or ``None`` for 0/0."""
        return self.num / self.den if self.den else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(num=self.num + other.num, den=self.den + other.den)


def _ratio(num: float, den: int) -> Ratio:
    return Ratio(num=num, den=den)


class Score(BaseModel):
    """All metrics for one article, or summed over many."""

    model_config = ConfigDict(extra="forbid")

    event_precision: Ratio = Field(default_factory=Ratio)
    event_recall: Ratio = Field(default_factory=Ratio)
    sub_event_type_accuracy: Ratio = Field(default_factory=Ratio)
    actor1_accuracy: Ratio = Field(default_factory=Ratio)
    actor2_accuracy: Ratio = Field(default_factory=Ratio)
    admin1_accuracy: Ratio = Field(default_factory=Ratio)
    fatalities_exact: Ratio = Field(default_factory=Ratio)
    fatalities_abs_error: Ratio = Field(default_factory=Ratio)
    date_accuracy: Ratio = Field(default_factory=Ratio)
    claim_status_accuracy: Ratio = Field(default_factory=Ratio)
    false_event_rate: Ratio = Field(default_factory=Ratio)
    grounding: Ratio = Field(default_factory=Ratio)
    key_fact_recall: Ratio = Field(default_factory=Ratio)
    rouge_l: Ratio = Field(default_factory=Ratio)
    unsupported_numbers: Ratio = Field(default_factory=Ratio)
    tokens: Ratio = Field(default_factory=Ratio)
    seconds: Ratio = Field(default_factory=Ratio)
    cache_hits: Ratio = Field(default_factory=Ratio)

    @property
    def event_f1(self) -> float | None:
        """Harmonic mean of event precision and recall (no predictions: precision 0)."""
        p, r = self.event_precision.value or 0.0, self.event_recall.value
        if r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: Score) -> Score:
        return Score(
            **{name: getattr(self, name) + getattr(other, name) for name in Score.model_fields}
        )

    def values(self) -> dict[str, float | None]:
        """Every metric's value, plus ``event_f1``."""
        out: dict[str, float | None] = {
            name: getattr(self, name).value for name in Score.model_fields
        }
        out["event_f1"] = self.event_f1
        return out


HEADLINE: dict[str, bool] = {
    "event_f1": True,
    "fatalities_exact": True,
    "grounding": True,
    "key_fact_recall": True,
    "rouge_l": True,
    "false_event_rate": False,
}
"""The metrics the CI gate watches, and whether higher is better."""


class ArticleScore(BaseModel):
    """One article's score, with the matched pairs for reports."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    score: Score
    pairs: list[tuple[int, int]] = Field(
        default_factory=list, description="(predicted event index, gold event index)"
    )
    facts_present: list[bool] = Field(default_factory=list)
    unsupported: list[int] = Field(default_factory=list)


@cache
def _stemmer() -> PorterStemmer:
    return PorterStemmer()


def _words(text: str) -> set[str]:
    stem = _stemmer().stem
    return {stem(w) for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in STOP_WORDS}


def key_fact_present(fact: str, summary_text: str) -> bool:
    """The documented rule: all numbers, and at least 60 % of content words, are present."""
    if not numbers_in(fact) <= numbers_in(summary_text):
        return False
    words = _words(fact)
    if not words:
        return True
    return len(words & _words(summary_text)) >= KEY_FACT_WORD_SHARE * len(words)


@cache
def _rouge() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)


def score_article(gold: GoldArticle, pred: ArticleSummary, aliases: Aliases) -> ArticleScore:
    """Score one predicted summary against its gold labels."""
    golds = gold_units(gold, aliases)
    preds = predicted_units(pred, aliases)
    pairs = match_units(preds, golds)
    matched_pred = {pi for pi, _ in pairs}
    tp = sum(1 for _, gi in pairs if golds[gi].required)
    fp = len(preds) - len(matched_pred)
    on_pairs = [(preds[pi], golds[gi]) for pi, gi in pairs]

    with_actor1 = [(p, g) for p, g in on_pairs if g.actor1 is not None]
    with_admin1 = [(p, g) for p, g in on_pairs if g.admin1 is not None]
    with_date = [(p, g) for p, g in on_pairs if g.date is not None]
    with_toll = [(p, g) for p, g in on_pairs if g.fatalities is not None]

    quotes = [(e.quote, e.start, e.end) for event in pred.events for e in event.evidence]
    grounded = sum(1 for q, s, e in quotes if gold.text[s:e] == q)

    summary_text = " ".join([pred.summary, *pred.key_points])
    facts = [key_fact_present(fact, summary_text) for fact in gold.key_facts]
    unsupported = sorted(numbers_in(summary_text) - numbers_in(gold.text))
    rouge = _rouge().score(gold.summary_reference, pred.summary)["rougeL"].fmeasure

    score = Score(
        event_precision=_ratio(tp, tp + fp),
        event_recall=_ratio(tp, sum(1 for g in golds if g.required)),
        sub_event_type_accuracy=_ratio(
            sum(p.sub_event_type == g.sub_event_type for p, g in on_pairs), len(on_pairs)
        ),
        actor1_accuracy=_ratio(sum(p.actor1 == g.actor1 for p, g in with_actor1), len(with_actor1)),
        actor2_accuracy=_ratio(sum(p.actor2 == g.actor2 for p, g in on_pairs), len(on_pairs)),
        admin1_accuracy=_ratio(sum(p.admin1 == g.admin1 for p, g in with_admin1), len(with_admin1)),
        fatalities_exact=_ratio(
            sum(p.fatalities == g.fatalities for p, g in on_pairs), len(on_pairs)
        ),
        fatalities_abs_error=_ratio(
            sum(abs((p.fatalities or 0) - (g.fatalities or 0)) for p, g in with_toll),
            len(with_toll),
        ),
        date_accuracy=_ratio(sum(p.date == g.date for p, g in with_date), len(with_date)),
        claim_status_accuracy=_ratio(
            sum(p.claim_status == g.claim_status for p, g in on_pairs), len(on_pairs)
        ),
        false_event_rate=_ratio(fp, len(preds)),
        grounding=_ratio(grounded, len(quotes)),
        key_fact_recall=_ratio(sum(facts), len(facts)),
        rouge_l=_ratio(rouge, 1),
        unsupported_numbers=_ratio(len(unsupported), len(numbers_in(summary_text))),
        tokens=_ratio(pred.meta.usage.total_tokens, 1),
        seconds=_ratio(pred.meta.seconds, 1),
        cache_hits=_ratio(int(pred.meta.cache_hit), 1),
    )
    gold_event_pairs = [(preds[pi].event_index, golds[gi].event_index) for pi, gi in pairs]
    return ArticleScore(
        article_id=gold.article_id,
        score=score,
        pairs=gold_event_pairs,
        facts_present=facts,
        unsupported=unsupported,
    )


def score_articles(
    golds: list[GoldArticle], preds: dict[str, ArticleSummary], aliases: Aliases
) -> tuple[Score, list[ArticleScore]]:
    """Score every gold article; a missing prediction scores as an empty one.

    Returns:
        The micro-averaged overall score and the per-article scores.

    """
    per_article = []
    for gold in golds:
        pred = preds.get(gold.article_id) or empty_prediction(gold.article_id)
        per_article.append(score_article(gold, pred, aliases))
    overall = Score()
    for item in per_article:
        overall = overall + item.score
    return overall, per_article


def empty_prediction(article_id: str) -> ArticleSummary:
    """A prediction with no events and an empty summary (a failed article)."""
    meta = RunMeta(
        package_version="-",
        backend="-",
        model="-",
        strategy="-",
        prompt_hash="-",
        schema_hash="-",
        code_hash="-",
        seconds=0.0,
    )
    return ArticleSummary(article_id=article_id, summary="", meta=meta)
