"""The decomposed strategy: sentence-level mechanisms, narrow questions to the model.

For a small model, one constrained call for a whole article produces well-formed but
unreliable records. Here the record is assembled deterministically, sentence by sentence:

1. the header (title, outlet, publication date) is read from the lines above the body;
2. a sentence is a candidate when it uses an event word and is neither a plan nor background
   (:mod:`summarizer.rules.lexicon`);
3. optionally, a model judges: ``decomposed-checked`` asks the base model a yes/no question
   per candidate; the ``tuned`` strategy asks the tuned reader
   (:mod:`summarizer.llm.tuned_reader`, Gemma 3 270M with a LoRA adapter trained on the
   team's labeled sentences), for each candidate that would open a new record, whether it
   tells an incident or is a plan, recap, tally or commentary;
4. the sub-event type comes from the sentence's wording, actors from its shape
   (:mod:`summarizer.rules.actors`), places from the gazetteer, counts, dates and claims from
   :mod:`summarizer.rules.sentence_facts`; a sentence that names no place or date continues the
   previous event sentence of its paragraph and inherits them;
5. the summary is extractive: the lead and the event sentences, so it never states a number
   the article does not.

The evidence of each event is the sentence it came from, so it is grounded by construction.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.backend import Backend
from summarizer.config import Sampling
from summarizer.llm.prompts import load_prompt_set
from summarizer.llm.tuned_reader import TunedReader
from summarizer.pipeline.draft import Draft, DraftEvent
from summarizer.pipeline.prepare import PreparedArticle
from summarizer.pipeline.strategy import Strategy, StrategyName
from summarizer.rules import lexicon
from summarizer.rules.claims import add_toll, credit
from summarizer.rules.header import Sentence, body_sentences, read_header
from summarizer.rules.reading import Reading, article_context, extend, read_sentence
from summarizer.rules.sentence_facts import places
from summarizer.rules.summary import summarize
from summarizer.schemas import EventType, Usage, event_type_of
from summarizer.text.dates import parse_date
from summarizer.text.places import Place

__all__ = ["DecomposedStrategy", "EventCheck"]

logger = logging.getLogger(__name__)


_CROWD_EVENTS = {EventType.PROTESTS, EventType.RIOTS}


def _same_crowd(reading: Reading, event: DraftEvent) -> bool:
    """Whether a sentence about a crowd goes on about the crowd of the event before it.

    "Police fired tear gas to scatter them" after a march or a riot, at no other place or time.
    """
    return (
        event_type_of(reading.sub_event_type) in _CROWD_EVENTS
        and event_type_of(event.sub_event_type) in _CROWD_EVENTS
        and not reading.date_text
        and reading.location in (None, event.location)
    )


def _forces_of(last: tuple[DraftEvent, Sentence, int] | None) -> tuple[str, ...]:
    """The state forces of the event just before, for "the troops" in the next sentence."""
    if last is None:
        return ()
    named = (last[0].actor1, last[0].actor2)
    return tuple(a for a in named if a and a.startswith(("Military Forces", "Police Forces")))


def _same_fight(reading: Reading, event: DraftEvent) -> bool:
    """Whether a battle sentence goes on about the battle just before: same sides, same place."""
    sides = {event.actor1, event.actor2} - {None}
    new = {reading.roles.actor1, reading.roles.actor2} - {None}
    return (
        event_type_of(reading.sub_event_type) is EventType.BATTLES
        and event_type_of(event.sub_event_type) is EventType.BATTLES
        and not reading.date_text
        and reading.location in (None, event.location)
        and bool(sides & new)
    )


def _names_another_scene(reading: Reading, event: DraftEvent) -> bool:
    """Whether a sentence puts its own incident elsewhere (its date may be the claim's)."""
    return not set(reading.admin1) <= set(event.admin1)


def _claimed_event(events: list[DraftEvent], reading: Reading | None) -> int | None:
    """Which record a claim or blame sentence speaks of.

    The last one, or the last one in the scene the sentence names ("No party has claimed the
    checkpoint bombing in Anbar" after a blast in Baghdad).
    """
    if reading is None or not events or not _names_another_scene(reading, events[-1]):
        return len(events) - 1 if events else None
    if reading.date_text or reading.fatalities is not None:
        return None  # its own place, day and toll: an incident of its own ("denies ... killed")
    for at in range(len(events) - 2, -1, -1):
        if not _names_another_scene(reading, events[at]):
            return at
    return None


def _in_toll_reach(body: list[Sentence], index: int, event_at: int) -> bool:
    """Whether a sentence that only counts the dead is near enough to count the event's.

    Two sentences on, or four within the event's paragraph ("The patrol returned fire. One
    soldier was wounded. No personnel died in the incident.").
    """
    same_paragraph = body[index].paragraph == body[event_at].paragraph
    return index - event_at <= 2 or (same_paragraph and index - event_at <= 4)


_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)+\s")


def _is_heading(sentence: Sentence, sizes: dict[int, int]) -> bool:
    """A title line: alone in its paragraph, short and unpunctuated, or section-numbered.

    ``sizes``: sentences per paragraph (:func:`paragraph_sizes`).
    """
    alone = sizes.get(sentence.paragraph) == 1
    text = sentence.text.strip()
    short_title = len(text.split()) <= 12 and not text.endswith((".", "!", "?", '"', "\u201d"))
    return (alone and short_title) or bool(_SECTION_NUMBER.match(text))


def paragraph_sizes(body: list[Sentence]) -> dict[int, int]:
    """Sentences per paragraph (counted once per article)."""
    sizes: dict[int, int] = {}
    for sentence in body:
        sizes[sentence.paragraph] = sizes.get(sentence.paragraph, 0) + 1
    return sizes


def _report_year(published: str | None, text: str) -> int | None:
    """The year of the report: its publication date's, else the latest year it names."""
    date = parse_date(published) if published else None
    if date is not None:
        return date.year
    years = [int(y) for y in re.findall(r"\b(?:19[5-9]\d|20\d\d)\b", text)]
    return max(years) if years else None


class SceneTracker:
    """Where the report is at each sentence.

    A sentence that names no place happens where its paragraph last put the reader
    ("Police fired tear gas ..." after "... marched in Kisumu"), else where the heading
    just above it does (a live-blog entry's title), else at the report's first place (its
    dateline or lead), else at the division the report names most.
    """

    def __init__(self, body: list[Sentence], codes: list[str]) -> None:
        self.body, self.codes = body, codes
        self.sizes = paragraph_sizes(body)
        self._places: dict[int, Place | None] = {}

    def _at(self, index: int) -> Place | None:
        if index not in self._places:
            found = places(self.body[index].text, self.codes) if self.codes else []
            self._places[index] = next((p for p in found if p.admin1), None)
        return self._places[index]

    def place_before(self, index: int) -> Place | None:
        """The place the sentence at ``index`` happens at when it names none."""
        paragraph = self.body[index].paragraph
        back = index
        while back >= 0 and self.body[back].paragraph == paragraph:
            if self._at(back):
                return self._at(back)
            back -= 1
        if back >= 0 and _is_heading(self.body[back], self.sizes) and self._at(back):
            return self._at(back)
        return self._lead() or self._most_named()

    def _lead(self) -> Place | None:
        """The first place of the report's first paragraph (found once)."""
        if not hasattr(self, "_lead_place"):
            first = self.body[0].paragraph if self.body else None
            lead = (i for i, s in enumerate(self.body) if s.paragraph == first)
            self._lead_place = next((self._at(i) for i in lead if self._at(i)), None)
        return self._lead_place

    def coordinates_before(self, index: int) -> tuple[float, float] | None:
        """Where the report was in the sentence before ``index`` (for same-named towns)."""
        place = self.place_before(index - 1) if index > 0 else None
        if place is None or place.latitude is None or place.longitude is None:
            return None
        return (place.latitude, place.longitude)

    def _most_named(self) -> Place | None:
        if not hasattr(self, "_main"):
            counts: dict[str, int] = {}
            first: dict[str, Place] = {}
            for i in range(len(self.body)):
                place = self._at(i)
                if place is not None and place.admin1:
                    counts[place.admin1] = counts.get(place.admin1, 0) + 1
                    first.setdefault(place.admin1, place)
            best = max(counts, key=lambda a: counts[a]) if counts else None
            self._main = first[best] if best and counts[best] >= 2 else None
        return self._main


class EventCheck(BaseModel):
    """The model's answer to the narrow event question."""

    model_config = ConfigDict(extra="forbid")

    answer: Literal["yes", "no"]


class DecomposedStrategy(Strategy):
    """Sentence mechanisms plus narrow yes/no questions (see the module docstring).

    Args:
        ask_model: Ask the model to confirm each candidate sentence (the
            ``decomposed-checked`` strategy); see the README for how it measured.
        reader: The tuned reader that judges each candidate (the ``tuned`` strategy).
    """

    def __init__(self, ask_model: bool = False, reader: TunedReader | None = None) -> None:
        self.ask_model = ask_model
        self.reader = reader
        self.name: StrategyName = (
            "tuned" if reader else "decomposed-checked" if ask_model else "decomposed"
        )
        self.prompts = load_prompt_set("event_check")
        self.code_parts = ("rules", "llm") if ask_model or reader else ("rules",)
        self.calls_model = bool(ask_model or reader)

    @property
    def prompt_hash(self) -> str:
        """Hash of the event-check prompts, and whether (and which model) judges candidates."""
        if self.reader is not None:
            return f"reader:{self.reader.fingerprint}"
        return f"{self.prompts.hash}:{'ask' if self.ask_model else 'rules'}"

    def draft(
        self, prepared: PreparedArticle, backend: Backend, sampling: Sampling
    ) -> tuple[Draft, Usage]:
        """Assemble the draft sentence by sentence."""
        text = prepared.text
        header = read_header(text)
        body = body_sentences(text, header)
        context = article_context(text)
        codes = context.country_codes
        usage = Usage()
        year = _report_year(header.published, text)
        published = parse_date(header.published) if header.published else None
        scene = SceneTracker(body, codes)
        events: list[DraftEvent] = []
        event_sentences: list[Sentence] = []
        last: tuple[DraftEvent, Sentence, int] | None = None  # the event, its sentence, index
        for index, sentence in enumerate(body):
            if _is_heading(sentence, scene.sizes):
                logger.debug("sentence %d: a heading", index)
                continue  # "08:40 GMT — RSF shells camp": an entry's title, told below it
            if (
                lexicon.recalls_earlier_year(sentence.text, year)
                or lexicon.recalls_earlier_month(sentence.text, published)
                or (published is None and lexicon.recalls_by_month_and_year(sentence.text))
            ):
                logger.debug("sentence %d: recalls an earlier time", index)
                continue  # "in July 2022 protests turned deadly": a recap, not this report
            reading = read_sentence(
                sentence.text, context, scene.coordinates_before(index), _forces_of(last)
            )
            claimed = _claimed_event(events, reading)
            if (
                last is not None
                and claimed is not None
                and index - last[2] <= 6
                and sentence.paragraph - body[last[2]].paragraph <= 2
                and lexicon.tells_responsibility(sentence.text)
            ):
                events[claimed] = credit(events[claimed], sentence.text, context)  # "X claimed it"
                logger.debug("sentence %d: responsibility for record %d", index, claimed)
                last = (events[-1], last[1], last[2])
                continue
            if reading is None:
                if (
                    last is not None
                    and last[0].fatalities is None
                    and _in_toll_reach(body, index, last[2])
                ):
                    events[-1] = add_toll(last[0], sentence.text)  # "The driver was killed."
                    last = (events[-1], last[1], last[2])
                continue
            if self.ask_model:
                confirmed, cost = self._confirm(sentence.text, backend)
                usage = usage + cost
                if not confirmed:
                    continue
            adjacent = last is not None and index == last[2] + 1 and not reading.new_scene
            nearby = (
                last is not None
                and not reading.new_scene
                and not reading.date_text
                and index - last[2] <= 10
                and sentence.paragraph - body[last[2]].paragraph <= 3
            )
            same_place = last is not None and set(reading.admin1) <= set(last[0].admin1)
            if (
                last is not None
                and (adjacent or (nearby and reading.anaphoric and same_place))
                and reading.continues(last[0])
            ):
                events[-1] = extend(last[0], reading, more_severe=True)
                last = (events[-1], last[1], index)
                logger.debug("sentence %d: continues record %d", index, len(events) - 1)
                continue
            if last is not None and adjacent and _same_fight(reading, last[0]):
                events[-1] = extend(last[0], reading, other_side=True)  # the raid, then its fight
                logger.debug("sentence %d: the same fight as record %d", index, len(events) - 1)
                last = (events[-1], last[1], index)
                continue
            if last is not None and nearby and same_place and _same_crowd(reading, last[0]):
                events[-1] = extend(last[0], reading, more_severe=True)  # police met the crowd
                logger.debug("sentence %d: the same crowd as record %d", index, len(events) - 1)
                last = (events[-1], last[1], index)
                continue
            if not reading.names_someone:
                logger.debug("sentence %d: an event word, but no one named", index)
                continue
            if self.reader is not None:  # a new record: the tuned reader has the last word
                previous = body[index - 1].text if index else None
                label, cost = self.reader.label(header.title or "", previous, sentence.text)
                usage = usage + cost
                if not label.tells_incident:
                    logger.debug("sentence %d: the reader says %s", index, label.kind)
                    continue  # the reader: a plan, a recap, a tally or commentary
            if last is not None and (
                sentence.paragraph == last[1].paragraph or (adjacent and not reading.date_text)
            ):
                # a sentence that names no place continues the scene of the one before,
                # unless it opens a new paragraph at another time
                reading = reading.inherit(last[0])
            reading = reading.placed(scene.place_before(index))
            following = body[index + 1].text if index + 1 < len(body) else ""
            events.append(reading.event(following))
            event_sentences.append(sentence)
            last = (events[-1], sentence, index)
            logger.debug("sentence %d: opens record %d", index, len(events) - 1)
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
