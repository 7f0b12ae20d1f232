"""The decomposed strategy: sentence-level mechanisms, narrow questions to the model.

For a small model, one constrained call for a whole article produces well-formed but
unreliable records. Here the record is assembled deterministically, sentence by sentence:

1. the header (title, outlet, publication date) is read from the lines above the body;
2. a sentence is a candidate when it uses an event word and is neither a plan nor background
   (:mod:`summarizer.lexicon`);
3. optionally, the model answers one grammar-constrained yes/no question per candidate
   ("does this sentence report an event that happened?");
4. the sub-event type comes from the sentence's wording, actors from its shape
   (:mod:`summarizer.actors`), places from the gazetteer, counts, dates and claims from
   :mod:`summarizer.sentence_facts`; a sentence that names no place or date continues the
   previous event sentence of its paragraph and inherits them;
5. the summary is extractive: the lead and the event sentences, so it never states a number
   the article does not.

The evidence of each event is the sentence it came from, so it is grounded by construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer import lexicon, sentence_facts
from summarizer.actors import ActorRoles, defined_acronyms, roles
from summarizer.backends.base import Backend
from summarizer.config import Sampling
from summarizer.dates import parse_date
from summarizer.draft import Draft, DraftEvent
from summarizer.gazetteer import country_name, location_countries
from summarizer.normalize import sentences
from summarizer.numbers import find_counts
from summarizer.prepare import PreparedArticle, is_boilerplate
from summarizer.prompts import load_prompt_set
from summarizer.schemas import ClaimStatus, SubEventType, Usage
from summarizer.strategies.base import Strategy, StrategyName

__all__ = ["DecomposedStrategy", "EventCheck"]

QUOTE_LIMIT = 250
_ALLY_CLAUSE = re.compile(
    r"(?:backed by|supported by|in coordination with|along with|alongside)\s+[^,.;]*",
    re.IGNORECASE,
)
_ANAPHORIC = re.compile(
    r"^(?:The|These|This|Those)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|strikes?|"
    r"airstrikes|raids?|operations?|bombings?|blasts?|explosions?|clashes|fighting|offensive|"
    r"incident|ambush|infiltrat\w*|group|source)\b"
    r"|^(?:It|They|Its|Their)\b"
    r"|\b(?:these|this|those|the same)\s+(?:[\w-]+\s+){0,2}?(?:attacks|strikes|airstrikes|"
    r"raids|bombings|operations|clashes)\b"
    r"|^[\w\s-]{0,40}?['\u2019]s?\s+(?:losses|casualties|toll|death toll)\b"
)
"""A sentence that refers back to the event just reported ("The attack ...", "Its losses")."""
_NEW_SCENE = re.compile(r"^\W*(?:Separately|Elsewhere|In (?:a|another) separate)\b", re.I)
"""A sentence that announces another event: it neither continues nor inherits."""
_AIR_ACTOR = re.compile(r"jets|warplanes|aircraft|air force|aerospace|air\s*strikes?", re.I)
SUMMARY_LIMIT = 800
KEY_POINT_LIMIT = 200
KEY_POINTS = 5


class EventCheck(BaseModel):
    """The model's answer to the narrow event question."""

    model_config = ConfigDict(extra="forbid")

    answer: Literal["yes", "no"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article body with its offsets and paragraph number."""

    text: str
    start: int
    paragraph: int


@dataclass(frozen=True)
class Header:
    """What the lines above the body say."""

    title: str | None
    outlet: str | None
    published: str | None
    lines: frozenset[str]


def read_header(text: str) -> Header:
    """Title, outlet and date from the short lines before the first paragraph."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not is_boilerplate(ln)]
    header: list[str] = []
    for line in lines:
        if len(line.split()) >= 25:
            break
        header.append(line)
    title = next(
        (ln for ln in header if len(ln.split()) >= 7 and not ln.endswith(".")),
        header[0] if header else None,
    )
    published = next((ln for ln in header if parse_date(ln)), None)
    outlet = next(
        (
            ln
            for ln in header
            if ln not in (title, published)
            and 1 <= len(ln.split()) <= 6
            and all(w[0].isupper() for w in ln.split() if len(w) > 3)
        ),
        None,
    )
    return Header(
        title, outlet, published, frozenset(ln for ln in (title, outlet, published) if ln)
    )


def body_sentences(text: str, header: Header) -> list[Sentence]:
    """Sentences outside the header and the page boilerplate, with paragraph numbers."""
    out: list[Sentence] = []
    paragraph_starts = [m.start() for m in re.finditer(r"(?m)^\s*\S", text)]
    for start, end in sentences(text):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        if line in header.lines or is_boilerplate(line) or len(line.split()) < 6:
            continue
        paragraph = sum(1 for p in paragraph_starts if p <= start)
        out.append(Sentence(text[start:end].strip(), start, paragraph))
    return out


def clip(sentence: str, at: int, limit: int = QUOTE_LIMIT) -> str:
    """The sentence, or a window of it around ``at`` cut at word boundaries."""
    if len(sentence) <= limit:
        return sentence
    begin = max(0, min(at - limit // 3, len(sentence) - limit))
    window = sentence[begin : begin + limit]
    if begin > 0:
        window = window.split(" ", 1)[-1]
    return window.rsplit(" ", 1)[0] if begin + limit < len(sentence) else window


@dataclass(frozen=True)
class Context:
    """What the whole article tells the reading of each sentence."""

    country_codes: list[str]
    home_country: str | None
    acronyms: dict[str, str]


@dataclass(frozen=True)
class Reading:
    """What one event sentence says: its type, actors, places, date and toll."""

    sentence: str
    quote: str
    sub_event_type: SubEventType
    roles: ActorRoles
    country: str | None
    admin1: list[str]
    location: str | None
    date_text: str | None
    fatalities: int | None
    anaphoric: bool
    new_scene: bool

    @property
    def names_someone(self) -> bool:
        """An event needs a named side or a toll to be worth a record."""
        return bool(self.roles.actor1 or self.roles.actor2 or self.fatalities)

    def continues(self, event: DraftEvent) -> bool:
        """Whether this sentence says more about ``event`` (reported just before)."""
        same = self.roles.actor1 in (None, event.actor1, event.actor2)
        return self.anaphoric or (same and not (self.admin1 or self.location or self.date_text))

    def inherit(self, event: DraftEvent) -> Reading:
        """This reading, with the place and date of ``event`` where it names none."""
        return replace(
            self, admin1=self.admin1 or event.admin1, date_text=self.date_text or event.date_text
        )

    def event(self, following: str) -> DraftEvent:
        """The draft event (``following``: the next sentence, which may deny it)."""
        return DraftEvent(
            evidence=[self.quote],
            sub_event_type=self.sub_event_type,
            actor1=self.roles.actor1,
            assoc_actor_1=list(self.roles.assoc_actor_1[:2]),
            actor2=self.roles.actor2,
            assoc_actor_2=[],
            country=self.country,
            admin1=self.admin1[:4],
            location=self.location,
            date_text=self.date_text,
            fatalities=self.fatalities,
            claim_status=ClaimStatus(sentence_facts.claim_status(self.sentence, following)),
            attributed_to=sentence_facts.attribution(self.sentence),
        )


def read_sentence(s: str, context: Context) -> Reading | None:
    """Read an event sentence, or ``None`` when the sentence reports no event."""
    if not lexicon.is_event_sentence(s) or lexicon.is_planned(s) or lexicon.is_background(s):
        return None
    sub_event_type = lexicon.sub_event_type_for(_ALLY_CLAUSE.sub("", s))
    if sub_event_type is None:
        return None
    trigger = lexicon.TRIGGERS.search(s)
    at = trigger.start() if trigger else 0
    actor_roles = roles(s, at, context.home_country, context.acronyms)
    border = re.search(r"border with\s", s, re.IGNORECASE)
    places = [
        p
        for p in sentence_facts.places(s, context.country_codes)
        if not (border and s.find(p.name) > border.start())
    ]
    stated = [p for p in places if p.stated]  # "in the Bam province" beats a guess
    subject = _ALLY_CLAUSE.sub("", s[:at])
    ground_types = (SubEventType.ARMED_CLASH, SubEventType.SHELLING)
    if actor_roles.actor1 and _AIR_ACTOR.search(subject) and sub_event_type in ground_types:
        sub_event_type = SubEventType.AIR_DRONE_STRIKE  # the air force acted
    return Reading(
        sentence=s,
        quote=clip(s, at),
        sub_event_type=sub_event_type,
        roles=actor_roles,
        country=places[0].country if places else context.home_country,
        admin1=list(dict.fromkeys(p.admin1 for p in (stated or places) if p.admin1)),
        location=next((p.name for p in places if not p.stated), None),
        date_text=sentence_facts.date_expression(s),
        fatalities=sentence_facts.fatalities(s),
        anaphoric=bool(_ANAPHORIC.search(s.lstrip("\"'\u201c\u2018 "))),
        new_scene=bool(_NEW_SCENE.match(s)),
    )


def _extend(event: DraftEvent, reading: Reading) -> DraftEvent:
    """The event with one more supporting sentence, and what it adds that the event lacked."""
    update: dict[str, object] = {"evidence": [*event.evidence, reading.quote]}
    fills: Mapping[str, object] = {
        "fatalities": reading.fatalities,
        "admin1": reading.admin1[:4],
        "location": reading.location,
        "date_text": reading.date_text,
    }
    for field, value in fills.items():
        if value and not getattr(event, field):
            update[field] = value
    return event.model_copy(update=update)


def _key_point_rank(sentence: str) -> int:
    """Sentences with counts first, then those reporting events, plans or claims."""
    if find_counts(sentence):
        return 0
    if lexicon.is_event_sentence(sentence):
        return 1
    return 2


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
                events[-1] = _extend(last[0], reading)
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
        summary, key_points = self._summarize(body, event_sentences)
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

    @staticmethod
    def _summarize(body: list[Sentence], events: list[Sentence]) -> tuple[str, list[str]]:
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
        key_points = [
            clip(s.text, 0, KEY_POINT_LIMIT) for s in sorted(ranked, key=lambda s: s.start)
        ]
        return summary, key_points
