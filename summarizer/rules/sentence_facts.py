"""Facts read off one sentence: places, counts, claims and sources.

Used by the decomposed strategy to assemble event records deterministically around the
narrow questions it asks the model.
"""

from __future__ import annotations

import re

from summarizer.data import toml_table
from summarizer.text.numbers import fatality_counts
from summarizer.text.places import Place, countries_in, country_name, resolve_place

__all__ = [
    "attribution",
    "claim_status",
    "fatalities",
    "places",
]

_PLACE_CANDIDATE = re.compile(
    r"\b(?:[A-Z][\w'\u2019]*(?:-[A-Za-z][\w'\u2019]*)*)(?:\s+(?:ez|az|al|as|ar|el|de)?-?\s*"
    r"[A-Z][\w'\u2019]*(?:-[A-Za-z][\w'\u2019]*)*){0,2}"
)
_DENIED = re.compile(r"\b(?:denied|denies|rejected the (?:claim|allegation))", re.IGNORECASE)
_DENIAL_REPLY = re.compile(
    r"^\W*(?:[\w'-]+\s+){1,5}(?:has |have |had )?(?:denied|denies|rejected)\b", re.IGNORECASE
)
_CLAIMED = re.compile(
    r"\b(?:ministry of defen[cs]e|defen[cs]e ministry|military|army|spokes(?:man|woman|person)|"
    r"ministry)\s+(?:put out a statement|said|claimed|announced|stated|added)|"
    r"\b(?:said|claimed) that (?:they|it) had\b",
    re.IGNORECASE,
)
_SOURCE = [
    re.compile(r"according to (?:the |a )?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,4})"),
    re.compile(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+(?:sources|activists)\b"),
    re.compile(r"\btold\s+([A-Z][\w-]*)"),
    re.compile(r"\bwrites\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})"),
]
_DIVISION_NOUNS = toml_table("places")["division_nouns"]
_NAMED_DIVISION = re.compile(
    r"((?:[A-Z][\w'-]+\s+){0,2}(?!Islamic\b)[A-Z][\w'-]+)\s+"
    r"(?:" + "|".join(f"[{n[0].upper()}{n[0]}]{n[1:]}" for n in _DIVISION_NOUNS) + r")\b"
)
_STOP_PLACE_WORDS = {"the", "on", "in", "meanwhile", "units", "according"}
_NOT_HERE = re.compile(
    r"\b(?:border (?:with|between)|in the direction of|heading (?:to|towards?|for)|towards?|"
    r"fleeing to|fled to|retreated to|from the town of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def places(sentence: str, country_codes: list[str]) -> list[Place]:
    """Places where the sentence puts its event, in order, unique.

    Names are resolved in the article's main country (the first code) and in any other
    country the sentence itself names. Destinations and borders ("heading towards X",
    "the border with X") are not where the event happened. A division the text names as
    such ("Borno State", "Lower Shabelle region") is an admin1 even when the gazetteer
    does not know it.
    """
    found: list[Place] = []
    named_here = [c for c in countries_in(sentence) if c in country_codes]
    codes = list(dict.fromkeys(country_codes[:1] + named_here))
    for match in _PLACE_CANDIDATE.finditer(sentence):
        if _NOT_HERE.search(sentence[: match.start()]):
            continue
        words = match.group(0).split()
        # Try the whole capitalized run, then its parts ("Al-Raqqah and Deir Ezzor" etc.).
        for size in range(len(words), 0, -1):
            hit = None
            for start in range(0, len(words) - size + 1):
                chunk = " ".join(words[start : start + size])
                if chunk.casefold() in _STOP_PLACE_WORDS:
                    continue
                hit = resolve_place(chunk, codes)
                if hit:
                    break
            if hit:
                if hit not in found:
                    found.append(hit)
                break
        else:
            named = _NAMED_DIVISION.match(sentence, match.start())
            if named and codes:
                place = Place(country_name(codes[0]), named.group(1), named.group(1), stated=True)
                if place not in found:
                    found.append(place)
    return found


def fatalities(sentence: str) -> int | None:
    """People reported killed in the sentence (the first count), or ``None``."""
    counts = fatality_counts(sentence)
    return counts[0].value if counts else None


def claim_status(sentence: str, next_sentence: str = "") -> str:
    """``denied`` when the next words deny it, ``claimed`` for a party's own account."""
    if _DENIED.search(sentence) or _DENIAL_REPLY.match(next_sentence):
        return "denied"
    if _CLAIMED.search(sentence):
        return "claimed"
    return "reported"


def attribution(sentence: str) -> str | None:
    """Whose account the sentence gives: "according to X", "X sources", "told X"."""
    for pattern in _SOURCE:
        match = pattern.search(sentence)
        if match:
            return match.group(1)
    return None
