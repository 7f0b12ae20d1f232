"""Reading one event sentence: its sub-event type, actors, places, date and toll.

A :class:`Reading` also knows how it relates to the event reported just before it: whether
it continues that event ("The attack ...", "Its losses ...") or inherits its place and date.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from summarizer.pipeline.draft import DraftEvent
from summarizer.rules import lexicon, sentence_facts
from summarizer.rules.actors import ActorRoles, defined_acronyms, roles
from summarizer.rules.conventions import conventional_roles, crowd_first
from summarizer.schemas import ClaimStatus, EventType, SubEventType, event_type_of
from summarizer.text.actor_names import (
    main_group,
    military_forces_of,
    named_groups,
    police_forces_of,
)
from summarizer.text.dates import date_expression
from summarizer.text.places import Place, country_name, location_countries

logger = logging.getLogger(__name__)

__all__ = ["Context", "Reading", "clip", "extend", "read_sentence"]

QUOTE_LIMIT = 250
_ALLY_CLAUSE = re.compile(
    r"(?:backed by|supported by|in coordination with|along with|alongside)\s+[^,.;]*",
    re.IGNORECASE,
)
_AT_THE_VICTIM = re.compile(r"\b(?:fired|shot|opened fire)\s+(?:at|on)\s+(?:him|her|them)\b")
"""The shooter of the victim just named ("soldiers in a jeep fired at him"): who acted."""
_ANAPHORIC = re.compile(
    r"^(?:The|These|This|Those)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|assaults?|strikes?|"
    r"airstrikes|raids?|operations?|bombings?|blasts?|explosions?|clashes|fighting|offensive|"
    r"incident|ambush|infiltrat\w*|group|source)\b"
    r"|^(?:It|They|Its|Their)\b"
    r"|^(?:The|These|Those)\s+(?:\w+\s+)?(?:attackers|assailants|gunmen|militants|insurgents|"
    r"raiders|kidnappers|fighters|bombers?|victims|dead|wounded|casualties|demonstration|"
    r"protest|march|rally|crowd|protesters|demonstrators|arrest|arrests|violence|unrest|"
    r"clashes|fighting)\b"
    r"|\b(?:these|this|those|the same)\s+(?:[\w-]+\s+){0,2}?(?:attacks|strikes|airstrikes|"
    r"raids|bombings|operations|clashes)\b"
    r"|^[\w\s-]{0,40}?['\u2019]s?\s+(?:losses|casualties|toll|death toll)\b"
    r"|\b(?:in|during|from|by|after)\s+(?:the|this|that|these|those)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:attacks?|assault|strikes?|raids?|bombing|blast|explosion|clash(?:es)?|fighting|"
    r"confrontation|encounter|ambush|shelling|violence|incident|riot|unrest|crackdown|"
    r"exchange of fire|explosion|operation|arrests?|protests?|demonstrations?|march|rally|"
    r"gathering|sit-in)\b"
    r"|\b(?:said|says|say|believe|believes|added|reported)\s+(?:that\s+)?(?:the|both)\s+"
    r"(?:\w+\s+)?(?:attackers|assailants|gunmen|militants|insurgents|raiders|kidnappers|"
    r"bombers?|attacks?|strikes|shells|jet|blast|explosion|abduction|raid|ambush)\b"
    r"|" + _AT_THE_VICTIM.pattern + r"|\bthat followed\b"
    r"|,\s+(?:he|she|they|it)\s+(?:added|said)\b"
    r"|\b(?:this|that) (?:morning|afternoon|evening|night)['\u2019]s\s+\w+"
)
"""A sentence that refers back to the event just reported ("The attack ...", "Its losses")."""
_CAUSE_CLAUSE = re.compile(
    r"^\W*(?:Angered|Outraged|Incensed|Enraged|Frustrated|Infuriated)\s+(?:by|at|over)\s+[^,]+,\s*",
    re.IGNORECASE,
)
"""What moved people to act ("Angered by the abduction, ..."): not what they did."""
_LATEST_TAIL = re.compile(r",\s+(?:in\s+)?the\s+(?:latest|most recent)\b[^.;]*", re.IGNORECASE)
"""", the latest in a string of killings in a region fought over by gangs": not this event."""
_CONCESSION = re.compile(r"^\W*(?:Although|Though|Even though|While|Despite)\b[^,]{0,120},\s*")
"""A leading concession ("Although rebels still hold the hills, troops retook the road"): its
parties are not the event's."""
_ENTRY_TITLE = re.compile(r"^[^:.;]{3,40}:\s+(?=[A-Z\d])")
"""A short title before a colon ("Arrest in Thoubal: Police arrested ..."), or a dateline."""
_REPORTED_THAT = re.compile(
    r"\b(?:said|says|reported|stated|announced|confirmed|learned|learnt|told(?:\s+\w+)?|"
    r"received\s+(?:a\s+)?(?:notification|report|reports|information|word))\s+that\s+"
    r"|\b(?:found|discovered|recovered)\s+(?=(?:the\s+)?(?:body|bodies|[A-Z]))",
    re.IGNORECASE,
)
"""A reporting clause: the event is in what follows it, its subject is a source."""
_SPEAKER_ACTED = re.compile(
    r"\b(?:said|says|announced|claimed|claims|stated|reported)\s+"
    r"(?:(?:on|late|early|this|last)\s+)?(?:[A-Z]\w+day\s+|\w+day\s+)?(?:that\s+)?"
    r"(?:it|they|we|its|their|our)\b",
    re.IGNORECASE,
)
"""The speaker tells its own act: "The army said on Saturday it had recaptured the town"."""
_PRONOUN = re.compile(r"(?:they|it|its|their|we|our|he|she)\b", re.IGNORECASE)
_NEW_SCENE = re.compile(
    r"^\W*(?:Separately|Elsewhere|In (?:a|another) separate"
    r"|(?:Hours|Days|A day|Two days|A week|Weeks) later"
    r"|Later (?:that|the same|in the) (?:day|night|morning|afternoon|evening)"
    r"|(?:That|The) same (?:night|evening|morning|afternoon)"
    r"|Earlier (?:in the day|that day)|The (?:next|following) (?:day|morning|night))\b",
    re.I,
)
"""A sentence that announces another event ("Separately", "Hours later"): it does not
continue the one before."""
_AGREED = {SubEventType.AGREEMENT}
_WEAPON_TYPES = {
    SubEventType.SUICIDE_BOMB,
    SubEventType.REMOTE_EXPLOSIVE,
    SubEventType.AIR_DRONE_STRIKE,
    SubEventType.SHELLING,
    SubEventType.GRENADE,
}
_AIR_ACTOR = re.compile(r"jets|warplanes|aircraft|air force|aerospace|air\s*strikes?", re.I)


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
    main_group: str | None = None
    groups: dict[str, frozenset[str]] = field(default_factory=dict)


def article_context(text: str) -> Context:
    """The context of a whole report: its countries, home country, acronyms and groups."""
    codes = location_countries(text)
    home = country_name(codes[0]) if codes else None
    return Context(
        codes, home, defined_acronyms(text), main_group(text, home), named_groups(text, home)
    )


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
        """Whether the reading is worth a record.

        An event needs a named side or a toll, or a weapon and a place ("A suicide bomber
        blew himself up outside the passport office in X").
        """
        placed_weapon = self.sub_event_type in _WEAPON_TYPES and bool(self.admin1 or self.location)
        return bool(self.roles.actor1 or self.roles.actor2 or self.fatalities or placed_weapon)

    def continues(self, event: DraftEvent) -> bool:
        """Whether this sentence says more about ``event`` (reported just before)."""
        unknown = self.roles.actor1 is None or self.roles.actor1.startswith("Unidentified")
        same = unknown or self.roles.actor1 in (event.actor1, event.actor2)
        return self.anaphoric or (same and not (self.admin1 or self.location or self.date_text))

    def inherit(self, event: DraftEvent) -> Reading:
        """This reading, with the place and date of ``event`` where it names none."""
        return replace(
            self, admin1=self.admin1 or event.admin1, date_text=self.date_text or event.date_text
        )

    def placed(self, place: Place | None) -> Reading:
        """This reading, put at ``place`` (a place named just before it) if it names none."""
        if self.admin1 or place is None or place.admin1 is None:
            return self
        return replace(self, admin1=[place.admin1], location=self.location or place.name)

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


def read_sentence(
    s: str,
    context: Context,
    near: tuple[float, float] | None = None,
    recent_forces: tuple[str, ...] = (),
) -> Reading | None:
    """Read an event sentence, or ``None`` when the sentence reports no event.

    ``near``: where the report was just before (a same-named town nearest to it wins).
    ``recent_forces``: state forces the report named last; "the troops" are theirs.
    """
    if not lexicon.is_event_sentence(s):
        return None
    if lexicon.is_background(s):
        logger.debug("not an event (background): %.90s", s)
        return None
    typed = _LATEST_TAIL.sub("", _CAUSE_CLAUSE.sub("", s))  # "Angered by the abduction, ..."
    sub_event_type = lexicon.sub_event_type_for(_ALLY_CLAUSE.sub("", typed)) or (
        lexicon.sub_event_type_for(typed)  # the ally clause ran into the main verb
    )
    if lexicon.is_planned(s) and sub_event_type not in _AGREED:
        logger.debug("not an event (a plan): %.90s", s)
        return None  # a plan; but an agreement is news even when its terms lie ahead
    if sub_event_type is None:
        logger.debug("not an event (no event type): %.90s", s)
        return None
    title = _ENTRY_TITLE.match(s)
    trigger = lexicon.TRIGGERS.search(s, title.end() if title else 0) or lexicon.TRIGGERS.search(s)
    at = trigger.start() if trigger else 0
    report = _REPORTED_THAT.search(s[:at]) if at else None
    if report and _PRONOUN.match(s[report.end() :]):
        report = None  # "the ministry said that its jets struck": the speaker acted
    told = s[report.end() :] if report else s  # "police were told that gunmen had ..."
    conceded = _CONCESSION.match(told)
    if conceded and conceded.end() < at - (report.end() if report else 0):
        told = " " * conceded.end() + told[conceded.end() :]  # offsets stay where they were
    found = roles(
        told,
        at - (report.end() if report else 0),
        context.home_country,
        context.acronyms,
        keep_sources=sub_event_type is SubEventType.DISRUPTED_WEAPONS_USE
        or bool(_SPEAKER_ACTED.search(told[: max(0, at - (report.end() if report else 0))])),
        main_group=context.main_group,
        groups=context.groups,
        recent_forces=recent_forces,
    )
    actor_roles = crowd_first(found, sub_event_type)
    actor_roles = conventional_roles(
        actor_roles, sub_event_type, context.home_country, s, context.main_group
    )
    border = re.search(r"border with\s", s, re.IGNORECASE)
    places = [
        p
        for p in sentence_facts.places(s, context.country_codes, near)
        if not (border and s.find(p.name) > border.start())
    ]
    places = sentence_facts.listed_together(places, s)
    stated = [p for p in places if p.stated]  # "in the Bam province" beats a guess
    subject = _ALLY_CLAUSE.sub("", s[:at])
    ground_types = (SubEventType.ARMED_CLASH, SubEventType.SHELLING)
    if actor_roles.actor1 and _AIR_ACTOR.search(subject) and sub_event_type in ground_types:
        sub_event_type = SubEventType.AIR_DRONE_STRIKE  # the air force acted
    country = places[0].country if places else context.home_country
    return Reading(
        sentence=s,
        quote=clip(s, at),
        sub_event_type=_by_who_took_it(sub_event_type, actor_roles.actor1, country),
        roles=actor_roles,
        country=country,
        admin1=list(dict.fromkeys(p.admin1 for p in (stated or places) if p.admin1)),
        location=next((p.name for p in places if not p.stated), None),
        date_text=date_expression(s),
        fatalities=sentence_facts.fatalities(s),
        anaphoric=bool(_ANAPHORIC.search(s.lstrip("\"'\u201c\u2018 "))),
        new_scene=bool(_NEW_SCENE.match(s)),
    )


_TERRITORY = (
    SubEventType.GOVERNMENT_REGAINS_TERRITORY,
    SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
)


def _by_who_took_it(
    sub_event_type: SubEventType, actor1: str | None, country: str | None
) -> SubEventType:
    """ACLED's territory types go by who took the place, not by the verb.

    The country's own forces regain territory ("troops took control of the town"); anyone
    else overtakes it, a foreign army too ("Russian forces 'liberated' the village").
    """
    if sub_event_type not in _TERRITORY or not actor1 or not country:
        return sub_event_type
    own = actor1 in (military_forces_of(country), police_forces_of(country))
    return _TERRITORY[0] if own else _TERRITORY[1]


_SEVERITY = [
    SubEventType.PEACEFUL_PROTEST,
    SubEventType.PROTEST_WITH_INTERVENTION,
    SubEventType.EXCESSIVE_FORCE,
    SubEventType.VIOLENT_DEMONSTRATION,
    SubEventType.MOB_VIOLENCE,
]
"""Demonstrations from least to most severe: ACLED codes one gathering by the worst of it."""


def extend(
    event: DraftEvent, reading: Reading, more_severe: bool = False, other_side: bool = False
) -> DraftEvent:
    """The event with one more supporting sentence, and what it adds that the event lacked.

    ``more_severe``: the sentence goes on about the same crowd; the event takes the more
    severe of the two demonstration types (a march met with tear gas is an intervention).
    ``other_side``: the sentence goes on about the same fight; a side the event lacked fills
    its actor2.
    """
    update: dict[str, object] = {"evidence": [*event.evidence, reading.quote]}
    if more_severe and reading.sub_event_type in _SEVERITY and event.sub_event_type in _SEVERITY:
        worse = max(reading.sub_event_type, event.sub_event_type, key=_SEVERITY.index)
        if worse is not event.sub_event_type:
            update["sub_event_type"] = worse
            rioting = event_type_of(worse) is EventType.RIOTS
            if rioting and (event.actor1 or "").startswith("Protesters"):
                update["actor1"] = (event.actor1 or "").replace("Protesters", "Rioters", 1)
    side = next(
        (a for a in (reading.roles.actor1, reading.roles.actor2) if a and a != event.actor1),
        None,
    )
    fills: Mapping[str, object] = {
        # "Fighting killed seven overnight." then "The clashes broke out between X and Y"
        "actor1": reading.roles.actor1,
        "actor2": side if other_side or event.actor1 is None else None,
        "fatalities": reading.fatalities,
        "admin1": reading.admin1[:4],
        "location": reading.location,
        "date_text": reading.date_text,
    }
    unknown = (event.actor1 or "").startswith("Unidentified")
    named = reading.roles.actor1 and not reading.roles.actor1.startswith("Unidentified")
    if unknown and named and _AT_THE_VICTIM.search(reading.sentence):
        update["actor1"] = reading.roles.actor1  # "... soldiers in a jeep fired at him"
    for name, value in fills.items():
        missing = getattr(event, name) in (None, [], "")
        if missing and value not in (None, [], ""):  # a toll of 0 is a toll
            update[name] = value
    revised = (
        reading.fatalities is not None
        and event.fatalities is not None
        and reading.fatalities > event.fatalities
    )
    if revised and _REVISED_TOLL.search(reading.sentence):
        update["fatalities"] = reading.fatalities  # "the toll has risen to 11"
    return event.model_copy(update=update)


_REVISED_TOLL = re.compile(
    r"\b(?:now|rose|risen|climbed|increased|updated|revised|raised)\b", re.IGNORECASE
)
