"""More mechanisms that carry the rules to reporting they were not written for.

The companion of ``test_generality.py``. Every sentence here was written for the test; none
comes from the seeds, the dev set or the training passages.
"""

from __future__ import annotations

import pytest

from summarizer.rules import lexicon
from summarizer.rules.actors import roles
from summarizer.text.actor_names import canonical_actor, state_force
from summarizer.text.places import location_countries, resolve_place


@pytest.mark.parametrize(
    ("sentence", "background"),
    [
        ("Six people were killed overnight from Saturday to Sunday in a raid on Tobo.", False),
        ("In the night from Tuesday to Wednesday, gunmen burned the market of Kaya.", False),
        ("Troops moved from Gao to Menaka on Friday after the ambush.", False),
        ("Between 1 January and 30 June, 212 civilians were killed in the region.", True),
        ("From March to May, attacks on convoys killed 40 drivers.", True),
    ],
)
def test_a_span_of_weekdays_is_one_night_and_a_span_of_months_a_period(
    sentence: str, background: bool
) -> None:
    assert lexicon.is_background(sentence) is background


def test_divisions_are_found_under_their_english_compass_names() -> None:
    place = resolve_place("North Kivu", ["CD"])
    assert place is not None and place.admin1 == "Nord Kivu"
    # a headline town shared with another country is decided by the division named below it
    report = "Beni: six killed in raid\n\nSix farmers were killed near Beni, in North Kivu.\n"
    assert location_countries(report)[0] == "CD"
    assert resolve_place("Nord", ["HT"]) is not None  # one-word names stay as they are


@pytest.mark.parametrize(
    ("mention", "home", "name"),
    [
        ("FARDC troops", "Democratic Republic of the Congo", "Military Forces of Democratic"),
        ("the FAMa", "Mali", "Military Forces of Mali"),
        ("IDF soldiers", "Lebanon", "Military Forces of Israel"),
        ("CRPF personnel", "India", "Police Forces of India"),
        ("PNP officers", "Philippines", "Police Forces of the Philippines"),
        ("PNP officers", "Peru", "Police Forces of Peru"),
        ("the Tatmadaw", "Myanmar", "Military Forces of Myanmar"),
    ],
)
def test_state_forces_are_named_by_their_own_names(mention: str, home: str, name: str) -> None:
    assert canonical_actor(mention, home).startswith(name)


def test_a_force_name_of_several_states_is_read_only_in_one_of_them() -> None:
    assert state_force("PNP officers", "Kenya") is None
    assert state_force("saf", "Sudan") is None  # acronyms match as written
    assert canonical_actor("SPLA-IO fighters", "South Sudan") != "Military Forces of South Sudan"


def test_soldiers_of_an_army_are_that_army_s_allies() -> None:
    sentence = (
        "The FAMa, supported by soldiers of the Burkinabe army, clashed with JNIM fighters "
        "near Boni on Monday."
    )
    found = roles(sentence, sentence.index("clashed"), "Mali")
    assert found.actor1 == "Military Forces of Mali"
    assert found.assoc_actor_1 == ("Military Forces of Burkina Faso",)
