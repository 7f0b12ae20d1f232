"""Actors in a sentence: find the spans that name armed actors and decide who acted.

Spans are noun phrases headed by a force noun ("Ukrainian drones", "the Nigerian Army", "ISWAP
militants"), acronyms of armed groups (ISIS, SDF) and widely known armed organisations.
State forces are named the ACLED way: "Russian jets" -> "Military Forces of Russia".
Who acted is read from the sentence's shape: "X struck Y", "an attack carried out by X",
"killed in an X attack", "clashes between X and Y", "X, backed by Z".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from summarizer.data import toml_table
from summarizer.text.actor_names import (
    LEADING_ARTICLE,
    canonical_actor,
    described_group,
    group_aliases,
    group_name,
    state_force_names,
)
from summarizer.text.patterns import alternation
from summarizer.text.places import demonyms, is_country_name

__all__ = [
    "ActorRoles",
    "Mention",
    "defined_acronyms",
    "find_actors",
    "roles",
]

_TABLE = toml_table("actors")
_FORCE = "(?i:" + alternation(_TABLE["force_nouns"]) + ")"
_KNOWN_GROUPS = alternation([*_TABLE["known_groups"], *group_aliases(), *state_force_names()])
_PEOPLE_NOUNS = (
    *_TABLE["protester_nouns"],
    *_TABLE["rioter_nouns"],
    *_TABLE["civilian_nouns"],
    "police",
)
"""Bare nouns that name a party though not an armed organisation (victims, crowds, police)."""
_PEOPLE = "(?i:" + alternation(_PEOPLE_NOUNS) + r")\b"
_STATE_WORDS = frozenset(_TABLE["state_words"])
_MODIFIER = (
    r"(?:[A-Z][\w.'\u2019-]*\s+|(?:"
    + alternation([*_STATE_WORDS, "security", "opposition", "rebel", "occupation"])
    + r")\s+){0,4}"
)
_STRIKE_BY = re.compile(
    r"\b(?:[A-Z][a-z]+|U\.S\.|US|" + alternation(_STATE_WORDS) + r")\s+"
    r"(?:(?:[a-z][\w-]*|[A-Z]{2,5})\s+){0,2}"  # "Russian ballistic missiles", "Ukrainian FPV drone"
     + alternation(_TABLE["state_assets"]) + r"\b"
)
_OF_GROUP = re.compile(r"^\s+(?:from|of|belonging to|loyal to)\s+(?:the\s+)?$", re.IGNORECASE)
_LINKED = re.compile(r"^-(?:linked|affiliated|aligned|allied|inspired)\b", re.IGNORECASE)
_SPAN = re.compile(
    rf"\b(?:(?:{_KNOWN_GROUPS})(?:\s+{_FORCE})?|{_MODIFIER}{_FORCE}|"
    rf"\b[A-Z]{{2,5}}[a-z]?\b(?:\s+{_FORCE})?|{_PEOPLE})",
)
_SOURCE_AFTER = re.compile(
    r"^\s*(?:(?:in|of)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s+)?"  # "police in Mandera said"
    r"(?:sources?|activists?|monitors?|correspondents?|administration|spokes\w+|officials?|"
    r"command|court|prosecutors?|intelligence|statement|media wing|"
    r"(?:said|say|says)(?! (?:that )?(?:they|it|its|their|we|our)\b)|"
    r"reported|told|documented|confirm(?:s|ed)?|"
    r"stated|added|announced|claimed|quoted)\b",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(r"\b(?:according to|told|quoted by|cited by)\s+$", re.IGNORECASE)
_ARMED = frozenset([*_TABLE["unidentified_armed"], *_PEOPLE_NOUNS, *_TABLE["bare_state_nouns"]])
"""Bare nouns that still name a party: unidentified armed actors, crowds, victims, police."""
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|of|from|across|to|into|inside|within|near|over|eastern|western|northern|"
    r"southern|central|northeast|northwest|southeast|southwest)\s+$",
    re.IGNORECASE,
)
_NOT_ACTORS = frozenset(_TABLE["not_actors"])


_WEAPON_SUBJECT = re.compile(
    r"(?:^|[,;:\u2013\u2014]\s)\W*(?:(?:a|an|the|two|three|several|\d+)\s+)?(?:[\w-]+\s+){0,2}"
    + alternation(_TABLE["weapon_subjects"])
    + r"\b(?:\s+and\s+(?:[\w-]+\s+){0,2}\w+)?"
    r"(?:\s+(?:(?:loaded|packed|laden|fitted|armed|rigged)\s+with|wearing)\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,2}?[\w-]+)?"
    r"\s+(?:hit|struck|exploded|detonated|killed|landed|targeted|slammed|blew|ripped|tore|"
    r"went off|attacked)",
    re.IGNORECASE,
)
"""A clause whose subject is a weapon: "A roadside bomb struck X" (X was hit)."""


@dataclass(frozen=True)
class Mention:
    """An actor span in a sentence."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ActorRoles:
    """Who acted, who was acted upon, and who fought alongside the actor."""

    actor1: str | None
    actor2: str | None
    assoc_actor_1: tuple[str, ...] = ()


def find_actors(sentence: str, keep_sources: bool = False) -> list[Mention]:
    """Actor spans in order of appearance (without the report's sources unless asked)."""
    mentions: list[Mention] = []
    spans = [(m.start(), m.end(), m.group(0)) for m in _SPAN.finditer(sentence)]
    for match in _STRIKE_BY.finditer(sentence):  # "Russian airstrikes/positions": its military
        first = match.group(0).split()[0].casefold()
        is_state = (
            demonyms().get(first) or demonyms().get(first.rstrip(".")) or first in _STATE_WORDS
        )
        if is_state and not any(s <= match.start() < e for s, e, _ in spans):
            spans = [(s, e, t) for s, e, t in spans if not match.start() <= s < match.end()]
            spans.append((match.start(), match.end(), match.group(0)))
    for match in re.finditer(r"\b[A-Z][a-z]+\b", sentence):
        if (
            is_country_name(match.group(0))
            and not _LOCATIVE_BEFORE.search(sentence[: match.start()])
            and sentence[match.start() - 1 : match.start()] != "-"
            and sentence[match.end() : match.end() + 1] not in ("-", "'", "\u2019")
            and not any(s <= match.start() < e for s, e, _ in spans)
        ):
            spans.append((match.start(), match.end(), match.group(0)))
    for start, end, raw in sorted(spans):
        text = LEADING_ARTICLE.sub("", raw.strip())
        words = text.split()
        if not words or (len(words) == 1 and words[0].upper() in _NOT_ACTORS):
            continue
        if len(words) == 1 and re.fullmatch(_FORCE, words[0]) and words[0].lower() not in _ARMED:
            continue  # a bare "forces" or "Units" names nobody
        source = _SOURCE_AFTER.match(sentence[end:]) or _SOURCE_BEFORE.search(sentence[:start])
        if source and not keep_sources:
            continue  # a source of the report, not a party to the event
        if mentions and sentence[mentions[-1].end : start].strip() == "(":
            continue  # "Islamic State (ISIS)": the acronym repeats the name before it
        mentions.append(Mention(text, start, end))
    return _drop_descriptions(sentence, mentions)


def _drop_descriptions(sentence: str, mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that only describe the named group after them.

    "Gunmen from the Sinaloa Cartel" is the cartel; "the al Qaeda-linked Al Shabaab" is
    Al Shabaab.
    """
    kept = []
    for index, mention in enumerate(mentions):
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        if following is not None and following.start - mention.end <= 30:
            between = sentence[mention.end : following.start]
            named_next = group_name(following.text) is not None
            if named_next and (_OF_GROUP.match(between) or _LINKED.match(between)):
                continue
        kept.append(mention)
    return kept


_SUFFERED_VERB = re.compile(
    r"\b(?:were|was|have been|has been|had been)\s+(?:\w+\s+)?(?:killed|wounded|"
    r"injured|abducted|kidnapped|shot|attacked|targeted|ambushed|hurt)\b"
    r"|\b(?:died|lost their lives)\b",
    re.IGNORECASE,
)
"""A sentence whose subject suffered: "Four soldiers and a CJTF member were killed ..."."""
_VEHICLE_HIT = re.compile(
    r"\b(?:vehicle|convoy|patrol|truck|car|bus|pickup)s?\s+(?:struck|hit|ran over|drove over|"
    r"triggered)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:mine|IED|explosive|bomb|device)",
    re.IGNORECASE,
)
_POSSESSED = re.compile(
    r"\b(?:vehicle|car|convoy|home|house|office|base|camp|checkpoint|post|position|station|"
    r"patrol|truck|bus|headquarters)s?\s+(?:of|belonging to)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _after(pattern: str, sentence: str, mentions: list[Mention]) -> Mention | None:
    match = re.search(pattern, sentence, re.IGNORECASE)
    if not match:
        return None
    return next((m for m in mentions if m.start >= match.end() - 1), None)


_DEFINITION = re.compile(
    r"((?:[A-Z][\w'\u2019-]*\s+(?:(?:of|the|and|for)\s+)*){0,5}[A-Z][\w'\u2019-]*)"
    r"\s+\(([A-Z]{2,6}[a-z]?)\)"
)


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines: "Malian Armed Forces (MAF)" -> ``{"MAF": "Malian Armed Forces"}``.

    The expansion is trimmed to the capitalized words whose initials spell the acronym when
    they do ("the soldiers of the Malian Armed Forces (MAF)" -> "Malian Armed Forces").
    """
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        capitals = [i for i, w in enumerate(words) if w[0].isupper()]
        start = capitals[-len(acronym)] if len(capitals) >= len(acronym) else 0
        initials = "".join(w[0] for w in words[start:] if w[0].isupper())
        found.setdefault(acronym, " ".join(words[start if initials == acronym else 0 :]))
    return found


def _owner(mention: Mention, mentions: list[Mention], sentence: str) -> Mention:
    """The force a mention belongs to: "soldiers of the Ugandan army" are the army's."""
    later = next((m for m in mentions if m.start >= mention.end), None)
    linked = later and re.fullmatch(r"\s+of\s+(?:the\s+)?", sentence[mention.end : later.start])
    return later if later and linked else mention


def _joint_partners(mentions: list[Mention], sentence: str) -> list[Mention]:
    """The second force of a joint team: "a joint team of Manipur Police and Assam Rifles"."""
    return [
        second
        for first, second in itertools.pairwise(mentions)
        if _JOINT.search(sentence[: first.start])
        and re.fullmatch(r"\s+and\s+(?:the\s+)?", sentence[first.end : second.start])
    ]


_JOINT = re.compile(r"\bjoint\s+(?:[\w-]+\s+){0,2}?(?:of|by|between)\s+(?:the\s+)?$", re.I)


def roles(
    sentence: str,
    trigger_at: int,
    home_country: str | None = None,
    acronyms: dict[str, str] | None = None,
    keep_sources: bool = False,
    main_group: str | None = None,
    groups: dict[str, frozenset[str]] | None = None,
    recent_forces: tuple[str, ...] = (),
) -> ActorRoles:
    """Read actor1, actor2 and actor1's allies from a sentence.

    Args:
        sentence: The sentence.
        trigger_at: Offset of the word that reports the event (splits subject and object).
        home_country: The article's main country, for "regime forces" and the like.
        acronyms: Acronyms the article defines (:func:`defined_acronyms`).
        keep_sources: Who speaks is who acted ("Ukraine's air force said its units shot
            down 11 drones"): for interceptions.
        main_group: The group the report is about; "the militants" are that group.
        groups: The groups the report names, by kind; "separatist fighters" in a report
            that names one separatist group are that group.
        recent_forces: The state forces the report named last: "the troops" are theirs
            when they are not the report's country's ("Israeli forces raided the town ...
            fighters exchanged fire with the troops").
    """
    mentions = find_actors(sentence, keep_sources)
    if not mentions:
        return ActorRoles(None, None)

    def name(mention: Mention) -> str:
        first, _, rest = mention.text.partition(" ")
        expanded = f"{acronyms[first]} {rest}".strip() if acronyms and first in acronyms else None
        found = canonical_actor(expanded or mention.text, home_country)
        definite = re.search(r"\bthe\s+$", sentence[: mention.start], re.IGNORECASE)
        home_forces = found.startswith(("Military Forces of", "Police Forces of"))
        if definite and home_forces and recent_forces and found not in recent_forces:
            bare = mention.text.casefold() in _TABLE["bare_state_nouns"]
            if bare:
                return recent_forces[0]  # "the troops" of the force named just before
        if found.startswith("Unidentified Armed Group"):
            if main_group and definite:
                return main_group  # "the militants" in a report about one group
            described = described_group(mention.text, groups) if groups else None
            if described:
                return described  # "separatist fighters" where one separatist group is named
        return found

    between = re.search(r"between (.+?) and (.+)", sentence, re.IGNORECASE)
    if between:
        left = [m for m in mentions if between.start(1) <= m.start < between.end(1)]
        right = [m for m in mentions if m.start >= between.start(2)]
        if left and right:
            return ActorRoles(name(left[0]), name(right[0]))
    allies = tuple(
        name(_owner(m, mentions, sentence))
        for m in mentions
        if re.search(
            r"(backed by|along with|supported by|alongside)\s+(the\s+)?[\w-]*\s*$",
            sentence[: m.start],
            re.IGNORECASE,
        )
    ) + tuple(name(m) for m in _joint_partners(mentions, sentence))
    by = _after(
        r"(carried out|launched|conducted|claimed)\s+by\s+|\b(?:attack|assault|raid|offensive|"
        r"ambush|attacked|targeted|struck|hit|killed|beaten|shot|stabbed|hacked|lynched|"
        r"abducted|kidnapped|seized|arrested|detained|raped|executed|burned|torched|looted)"
        r"(?:\s+to\s+death|\s+dead)?\s+by\s+|\baccus\w*\s+(?!of\b)|\bblam\w*\s+(?!for\b)"
        r"|\bunder\s+(?:fire|attack)\s+(?:from|by)\s+",
        sentence,
        mentions,
    )
    in_attack = re.search(r"\b(?:an?|the)\s+([\w-]+)\s+(?:attack|strike|assault|raid)", sentence)
    primary = [m for m in mentions if name(m) not in allies]
    if by is not None:
        target = next((m for m in primary if m.start < trigger_at and m != by), None)
        return ActorRoles(name(by), name(target) if target else None, allies)
    if in_attack:
        inside = next((m for m in mentions if m.start == in_attack.start(1)), None)
        if inside is not None:
            victim = next((m for m in primary if m != inside), None)
            return ActorRoles(name(inside), name(victim) if victim else None, allies)
    suffered = _SUFFERED_VERB.search(sentence)
    if suffered and suffered.start() > trigger_at + 16:
        suffered = None  # "Gunmen attacked X and three were killed": the attack comes first
    targets = [m for m in primary if suffered and m.end <= suffered.start()]
    targets += [m for m in primary if _POSSESSED.search(sentence[: m.start]) and m not in targets]
    ran_over = _VEHICLE_HIT.search(sentence)
    if ran_over:  # "an FDS patrol vehicle struck an IED": the FDS were hit
        targets += [m for m in primary if m.end <= ran_over.start() and m not in targets]
    if targets and by is None:  # "Four soldiers ... were killed when ...": the targets
        others = [m for m in primary if m not in targets and name(m) != name(targets[0])]
        return ActorRoles(name(others[0]) if others else None, name(targets[0]), allies)
    before = [m for m in primary if m.start < trigger_at]
    after = [m for m in primary if m.start >= trigger_at]
    if not before and _WEAPON_SUBJECT.search(sentence):
        return ActorRoles(None, name(after[0]) if after else None, allies)  # X was hit
    actor1 = before[0] if before else (after.pop(0) if after else None)
    actor2 = next((m for m in after if actor1 is None or name(m) != name(actor1)), None)
    return ActorRoles(name(actor1) if actor1 else None, name(actor2) if actor2 else None, allies)
