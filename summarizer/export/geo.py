"""Coordinates and ACLED's geo_precision of an event, from the offline gazetteer.

ACLED's spatial precision codes: 1, the report names a particular town, coded to that
town's coordinates; 2, the event happened near a town or in a small part of an area, coded
to that town; 3, only a larger region is known, coded to its provincial capital.

Here, with the gazetteer of :mod:`summarizer.text.places` (GeoNames towns with coordinates,
``data/towns/<CC>.csv.gz``; first-level divisions without coordinates, ``data/admin1.csv``):

* the record's location is a town of the record's admin1 (or of its country, when the
  record has no admin1): that town, precision 1; precision 2 when the location puts the
  event near it or in part of its area ("outskirts of Homs": ``data/acled_events.toml``);
* otherwise, when the admin1 is known: the division's most populous town in the gazetteer,
  standing for ACLED's provincial capital (the gazetteer does not mark capitals),
  precision 3;
* otherwise (only the country, or nothing): no coordinates and no precision.

A town of the same name in another division than the record's admin1 is not taken: the
coordinates always lie in the admin1 the row names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.data import csv_rows, gzipped_csv_rows, load_once, toml_table
from summarizer.text.places import fold, resolve_place

__all__ = ["Geo", "division_point", "locate"]

TOWN, NEAR_TOWN, REGION = 1, 2, 3


@dataclass(frozen=True)
class Geo:
    """Where an event is, as the export writes it."""

    admin1: str | None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None

    @property
    def at_town(self) -> bool:
        """Whether the coordinates are the location's own town (precision 1 or 2)."""
        return self.geo_precision in (TOWN, NEAR_TOWN)


@load_once
def _vicinity_words() -> frozenset[str]:
    return frozenset(str(word) for word in toml_table("acled_events")["geo"]["vicinity_words"])


@load_once
def _division_names(country: str) -> dict[str, str]:
    """A country's first-level divisions: folded name or alias -> the division's name."""
    names: dict[str, str] = {}
    for row in csv_rows("admin1"):
        if row["country_code"] == country:
            for form in (row["name"], *filter(None, row["aliases"].split("|"))):
                names.setdefault(fold(form), row["name"])
    return names


def _division(country: str, name: str) -> str:
    """The folded canonical name of a division as the record or the gazetteer spells it."""
    key = fold(name)
    return fold(_division_names(country).get(key, name))


@load_once
def _division_points(country: str) -> dict[str, tuple[float, float]]:
    """Each division's most populous town (folded division -> latitude, longitude)."""
    best: dict[str, tuple[int, float, float]] = {}
    for row in gzipped_csv_rows(f"towns/{country}"):
        if not row["admin1"]:
            continue
        key = _division(country, row["admin1"])
        population = int(row["population"] or 0)
        if key not in best or population > best[key][0]:
            best[key] = (population, float(row["latitude"]), float(row["longitude"]))
    return {key: (lat, lon) for key, (_, lat, lon) in best.items()}


def division_point(country: str, admin1: str) -> tuple[float, float] | None:
    """The representative point of a first-level division: its most populous town."""
    return _division_points(country).get(_division(country, admin1))


def _mention(location: str) -> tuple[str, bool]:
    """The place name of a location and whether it says "near" ("outskirts of Homs")."""
    words = re.findall(r"[\w'\u2019-]+", location)
    vicinity = _vicinity_words()
    kept = [w for w in words if w.casefold() not in vicinity | {"of", "the"}]
    return " ".join(kept), len(kept) < len(words)


def locate(location: str | None, admin1: str | None, country: str | None) -> Geo:
    """Coordinates and precision of an event (see the module docstring).

    Args:
        location: The record's location ("Gwoza", "outskirts of Homs").
        admin1: The record's first-level division, if any; kept as written. When the record
            has none, a town's or a named division's admin1 fills it.
        country: The event's ISO 3166-1 alpha-2 code.
    """
    if not country:
        return Geo(admin1)
    if location:
        name, near = _mention(location)
        within = frozenset({admin1}) if admin1 else frozenset()
        place = resolve_place(name, [country], within=within) if name else None
        if place is not None and place.is_division and admin1 is None:
            admin1 = place.admin1
        elif place is not None and place.latitude is not None and place.longitude is not None:
            same = admin1 is None or (
                place.admin1 is not None
                and _division(country, place.admin1) == _division(country, admin1)
            )
            if same:
                precision = NEAR_TOWN if near else TOWN
                return Geo(admin1 or place.admin1, place.latitude, place.longitude, precision)
    point = division_point(country, admin1) if admin1 else None
    if point is None:
        return Geo(admin1)
    return Geo(admin1, point[0], point[1], REGION)
