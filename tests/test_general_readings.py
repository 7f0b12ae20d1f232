"""More mechanisms that carry the rules to reporting they were not written for.

The companion of ``test_generality.py``. Every sentence here was written for the test; none
comes from the seeds, the dev set or the training passages.
"""

from __future__ import annotations

import pytest

from summarizer import Article, FakeBackend, Settings, Summarizer
from summarizer.rules import lexicon
from summarizer.rules.actors import roles
from summarizer.rules.reading import Reading, article_context, read_sentence
from summarizer.rules.sentence_facts import fatalities
from summarizer.schemas import Event
from summarizer.text.actor_names import canonical_actor, main_group, state_force
from summarizer.text.places import location_countries, resolve_place


def _typed(sentence: str) -> str | None:
    """The sub-event type the lexicon gives a sentence, by its ACLED name."""
    found = lexicon.sub_event_type_for(sentence)
    return found.value if found else None


def _events(text: str) -> list[Event]:
    """The records the default strategy (rules only) draws from a report."""
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        return summarizer.summarize(Article(id="report", text=text)).events


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


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        (
            "Rebels took control of the town of Kilo on Tuesday.",
            "Non-state actor overtakes territory",
        ),
        ("Troops took back control of two villages near Lara.", "Government regains territory"),
        ("The group has set up a base in the forest of Tiwa.", "Headquarters or base established"),
        ("A car packed with explosives blew up outside a bank.", "Remote explosive/landmine/IED"),
        ("Gunmen shot dead a community leader at his home.", "Attack"),
        ("Troops shot dead three suspected militants in a raid.", "Armed clash"),
        ("The navy destroyed six uncrewed boats off the coast.", "Disrupted weapons use"),
        ("Two men were led away by gunmen who stopped the bus.", "Abduction/forced disappearance"),
        ("Police used pepper spray on students at the gate.", "Protest with intervention"),
        ("Similar marches took place in three other cities.", "Peaceful protest"),
    ],
)
def test_general_words_of_territory_bases_blasts_and_killings(
    sentence: str, sub_event_type: str
) -> None:
    assert lexicon.is_event_sentence(sentence)
    assert _typed(sentence) == sub_event_type


def test_seizing_weapons_is_no_capture_of_territory() -> None:
    assert lexicon.sub_event_type_for("Troops seized two rifles and 40 rounds.") is None
    assert lexicon.sub_event_type_for("On 1 March, police arrested nine") is not None
    assert lexicon.sub_event_type_for("11 Esfand (1 March): agents arrested nine") is not None


def _reading(sentence: str, home: str) -> Reading:
    reading = read_sentence(sentence, article_context(f"Report\n\n{sentence} {home}.\n"))
    assert reading is not None
    return reading


def test_territory_types_go_by_who_took_the_place() -> None:
    own = _reading("Malian troops took control of the town of Tessalit on Sunday.", "Mali")
    assert own.sub_event_type.value == "Government regains territory"
    foreign = _reading(
        "Russian forces 'liberated' the village of Tymkivka in Ukraine on Monday.", "Ukraine"
    )
    assert foreign.sub_event_type.value == "Non-state actor overtakes territory"
    assert foreign.roles.actor1 == "Military Forces of Russia"


def test_who_fires_on_a_patrol_and_who_says_it_acted() -> None:
    patrol = _reading(
        "A police patrol came under fire from al-Shabaab fighters near Afgoye on Friday.",
        "Somalia",
    )
    assert patrol.roles.actor1 == "Al Shabaab"
    speaker = _reading(
        "The Kachin Independence Army said on Sunday that its fighters had overrun an army "
        "camp near Bhamo.",
        "Myanmar",
    )
    assert speaker.roles.actor1 == "Kachin Independence Army"


@pytest.mark.parametrize(
    ("sentence", "killed"),
    [
        ("Gunmen on motorcycles shot dead a tribal elder in the Kardi area.", 1),
        ("Militants beheaded nine farmers working in rice fields.", 9),
        ("Four workers building a bridge were shot dead on Monday.", 4),
        ("The authorities publicly executed a man convicted of murder.", 1),
        ("A crowd dragged a shopkeeper out of his home and beat him to death.", 1),
        ("A local council candidate was murdered as he left a polling station.", 1),
        ("Two armoured vehicles were destroyed and three soldiers killed.", 3),
    ],
)
def test_tolls_of_killings_told_by_their_manner(sentence: str, killed: int) -> None:
    assert fatalities(sentence) == killed


def test_no_deaths_among_a_named_side_is_a_toll_of_zero() -> None:
    assert fatalities("No army personnel died in the incident.") == 0
    assert fatalities("No soldiers were killed, but three civilians died.") == 3


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("armed Fulani youth", "Fulani Ethnic Militia (Nigeria)"),
        ("Tiv militiamen", "Tiv Ethnic Militia (Nigeria)"),
        ("Islamist fighters", "Islamist fighters"),
        ("Nigerian fighters", "Nigerian fighters"),
        ("armed miscreants", "Unidentified Armed Group (Nigeria)"),
        ("unknown people", "Unidentified Armed Group (Nigeria)"),
        ("Israeli tanks", "Military Forces of Israel"),
    ],
)
def test_peoples_in_arms_and_unnamed_attackers(mention: str, name: str) -> None:
    assert canonical_actor(mention, "Nigeria") == name


def test_a_joint_team_and_a_conceded_clause() -> None:
    sentence = "A joint team of Kano police and army troops arrested two suspects."
    found = roles(sentence, sentence.index("arrested"), "Nigeria")
    assert found.actor1 == "Police Forces of Nigeria"
    assert found.assoc_actor_1 == ("Military Forces of Nigeria",)
    conceded = _reading(
        "Although rebels still hold the hills around it, Syrian troops have retaken the "
        "road to Deir Hafer.",
        "Syria",
    )
    assert conceded.roles.actor1 == "Military Forces of Syria"
    titled = _reading("Raid in Gao: Malian soldiers detained three men on Monday.", "Mali")
    assert titled.roles.actor1 == "Military Forces of Mali"


@pytest.mark.parametrize(
    "sentence",
    [
        "The opposition has called for three more days of protests starting on Monday.",
        "A students' union called a 12-hour bandh in the district to protest the killing.",
        "At least 90 people were killed in attacks across the north in the first six months.",
        "His death brings to 40 the number of soldiers killed since the offensive began.",
        "It was the fifth such attack on police posts in the province this year.",
        "Residents fear a return of the clashes that drove them from their homes.",
        "Rights groups described the arrests as part of a wider crackdown.",
        "The rebels have stepped up raids on army positions around the lake.",
    ],
)
def test_calls_tallies_and_commentary_open_no_record(sentence: str) -> None:
    assert lexicon.is_background(sentence) or lexicon.is_planned(sentence)


def test_a_participle_urging_people_does_not_make_an_event_background() -> None:
    sentence = (
        "Insurgents entered the village on Friday and addressed worshippers at the mosque, "
        "urging them not to cooperate with the army, residents said."
    )
    assert not lexicon.is_background(sentence)


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("Rebels and army troops had been battling since dawn near the bridge.", "Armed clash"),
        ("Thousands are rallying outside parliament, waving flags.", "Peaceful protest"),
        (
            "Young men broke into a supermarket and carried away sacks of flour.",
            "Looting/property destruction",
        ),
        (
            "An activist was taken from his home by armed men on Sunday.",
            "Abduction/forced disappearance",
        ),
        ("Two women were sexually assaulted at a checkpoint, survivors said.", "Sexual violence"),
    ],
)
def test_more_general_words_of_fights_crowds_looting_and_abductions(
    sentence: str, sub_event_type: str
) -> None:
    assert lexicon.is_event_sentence(sentence)
    assert _typed(sentence) == sub_event_type


def test_a_time_shift_opens_another_scene() -> None:
    later = _reading(
        "Hours later, a car packed with explosives blew up outside a police post in Jalalabad.",
        "Afghanistan",
    )
    assert later.new_scene
    afternoon = _reading(
        "Later in the day, protesters blocked the highway near Hoshab with burning tyres.",
        "Pakistan",
    )
    assert afternoon.new_scene
    same = _reading("The attackers then set fire to a police post in Jalalabad.", "Afghanistan")
    assert not same.new_scene


def test_junta_jets_rival_militias_and_a_bomber_wearing_a_belt() -> None:
    assert canonical_actor("junta fighter jet", "Myanmar") == "Military Forces of Myanmar"
    assert canonical_actor("rival militias", "Libya") == "Unidentified Armed Group (Libya)"
    sentence = (
        "Kirkuk \u2013 A suicide bomber wearing an explosive belt blew himself up at an army "
        "checkpoint on Tuesday."
    )
    found = roles(sentence, sentence.index("blew"), "Iraq")
    assert found.actor1 is None
    assert found.actor2 == "Military Forces of Iraq"


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        (
            "Army engineers defused a roadside bomb planted near the bridge.",
            "Disrupted weapons use",
        ),
        (
            "Troops retook the town of Kuda after two days of heavy fighting.",
            "Government regains territory",
        ),
        (
            "Rebels seized the border post after a brief exchange of fire.",
            "Non-state actor overtakes territory",
        ),
        (
            "Police fired tear gas at hundreds of people who gathered to demand his release.",
            "Protest with intervention",
        ),
        ("A mob seized a young man they accused of theft and beat him.", "Mob violence"),
    ],
)
def test_what_decides_between_neighbouring_types(sentence: str, sub_event_type: str) -> None:
    assert _typed(sentence) == sub_event_type


def test_a_live_blog_recap_is_no_event() -> None:
    assert lexicon.is_background("A quick recap of the main points: rebels took two villages.")


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("A mob set fire to at least ten houses in the village on Monday.", "Mob violence"),
        (
            "Protesters hurled stones and fireworks at police clearing a highway blockade.",
            "Violent demonstration",
        ),
        ("Armed men attacked a convoy of fuel tankers near the border.", "Attack"),
        (
            "Hundreds of protesters scuffled with police outside the ministry.",
            "Violent demonstration",
        ),
    ],
)
def test_mobs_riots_and_attacks_on_civilian_convoys(sentence: str, sub_event_type: str) -> None:
    assert _typed(sentence) == sub_event_type


def test_the_latest_in_a_string_of_killings_is_not_this_event_s_type() -> None:
    reading = _reading(
        "Gunmen killed six workers at a gold mine in Pataz on Monday, the latest in a string "
        "of killings in a region fought over by gangs.",
        "Peru",
    )
    assert reading.sub_event_type.value == "Attack"


def test_occupation_forces_and_bomb_squads_are_state_forces() -> None:
    assert canonical_actor("Israeli occupation forces", "Palestine") == "Military Forces of Israel"
    assert canonical_actor("the bomb disposal squad", "Pakistan") == "Police Forces of Pakistan"
    sentence = "Israeli occupation forces demolished two tents in the village of Tuba."
    found = roles(sentence, sentence.index("demolished"), "Palestine")
    assert found.actor1 == "Military Forces of Israel"


@pytest.mark.parametrize(
    ("sentence", "recap"),
    [
        (
            "Thousands marched on Saturday, marking the anniversary of the February 2021 coup.",
            False,
        ),
        (
            "Students protesting the 2014 disappearance of classmates stormed a gate on Wednesday.",
            False,
        ),
        ("In March 2020, jihadists killed nearly 100 soldiers on the peninsula.", True),
        ("The movement takes its name from the 23 March 2009 deal with the government.", True),
    ],
)
def test_an_anniversary_marked_today_is_news(sentence: str, recap: bool) -> None:
    assert lexicon.recalls_earlier_year(sentence, 2025) is recap


def test_the_assailants_are_never_a_pro_government_militia() -> None:
    report = (
        "VDP volunteers escort convoy\n\nThe VDP escorted the convoy. Two VDP members were "
        "wounded. The VDP said the road was cleared. JNIM claimed the ambush.\n"
    )
    assert main_group(report, "Burkina Faso") is None


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        (
            "A bomb hidden on a motorcycle exploded outside a police station.",
            "Remote explosive/landmine/IED",
        ),
        (
            "Militants targeted the police station with explosives dropped from a quadcopter.",
            "Air/drone strike",
        ),
        ("Cambodian troops opened fire on Thai positions near the temple.", "Armed clash"),
        ("Two more militants were neutralised in another engagement.", "Armed clash"),
        (
            "A supermarket was stripped of its stock and partly burned overnight.",
            "Looting/property destruction",
        ),
    ],
)
def test_bombs_that_exploded_drones_fire_and_looting(sentence: str, sub_event_type: str) -> None:
    assert lexicon.is_event_sentence(sentence)
    assert _typed(sentence) == sub_event_type


def test_a_week_s_tally_is_no_event() -> None:
    assert lexicon.is_background(
        "The ministry said its forces had neutralised 14 militants over the past week."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Witnesses said the attackers arrived in a bus and opened fire on traders in Kano.",
        "Police believe both attacks were carried out by insurgents of the same cell.",
        "Camp residents said the jet made two passes and dropped three bombs.",
    ],
)
def test_a_reported_the_attackers_goes_on_about_the_last_incident(sentence: str) -> None:
    reading = read_sentence(sentence, article_context(f"Report\n\n{sentence}\n"))
    assert reading is not None and reading.anaphoric


def test_a_shooter_named_next_acted_and_a_victim_who_died_of_wounds_counts() -> None:
    assert (
        fatalities("A teenage boy was shot in the chest near the school and died of his wounds.")
        == 1
    )
    text = (
        "Girl killed near Qusra\n\nPublished 2024-11-16\n\n"
        "A 15-year-old girl was shot in the back near the main gate of Qusra on Friday while "
        "walking to a shop. Two neighbours said Israeli soldiers in a patrol car fired at her "
        "from the road.\n"
    )
    assert [(e.sub_event_type.value, e.actor1) for e in _events(text)] == [
        ("Attack", "Military Forces of Israel")
    ]


def test_a_claim_about_an_earlier_scene_credits_that_scene_s_record() -> None:
    text = (
        "Two blasts in Iraq\n\nPublished 2024-05-07\n\n"
        "A suicide bomber blew himself up at an army checkpoint near Al-Qaim in Anbar province "
        "on Tuesday, killing two soldiers. In a separate incident, a roadside bomb went off "
        "beside a police patrol in Tarmiyah, north of Baghdad, causing no casualties. No group "
        "claimed the checkpoint bombing, but a security source blamed Islamic State remnants "
        "hiding in the Anbar desert.\n"
    )
    events = _events(text)
    assert [e.actor1 for e in events][:1] == ["Islamic State"]
    assert len(events) == 2
