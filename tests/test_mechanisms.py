"""The decomposed strategy's mechanisms, on sentences from other conflicts."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.rules import lexicon
from summarizer.rules.actors import find_actors, roles
from summarizer.rules.reading import article_context, read_sentence
from summarizer.rules.sentence_facts import attribution, claim_status, places
from summarizer.schemas import SubEventType
from summarizer.text.actor_names import canonical_actor
from summarizer.text.dates import date_expression, resolve_event_date
from summarizer.text.places import countries_as_places, fold, location_countries, resolve_place
from summarizer.text.sentences import sentences


@pytest.mark.parametrize(
    ("mention", "country", "admin1"),
    [
        ("Bakhmut", "UA", "Donetsk"),
        ("Kharkiv Oblast", "UA", "Kharkiv"),
        ("Marib", "YE", "Marib"),
        ("Deir Ezzor", "SY", "Deir ez-Zor"),
        ("Der ez-Zor", "SY", "Deir ez-Zor"),
        ("Deir-ez-Zor", "SY", "Deir ez-Zor"),
        ("Al-Raqqah countryside", "SY", "Ar-Raqqah"),
        # Divisions not named after their capitals keep their own names.
        ("Afgooye", "SO", "Lower Shabeelle"),
        ("Lower Shabelle region", "SO", "Lower Shabeelle"),
        ("Djibo", "BF", "Sahel"),
        ("Kaya", "BF", "Centre-Nord"),
        ("Menaka", "ML", "Menaka"),
        ("Maiduguri", "NG", "Borno"),
        ("Bunia", "CD", "Ituri"),
        ("Goma", "CD", "Nord Kivu"),
        ("Mocimboa da Praia", "MZ", "Cabo Delgado"),
        ("Nord-Kivu", "CD", "Nord Kivu"),
        ("Kharkivska oblast", "UA", "Kharkiv"),
    ],
)
def test_places_resolve_to_one_admin1(mention: str, country: str, admin1: str) -> None:
    place = resolve_place(mention, [country])
    assert place is not None and place.admin1 == admin1


def test_a_village_resolves_near_the_place_named_with_it() -> None:
    lyptsi = places("A drone hit the village of Lyptsi, north of Kharkiv, on Monday.", ["UA"])
    assert [(p.name, p.admin1) for p in lyptsi] == [("Lyptsi", "Kharkiv"), ("Kharkiv", "Kharkiv")]


def test_a_country_named_as_a_side_opens_no_gazetteer() -> None:
    assert countries_as_places("US jets struck a depot in Iraq's Anbar province.") == ["IQ"]
    assert countries_as_places("Fighting spread across northern Syria.") == ["SY"]


def test_unknown_and_common_words_are_not_places() -> None:
    assert resolve_place("Monday", ["UA"]) is None
    assert resolve_place("Jabal", ["SY"]) is None
    assert fold("Al-Raqqah") == fold("Raqqa")


def test_the_country_of_the_towns_wins_over_the_actors_country() -> None:
    text = "Russian drones hit Kharkiv and Odesa overnight, Ukrainian officials said."
    assert location_countries(text)[0] == "UA"


def test_destinations_and_borders_are_not_event_places() -> None:
    found = places("Fighters fled Mariupol heading towards Zaporizhzhia.", ["UA"])
    assert [p.admin1 for p in found] == ["Donetsk"]


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("Houthi forces fired missiles at Marib on Sunday.", SubEventType.SHELLING),
        ("Russian warplanes bombed positions near Avdiivka.", SubEventType.AIR_DRONE_STRIKE),
        ("A roadside bomb killed four soldiers in Lower Shabelle.", SubEventType.REMOTE_EXPLOSIVE),
        ("Clashes broke out between the army and JNIM fighters.", SubEventType.ARMED_CLASH),
        ("Gunmen abducted 20 villagers near Djibo.", SubEventType.ABDUCTION),
        ("A suicide bomber struck a checkpoint in Mogadishu.", SubEventType.SUICIDE_BOMB),
    ],
)
def test_sub_event_type_from_wording(sentence: str, sub_event_type: SubEventType) -> None:
    assert lexicon.sub_event_type_for(sentence) == sub_event_type


def test_plans_and_background_are_not_events() -> None:
    assert lexicon.is_planned("The army will launch an offensive on the city next month.")
    assert lexicon.is_background("In 2015, the group previously controlled the town.")
    assert lexicon.is_background("Numerous attacks have been carried out against convoys.")
    assert not lexicon.is_planned("Ukrainian forces repelled an assault on Tuesday.")


def test_state_forces_get_acled_names() -> None:
    assert canonical_actor("Ukrainian troops") == "Military Forces of Ukraine"
    assert canonical_actor("US jets") == "Military Forces of the United States"
    assert canonical_actor("Russian airstrikes") == "Military Forces of Russia"
    assert canonical_actor("regime forces", "Yemen") == "Military Forces of Yemen"
    assert canonical_actor("al-Shabaab fighters") == "Al Shabaab"


def test_who_acted() -> None:
    s = "Somali troops repelled an attack carried out by al-Shabaab fighters on a base."
    at = lexicon.TRIGGERS.search(s).start()  # type: ignore[union-attr]
    r = roles(s, at)
    assert r.actor1 == "Al Shabaab" and r.actor2 == "Military Forces of Somalia"
    s = "Russian jets struck Ukrainian positions, backed by Wagner fighters."
    r = roles(s, lexicon.TRIGGERS.search(s).start())  # type: ignore[union-attr]
    assert r.actor1 == "Military Forces of Russia"
    assert r.actor2 == "Military Forces of Ukraine"
    assert r.assoc_actor_1 == ("Wagner Group",)


def test_sources_are_not_actors() -> None:
    mentions = [m.text for m in find_actors("ACLED sources reported that Houthi fighters")]
    assert mentions == ["Houthi fighters"]
    live = "Residents say drones are striking positions held by the rebels."  # a live blog
    assert [m.text for m in find_actors(live)] == ["rebels"]


@pytest.mark.parametrize(
    ("sentence", "actor1", "actor2"),
    [
        # the speaker tells its own act, with the day between "said" and "it"
        (
            "Sudan's army said on Saturday it had recaptured Wad Madani from the RSF.",
            "Military Forces of Sudan",
            "Rapid Support Forces",
        ),
        (
            "The Kenyan military said Friday it killed six al-Shabaab fighters near Kolbio.",
            "Military Forces of Kenya",
            "Al Shabaab",
        ),
        # the agent of a passive verb, not the group a victim was accused of helping
        (
            "A trader accused of helping bandits was beaten to death by a mob in Gusau.",
            "Rioters (Nigeria)",
            None,
        ),
        ("Two farmers were abducted by gunmen near Gusau.", "Unidentified Armed Group", None),
    ],
)
def test_who_acted_in_reported_and_passive_sentences(
    sentence: str, actor1: str, actor2: str | None
) -> None:
    reading = read_sentence(sentence, article_context(sentence))
    assert reading is not None
    assert (reading.roles.actor1 or "").startswith(actor1)
    if actor2:
        assert reading.roles.actor2 == actor2


def test_claims_and_attribution() -> None:
    assert claim_status("Russia has been blamed for the strike.", "Russia denied it.") == "denied"
    assert claim_status("The defense ministry said it killed 40 militants.") == "claimed"
    assert claim_status("Residents said the market was hit.") == "reported"
    assert attribution("Five died, according to Yemen Health Ministry.") == "Yemen Health Ministry"


def test_dates() -> None:
    published = dt.date(2024, 3, 6)
    assert date_expression("Shelling hit the city early on 3 March, officials said.") == (
        "early on 3 March"
    )
    assert resolve_event_date("early on 3 March", published) == (dt.date(2024, 3, 3), 1)
    assert resolve_event_date("on Monday", published) == (dt.date(2024, 3, 4), 1)
    assert resolve_event_date("last week", published)[1] == 2
    assert resolve_event_date("on Monday", None) == (None, None)


def test_sentences_keep_abbreviations() -> None:
    text = "U.S. forces struck a depot (No. 4) on Monday. Nobody was hurt."
    assert [text[s:e] for s, e in sentences(text)] == [
        "U.S. forces struck a depot (No. 4) on Monday.",
        "Nobody was hurt.",
    ]


def test_divisions_named_as_such_are_admin1_even_when_unknown() -> None:
    found = places("Militants attacked a base in Qorvaleen province.", ["SO"])
    assert [p.admin1 for p in found] == ["Qorvaleen"]
    assert places("Troops clashed with rebels in the Qorvaleen region.", ["SO"]) == []
    known = places("Militants attacked a base in Lower Shabelle province.", ["SO"])
    assert [p.admin1 for p in known] == ["Lower Shabeelle"]
    assert places("Jets struck Islamic State positions.", ["SY"]) == []


def test_acronyms_defined_in_the_text_name_their_actor() -> None:
    from summarizer.rules.actors import defined_acronyms

    text = "Troops of the Northern Defence Brigade (NDB) advanced. NDB units shelled a depot."
    acronyms = defined_acronyms(text)
    assert acronyms == {"NDB": "Northern Defence Brigade"}
    s = "NDB units shelled a Russian depot."
    r = roles(s, lexicon.TRIGGERS.search(s).start(), acronyms=acronyms)  # type: ignore[union-attr]
    assert r.actor1 == "Northern Defence Brigade units"


def test_other_reporting_styles() -> None:
    assert lexicon.sub_event_type_for("Air defences shot down a drone over Sirwah.") == (
        SubEventType.DISRUPTED_WEAPONS_USE
    )
    assert lexicon.is_planned("The junta has vowed to recapture lost territory.")
    s = "Ukrainian forces said they had advanced near Bakhmut, recapturing villages."
    r = roles(s, lexicon.TRIGGERS.search(s).start())  # type: ignore[union-attr]
    assert r.actor1 == "Military Forces of Ukraine"
    s = "A Russian missile struck a restaurant in Kramatorsk."
    assert roles(s, lexicon.TRIGGERS.search(s).start()).actor1 == "Military Forces of Russia"  # type: ignore[union-attr]
    s = "Gunmen abducted 50 women near Arbinda, residents told AFP."
    r = roles(s, lexicon.TRIGGERS.search(s).start(), "Burkina Faso")  # type: ignore[union-attr]
    assert r.actor1 == "Unidentified Armed Group (Burkina Faso)"


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("At least 15 people were wounded and two were killed in the attack.", [2]),
        ("The strike killed 5 people and injured 12 others.", [5]),
        ("The blast killed 4 and wounded at least 20.", [4]),
        ("Gunmen killed three villagers, wounding four.", [3]),
        ("No one was killed in the blast, police said.", [0]),
        ("The march passed off peacefully.", [0]),
        ("Six bandits and two guards were killed in the exchange of fire.", [8]),
        ("Two days later, on January 31, jets bombed the village, killing 11 people.", [11]),
        ("A 61-year-old man was killed by shelling.", [1]),
        ("A protester died and seven others were injured.", [1]),
        ("A woman and her young daughter were killed when a shell hit their home.", [2]),
        ("Three civilians were wounded; no deaths were reported.", [0]),
        ("At 12:15 police said two people were killed.", [2]),
        ("Four soldiers and a member of a local militia were killed in the blast.", [5]),
        ("No shots were fired during the arrests.", [0]),
        ("Soldiers opened fire on his car at a checkpoint on Tuesday, killing him.", [1]),
        ("The bomb exploded without causing casualties, a source said.", [0]),
        (
            "About 150 relatives and neighbours walked in silence from the church to the town "
            "hall on Sunday evening, carrying candles and photographs of the dead.",
            [],
        ),
    ],
)
def test_the_wounded_and_no_one_are_not_the_dead(sentence: str, killed: list[int]) -> None:
    from summarizer.text.numbers import fatality_counts

    assert [c.value for c in fatality_counts(sentence)] == killed


def test_names_and_months_are_not_modality_cues() -> None:
    assert not lexicon.is_planned("Gunmen attacked the village on 3 May, killing four.")
    assert lexicon.is_planned("The army may launch an offensive.")
    assert not lexicon.is_background("Daily Sabah reported that drones struck a convoy.")
    assert lexicon.is_background("Drones routinely struck the town.")


@pytest.mark.parametrize(
    ("sentence", "sub_event_type", "actor1", "actor2"),
    [
        (
            "Gunmen attacked the village of Kila on Monday, killing four villagers.",
            SubEventType.ATTACK,
            "Unidentified Armed Group (Kenya)",
            "Civilians (Kenya)",
        ),
        (
            "Protesters clashed with police in the capital.",
            SubEventType.VIOLENT_DEMONSTRATION,
            "Rioters (Kenya)",
            "Police Forces of Kenya",
        ),
        (
            "Police fired tear gas to disperse protesters outside parliament.",
            SubEventType.PROTEST_WITH_INTERVENTION,
            "Protesters (Kenya)",
            "Police Forces of Kenya",
        ),
        (
            "Hundreds of demonstrators marched peacefully through the city centre.",
            SubEventType.PEACEFUL_PROTEST,
            "Protesters (Kenya)",
            None,
        ),
    ],
)
def test_victims_and_crowds_are_acled_actors(
    sentence: str, sub_event_type: SubEventType, actor1: str, actor2: str | None
) -> None:
    from summarizer.rules.reading import Context, read_sentence

    reading = read_sentence(sentence, Context(["KE"], "Kenya", {}))
    assert reading is not None
    assert reading.sub_event_type == sub_event_type
    assert (reading.roles.actor1, reading.roles.actor2) == (actor1, actor2)


@pytest.mark.parametrize(
    ("opening", "rest"),
    [
        (
            "KHARKIV, May 16 (Reuters) - ",
            "Russian forces struck the city overnight, officials said.",
        ),
        ("MOGADISHU: ", "The coalition said its jets hit al-Shabaab positions near the town."),
        ("Goma, Oct 3 (AFP) -- ", "Rebels seized the town of Rubaya after two days of fighting."),
        ("", "US-backed forces attacked the village of Kila in the north on Monday."),
    ],
)
def test_a_dateline_is_where_the_report_was_filed_not_an_actor(opening: str, rest: str) -> None:
    from summarizer.rules.header import Header, body_sentences

    text = f"A title for the report\n\n{opening}{rest}\n"
    (sentence,) = body_sentences(text, Header("A title for the report", None, None, frozenset()))
    assert sentence.text == rest
    assert text[sentence.start : sentence.start + len(rest)] == rest
