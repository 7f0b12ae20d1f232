"""Counts in text: "over 70", "at least 12", "three", "dozens", with their qualifiers.

Vague quantities follow ACLED's conservative convention: "dozens" = 12, "tens" = 10,
"hundreds" = 100, "scores" = 20. "A number of", "several", "many" give no number.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from summarizer.schemas import Quantity

__all__ = ["Count", "fatality_counts", "find_counts", "strike_counts"]

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_VAGUE: dict[str, tuple[int, Quantity]] = {
    "dozens": (12, "dozens"),
    "tens": (10, "tens"),
    "hundreds": (100, "hundreds"),
    "scores": (20, "dozens"),
}
_QUALIFIERS: list[tuple[str, Quantity]] = [
    (r"more than|over|upwards of|in excess of", "over"),
    (r"at least|no fewer than|no less than|a minimum of", "at least"),
    (r"about|around|nearly|almost|approximately|some|roughly|an estimated", "about"),
    (r"up to|as many as", "up to"),
]
_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(k for k in _UNITS if _UNITS[k] < 10)}))?"
    rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
)
_NUMBER = (
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER}|(?:a|one) dozen"
    r"|(?P<vague>dozens|tens|hundreds|scores))"
)
_QUALIFIER = "|".join(f"(?:{pattern})" for pattern, _ in _QUALIFIERS)
_COUNT = re.compile(rf"\b(?:(?P<qual>{_QUALIFIER})\s+)?{_NUMBER}\b", re.IGNORECASE)

_KILLED = re.compile(
    r"\b(kill(?:ed|ing|s)?|dead|deaths?|died|dies|lives|lost their lives|martyr(?:ed|dom|s)?"
    r"|fatalit(?:y|ies)|bodies|slain|massacred|shot\s+dead|gunned\s+down|behead(?:ed|ing)"
    r"|murdered|assassinated|(?:beaten|beat|hacked|stabbed|burned|burnt|tortured|stoned)"
    r"\s+(?:\w+\s+){0,2}?to\s+death"
    r"|executed\s+(?:[\w-]+\s+){0,3}?(?:people|civilians|prisoners|men|villagers|residents|"
    r"man|woman)"
    r"|neutrali[sz](?:e|ed|ing)"
    r"|losses\s+(?:included|of|were|stood at|amounted to))\b",
    re.IGNORECASE,
)
_STRIKES = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(air\s*strikes?|strikes?|raids?|sorties|missiles?|drones?|shells?)\b",
    re.IGNORECASE,
)
_NOT_PEOPLE = re.compile(
    r"^\s*(?:(?!(?:people|men|women|children|students|residents|\w+(?:ers|ians|ists|ees))\b)"
    r"[\w-]+\s+){0,1}?(vehicles?|tanks?|trucks?|km|kilomet(?:er|re)s?|miles?|hours?|days?|"
    r"weeks?|months?|years?|minutes?|percent|%|tankers?|pickups?|cars?|buses|boats?|houses?|"
    r"homes?|buildings?|shops?|cattle|head|rifles?|weapons?|rounds?|motorcycles?|"
    r"positions?|air\s*strikes?|strikes?|"
    r"sorties|raids?|missiles?|rockets?|drones?|shells?|times|january|february|march|april|may|"
    r"june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


_WOUNDED = re.compile(r"\b(?:wound|injur|hurt|maim)\w*", re.IGNORECASE)
_WOUNDED_BEFORE = re.compile(
    rf"\b(?:wounding|injuring|hurting|maiming|wounded|injured)\s+(?:(?:{_QUALIFIER}|another)\s+)?$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:]|\band\b|\bwhile\b|\bbut\b|\bwhereas\b", re.IGNORECASE)
_NO_ONE = re.compile(r"\bno\s+$", re.IGNORECASE)


def _counts_the_wounded(count: Count, sentence: str, following: int) -> bool:
    """Whether a count is of people wounded: "wounding 12", "15 people were wounded and ..."."""
    if _WOUNDED_BEFORE.search(sentence[max(0, count.start - 40) : count.start]):
        return True
    segment = sentence[count.end : following]
    end = _CLAUSE_END.search(segment)
    segment = segment[: end.start()] if end else segment
    wounded, killed = _WOUNDED.search(segment), _KILLED.search(segment)
    return wounded is not None and (killed is None or wounded.start() < killed.start())


_AND_OTHERS = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+){1,10}?and\s+(\w+(?:-\w+)?)\s+other\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Count:
    """A count found in text, with its qualifier and span."""

    value: int
    qualifier: Quantity
    start: int
    end: int


def _word_value(word: str) -> int | None:
    word = word.lower().replace("-", " ")
    if word in ("a dozen", "one dozen"):
        return 12
    parts = word.split()
    if parts and parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _UNITS.get(word)


def find_counts(text: str) -> list[Count]:
    """Every count in ``text``, with ACLED values for vague quantities."""
    counts: list[Count] = []
    for match in _COUNT.finditer(text):
        raw = match.group("num")
        if raw.lower() == "one" and _NO_ONE.search(text[max(0, match.start() - 8) : match.start()]):
            continue  # "no one was killed" states no count
        qualifier: Quantity = "exact"
        if match.group("vague"):
            value, qualifier = _VAGUE[raw.lower()]
        elif raw[0].isdigit():
            value = int(raw.replace(",", ""))
        else:
            word_value = _word_value(raw)
            if word_value is None:
                continue
            value = word_value
        qual_text = match.group("qual")
        if qual_text and qualifier == "exact":
            qualifier = next(
                q for pattern, q in _QUALIFIERS if re.fullmatch(pattern, qual_text, re.IGNORECASE)
            )
        counts.append(Count(value, qualifier, match.start(), match.end()))
    return counts


def _is_year(count: Count, text: str) -> bool:
    return 1900 <= count.value <= 2100 and text[count.start : count.end].isdigit()


_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_CLOCK = re.compile(
    r"^[:.]\d{2}\b|^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|hrs\b|GMT|UTC)"
    r"|^[- ](?:year|month|week|day)s?[- ]old\b"  # an age: "a 61-year-old man" is one person
    r"|^\s+of\s+(?:the|its|their)\s+(?:most|largest|biggest|strongest|main|key|major|two)\b"
)


def _is_date_or_time(count: Count, text: str) -> bool:
    """Whether a count is part of a date, a time or an age ("January 31", "61-year-old")."""
    before, after = text[: count.start], text[count.end :]
    aged = re.search(r"\b(?:aged|age)\s+$", before, re.IGNORECASE)  # "Mr. Ismail, aged 47"
    return bool(_MONTH_BEFORE.search(before) or _CLOCK.match(after) or before.endswith(":") or aged)


_NO_DEATHS = re.compile(
    r"\b(?:no\s+(?:one|casualties|deaths|fatalities|injuries|lives were lost)|nobody|"
    r"no\s+(?:life|lives)\s+(?:was|were)\s+lost|without\s+(?:any\s+)?(?:incident|casualties|"
    r"injuries|violence)|ended\s+peacefully|passed\s+off\s+peacefully|peacefully|"
    r"entirely\s+peaceful|no\s+shots\s+were\s+fired|without\s+causing\s+(?:any\s+)?"
    r"(?:casualties|injuries|deaths)|caused\s+no\s+(?:casualties|injuries|deaths)|"
    r"no\s+(?:[\w-]+\s+){0,2}?(?:personnel|soldiers|troops|civilians|people|officers|"
    r"policemen|police\s+officers)\s+(?:(?:was|were)\s+)?(?:killed|died|hurt))\b",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"^\s+(?:[\w'-]+\s+){0,4}?and\s+(?:an?\s+)?$", re.IGNORECASE)
_THEN_KILLED = re.compile(
    r"^\s+(?:[\w'-]+\s+){0,5}?(?:were|was|had been|have been)\s+(?:\w+\s+)?(?:killed|shot dead)"
    r"|^\s+(?:[\w'-]+\s+){0,5}?(?:died|lost their lives)",
    re.IGNORECASE,
)


KILLING_REACH = 90
"""How far (characters) a count may stand from the word that says people were killed."""


def _near_killing(count: Count, sentence: str) -> bool:
    """Whether a count stands near a killing word (not "150 marchers ... of the dead")."""
    return any(
        m.start() - KILLING_REACH <= count.start <= m.end() + KILLING_REACH
        for m in _KILLED.finditer(sentence)
    )


_AND_ONE_MORE = re.compile(
    r"^\s+(?:[\w'-]+\s+){0,3}?and\s+(?:a|an|one)\s+(?:[\w'()-]+\s+){0,8}?"
    r"(?:were|was)\s+(?:\w+\s+)?killed",
    re.IGNORECASE,
)


def _summed(counts: list[Count], sentence: str) -> list[Count]:
    """Add up coordinated victims.

    "Six bandits and two corps members were killed" is 8; "four soldiers and a militiaman
    were killed" is 5.
    """
    if (
        counts
        and (
            _AND_ONE_MORE.match(sentence[counts[0].end :])  # "four soldiers and a militiaman"
            or (  # "a woman and her two children were killed" is 3
                _ONE_AND_MORE.search(sentence[: counts[0].start])
                and _THEN_KILLED.match(sentence[counts[0].end :])
            )
        )
    ):
        first = counts[0]
        return [Count(first.value + 1, first.qualifier, first.start, first.end), *counts[1:]]
    for first, second in itertools.pairwise(counts):
        if _COORDINATED.match(sentence[first.end : second.start]) and _THEN_KILLED.match(
            sentence[second.end :]
        ):
            total = Count(first.value + second.value, first.qualifier, first.start, second.end)
            return [total] + [c for c in counts if c not in (first, second)]
    return counts


_PERSON = (
    r"(?:man|woman|boy|girl|child|baby|teenager|protester|demonstrator|driver|civilian|soldier|"
    r"officer|policeman|policewoman|farmer|teacher|student|person|journalist|photographer|"
    r"resident|villager|worker|member|fighter|commander|guard|shepherd|trader|activist|elder|"
    r"leader|councillor|councilor|candidate|rider|shopkeeper|official|chief|widow|serviceman|"
    r"priest|pastor|imam|doctor|nurse|lawyer|businessman|passenger|pilgrim|herder|fisherman|"
    r"miner|informer|president|tapper|coordinator|constable|sergeant|corporal|private)"
)
_KILLED_ONE = (
    r"(?:shot\s+dead|killed|beaten\s+to\s+death|murdered|assassinated|gunned\s+down|"
    r"beheaded|executed|hacked\s+to\s+death|stabbed\s+to\s+death|lynched)"
)
_ONE_VICTIM = re.compile(
    rf"\b(?:a|an|one|the)\s+(?:[\w'-]+\s+){{0,3}}?{_PERSON}"
    rf"(?P<pair>\s+and\s+(?:his|her|their)\s+(?:[\w'-]+\s+)?\w+)?"
    rf"(?:\s+(?:[\w'-]+\s+){{0,4}}?)?\s*(?:was|were)\s+{_KILLED_ONE}"
    rf"|\b(?:a|an|one|the)\s+(?:[\w'-]+\s+){{0,3}}?{_PERSON}\s+(?:died|was\s+killed)"
    rf"|\b(?:a|an|one)\s+(?:[\w'-]+\s+){{0,3}}?{_PERSON}\s+was\s+(?:shot|stabbed|wounded|hit|"
    r"injured|beaten)\b[^.;]{0,120}?\band\s+(?:later\s+)?died\b"
    rf"|\b(?:killing|shooting\s+dead|{_KILLED_ONE})\s+(?:a|an|one)\s+(?:[\w'-]+\s+){{0,3}}?"
    rf"{_PERSON}\b"
    r"|\b(?:killing|killed|shooting\s+dead)\s+(?:him|her)\b"
    r"|\b(?:beat|beating|hacked|stabbed|burned|tortured|stoned)\s+(?:him|her)\s+to\s+death"
    r"|\bfound\s+(?:(?:Mr|Mrs|Ms)\.?|a|an|one)\s[^.;]{0,80}?\bdead\b",  # "found Mr. X dead"
    re.IGNORECASE,
)
"""One person killed, named by a singular noun ("a protester died"), or a pair ("a woman and
her daughter were killed")."""


_ONE_AND_MORE = re.compile(
    rf"\b(?:a|an|one)\s+(?:[\w'-]+\s+){{0,2}}?{_PERSON}\s+and\s+(?:his|her|their)\s+$",
    re.IGNORECASE,
)
"""One person and a count of their relatives: "a woman and her two children"."""


def fatality_counts(sentence: str) -> list[Count]:
    """Counts of people killed in a sentence that reports killing.

    A count qualifies only if the sentence has a killing word and the count is not followed
    by a unit that is not people (vehicles, kilometres, hours...), is not a year, and does
    not count the wounded ("wounding 12", "15 were injured and two killed" gives 2). "One X
    and N other Y" counts N + 1.
    """
    if not _KILLED.search(sentence):
        none = _NO_DEATHS.search(sentence)
        return [Count(0, "exact", none.start(), none.end())] if none else []
    found = find_counts(sentence)
    bounds = [c.start for c in found[1:]] + [len(sentence)] if found else []
    counts = [
        c
        for c, following in zip(found, bounds, strict=True)
        if not _NOT_PEOPLE.match(sentence[c.end :])
        and not _is_year(c, sentence)
        and not _is_date_or_time(c, sentence)
        and _near_killing(c, sentence)
        and not _counts_the_wounded(c, sentence, following)
    ]
    none = _NO_DEATHS.search(sentence)
    if none and (not counts or re.search(r"\bno\s+(?:deaths|fatalities|one)\b", none.group(0))):
        return [Count(0, "exact", none.start(), none.end())]  # "3 were wounded; no deaths"
    if not counts:
        one = _ONE_VICTIM.search(sentence)
        if one:  # "a protester died", "killed a 61-year-old man", "a woman and her daughter"
            value = 2 if one.group("pair") else 1
            return [Count(value, "exact", one.start(), one.end())]
    counts = _summed(counts, sentence)
    others = _AND_OTHERS.search(sentence)
    if others:  # "a sergeant ... and two other guards" is three people
        extra = [c for c in counts if others.start(1) <= c.start < others.end(1)]
        if extra:
            summed = Count(extra[0].value + 1, extra[0].qualifier, others.start(), others.end())
            counts = [summed] + [c for c in counts if c is not extra[0]]
    return counts


def strike_counts(text: str) -> list[Count]:
    """Counts directly followed by strikes, raids, sorties or missiles ("over 70 airstrikes")."""
    return [c for c in find_counts(text) if _STRIKES.match(text[c.end :])]
