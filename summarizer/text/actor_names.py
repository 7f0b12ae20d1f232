"""Actors' canonical names, the ACLED way, for every strategy.

"Russian jets" -> "Military Forces of Russia"; a bare "gunmen" -> "Unidentified Armed Group
(<country>)"; "regime forces" in a report about Syria -> "Military Forces of Syria";
"villagers" -> "Civilians (<country>)", "protesters" -> "Protesters (<country>)", "police" ->
"Police Forces of <country>". Other names are kept as written. The vocabulary is in
``data/actors.toml``.
"""

from __future__ import annotations

import re

from summarizer.data import toml_table
from summarizer.text.patterns import alternation
from summarizer.text.places import country_code, country_name, demonyms, is_country_name

__all__ = ["LEADING_ARTICLE", "canonical_actor", "military_forces_of"]

_TABLE = toml_table("actors")
LEADING_ARTICLE = re.compile(r"^(?:the|a|an|its|their)\s+", re.IGNORECASE)
_STATE_FORCE = re.compile(
    alternation([*_TABLE["state_force_heads"], *_TABLE["state_assets"]]) + "$", re.IGNORECASE
)
_STATE_WORD_FORCE = re.compile(
    alternation(_TABLE["state_words"]) + r"\s+(?:forces|troops|positions|bases)", re.IGNORECASE
)
_UNIDENTIFIED = frozenset(_TABLE["unidentified_armed"])
_GROUPS_OF_PEOPLE = {
    **{noun: "Protesters" for noun in _TABLE["protester_nouns"]},
    **{noun: "Rioters" for noun in _TABLE["rioter_nouns"]},
    **{noun: "Civilians" for noun in _TABLE["civilian_nouns"]},
}
"""Bare nouns for people who are not an armed organisation, by ACLED's actor name."""


def military_forces_of(country: str) -> str:
    """ACLED's name for a state's forces: "Military Forces of the United States"."""
    article = "the " if country.startswith("United") else ""
    return f"Military Forces of {article}{country}"


def canonical_actor(name: str, home_country: str | None = None) -> str:
    """The ACLED-style name of an actor mention.

    Args:
        name: The mention as written ("the Russian jets", "gunmen", "ISIS").
        home_country: The country the article reports from, for "regime forces" and
            unnamed armed groups.
    """
    name = LEADING_ARTICLE.sub("", name.strip())
    words = name.split()
    first = words[0].casefold().rstrip(".") if words else ""
    code = demonyms().get(first) or demonyms().get(first + ".")
    if len(words) <= 2 and is_country_name(name):
        return military_forces_of(country_name(country_code(name) or ""))
    if code and _STATE_FORCE.search(name) and not re.search(r"backed|led", name):
        return military_forces_of(country_name(code))
    people = _GROUPS_OF_PEOPLE.get(name.casefold())
    if people:
        return f"{people} ({home_country})" if home_country else people
    if name.casefold() == "police":
        return f"Police Forces of {home_country}" if home_country else "Police Forces"
    if len(words) == 1 and words[0].casefold() in _UNIDENTIFIED:
        return (
            f"Unidentified Armed Group ({home_country})"
            if home_country
            else ("Unidentified Armed Group")
        )
    if home_country and _STATE_WORD_FORCE.fullmatch(name):
        return f"Military Forces of {home_country}"
    return name
