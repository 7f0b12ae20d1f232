"""The ACLED export's tables on their own: actor types, disorder types, regions, places."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from summarizer.export import (
    country_info,
    disorder_type,
    inter_code,
    inter_label,
    interaction,
)
from summarizer.export.geo import locate
from summarizer.schemas import SubEventType

ST = SubEventType


@pytest.mark.parametrize(
    ("actor", "country", "code"),
    [
        ("Military Forces of Nigeria", "Nigeria", 1),
        ("Police Forces of Kenya", "Kenya", 1),
        ("Military Forces of the United States", "United States", 1),
        ("Military Forces of the United States", "Syria", 8),
        ("Military Forces of Russia", "Ukraine", 8),
        ("Military Forces of Russia", None, 1),
        ("Islamic State West Africa Province", "Nigeria", 2),
        ("Ambazonian separatists", "Cameroon", 2),
        ("Wagner Group", "Mali", 8),
        ("MONUSCO", "Democratic Republic of the Congo", 8),
        ("CODECO", "Democratic Republic of the Congo", 4),
        ("Sinaloa Cartel", "Mexico", 3),
        ("Imbonerakure", "Burundi", 3),
        ("Three Brotherhood Alliance", "Myanmar", 2),
        ("Unidentified Armed Group (Mali)", "Mali", 3),
        ("Protesters (Kenya)", "Kenya", 6),
        ("Rioters (India)", "India", 5),
        ("Civilians (Sudan)", "Sudan", 7),
        ("Protesters", None, 6),
        ("Russian-backed militias", "Syria", 3),
        ("Unknown gunmen", "Nigeria", 3),
        ("SAA", "Syria", None),
        (None, "Syria", 0),
    ],
)
def test_inter_codes(actor: str | None, country: str | None, code: int | None) -> None:
    assert inter_code(actor, country) == code


def test_interaction_and_labels() -> None:
    assert interaction(1, 2) == 12 and interaction(2, 1) == 12
    assert interaction(8, 8) == 88 and interaction(7, 3) == 37
    assert interaction(6, 0) == 60
    assert interaction(0, 1) is None and interaction(1, None) is None
    assert inter_label(1) == "State forces" and inter_label(8) == "External/Other forces"
    assert inter_label(0) == "" and inter_label(None) == ""


def test_disorder_types_follow_acled_categories() -> None:
    assert disorder_type(ST.ARMED_CLASH) == "Political violence"
    assert disorder_type(ST.MOB_VIOLENCE) == "Political violence"
    assert disorder_type(ST.VIOLENT_DEMONSTRATION) == "Demonstrations"
    assert disorder_type(ST.PROTEST_WITH_INTERVENTION) == "Demonstrations"
    assert disorder_type(ST.EXCESSIVE_FORCE) == "Political violence; Demonstrations"
    assert disorder_type(ST.LOOTING) == "Strategic developments"
    table = tomllib.loads(files("summarizer.data").joinpath("acled_events.toml").read_text())
    assert set(table["sub_event_types"]) == {s.value for s in SubEventType}


ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
    "South Asia", "Southeast Asia", "Middle East", "Europe", "Caucasus and Central Asia",
    "Central America", "South America", "Caribbean", "East Asia", "North America", "Oceania",
    "Antarctica",
}  # fmt: skip


def test_region_table() -> None:
    table = tomllib.loads(files("summarizer.data").joinpath("acled_countries.toml").read_text())
    countries = table["countries"]
    assert len(countries) >= 240
    assert {row["region"] for row in countries.values()} == ACLED_REGIONS
    expected = {
        "Nigeria": ("NGA", 566, "Nigeria", "Western Africa"),
        "CD": ("COD", 180, "Democratic Republic of Congo", "Middle Africa"),
        "Ivory Coast": ("CIV", 384, "Ivory Coast", "Western Africa"),
        "Syria": ("SYR", 760, "Syria", "Middle East"),
        "Ukraine": ("UKR", 804, "Ukraine", "Europe"),
        "Myanmar": ("MMR", 104, "Myanmar", "Southeast Asia"),
        "Mexico": ("MEX", 484, "Mexico", "North America"),
        "Palestine": ("PSE", 275, "Palestine", "Middle East"),
        "KE": ("KEN", 404, "Kenya", "Eastern Africa"),
    }  # fmt: skip
    for name, (alpha3, numeric, acled_name, region) in expected.items():
        info = country_info(name)
        assert info is not None, name
        assert (info.alpha3, info.numeric, info.name, info.region) == (
            alpha3,
            numeric,
            acled_name,
            region,
        )
    for spelling in ("Democratic Republic of the Congo", "Democratic Republic of Congo"):
        assert country_info(spelling) == country_info("CD")  # GeoNames' and ACLED's names
    assert country_info("Atlantis") is None and country_info(None) is None


def test_geo_precision_levels() -> None:
    town = locate("Gwoza", "Borno", "NG")
    assert (town.latitude, town.longitude, town.geo_precision) == (11.0831, 13.6959, 1)
    near = locate("outskirts of Maiduguri", "Borno", "NG")
    assert (near.latitude, near.longitude, near.geo_precision) == (11.8469, 13.1571, 2)
    region = locate(None, "Borno", "NG")  # the division's most populous town: Maiduguri
    assert (region.latitude, region.longitude, region.geo_precision) == (11.8469, 13.1571, 3)
    named_division = locate("Borno", None, "NG")
    assert (named_division.admin1, named_division.geo_precision) == ("Borno", 3)
    elsewhere = locate("Maiduguri", "Kano", "NG")  # a town outside the record's admin1
    assert elsewhere.admin1 == "Kano" and elsewhere.geo_precision == 3
    assert elsewhere.latitude != 11.8469
    filled = locate("Kisumu", None, "KE")
    assert (filled.admin1, filled.geo_precision) == ("Kisumu", 1)
    assert locate(None, None, "KE").geo_precision is None
    assert locate("Gwoza", "Borno", None).latitude is None
