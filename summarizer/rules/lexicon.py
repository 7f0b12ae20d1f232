"""Word-level cues of conflict reporting: event triggers, ACLED sub-event types, modality.

The cues are data (``data/lexicon.toml``); this module compiles them and reads sentences
with them. They are general English cues of the ACLED codebook's categories, not facts
about any article: a sentence that says "airstrikes" reports an air strike wherever it
happened.
"""

from __future__ import annotations

import re

from summarizer.data import toml_table
from summarizer.schemas import SubEventType
from summarizer.text.patterns import cue_pattern

__all__ = [
    "is_background",
    "is_event_sentence",
    "is_planned",
    "sub_event_type_for",
]


_TABLE = toml_table("lexicon")

TRIGGERS = cue_pattern(_TABLE["triggers"])
"""Words that report an event; whole words only ("fighters" is not "fight")."""

SUB_EVENT_RULES: list[tuple[re.Pattern[str], SubEventType]] = [
    (cue_pattern(rule["cues"]), SubEventType(rule["type"])) for rule in _TABLE["sub_event_rules"]
]
"""Ordered: the first rule whose cue occurs decides. Specific weapons before generic words."""

PLANNED = cue_pattern(_TABLE["planned"])
BACKGROUND = cue_pattern(_TABLE["background"])


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
