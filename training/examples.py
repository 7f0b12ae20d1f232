"""Training examples for the tuned sentence reader, from the labeled passages.

One example per sentence: the prompt shows the report's title, the sentence before (if any)
and the sentence, each without a leading dateline (as the strategy's sentences come); the
answer is the compact JSON the reader's schema asks for (the kind of sentence, and the ACLED
sub-event type when it tells an incident). The prompt text comes from
:func:`summarizer.llm.tuned_reader.reader_prompt`, so training and use read the same words.

Passages are split into train and held-out sets by a hash of their id (stable, seedless).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.llm.tuned_reader import SentenceLabel, reader_prompt
from summarizer.rules.header import dateline_end

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Example:
    """One sentence to label, and its gold answer."""

    passage: str
    index: int
    prompt: str
    label: SentenceLabel

    @property
    def answer(self) -> str:
        """The answer as the model should write it."""
        return self.label.model_dump_json()


def held_out(passage_id: str, share: float) -> bool:
    """Whether a passage belongs to the held-out set (about ``share`` of them)."""
    digest = hashlib.sha256(passage_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share


def passages(directory: Path = DATA) -> Iterator[dict[str, object]]:
    """Every labeled passage in ``directory/*.jsonl``."""
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def examples_of(passage: dict[str, object]) -> list[Example]:
    """The passage's sentences as examples, in order."""
    sentences = passage["sentences"]
    assert isinstance(sentences, list)
    texts = [_undated(str(s["text"])) for s in sentences]
    out: list[Example] = []
    for index, sentence in enumerate(sentences):
        previous = texts[index - 1] if index else None
        label = SentenceLabel(
            kind=sentence["kind"],
            sub_event_type=sentence["sub_event_type"]
            if sentence["kind"] in ("event", "continuation")
            else None,
        )
        prompt = reader_prompt(str(passage["title"]), previous, texts[index])
        out.append(Example(str(passage["id"]), index, prompt, label))
    return out


def _undated(sentence: str) -> str:
    """The sentence as the strategy reads it: without a leading dateline."""
    return sentence[dateline_end(sentence) :].strip() or sentence


def split(share: float = 0.1, directory: Path = DATA) -> tuple[list[Example], list[Example]]:
    """(train, held-out) examples."""
    train: list[Example] = []
    test: list[Example] = []
    for passage in passages(directory):
        target = test if held_out(str(passage["id"]), share) else train
        target.extend(examples_of(passage))
    return train, test
