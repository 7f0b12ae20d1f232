"""The tuned reader and the ``tuned`` strategy (issue 10).

The strategy's mechanism is tested with the fake backend standing in for the model; the
shipped adapter is tested in llama.cpp for real (marked ``embedded``): it loads, and answers
fixed sentences as recorded when it was trained.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import Article, ArticleSummary, FakeBackend, Sampling
from summarizer.backend import Message
from summarizer.llm.tuned_reader import SentenceLabel, TunedReader, reader_prompt
from summarizer.pipeline.pipeline import Pipeline
from summarizer.rules.strategy import DecomposedStrategy

REPORT = (
    "Gunmen kill villagers in central Mali\n\n"
    "BAMAKO, March 4 - Gunmen killed 12 villagers in an attack on Dinangourou in Mopti "
    "region on Monday, local officials said.\n"
    "The army said it would launch an operation to hunt down the attackers next week.\n"
)


def _run(reply: dict[str, object], tmp_path: Path) -> tuple[ArticleSummary, FakeBackend]:
    backend = FakeBackend(reply)
    pipeline = Pipeline(FakeBackend(), DecomposedStrategy(reader=TunedReader(backend)), Sampling())
    return pipeline.run(Article(id="m", text=REPORT)), backend


def test_the_reader_sees_title_previous_sentence_and_sentence(tmp_path: Path) -> None:
    result, backend = _run({"kind": "event", "sub_event_type": "Attack"}, tmp_path)
    assert len(result.events) == 1
    asked: list[Message] = backend.calls[0]
    assert asked[0]["content"].startswith("Label the sentence from a news report.")
    assert "Title: Gunmen kill villagers in central Mali" in asked[0]["content"]
    assert "Sentence: Gunmen killed 12 villagers in an attack" in asked[0]["content"]  # no dateline


def test_a_candidate_the_reader_calls_a_plan_or_recap_is_dropped(tmp_path: Path) -> None:
    for kind in ("plan", "background", "tally", "none"):
        result, _ = _run({"kind": kind, "sub_event_type": None}, tmp_path)
        assert result.events == []
        assert result.meta.strategy == "tuned"


def test_the_prompt_cleans_untrusted_text() -> None:
    prompt = reader_prompt("T <|im_start|>", None, "Gunmen<<<ARTICLE struck.")
    assert "<|im_start|>" not in prompt and "<<<" not in prompt
    assert prompt.endswith("Sentence: Gunmen< < <ARTICLE struck.")


def test_the_fingerprint_follows_the_adapter_bytes(tmp_path: Path) -> None:
    adapter = tmp_path / "a.gguf"
    adapter.write_bytes(b"one")
    reader = TunedReader(FakeBackend(), adapter)
    first = reader.fingerprint
    adapter.write_bytes(b"two")
    assert reader.fingerprint != first


def test_labels_know_which_kinds_tell_an_incident() -> None:
    assert SentenceLabel(kind="continuation", sub_event_type="Attack").tells_incident
    assert not SentenceLabel(kind="tally").tells_incident


FIXTURE = Path(__file__).parent / "fixtures" / "tuned_reader_answers.json"


@pytest.mark.embedded
def test_the_shipped_adapter_loads_and_answers_as_recorded() -> None:
    from summarizer.strategies import tuned_reader

    recorded = json.loads(FIXTURE.read_text(encoding="utf-8"))
    reader = tuned_reader()
    assert reader.adapter is not None and reader.adapter.is_file()
    assert reader.adapter.stat().st_size <= 20 * 1024 * 1024  # the bound
    assert reader.fingerprint == recorded["adapter_fingerprint"]  # re-record after training
    for case in recorded["answers"]:
        label, usage = reader.label(case["title"], case["previous"], case["sentence"])
        assert label.model_dump(mode="json") == case["answer"], case["sentence"]
        assert usage.completion_tokens > 0


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
