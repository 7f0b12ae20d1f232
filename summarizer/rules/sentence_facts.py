"""Facts read off one sentence: places, counts, claims and sources.

Used by the decomposed strategy to assemble event records deterministically around the
narrow questions it asks the model.
"""

from __future__ import annotations

import re
from dataclasses import replace

from summarizer.data import toml_table
from summarizer.text.actor_names import group_spans
from summarizer.text.numbers import fatality_counts
from summarizer.text.places import Place, countries_as_places, country_name, resolve_place

__all__ = [
    "attribution",
    "claim_status",
    "fatalities",
    "listed_together",
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
    r"ministry|general staff|command)\s+(?:(?:issued|released) a statement|said|"
    r"claimed|announced|stated|added)|"
    r"\b(?:said|claimed) that (?:they|it) had\b",
    re.IGNORECASE,
)
_SOURCE = [
    re.compile(r"according to (?:the |a )?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,4})"),
    re.compile(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\s+(?:sources|activists)\b"),
    re.compile(r"\btold\s+([A-Z][\w-]*)"),
]
_DIVISION_NOUNS = toml_table("places")["division_nouns"]
_NAMED_DIVISION = re.compile(
    r"((?:[A-Z][\w'-]+\s+){0,2}(?!Islamic\b)[A-Z][\w'-]+)\s+"
    r"(?:" + "|".join(f"[{n[0].upper()}{n[0]}]{n[1:]}" for n in _DIVISION_NOUNS) + r")\b"
)
_ROUTE_END = re.compile(
    r"\s*(?:[-\u2013\u2014]\s*[A-Z][\w'-]*\s+)?(?:highway|road|axis|route|corridor)\b"
    r"|\s*[-\u2013\u2014]\s*[A-Z]",
)
_SPEAKS = re.compile(
    r"['\u2019]?s?\s+(?:has\s+|had\s+|have\s+)?(?:said|says|claimed|claims|denied|denies|blamed|"
    r"blames|accused|accuses|announced|insisted|insists|warned|responded|rejected)\b"
)
_IN_BEFORE = re.compile(r"\b(?:in|at|near|from|of|outside)\s+(?:the\s+)?$", re.IGNORECASE)
_GOVERNMENT_IN = re.compile(r"\b(?:government|authorities|officials)\s+in\s+$", re.IGNORECASE)
_STOP_PLACE_WORDS = {"the", "on", "in", "meanwhile", "units", "according"}
_NOT_HERE = re.compile(
    r"\b(?:border (?:with|between)|in the direction of|heading (?:to|towards?|for)|towards?|"
    r"fleeing to|fled to|retreated to|from the town of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def places(
    sentence: str, country_codes: list[str], near: tuple[float, float] | None = None
) -> list[Place]:
    """Places where the sentence puts its event, in order, unique.

    Names are resolved in the article's main country (the first code) and in any other
    country the sentence names as a place ("in Iraq"; "US jets" does not count).
    Destinations and borders ("heading towards X", "the border with X") are not where the
    event happened. A division the text names as
    such ("Borno State", "Lower Shabelle region") is an admin1 even when the gazetteer
    does not know it. Among towns that share a name, the one nearest to the sentence's
    first located place (else to ``near``) wins: "Lyptsi, north of Kharkiv".
    """
    for begin, finish in group_spans(sentence):  # "Sinaloa Cartel", "... Africa Province"
        sentence = sentence[:begin] + " " * (finish - begin) + sentence[finish:]
    named_here = [c for c in countries_as_places(sentence) if c in country_codes]
    codes = list(dict.fromkeys(country_codes[:1] + named_here))
    mentions = list(_mentions(sentence))
    first_pass = [_resolve(words, codes, near) for words in mentions]
    divisions = frozenset(p.admin1 for p in first_pass if p and p.is_division and p.admin1)
    if divisions:  # "Kostiantynivka in the Donetsk region": the town of that name in Donetsk
        first_pass = [_resolve(words, codes, near, divisions) for words in mentions]
    anchor = next(
        (
            (p.latitude, p.longitude)
            for p in first_pass
            if p and p.latitude is not None and p.longitude is not None
        ),
        near,
    )
    found: list[Place] = []
    routes: list[Place] = []
    for words, first in zip(mentions, first_pass, strict=True):
        hit = _resolve(words, codes, anchor, divisions) if anchor != near else first
        if hit is None:
            named = _NAMED_DIVISION.match(sentence, words.start())
            if named and codes:
                hit = Place(country_name(codes[0]), named.group(1), named.group(1), stated=True)
        if hit is not None:
            hit = replace(hit, start=words.start(), end=words.end())
        if hit is not None and _ROUTE_END.match(sentence, words.end()):
            routes.append(hit)  # "the Gusau-Funtua highway": an end of a road, not the scene
        elif hit is not None and hit not in found:
            found.append(hit)
    return found or routes[:1]


def _mentions(sentence: str) -> list[re.Match[str]]:
    """Capitalized runs that may name a place.

    Destinations, borders and capitals that speak for their governments ("Kyiv said",
    "the government in Kinshasa") are skipped.
    """
    return [
        match
        for match in _PLACE_CANDIDATE.finditer(sentence)
        if not _NOT_HERE.search(sentence[: match.start()])
        and not (
            _SPEAKS.match(sentence, match.end())
            and not _IN_BEFORE.search(sentence[: match.start()])  # "police in Mandera said"
        )
        and not _GOVERNMENT_IN.search(sentence[: match.start()])
    ]


def _resolve(
    match: re.Match[str],
    codes: list[str],
    near: tuple[float, float] | None,
    within: frozenset[str] = frozenset(),
) -> Place | None:
    """The whole capitalized run, else its longest part that the gazetteer knows.

    A run followed by a division noun ("the Donetsk region") is looked up as a division.
    """
    words = match.group(0).split()
    level = _LEVEL_AFTER.match(match.string, match.end())
    for size in range(len(words), 0, -1):
        for start in range(0, len(words) - size + 1):
            chunk = " ".join(words[start : start + size])
            if chunk.casefold() in _STOP_PLACE_WORDS:
                continue
            last = start + size == len(words)
            named = f"{chunk} {level.group(1)}" if level and last else chunk
            hit = resolve_place(named, codes, near, within)
            if hit:
                return hit
    return None


_LEVEL_AFTER = re.compile(r"\s+(region|province|oblast|governorate|state|prefecture)\b")
_COORDINATION = re.compile(
    r"^\s*(?:,|and|or|&|as well as|, and|, as well as)\s*(?:the\s+)?"
    r"(?:(?:governorates?|provinces?|regions?|states?|oblasts?|districts?|towns?|villages?)"
    r"\s+of\s+)?$",
    re.IGNORECASE,
)


_CLAUSE = re.compile(
    r"\b(?:but|while|when|after|before|although|which|who|where|said|says|as|is|was|were|has|"
    r"had|have)\b",
    re.IGNORECASE,
)


def listed_together(found: list[Place], sentence: str) -> list[Place]:
    """The first place and the places listed with it ("in Gao, Mopti and Kidal").

    Places in other parts of the sentence ("... held by government forces but ringed by
    fighters from Sanaa") are context, not more scenes of the event.
    """
    if not found or found[0].start < 0:
        return found
    kept = [found[0]]
    for place in found[1:]:
        gap = sentence[kept[-1].end : place.start]
        listed = _COORDINATION.match(gap) or (
            len(gap) <= 70 and re.search(r",|\band\b", gap) and not _CLAUSE.search(gap)
        )
        if place.start < 0 or not listed:
            break
        kept.append(place)
    return kept


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
