"""The tuned sentence reader: a LoRA-tuned Gemma 3 270M labels one sentence at a time.

For each candidate sentence, the model reads the report's title, the sentence before and the
sentence, and answers a small JSON object (:class:`SentenceLabel`): what kind of sentence it
is (a new incident, more on the last one, a plan, background, a tally, or none of those) and,
for an incident, its ACLED sub-event type. The rules keep everything that must be exact
(spans, places, counts, names); the model decides what the rules get wrong most often on
reporting they were not written for: whether a sentence tells an incident at all.

The prompt text is :func:`reader_prompt`, used both by training (``training/``) and here.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.backend import Backend, Message
from summarizer.config import Sampling
from summarizer.llm.fence import clean_untrusted
from summarizer.schemas import SubEventType, Usage

__all__ = ["Kind", "SentenceLabel", "TunedReader", "reader_prompt"]

Kind = Literal["event", "continuation", "plan", "background", "tally", "none"]


class SentenceLabel(BaseModel):
    """The reader's answer for one sentence."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    sub_event_type: SubEventType | None = None

    @property
    def tells_incident(self) -> bool:
        """A new incident or more on the last one."""
        return self.kind in ("event", "continuation")


def reader_prompt(title: str, previous: str | None, sentence: str) -> str:
    """The words the model reads for one sentence (training and use alike)."""
    return (
        "Label the sentence from a news report.\n"
        f"Title: {clean_untrusted(title.strip())}\n"
        f"Before: {clean_untrusted(previous.strip()) if previous else '-'}\n"
        f"Sentence: {clean_untrusted(sentence.strip())}"
    )


class TunedReader:
    """Asks the backend (the embedded model with the tuned adapter) for sentence labels."""

    def __init__(self, backend: Backend, adapter: Path | None = None, max_tokens: int = 32) -> None:
        self.backend = backend
        self.adapter = adapter
        self.sampling = Sampling(max_tokens=max_tokens, temperature=0.0, seed=0)

    @property
    def fingerprint(self) -> str:
        """Changes with the prompt's words, the adapter's bytes, the model and its options."""
        digest = hashlib.sha256()
        digest.update(reader_prompt("$title", "$before", "$sentence").encode())
        digest.update(json.dumps(self.backend.options, sort_keys=True, default=str).encode())
        digest.update(self.backend.model.encode())
        if self.adapter is not None and self.adapter.is_file():
            digest.update(self.adapter.read_bytes())
        return digest.hexdigest()[:12]

    def label(self, title: str, previous: str | None, sentence: str) -> tuple[SentenceLabel, Usage]:
        """The label of one sentence, and what it cost."""
        messages: list[Message] = [
            {"role": "user", "content": reader_prompt(title, previous, sentence)}
        ]
        generation = self.backend.generate(messages, SentenceLabel, self.sampling)
        return generation.output, generation.usage
