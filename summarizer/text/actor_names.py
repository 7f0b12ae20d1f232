"""Actors' canonical names, the ACLED way, for every strategy.

One function, :func:`canonical_actor`, turns a mention into ACLED's name:

- named armed groups, coalitions and missions through their aliases (``data/groups.csv``):
  "ISWAP fighters" -> "Islamic State West Africa Province", "Ansar Allah" -> "Houthis";
- a state's forces by their own names (``data/state_forces.csv``): "FARDC troops" ->
  "Military Forces of the Democratic Republic of the Congo", "the CRPF" -> "Police Forces of
  India"; a name several states use ("PNP") is read as the report's country's;
- a state's forces from its name, demonym or short form with a force noun
  (``data/actors.toml``, ``data/demonyms.csv``): "Russian jets", "Russia's air force",
  "U.S. warplanes" -> "Military Forces of Russia" / "... of the United States"; police
  nouns give "Police Forces of X";
- unqualified state forces ("soldiers", "the army", "riot police") belong to the country
  the report is about;
- ACLED's generic actors with that country: "Civilians (X)", "Protesters (X)",
  "Rioters (X)", "Unidentified Armed Group (X)".

Counts and quantifiers in front of a mention ("Four soldiers", "dozens of gunmen") are
dropped first. Other names are kept as written.
"""

from __future__ import annotations

import re

from summarizer.data import csv_rows, load_once, toml_table
from summarizer.text.patterns import alternation
from summarizer.text.places import country_code, country_name, demonyms, is_country_name

__all__ = [
    "LEADING_ARTICLE",
    "canonical_actor",
    "described_group",
    "group_aliases",
    "group_name",
    "group_spans",
    "main_group",
    "military_forces_of",
    "named_groups",
    "police_forces_of",
    "state_force",
    "state_force_names",
]

_TABLE = toml_table("actors")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an|its|their)\s+", re.IGNORECASE)
_QUANTITY = re.compile(
    r"^(?:(?:at least|more than|over|about|around|some|several|many|dozens of|hundreds of|"
    r"scores of|a group of|a number of|suspected|alleged|other|two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\s+)+",
    re.IGNORECASE,
)
_UNNAMED_ARMED = re.compile(
    r"^(?:(?:heavily\s+)?armed\s+|unknown\s+|unidentified\s+|masked\s+|suspected\s+|rival\s+)"
    r"{0,2}"
    r"(?:men|gunmen|assailants|attackers|militants|fighters|bandits|insurgents|jihadists|"
    r"rebels|persons|individuals|people|miscreants|terrorists|raiders|kidnappers|abductors|"
    r"militias|militiamen)$|^(?:heavily\s+)?armed\s+youths?$"
)
"""Lower-case descriptions of an armed party with no name ("armed men", "unknown gunmen")."""
_POLICE = re.compile(alternation(_TABLE["police_heads"]) + "$", re.IGNORECASE)
_STATE_FORCE = re.compile(
    alternation([*_TABLE["state_force_heads"], *_TABLE["state_assets"]]) + "$", re.IGNORECASE
)
_BARE_STATE_FORCE = re.compile(
    r"^(?:(?:"
    + alternation(_TABLE["state_words"])
    + r"|national|federal|security|the)\s+)*"
    + alternation([*_TABLE["state_force_heads"], *_TABLE["police_heads"]])
    + "$",
    re.IGNORECASE,
)
_UNIDENTIFIED = frozenset(_TABLE["unidentified_armed"])
_GROUPS_OF_PEOPLE = {
    **{noun: "Protesters" for noun in _TABLE["protester_nouns"]},
    **{noun: "Rioters" for noun in _TABLE["rioter_nouns"]},
    **{noun: "Civilians" for noun in _TABLE["civilian_nouns"]},
}
"""Bare nouns for people who are not an armed organisation, by ACLED's actor name."""
_POLICE_UNIT = re.compile(
    r"(?:^|\s)(?:police|national police|gendarmerie|police station|police command)$"
    r"|\bof the (?:national )?police$",
    re.IGNORECASE,
)
"""A police force named after its place or unit ("Kajiado police", "... of the National Police")."""
_ARMY_UNIT = re.compile(
    r"\b(?:infantry|mechani[sz]ed|motori[sz]ed|armou?red|artillery|marine|airborne|commando)\s+"
    r"(?:battalion|brigade|division|regiment|company)\b|"
    r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|\w+teenth|\w+tieth)\s+(?:\w+\s+)?(?:brigade|battalion|division|regiment|"
    r"infantry|corps|company|squadron)\b",
    re.IGNORECASE,
)
"""A numbered army unit ("43rd Infantry Battalion", "Eighteenth Brigade") of the country."""
_ETHNIC_ARMED = re.compile(
    r"^(?:armed\s+)?([A-Z][a-z]{2,})\s+(?:youths?|militias?|militiamen|gunmen|fighters|raiders)$"
)
"""Armed men named by their people ("armed Dinka youth", "Fulani militiamen")."""
_NOT_PEOPLES = frozenset(_TABLE["not_peoples"])
_NOT_THE_UNNAMED_ATTACKERS = frozenset(_TABLE["not_the_unnamed_attackers"])
_POSSESSIVE = re.compile(r"^([A-Z][\w.-]*(?:\s+[A-Z][\w-]*)?)['\u2019]s?\s+(.+)$")


@load_once
def _group_index() -> tuple[dict[str, str], dict[str, str]]:
    """Alias -> group: acronyms matched as written, other names case-insensitively."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for row in csv_rows("groups"):
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            if alias.isupper() or re.fullmatch(r"[A-Z0-9][A-Z0-9/-]+", alias):
                exact.setdefault(alias, row["name"])
            else:
                folded.setdefault(alias.casefold(), row["name"])
    return exact, folded


@load_once
def _state_force_index() -> tuple[dict[str, list[tuple[str, str]]], re.Pattern[str]]:
    """State force names -> [(country code, "military" | "police")], and their pattern.

    Acronyms match as written ("SAF", not "saf"); longer names case-insensitively.
    """
    index: dict[str, list[tuple[str, str]]] = {}
    for row in csv_rows("state_forces"):
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            key = alias if _is_acronym(alias) else alias.casefold()
            entry = (row["country"], row["force"])
            if entry not in index.setdefault(key, []):
                index[key].append(entry)
    names = sorted(index, key=len, reverse=True)
    acronyms = [re.escape(n) for n in names if _is_acronym(n)]
    words = [re.escape(n) for n in names if not _is_acronym(n)]
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(acronyms) + "|(?i:" + "|".join(words) + r"))(?![\w-])"
    )
    return index, pattern


def _is_acronym(name: str) -> bool:
    return " " not in name and any(c.isupper() for c in name[1:])


def state_force(mention: str, home_country: str | None = None) -> str | None:
    """ACLED's name for a state force the mention names by its own name, else ``None``.

    "FARDC troops" -> "Military Forces of the Democratic Republic of the Congo". A name
    several states use is read as the report's country's, and not read at all elsewhere.
    """
    index, pattern = _state_force_index()
    match = pattern.search(mention)
    if match is None:
        return None
    found = match.group(0)
    entries = index.get(found) or index.get(found.casefold(), [])
    home = country_code(home_country) if home_country else None
    if len(entries) > 1:
        entries = [e for e in entries if e[0] == home]
    if len(entries) != 1:
        return None
    code, force = entries[0]
    name = country_name(code)
    return police_forces_of(name) if force == "police" else military_forces_of(name)


def state_force_names() -> tuple[str, ...]:
    """Every name of the state forces table, as written, for finding mentions in text."""
    return tuple(
        alias
        for row in csv_rows("state_forces")
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]
    )


@load_once
def _group_kinds() -> dict[str, str]:
    """Group name -> its kind in ``data/groups.csv`` ("jihadist", "pro-government", ...)."""
    return {row["name"]: row["kind"] for row in csv_rows("groups")}


@load_once
def group_aliases() -> tuple[str, ...]:
    """Every name and alias of the groups table, for finding mentions in text."""
    exact, folded = _group_index()
    names = {row["name"] for row in csv_rows("groups")}
    written = {a for row in csv_rows("groups") for a in row["aliases"].split("|") if a}
    return tuple(sorted({*exact, *names, *(a for a in written if a.casefold() in folded)}))


@load_once
def _group_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + alternation(group_aliases()) + r"(?![\w])", re.IGNORECASE)


def group_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a group of the table (so "Sinaloa Cartel" is not a place)."""
    return [(m.start(), m.end()) for m in _group_pattern().finditer(text)]


def group_name(mention: str) -> str | None:
    """The canonical group a mention names ("Boko Haram fighters" -> "Boko Haram")."""
    exact, folded = _group_index()
    best: tuple[int, str] | None = None
    for match in _group_pattern().finditer(mention):
        alias = match.group(0)
        name = exact.get(alias) or folded.get(alias.casefold())
        if name is None and not alias.isupper():
            name = exact.get(alias.upper()) if alias.upper() in exact and alias.isupper() else None
        if name and (best is None or len(alias) > best[0]):
            best = (len(alias), name)
    return best[1] if best else None


@load_once
def _branches() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Group -> its regional branches with their countries ("Islamic State" -> provinces)."""
    rows = csv_rows("groups")
    found: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for parent in {row["name"] for row in rows}:
        for row in rows:
            if row["name"] != parent and row["name"].startswith(parent + " "):
                countries = frozenset(row["countries"].split("|"))
                found.setdefault(parent, []).append((row["name"], countries))
    return found


def _branch(group: str, home_country: str | None) -> str:
    """The group's branch in the report's country when it has exactly one there.

    ACLED names the Islamic State in Mozambique "Islamic State Mozambique Province".
    """
    code = country_code(home_country) if home_country else None
    local = [name for name, countries in _branches().get(group, []) if code in countries]
    return local[0] if len(local) == 1 else group


def main_group(text: str, home_country: str | None = None) -> str | None:
    """The named armed group a report is mostly about, if one dominates.

    The group named most often, when it is named at least twice and makes up at least
    60% of the group mentions. "The militants" later in such a report are that group.
    Pro-government militias, peacekeepers and parties are never it (``actors.toml``).
    """
    counts: dict[str, int] = {}
    kinds = _group_kinds()
    for match in _group_pattern().finditer(text):
        name = group_name(match.group(0))
        if name and kinds.get(name) not in _NOT_THE_UNNAMED_ATTACKERS:
            name = _branch(name, home_country)
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda n: counts[n])
    share = counts[best] / sum(counts.values())
    return best if counts[best] >= 2 and share >= 0.6 else None


def named_groups(text: str, home_country: str | None = None) -> dict[str, frozenset[str]]:
    """The groups a report names, by kind (``"separatist" -> {"Ambazonian separatists"}``)."""
    kinds = _group_kinds()
    found: dict[str, set[str]] = {}
    for match in _group_pattern().finditer(text):
        name = group_name(match.group(0))
        if name:
            kind = kinds.get(name, "")
            found.setdefault(kind, set()).add(_branch(name, home_country))
    return {kind: frozenset(names) for kind, names in found.items()}


def described_group(mention: str, groups: dict[str, frozenset[str]]) -> str | None:
    """The one named group of the report a bare description can stand for.

    "Separatist fighters" in a report that names one separatist group are that group;
    "militants" where the report names one jihadist group and no rebels are that group.
    """
    table = _TABLE["description_kinds"]
    kinds = {k for word in mention.casefold().split() for k in table.get(word, [])}
    candidates = {name for kind in kinds for name in groups.get(kind, frozenset())}
    return next(iter(candidates)) if len(candidates) == 1 else None


def military_forces_of(country: str) -> str:
    """ACLED's name for a state's forces: "Military Forces of the United States"."""
    return f"Military Forces of {_with_article(country)}"


def police_forces_of(country: str) -> str:
    """ACLED's name for a state's police: "Police Forces of Kenya"."""
    return f"Police Forces of {_with_article(country)}"


def _with_article(country: str) -> str:
    plural = country.startswith(("United", "Philippines", "Netherlands", "Central African"))
    return f"the {country}" if plural else country


def _state_of(word: str) -> str | None:
    """The country a leading word stands for: "Russian", "U.S.", "Russia" (else None)."""
    key = word.casefold()
    code = demonyms().get(key) or demonyms().get(key.rstrip(".")) or demonyms().get(key + ".")
    if code:
        return country_name(code)
    if is_country_name(word):
        return country_name(country_code(word) or "")
    return None


def _names_a_people(word: str) -> bool:
    """Whether a capitalized word before "militia" names a people, not a state or a creed."""
    key = word.casefold()
    return word not in _NOT_PEOPLES and key not in demonyms() and not is_country_name(word)


def _ambiguous_demonym(word: str) -> bool:
    key = word.casefold()
    return key in demonyms() and demonyms()[key] is None


def canonical_actor(name: str, home_country: str | None = None) -> str:
    """The ACLED-style name of an actor mention.

    Args:
        name: The mention as written ("the Ukrainian drones", "gunmen", "ISWAP").
        home_country: The country the report is about, for unqualified forces, crowds,
            victims and unnamed armed groups.
    """
    name = _QUANTITY.sub("", LEADING_ARTICLE.sub("", name.strip()))
    name = LEADING_ARTICLE.sub("", name)
    group = group_name(name)
    if group:
        return _branch(group, home_country)
    force = state_force(name, home_country)
    if force:
        return force
    ethnic = _ETHNIC_ARMED.match(name)
    if ethnic and home_country and _names_a_people(ethnic.group(1)):
        return f"{ethnic.group(1)} Ethnic Militia ({home_country})"  # ACLED's communal militias
    words = name.split()
    if not words:
        return name
    if len(words) <= 2 and is_country_name(name):
        return military_forces_of(country_name(country_code(name) or ""))
    short_form = len(words) == 1 and (name.isupper() or "." in name)  # "US", "U.S.", "UK"
    if short_form and _state_of(name):
        return military_forces_of(_state_of(name) or "")
    possessive = _POSSESSIVE.match(name)
    head_country, head = (possessive.group(1), possessive.group(2)) if possessive else ("", "")
    if not possessive and len(words) > 1:
        head_country, head = words[0], " ".join(words[1:])
    state = _state_of(head_country) if head_country else None
    if state is None and head_country and _ambiguous_demonym(head_country) and home_country:
        state = home_country  # "Congolese army" in a report about one of the two Congos
    if state and not re.search(r"backed|led\b|linked|allied", name):
        if _POLICE.search(head):
            return police_forces_of(state)
        if _STATE_FORCE.search(head) or _BARE_STATE_FORCE.match(head):
            return military_forces_of(state)
    if home_country and _POLICE_UNIT.search(name):
        return police_forces_of(home_country)  # "Rueso police", "the National Police"
    if home_country and _ARMY_UNIT.search(name):
        return military_forces_of(home_country)  # "the 43rd Infantry Battalion"
    if home_country and _BARE_STATE_FORCE.match(name):
        if _POLICE.search(name):
            return police_forces_of(home_country)
        return military_forces_of(_TABLE["bare_forces_abroad"].get(home_country, home_country))
    people = _GROUPS_OF_PEOPLE.get(name.casefold())
    if people:
        return f"{people} ({home_country})" if home_country else people
    vague = words[-1].casefold() in ("men", "persons", "individuals", "people")
    unnamed = bool(_UNNAMED_ARMED.match(name.casefold())) and (not vague or len(words) > 1)
    if (len(words) == 1 and words[0].casefold() in _UNIDENTIFIED) or unnamed:
        return (
            f"Unidentified Armed Group ({home_country})"
            if home_country
            else ("Unidentified Armed Group")
        )
    return name
