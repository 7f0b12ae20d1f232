"""The one-call path for capable models (issue 11): codebook prompt, chunks, self-checks.

Everything here runs on the fake backend; the embedded model's chunked run is in
``tests/test_embedded_model.py`` and real server traffic in ``tests/test_openai_cassettes.py``.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer import Article, FakeBackend, Sampling
from summarizer.backend import Message
from summarizer.llm.backends.fake import article_from_messages
from summarizer.llm.chunks import CHARS_PER_TOKEN, split_into_chunks
from summarizer.llm.one_call import OneCallStrategy
from summarizer.llm.prompts import load_prompt
from summarizer.pipeline.pipeline import Pipeline
from summarizer.schemas import ClaimStatus, EventType, SubEventType

SYSTEM = load_prompt("extract_system").template


# --- the codebook in the prompt -------------------------------------------------------------


@pytest.mark.parametrize("sub_event_type", list(SubEventType))
def test_the_prompt_defines_every_sub_event_type(sub_event_type: SubEventType) -> None:
    assert re.search(rf"^- {re.escape(sub_event_type.value)}: \S", SYSTEM, re.MULTILINE)


@pytest.mark.parametrize("event_type", list(EventType))
def test_the_prompt_names_every_event_type(event_type: EventType) -> None:
    assert re.search(rf"^{re.escape(event_type.value)} — ", SYSTEM, re.MULTILINE)


def test_the_prompt_states_the_conventions() -> None:
    for status in ClaimStatus:
        assert f'"{status.value}"' in SYSTEM
    for convention in (
        "Military Forces of",  # state forces
        "Unidentified Armed Group (",  # unnamed perpetrators
        "Civilians (",  # unarmed victims
        "Protesters (",
        "wounded",  # never counted
        "lowest estimate",
        '"dozens" is 12',
        "not copied onto each event",  # aggregate tolls
        "Not events: plans",
        "recaps",
        "One record per incident",
        "first-level division",
        "date_text",
        "is not the event's place",  # datelines
    ):
        assert convention in SYSTEM, convention


def test_the_prompt_fits_an_8k_model_with_room_for_the_article() -> None:
    tokens = len(SYSTEM) / 4  # English instructions run near 4 characters a token
    assert tokens < 2000, f"~{tokens:.0f} tokens of instructions"


# --- chunks ---------------------------------------------------------------------------------

PARAGRAPH = st.text(alphabet=st.sampled_from("abcdefgh .,!?\u2019"), min_size=0, max_size=400).map(
    lambda s: s.strip()
)


@settings(max_examples=200, deadline=None)
@given(paragraphs=st.lists(PARAGRAPH, max_size=30), size=st.integers(min_value=20, max_value=900))
def test_chunks_cover_the_text_in_order_and_fit(paragraphs: list[str], size: int) -> None:
    text = "\n\n".join(paragraphs)
    chunks = split_into_chunks(text, size)
    assert all(len(chunk.text) <= size for chunk in chunks)
    assert all(text[chunk.start : chunk.end] == chunk.text for chunk in chunks)
    assert all(a.end <= b.start for a, b in itertools.pairwise(chunks))
    covered = "".join(chunk.text for chunk in chunks)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)


def test_chunks_end_at_paragraphs_when_they_can() -> None:
    text = "First paragraph here.\n\nSecond one is here.\n\nThird one."
    chunks = split_into_chunks(text, 45)
    assert [c.text for c in chunks] == [
        "First paragraph here.\n\nSecond one is here.",
        "Third one.",
    ]


# --- a long article on the fake backend ------------------------------------------------------

INCIDENT = (
    "Gunmen attacked the village of Tamboura{n} in Mopti region on Monday and killed {k} "
    "herders, a local official said."
)
FILLER = (
    "Residents described long queues at the market and said the rains had come late this "
    "year, which many farmers blamed for a poor harvest in the region."
)


def long_report(incidents: int = 40) -> str:
    paragraphs = ["Attacks on herders in central Mali", "BAMAKO, June 3 -"]
    for n in range(incidents):
        paragraphs.append(INCIDENT.format(n=n, k=n % 7 + 2))
        paragraphs.extend([FILLER] * 8)
    return "\n\n".join(paragraphs)


def quote_the_incidents(messages: list[Message]) -> dict[str, object]:
    """A model that drafts every incident sentence of the part it was shown."""
    part = article_from_messages(messages)
    found = re.findall(r"Gunmen attacked the village of Tamboura\d+[^.]*\.", part)
    return {
        "title": "Attacks on herders",
        "outlet": None,
        "published": None,
        "summary": "Gunmen killed herders in central Mali.",
        "key_points": ["Herders were attacked."],
        "events": [
            {
                "evidence": [quote],
                "sub_event_type": "Attack",
                "actor1": "Unidentified Armed Group (Mali)",
                "assoc_actor_1": [],
                "actor2": "Civilians (Mali)",
                "assoc_actor_2": [],
                "country": "Mali",
                "admin1": ["Mopti"],
                "location": re.search(r"Tamboura\d+", quote).group(0),  # type: ignore[union-attr]
                "date_text": "on Monday",
                "fatalities": int(re.search(r"killed (\d+)", quote).group(1)),  # type: ignore[union-attr]
                "claim_status": "reported",
                "attributed_to": "a local official",
            }
            for quote in found
        ],
    }


def test_a_100_kb_article_runs_in_chunks_with_offsets_into_the_original() -> None:
    text = long_report(76)
    assert len(text) > 100_000
    backend = FakeBackend(quote_the_incidents, context_tokens=8192)
    strategy = OneCallStrategy(max_events=20)
    result = Pipeline(backend, strategy, Sampling(max_tokens=2048)).run(
        Article(id="long", text=text)
    )
    assert len(backend.calls) > 10  # one call per chunk
    size = strategy.chunk_size(backend, Sampling(max_tokens=2048))
    assert size is not None
    for call in backend.calls:
        assert len(article_from_messages(call)) <= size
        assert "This is part" in call[-1]["content"]
    evidence = [e for event in result.events for e in event.evidence]
    assert (
        len(evidence) == 76
    )  # every incident once (records of one event merge; their quotes stay)
    assert all(text[e.start : e.end] == e.quote for e in evidence)
    assert result.meta.usage.prompt_tokens == 100 * len(backend.calls)


def test_the_chunk_size_follows_the_context_and_can_be_set() -> None:
    small = OneCallStrategy(5).chunk_size(
        FakeBackend(context_tokens=8192), Sampling(max_tokens=1024)
    )
    large = OneCallStrategy(5).chunk_size(
        FakeBackend(context_tokens=32768), Sampling(max_tokens=1024)
    )
    assert small is not None and large is not None and small < large
    assert large <= (32768 - 1024) * CHARS_PER_TOKEN
    assert OneCallStrategy(5, chunk_chars=3000).chunk_size(FakeBackend(), Sampling()) == 3000
    assert OneCallStrategy(5).chunk_size(FakeBackend(), Sampling()) is None  # context unknown


def test_a_context_too_small_for_the_instructions_is_a_configuration_error() -> None:
    from summarizer import ConfigurationError

    with pytest.raises(ConfigurationError, match="no room for the article"):
        OneCallStrategy(5).chunk_size(FakeBackend(context_tokens=2048), Sampling(max_tokens=2048))


# --- self-checks ----------------------------------------------------------------------------

REPORT = (
    "Drone strike kills five in Idlib\n\n"
    "A drone strike hit a car near Sarmada in Idlib province on Sunday, killing five people, "
    "rescuers said.\n"
)


def drafted(quote: str, fatalities: int | None) -> dict[str, object]:
    return {
        "title": "Drone strike kills five in Idlib",
        "outlet": None,
        "published": None,
        "summary": "A drone strike killed five people near Sarmada.",
        "key_points": [],
        "events": [
            {
                "evidence": [quote],
                "sub_event_type": "Air/drone strike",
                "actor1": None,
                "assoc_actor_1": [],
                "actor2": "Civilians (Syria)",
                "assoc_actor_2": [],
                "country": "Syria",
                "admin1": ["Idlib"],
                "location": "Sarmada",
                "date_text": "on Sunday",
                "fatalities": fatalities,
                "claim_status": "reported",
                "attributed_to": "rescuers",
            }
        ],
    }


GOOD_QUOTE = (
    "A drone strike hit a car near Sarmada in Idlib province on Sunday, killing five people"
)


def run_with(replies: list[dict[str, object]], **options: object) -> tuple[object, FakeBackend]:
    answers = iter(replies)
    backend = FakeBackend(lambda messages: next(answers))
    strategy = OneCallStrategy(5, **options)  # type: ignore[arg-type]
    return Pipeline(backend, strategy).run(Article(id="s", text=REPORT)), backend


def test_a_quote_not_in_the_article_is_sent_back_once_and_recovers() -> None:
    made_up = "Drones killed five people in a car in Sarmada on Sunday, rescuers told reporters"
    result, backend = run_with([drafted(made_up, 5), drafted(GOOD_QUOTE, 5)])
    assert len(backend.calls) == 2
    asked_again = backend.calls[1][-1]["content"]
    assert "is not in the article" in asked_again and made_up[:40] in asked_again
    assert backend.calls[1][-2]["role"] == "assistant"  # its own answer, then the errors
    assert [e.fatalities for e in result.events] == [5]  # type: ignore[attr-defined]
    assert result.meta.usage.prompt_tokens == 200  # type: ignore[attr-defined]


def test_a_toll_no_quote_reports_is_sent_back_once() -> None:
    result, backend = run_with([drafted(GOOD_QUOTE, 50), drafted(GOOD_QUOTE, 5)])
    assert "fatalities is 50 but none of its quotes" in backend.calls[1][-1]["content"]
    assert [e.fatalities for e in result.events] == [5]  # type: ignore[attr-defined]


def test_what_is_still_wrong_after_the_recheck_is_dropped_and_listed() -> None:
    made_up = "A missile destroyed a school in Aleppo on Monday, killing twenty children"
    result, backend = run_with([drafted(made_up, 20), drafted(made_up, 20)])
    assert len(backend.calls) == 2  # bounded: one recheck, never more
    assert result.events == []  # type: ignore[attr-defined]
    assert any("dropped" in w for w in result.meta.warnings)  # type: ignore[attr-defined]


def test_a_good_answer_is_not_rechecked_and_the_check_can_be_off() -> None:
    _, backend = run_with([drafted(GOOD_QUOTE, 5)])
    assert len(backend.calls) == 1
    made_up = "A missile destroyed a school in Aleppo on Monday, killing twenty children"
    _, backend = run_with([drafted(made_up, 20)], self_check=False)
    assert len(backend.calls) == 1


def test_a_second_pass_shows_the_events_found_and_asks_for_missed_ones() -> None:
    second = drafted(GOOD_QUOTE, 5)
    second["events"] = []
    result, backend = run_with([drafted(GOOD_QUOTE, 5), second], passes=2)
    assert len(backend.calls) == 2
    follow_up = backend.calls[1][-1]["content"]
    assert "already extracted" in follow_up and "Air/drone strike" in follow_up
    assert len(result.events) == 1  # type: ignore[attr-defined]


# --- usage across retries and failures ------------------------------------------------------


def test_tokens_of_failed_attempts_are_counted(tmp_path: Path) -> None:
    from summarizer import Settings, Summarizer

    settings = Settings.from_env(
        env={}, backend="fake", strategy="one-call", cache_dir=tmp_path / "c"
    )
    backend = FakeBackend("this is not JSON", validation_retries=2)
    with Summarizer(settings, backend=backend) as summarizer:
        report = summarizer.summarize_many([Article(id="a", text=REPORT)])
    [failure] = report.failures
    assert failure.error == "InvalidOutputError"
    assert failure.usage.prompt_tokens == 300  # three attempts at 100 prompt tokens each
    assert report.usage.prompt_tokens == 300


def test_a_recheck_that_fails_keeps_the_first_answer_and_counts_its_tokens() -> None:
    made_up = "Drones killed five people in a car in Sarmada on Sunday, rescuers told reporters"
    answers = iter([drafted(made_up, 5), "not JSON", "still not JSON"])
    backend = FakeBackend(lambda messages: next(answers))  # type: ignore[arg-type,return-value]
    result = Pipeline(backend, OneCallStrategy(5)).run(Article(id="s", text=REPORT))
    assert result.meta.usage.prompt_tokens == 300
    assert result.events == []  # the first answer's made-up quote is dropped, and listed
    assert any("quote not found" in w for w in result.meta.warnings)


# --- one canonicalization for every strategy ------------------------------------------------

RAW = json.loads((Path(__file__).parent / "fixtures" / "raw_model_drafts.json").read_text())
SAME_FIELDS = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "event_date",
    "time_precision",
    "fatalities",
    "claim_status",
)


@pytest.mark.parametrize("case", RAW["cases"], ids=lambda case: case["id"])
def test_raw_model_answers_become_the_records_the_rules_write(case: dict[str, Any]) -> None:
    from summarizer.rules.strategy import DecomposedStrategy

    article = Article(id=case["id"], text=case["text"], published=case["published"])
    rules = Pipeline(FakeBackend(), DecomposedStrategy()).run(article)
    draft = {
        "title": None,
        "outlet": None,
        "published": None,
        "summary": "A report.",
        "key_points": [],
        "events": [case["event"]],
    }
    model = Pipeline(FakeBackend(draft), OneCallStrategy(5)).run(article)
    assert len(rules.events) == len(model.events) == 1
    for field in SAME_FIELDS:
        assert getattr(model.events[0], field) == getattr(rules.events[0], field), field
    assert model.events[0].actor1 != case["event"]["actor1"]  # it was canonicalized
