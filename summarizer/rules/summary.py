"""The extractive summary: the lead and the event sentences, then ranked key points.

Extractive by design: the summary never states a number the article does not.
"""

from __future__ import annotations

from summarizer.rules import lexicon
from summarizer.rules.header import Sentence
from summarizer.rules.reading import clip
from summarizer.text.numbers import find_counts

__all__ = ["KEY_POINTS", "summarize"]

SUMMARY_LIMIT = 800
KEY_POINT_LIMIT = 200
KEY_POINTS = 5


def _key_point_rank(sentence: str) -> int:
    """Sentences with counts first, then those reporting events, plans or claims."""
    if find_counts(sentence):
        return 0
    if lexicon.is_event_sentence(sentence):
        return 1
    return 2


def summarize(body: list[Sentence], events: list[Sentence]) -> tuple[str, list[str]]:
    """Extractive: the lead, then event sentences, within the summary's length.

    Key points are the remaining sentences that carry counts, then those that report
    events, plans or claims, in the article's order.
    """
    chosen: list[Sentence] = []
    for sentence in [*body[:1], *events]:
        if sentence not in chosen:
            chosen.append(sentence)
    summary = ""
    for sentence in chosen:
        if len(summary) + len(sentence.text) + 1 > SUMMARY_LIMIT:
            break
        summary = f"{summary} {sentence.text}".strip()
    rest = [s for s in body if s.text not in summary]
    ranked = sorted(rest, key=lambda s: (_key_point_rank(s.text), s.start))[:KEY_POINTS]
    key_points = [clip(s.text, 0, KEY_POINT_LIMIT) for s in sorted(ranked, key=lambda s: s.start)]
    return summary, key_points
