import pytest
from pydantic import ValidationError

from summarizer import Event, EventType, Evidence, SubEventType
from summarizer.schemas import SUB_EVENT_TYPES, ArticleSummary

EVIDENCE = [{"quote": "jets struck", "start": 0, "end": 11}]


def make_event(**fields: object) -> Event:
    values: dict[str, object] = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "evidence": EVIDENCE,
    }
    values.update(fields)
    return Event.model_validate(values)


def test_every_sub_event_type_belongs_to_exactly_one_event_type() -> None:
    owners = [t for sub in SubEventType for t, subs in SUB_EVENT_TYPES.items() if sub in subs]
    assert len(owners) == len(SubEventType)
    assert set(SUB_EVENT_TYPES) == set(EventType)


def test_inconsistent_type_pair_is_rejected() -> None:
    with pytest.raises(ValidationError, match="does not belong"):
        make_event(event_type="Battles", sub_event_type="Air/drone strike")


def test_fatalities_need_their_qualifier() -> None:
    with pytest.raises(ValidationError):
        make_event(fatalities=3)
    assert make_event(fatalities=3, fatalities_qualifier="exact").fatalities == 3


def test_negative_fatalities_are_rejected() -> None:
    with pytest.raises(ValidationError):
        make_event(fatalities=-1, fatalities_qualifier="exact")


def test_event_needs_evidence() -> None:
    with pytest.raises(ValidationError):
        make_event(evidence=[])


def test_evidence_span_must_fit_the_quote() -> None:
    with pytest.raises(ValidationError):
        Evidence(quote="abc", start=0, end=5)


def test_unknown_fields_are_forbidden() -> None:
    with pytest.raises(ValidationError):
        make_event(perpetrator="someone")


def test_summary_round_trips_through_json() -> None:
    summary = ArticleSummary.model_validate(
        {
            "article_id": "a",
            "summary": "s",
            "published": "2023-11-14",
            "events": [make_event().model_dump()],
            "meta": {
                "package_version": "1",
                "backend": "fake",
                "model": "m",
                "strategy": "one-call",
                "prompt_hash": "p",
                "schema_hash": "s",
                "code_hash": "c",
                "seconds": 0.1,
            },
        }
    )
    assert ArticleSummary.model_validate_json(summary.model_dump_json()) == summary
    assert '"published":"2023-11-14"' in summary.model_dump_json()


def test_public_names_all_resolve() -> None:
    import summarizer

    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name
