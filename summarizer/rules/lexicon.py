"""Word-level cues of conflict reporting: event triggers, ACLED sub-event types, modality.

The cues are data (``data/lexicon.toml``); this module compiles them and reads sentences
with them. They are general English cues of the ACLED codebook's categories, not facts
about any article: a sentence that says "airstrikes" reports an air strike wherever it
happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.data import toml_table
from summarizer.schemas import SubEventType
from summarizer.text.patterns import cue_pattern

__all__ = [
    "is_background",
    "is_event_sentence",
    "is_planned",
    "perpetrator_named_at",
    "recalls_by_month_and_year",
    "recalls_earlier_month",
    "recalls_earlier_year",
    "sub_event_type_for",
    "tells_responsibility",
]


_TABLE = toml_table("lexicon")

TRIGGERS = cue_pattern(_TABLE["triggers"])
"""Words that report an event; whole words only ("fighters" is not "fight")."""


@dataclass(frozen=True)
class SubEventRule:
    """A rule of ``sub_event_rules``: its cues, and what must or must not go with them."""

    cues: re.Pattern[str]
    sub_event_type: SubEventType
    with_: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None


def _optional(rule: dict[str, list[str]], key: str) -> re.Pattern[str] | None:
    return cue_pattern(rule[key]) if key in rule else None


SUB_EVENT_RULES = [
    SubEventRule(
        cue_pattern(rule["cues"]),
        SubEventType(rule["type"]),
        _optional(rule, "with"),
        _optional(rule, "unless"),
        _optional(rule, "unless_after"),
    )
    for rule in _TABLE["sub_event_rules"]
]
"""Ordered: the first rule whose cue occurs (with one of its ``with`` cues, if it has any;
none of its ``unless`` cues anywhere, and none of its ``unless_after`` cues just after the
cue) decides. Specific weapons before generic words."""

PLANNED = cue_pattern(_TABLE["planned"])
BACKGROUND = cue_pattern(_TABLE["background"])
EARLIER_TIMES = cue_pattern(_TABLE["earlier_times"])
RESPONSIBILITY = cue_pattern(_TABLE["responsibility"])
BLAMED_PARTY = cue_pattern(_TABLE["blamed_party"])
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def is_event_sentence(sentence: str) -> bool:
    """Whether a sentence uses a word that reports violence or a strategic development."""
    return bool(TRIGGERS.search(sentence))


_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whom|where|whose)\b[^,;]*", re.IGNORECASE)


_MONTH_MAY = re.compile(r"(?<=\w)(\W+)May\b")
""""May" inside a sentence, capitalized: the month ("on 3 May"), not the modal verb."""


def main_clause(sentence: str) -> str:
    """The sentence without its non-restrictive relative clauses (", which had been ...")."""
    return _RELATIVE_CLAUSE.sub("", sentence)


def _in_a_name(text: str, match: re.Match[str]) -> bool:
    """Whether a cue is part of a proper name ("Daily Sabah reported", "Will Smith").

    A capitalized cue followed by a capitalized word is a name, not modality or background.
    """
    word = match.group(0)
    if not word[:1].isupper():
        return False
    return bool(re.match(r"\s+[A-Z]", text[match.end() :]))


def _says(pattern: re.Pattern[str], sentence: str) -> bool:
    text = _MONTH_MAY.sub(r"\1MONTH", main_clause(sentence))
    return any(not _in_a_name(text, m) for m in pattern.finditer(text))


def is_planned(sentence: str) -> bool:
    """Whether a sentence's main clause speaks of a plan, a threat or the future.

    Only the clause that reports the event counts: in "Strikes hit a depot on Monday, in a
    campaign Washington says is aimed at ending attacks", the aim is the campaign's.
    """
    return _says(PLANNED, _event_clause(sentence))


def _event_clause(sentence: str) -> str:
    """The sentence up to the end of the clause that holds its first event word."""
    trigger = TRIGGERS.search(sentence)
    if trigger is None:
        return sentence
    end = re.search(r",\s|;\s|\s[\u2013\u2014-]\s", sentence[trigger.end() :])
    return sentence[: trigger.end() + end.start()] if end else sentence


_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH = "(?:" + "|".join(m.capitalize() for m in _MONTHS) + ")"
_PERIOD = re.compile(
    rf"\b(?i:between|from)\s+\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\s+(?:and|to|until)\s+\d{{1,2}}\s+"
    rf"{_MONTH}|\b(?i:between|from)\s+{_MONTH}\s+(?:\d{{4}}\s+)?(?:and|to|until)\s+{_MONTH}\b"
)
"""A span of dates ("between 1 January and 31 March"): a tally over a period, not an event.
A span of weekdays is one night ("overnight from Sunday to Monday"), and a span of places a
route ("from Kidal to Gao")."""


def is_background(sentence: str) -> bool:
    """Whether a sentence's main clause recounts background rather than a discrete event.

    An earlier time ("last year", "in 2019") makes background only when the clause does not
    also name this news's day: "police fired on crowds marking last year's storming of
    parliament on Wednesday" is today's event.
    """
    if _says(BACKGROUND, sentence) or _PERIOD.search(sentence):
        return True
    return _says(EARLIER_TIMES, sentence) and not _THIS_NEWS_DAY.search(main_clause(sentence))


_DESCRIBES_SOMEONE = re.compile(r"\s+(?:of|for)\b", re.IGNORECASE)
"""After "accused" or "blamed": "a blogger accused of incitement" describes a person."""


def _blame_cues(pattern: re.Pattern[str], sentence: str) -> Iterator[re.Match[str]]:
    """The pattern's cues in a sentence, without "accused of" / "blamed for" describing someone.

    "Residents accused soldiers of the killing" blames; "a mob seized a man they accused of
    theft" and "a blogger accused of incitement" describe someone.
    """
    for match in pattern.finditer(sentence):
        describes = match.group(0).casefold().startswith(("accus", "blam")) and (
            _DESCRIBES_SOMEONE.match(sentence, match.end())
        )
        if not describes:
            yield match


def tells_responsibility(sentence: str) -> bool:
    """Whether a sentence says who claimed, was blamed for or denied an event."""
    return next(_blame_cues(RESPONSIBILITY, sentence), None) is not None


def perpetrator_named_at(sentence: str) -> int | None:
    """Where a claim or blame sentence names the perpetrator: the end of its blame cue.

    "Residents blamed the Ethiopian military": the offset after "blamed"; ``None`` when the
    sentence has no such cue ("Boko Haram claimed responsibility" names it before).
    """
    cue = next(_blame_cues(BLAMED_PARTY, sentence), None)
    return cue.end() if cue else None


def recalls_earlier_year(sentence: str, current_year: int | None) -> bool:
    """Whether a sentence dates what it tells to a year before the report's ("in July 2022")."""
    years = [int(y) for y in _YEAR.findall(sentence)]
    earlier = current_year is not None and bool(years) and max(years) < current_year
    return earlier and not _names_this_news_day(sentence)


_IN_MONTH = re.compile(
    r"\b(?:in|since|during|last)\s+(" + "|".join(_MONTHS) + r")\b(?!\s+\d)", re.IGNORECASE
)


def recalls_earlier_month(sentence: str, published: dt.date | None) -> bool:
    """Whether a sentence dates what it tells to an earlier month ("In January, ...").

    A month named without a day, other than the report's own, is a recap, not this news.
    """
    if published is None:
        return False
    months = [_MONTHS.index(m.group(1).casefold()) + 1 for m in _IN_MONTH.finditer(sentence)]
    # a later month than the report's, named without a year, was last year's ("in November"
    # in a January report)
    earlier = bool(months) and all(m != published.month for m in months)
    return earlier and not _names_this_news_day(sentence)


def _names_this_news_day(sentence: str) -> bool:
    """Whether the event's own clause is dated to this news's day, whatever it recalls.

    "Thousands marched on Saturday, marking the anniversary of the February 2021 coup."
    """
    return bool(_NEWS_WEEKDAY.search(main_clause(sentence)))


_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY_WORD = r"yesterday|today|tonight|overnight|last night|this (?:morning|afternoon|evening)"
_NEWS_WEEKDAY = re.compile(
    rf"\b(?:on|late|early|last)\s+{_WEEKDAY}\b|\b(?:{_DAY_WORD})\b", re.IGNORECASE
)
"""A weekday or a day word ("on Saturday", "late Tuesday", "overnight"): this news's day. A
dated day ("on 23 March 2009") may be any year's, so it does not count here."""


_IN_MONTH_AND_YEAR = re.compile(
    r"\b(?:in|since|during|by)\s+(?:(?:early|late|mid)[\s-]+)?(?:("
    + "|".join(_MONTHS)
    + r")\s+)?(?:19[5-9]\d|20\d\d)\b",
    re.IGNORECASE,
)


_THIS_NEWS_DAY = re.compile(
    rf"\b(?:{_WEEKDAY}|{_DAY_WORD}|this week)\b|\b\d{{1,2}}\s+(?:"
    + "|".join(_MONTHS)
    + r")\b|\b(?:"
    + "|".join(_MONTHS)
    + r")\s+\d{1,2}\b(?!\d)",
    re.IGNORECASE,
)
"""A day of this report's news: "on Monday", "overnight", "3 March", "March 3"."""


def recalls_by_month_and_year(sentence: str) -> bool:
    """Whether a sentence dates what it tells by a month and year, or a year, without a day.

    "In March 2021, insurgents stormed the town": news dates its own events by the day
    ("on Monday", "on 3 March"); a month and a year alone recall an earlier episode. Used
    when the report's own date is unknown, so the year cannot be compared.
    """
    clause = main_clause(sentence)
    return bool(_IN_MONTH_AND_YEAR.search(clause)) and not _THIS_NEWS_DAY.search(clause)


def sub_event_type_for(sentence: str) -> SubEventType | None:
    """The ACLED sub-event type a sentence's wording points to, or ``None``."""
    for rule in SUB_EVENT_RULES:
        if rule.with_ is not None and not rule.with_.search(sentence):
            continue
        if rule.unless is not None and rule.unless.search(sentence):
            continue  # "police fired tear gas at people who gathered": not a peaceful protest
        for cue in rule.cues.finditer(sentence):
            after = sentence[cue.end() : cue.end() + UNLESS_REACH]
            if rule.unless_after is None or not rule.unless_after.search(after):
                return rule.sub_event_type  # not "shot dead two militants": who was shot
    return None


UNLESS_REACH = 40
"""How far (characters) after a cue its rule's ``unless_after`` words count: its object."""
