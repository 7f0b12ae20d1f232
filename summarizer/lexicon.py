"""Word-level cues of conflict reporting: event triggers, ACLED sub-event types, modality.

These are general English cues of the ACLED codebook's categories, not facts about any
article: a sentence that says "airstrikes" reports an air strike wherever it happened.
"""

from __future__ import annotations

import re

from summarizer.schemas import SubEventType

__all__ = [
    "is_background",
    "is_event_sentence",
    "is_planned",
    "sub_event_type_for",
]


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


TRIGGERS = re.compile(
    r"\b(?:"
    + "|".join(
        [
            r"air\s*strikes?",
            r"strikes?",
            r"struck",
            r"bomb(?:ed|ing|s|ardments?)?",
            r"shell(?:ed|ing|s)",
            r"attack(?:ed|s|ing)?",
            r"clash(?:es|ed)?",
            r"fight(?:ing|s)?",
            r"battles?",
            r"battled",
            r"repel(?:led|s)?",
            r"offensives?",
            r"kill(?:ed|ing|s)?",
            r"raid(?:s|ed)?",
            r"ambush(?:ed|es)?",
            r"explo(?:sion|ded|sive)s?",
            r"missiles?",
            r"rockets?",
            r"drones?",
            r"mortars?",
            r"artillery",
            r"combed",
            r"combing",
            r"infiltrat(?:ed|ion|ing)",
            r"captur(?:ed|es?|ing)",
            r"seiz(?:ed|es?|ing)",
            r"retak(?:en|es?|ing)",
            r"retook",
            r"recaptur(?:ed|es?|ing)",
            r"abduct(?:ed|ions?)",
            r"kidnapp(?:ed|ing)",
            r"protest(?:s|ed|ers)?",
            r"demonstrat(?:ions?|ors|ed)",
            r"riot(?:s|ed)?",
            r"arrest(?:ed|s)?",
            r"detain(?:ed)?",
            r"target(?:ed|ing|s)?",
            r"hit",
            r"pounded",
            r"sorties",
            r"assaults?",
            r"operations?",
            r"destruction",
            r"shot down",
            r"intercept(?:ed|s)?",
            r"downed",
            r"defused",
        ]
    )
    + r")\b",
    re.IGNORECASE,
)
"""Words that report an event; whole words only ("fighters" is not "fight")."""

# Ordered: the first rule whose cue occurs decides. Specific weapons before generic words.
SUB_EVENT_RULES: list[tuple[re.Pattern[str], SubEventType]] = [
    (_words(r"chemical", r"chlorine", r"sarin", r"toxic gas"), SubEventType.CHEMICAL_WEAPON),
    (_words(r"suicide"), SubEventType.SUICIDE_BOMB),
    (
        _words(
            r"\bIEDs?\b",
            r"landmines?",
            r"roadside bomb",
            r"car bomb",
            r"explosive device",
            r"mines?\b",
        ),
        SubEventType.REMOTE_EXPLOSIVE,
    ),
    (_words(r"abduct", r"kidnap", r"forcibly disappeared"), SubEventType.ABDUCTION),
    (
        _words(r"shot down", r"intercept(?:ed|s)?", r"downed", r"defused", r"dismantled"),
        SubEventType.DISRUPTED_WEAPONS_USE,
    ),
    (_words(r"rap(?:e|ed)\b", r"sexual"), SubEventType.SEXUAL_VIOLENCE),
    (
        _words(r"protest", r"demonstrat", r"rall(?:y|ies)\b", r"marched\b", r"marchers\b"),
        SubEventType.PEACEFUL_PROTEST,
    ),
    (_words(r"riot", r"mob\b"), SubEventType.MOB_VIOLENCE),
    (_words(r"arrest", r"detain"), SubEventType.ARRESTS),
    (
        _words(
            r"clash",
            r"fighting",
            r"battle",
            r"repel",
            r"infiltrat",
            r"exchange of fire",
            r"gunfight",
            r"firefight",
            r"ambush",
        ),
        SubEventType.ARMED_CLASH,
    ),
    (
        _words(
            r"air\s*strikes?",
            r"airstrikes?",
            r"air attacks?",
            r"air raids?",
            r"warplanes?",
            r"jets?\b",
            r"aircraft",
            r"air force",
            r"aerospace",
            r"sorties",
            r"helicopters?",
            r"drone strikes?",
            r"drone attacks?",
            r"drones?\b",
            r"bombed",
            r"bombing",
            r"bombard",
        ),
        SubEventType.AIR_DRONE_STRIKE,
    ),
    (
        _words(
            r"shell(?:ed|ing|s)", r"artillery", r"missiles?", r"rockets?", r"mortars?", r"cruise"
        ),
        SubEventType.SHELLING,
    ),
    (_words(r"grenades?"), SubEventType.GRENADE),
    (
        _words(r"retak", r"retook", r"recaptur", r"regain", r"liberat"),
        SubEventType.GOVERNMENT_REGAINS_TERRITORY,
    ),
    (
        _words(r"captur", r"seiz", r"overr[au]n", r"took control", r"taken control"),
        SubEventType.NON_STATE_ACTOR_OVERTAKES_TERRITORY,
    ),
    (
        _words(r"massacre", r"executed", r"civilians? (?:were )?killed", r"killed \w+ civilians"),
        SubEventType.ATTACK,
    ),
    (
        _words(
            r"attack",
            r"offensive",
            r"combed",
            r"combing",
            r"raid",
            r"assault",
            r"operation",
            r"fight",
            r"killed",
        ),
        SubEventType.ARMED_CLASH,
    ),
]

PLANNED = _words(
    r"will\b",
    r"would\b",
    r"plans? to",
    r"planned",
    r"planning",
    r"preparations?",
    r"prepar(?:e|ed|ing) to",
    r"intends?",
    r"aims? to",
    r"threaten(?:ed|s)? to",
    r"to launch",
    r"soon",
    r"next (?:week|month|year)",
    r"in order to launch",
    r"could\b",
    r"may\b",
    r"might\b",
    r"aim(?:ed|ing|s)? (?:at|to)\b",
    r"(?:vow|pledge|promise|threaten|vowing|pledging|promising)(?:s|d|ed)? to\b",
)
BACKGROUND = _words(
    r"previously",
    r"formerly",
    r"once an?\b",
    r"used to",
    r"in (?:19|20)\d\d\b",
    r"since (?:19|20)\d\d",
    r"for the (?:last|past) (?:two|three|several|\d+) years",
    r"over the (?:last|past) (?:two|three|several|\d+) years",
    r"has (?:since )?increased",
    r"have been accused",
    r"has been accused",
    r"repeatedly accused",
    r"surged since",
    r"numerous\b",
    r"repeated\s+(?:attacks|raids|strikes|assaults|clashes)",
    r"daily\b",
    r"repeatedly\b",
    r"a number of times",
    r"routinely",
    r"on several occasions",
)


def is_event_sentence(sentence: str) -> bool:
    """Whether a sentence uses a word that reports violence or a strategic development."""
    return bool(TRIGGERS.search(sentence))


_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whom|where|whose)\b[^,;]*", re.IGNORECASE)


def main_clause(sentence: str) -> str:
    """The sentence without its non-restrictive relative clauses (", which was once ...")."""
    return _RELATIVE_CLAUSE.sub("", sentence)


def is_planned(sentence: str) -> bool:
    """Whether a sentence's main clause speaks of a plan, a threat or the future."""
    return bool(PLANNED.search(main_clause(sentence)))


def is_background(sentence: str) -> bool:
    """Whether a sentence's main clause recounts background rather than a discrete event."""
    return bool(BACKGROUND.search(main_clause(sentence)))


def sub_event_type_for(sentence: str) -> SubEventType | None:
    """The ACLED sub-event type a sentence's wording points to, or ``None``."""
    for pattern, sub_event_type in SUB_EVENT_RULES:
        if pattern.search(sentence):
            return sub_event_type
    return None
