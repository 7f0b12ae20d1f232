"""The decomposed strategy: sentence-level mechanisms, narrow questions to the model.

For a small model, one constrained call for a whole article produces well-formed but
unreliable records. Here the record is assembled deterministically, sentence by sentence:

1. the header (title, outlet, publication date) is read from the lines above the body;
2. a sentence is a candidate when it uses an event word and is neither a plan nor background
   (:mod:`summarizer.rules.lexicon`);
3. optionally, the model answers one grammar-constrained yes/no question per candidate
   ("does this sentence report an event that happened?");
4. the sub-event type comes from the sentence's wording, actors from its shape
   (:mod:`summarizer.rules.actors`), places from the gazetteer, counts, dates and claims from
   :mod:`summarizer.rules.sentence_facts`; a sentence that names no place or date continues the
   previous event sentence of its paragraph and inherits them;
5. the summary is extractive: the lead and the event sentences, so it never states a number
   the article does not.

The evidence of each event is the sentence it came from, so it is grounded by construction.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.backend import Backend
from summarizer.config import Sampling
from summarizer.llm.prompts import load_prompt_set
from summarizer.pipeline.draft import Draft, DraftEvent
from summarizer.pipeline.prepare import PreparedArticle
from summarizer.pipeline.strategy import Strategy, StrategyName
from summarizer.rules.actors import defined_acronyms
from summarizer.rules.header import Sentence, body_sentences, read_header
from summarizer.rules.reading import Context, extend, read_sentence
from summarizer.rules.summary import summarize
from summarizer.schemas import Usage
from summarizer.text.places import country_name, location_countries

__all__ = ["DecomposedStrategy", "EventCheck"]


class EventCheck(BaseModel):
    """The model's answer to the narrow event question."""

    model_config = ConfigDict(extra="forbid")

    answer: Literal["yes", "no"]


class DecomposedStrategy(Strategy):
    """Sentence mechanisms plus narrow yes/no questions (see the module docstring).

    Args:
        ask_model: Ask the model to confirm each candidate sentence (the
            ``decomposed-checked`` strategy); see the README for how it measured.
    """

    def __init__(self, ask_model: bool = False) -> None:
        self.ask_model = ask_model
        self.name: StrategyName = "decomposed-checked" if ask_model else "decomposed"
        self.prompts = load_prompt_set("event_check")
        self.code_parts = ("rules", "llm") if ask_model else ("rules",)

    @property
    def prompt_hash(self) -> str:
        """Hash of the event-check prompts, and whether they are used."""
        return f"{self.prompts.hash}:{'ask' if self.ask_model else 'rules'}"

    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Assemble the draft sentence by sentence."""
        text = prepared.text
        header = read_header(text)
        body = body_sentences(text, header)
        codes = location_countries(text)
        context = Context(codes, country_name(codes[0]) if codes else None, defined_acronyms(text))
        usage = Usage()
        events: list[DraftEvent] = []
        event_sentences: list[Sentence] = []
        last: tuple[DraftEvent, Sentence, int] | None = None  # the event, its sentence, index
        for index, sentence in enumerate(body):
            reading = read_sentence(sentence.text, context)
            if reading is None:
                continue
            if self.ask_model:
                confirmed, cost = self._confirm(sentence.text, backend)
                usage = usage + cost
                if not confirmed:
                    continue
            adjacent = last is not None and index == last[2] + 1 and not reading.new_scene
            if last is not None and adjacent and reading.continues(last[0]):
                events[-1] = extend(last[0], reading)
                last = (events[-1], last[1], index)
                continue
            if not reading.names_someone:
                continue
            if last is not None and (
                sentence.paragraph == last[1].paragraph or (adjacent and not reading.date_text)
            ):
                # a sentence that names no place continues the scene of the one before,
                # unless it opens a new paragraph at another time
                reading = reading.inherit(last[0])
            following = body[index + 1].text if index + 1 < len(body) else ""
            events.append(reading.event(following))
            event_sentences.append(sentence)
            last = (events[-1], sentence, index)
        summary, key_points = summarize(body, event_sentences)
        draft = Draft.model_construct(
            title=header.title,
            outlet=header.outlet,
            published=header.published,
            summary=summary or (header.title or "No report."),
            key_points=key_points,
            events=events,
        )
        return draft, usage

    def _confirm(self, sentence: str, backend: Backend) -> tuple[bool, Usage]:
        messages = self.prompts.messages(sentence, None)
        generation = backend.generate(messages, EventCheck, Sampling(max_tokens=16))
        return generation.output.answer == "yes", generation.usage
