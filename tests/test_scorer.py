"""The scorer on hand-built predictions."""

from __future__ import annotations

import pytest

from summarizer.schemas import ArticleSummary, Event, Evidence, RunMeta
from summarizer_evals.gold import Aliases, GoldArticle, GoldEvent, load_aliases, load_gold
from summarizer_evals.scorer import score_article, score_articles

META = RunMeta(
    package_version="t",
    backend="test",
    model="t",
    strategy="t",
    prompt_hash="p",
    schema_hash="s",
    code_hash="c",
    seconds=1.0,
)


@pytest.fixture(scope="module")
def golds() -> list[GoldArticle]:
    return load_gold()


@pytest.fixture(scope="module")
def aliases() -> Aliases:
    return load_aliases()


def as_events(gold: GoldArticle, event: GoldEvent, **changes: object) -> list[Event]:
    """The gold event as predicted records, split per admin1 like the pipeline does."""
    evidence = []
    for quote in event.evidence:
        start = gold.text.index(quote)
        evidence.append(Evidence(quote=quote, start=start, end=start + len(quote)))
    records = []
    for admin1 in event.admin1 or [None]:
        values = {
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "actor1": event.actor1,
            "assoc_actor_1": event.assoc_actor_1,
            "actor2": event.actor2,
            "assoc_actor_2": event.assoc_actor_2,
            "country": event.country,
            "admin1": admin1,
            "location": event.location,
            "date_text": event.date_text,
            "event_date": event.date,
            "time_precision": 1 if event.date else None,
            "fatalities": event.fatalities,
            "fatalities_qualifier": event.fatalities_qualifier,
            "claim_status": event.claim_status,
            "attributed_to": event.attributed_to,
            "evidence": evidence,
        }
        values.update(changes)
        records.append(Event.model_validate(values))
    return records


def perfect(gold: GoldArticle) -> ArticleSummary:
    events = [e for event in gold.events for e in as_events(gold, event)]
    return ArticleSummary(
        article_id=gold.article_id,
        summary=gold.summary_reference,
        key_points=gold.key_facts,
        events=events,
        meta=META,
    )


def test_perfect_predictions_score_one_everywhere(
    golds: list[GoldArticle], aliases: Aliases
) -> None:
    overall, per_article = score_articles(golds, {g.article_id: perfect(g) for g in golds}, aliases)
    values = overall.values()
    for name in (
        "event_f1",
        "event_precision",
        "event_recall",
        "sub_event_type_accuracy",
        "actor1_accuracy",
        "actor2_accuracy",
        "admin1_accuracy",
        "fatalities_exact",
        "date_accuracy",
        "claim_status_accuracy",
        "grounding",
        "key_fact_recall",
        "rouge_l",
    ):
        assert values[name] == pytest.approx(1.0), name
    assert values["false_event_rate"] == 0.0
    assert values["fatalities_abs_error"] == 0.0
    assert values["unsupported_numbers"] == 0.0
    assert len(per_article) == len(golds)


def test_empty_predictions_have_zero_recall(golds: list[GoldArticle], aliases: Aliases) -> None:
    overall, _ = score_articles(golds, {}, aliases)
    values = overall.values()
    assert values["event_recall"] == 0.0
    assert values["event_f1"] == 0.0
    assert values["key_fact_recall"] == 0.0


def test_known_partial_prediction_gives_exact_numbers(
    golds: list[GoldArticle], aliases: Aliases
) -> None:
    gold = golds[4]  # 004: 9 required events, 1 optional, no multi-admin1 event
    first, second = gold.events[0], gold.events[2]  # Raqqa clash (3 killed), Homs clash (30)
    events = [
        *as_events(gold, first),
        *as_events(
            gold,
            second,
            fatalities=20,
            fatalities_qualifier="exact",
            sub_event_type="Government regains territory",
        ),
        *as_events(gold, first, actor1="Hayat Tahrir al-Sham", admin1="Idlib"),  # no match
    ]
    pred = ArticleSummary(
        article_id=gold.article_id, summary="ISIS attacked.", events=events, meta=META
    )
    score = score_article(gold, pred, aliases).score
    required = sum(1 for e in gold.events if e.required)
    assert required == 9
    assert score.event_precision.value == pytest.approx(2 / 3)
    assert score.event_recall.value == pytest.approx(2 / 9)
    assert score.event_f1 == pytest.approx(2 * (2 / 3) * (2 / 9) / (2 / 3 + 2 / 9))
    assert score.false_event_rate.value == pytest.approx(1 / 3)
    assert score.sub_event_type_accuracy.value == pytest.approx(1 / 2)
    assert score.fatalities_exact.value == pytest.approx(1 / 2)
    assert score.fatalities_abs_error.value == pytest.approx(10 / 2)
    assert score.grounding.value == 1.0


def test_alias_only_difference_still_matches(golds: list[GoldArticle], aliases: Aliases) -> None:
    gold = golds[3]  # 003: Russian strikes on Deir ez-Zor, denied
    target = next(e for e in gold.events if e.admin1 == ["Deir ez-Zor"])
    events = as_events(gold, target, actor1="Russian fighter jets", admin1="Der ez-Zor")
    pred = ArticleSummary(article_id=gold.article_id, summary="", events=events, meta=META)
    result = score_article(gold, pred, aliases)
    assert result.score.event_precision.value == 1.0
    assert result.score.actor1_accuracy.value == 1.0
    assert result.score.admin1_accuracy.value == 1.0


def test_split_per_governorate_scores_like_one_event_listing_them(
    golds: list[GoldArticle], aliases: Aliases
) -> None:
    gold = golds[0]  # 000: one Battles event over Homs, Hama and Raqqa
    event = gold.events[0]
    assert event.admin1 == ["Homs", "Hama", "Raqqa"]
    split = as_events(gold, event)
    assert len(split) == 3
    one_gold = gold.model_copy(update={"events": [event]})
    three_gold = gold.model_copy(
        update={"events": [event.model_copy(update={"admin1": [name]}) for name in event.admin1]}
    )
    pred = ArticleSummary(article_id=gold.article_id, summary="", events=split, meta=META)
    one = score_article(one_gold, pred, aliases).score.values()
    three = score_article(three_gold, pred, aliases).score.values()
    assert one == three
    assert one["event_f1"] == 1.0


def test_ungrounded_quote_lowers_grounding(golds: list[GoldArticle], aliases: Aliases) -> None:
    gold = golds[4]
    events = as_events(gold, gold.events[0])
    bad = (
        events[0]
        .evidence[0]
        .model_copy(update={"start": 0, "end": len(events[0].evidence[0].quote)})
    )
    events[0] = events[0].model_copy(update={"evidence": [bad, *events[0].evidence[1:]]})
    pred = ArticleSummary(article_id=gold.article_id, summary="", events=events, meta=META)
    assert score_article(gold, pred, aliases).score.grounding.value == pytest.approx(1 / 2)


def test_key_fact_rule_needs_numbers_and_most_words() -> None:
    from summarizer_evals.scorer import key_fact_present

    assert key_fact_present(
        "a first lieutenant and two soldiers killed",
        "ISIS killed a first lieutenant and two soldiers.",
    )
    assert not key_fact_present("30 Syrian army personnel killed", "Syrian army personnel killed")
    assert not key_fact_present(
        "Russian delegation inspected Al-Tabqa military airport", "A delegation visited."
    )


def test_unsupported_numbers_are_counted(golds: list[GoldArticle], aliases: Aliases) -> None:
    gold = golds[4]
    pred = ArticleSummary(
        article_id=gold.article_id, meta=META, summary="ISIS killed 3 soldiers and 4711 civilians."
    )
    result = score_article(gold, pred, aliases)
    assert result.unsupported == [4711]
    assert result.score.unsupported_numbers.value == pytest.approx(1 / 2)
