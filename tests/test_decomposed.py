"""The decomposed strategy end to end on a report from another conflict."""

from __future__ import annotations

import datetime as dt

from summarizer import Article, FakeBackend, Settings, Summarizer

REPORT = """Drone strikes hit Kharkiv as fighting rages near Bakhmut
Kyiv Independent
Tue, 5 Mar 2024 08:00 UTC
Russian drones struck an energy facility in Kharkiv early on 4 March, killing two workers, the regional governor said.
Ukrainian troops repelled an assault by Russian forces near Bakhmut on Monday, the General Staff reported.
Russia has denied targeting civilian infrastructure.
Moscow plans to launch a new offensive in the spring, officials warned.
In 2022, Russian forces previously occupied parts of the region.

Leave a Reply
"""


def run(strategy: str, backend: FakeBackend) -> object:
    settings = Settings.from_env(env={}, use_cache=False, strategy=strategy)
    with Summarizer(settings, backend=backend) as summarizer:
        return summarizer.summarize(Article(id="ua", text=REPORT))


def test_decomposed_assembles_grounded_records_without_the_model() -> None:
    backend = FakeBackend()
    result = run("decomposed", backend)
    assert not backend.calls  # rules only
    assert result.meta.strategy == "decomposed"
    assert result.published == dt.date(2024, 3, 5)
    assert result.outlet == "Kyiv Independent"
    by_type = {e.sub_event_type.value: e for e in result.events}
    strike = by_type["Air/drone strike"]
    assert strike.actor1 == "Military Forces of Russia"
    assert strike.admin1 == "Kharkiv"
    assert (strike.fatalities, strike.fatalities_qualifier) == (2, "exact")
    assert strike.event_date == dt.date(2024, 3, 4)
    clash = by_type["Armed clash"]
    assert clash.admin1 == "Donetsk"
    assert clash.event_date == dt.date(2024, 3, 4)
    assert len(result.events) == 2  # the plan and the background are not events
    for event in result.events:
        for evidence in event.evidence:
            assert REPORT[evidence.start : evidence.end] == evidence.quote
    assert "Leave a Reply" not in result.summary
    assert "killing two workers" in result.summary


def test_checked_variant_asks_the_model_about_each_candidate() -> None:
    backend = FakeBackend({"answer": "no"})
    result = run("decomposed-checked", backend)
    assert len(backend.calls) == 2
    assert "untrusted" in backend.calls[0][0]["content"]
    assert result.events == []
    assert result.meta.usage.total_tokens == 300


LOCAL_REPORT = """Bomb kills three at bus station in northern town

Daily Courier
Published 12 June 2024

A bomb exploded at the main bus station in Maiduguri on Tuesday morning, police said.

Witnesses said the blast shattered the windows of nearby shops and set two minibuses on fire.
Traders closed their stalls for the rest of the day.

Three people were killed in the explosion, a hospital official said.

Boko Haram claimed responsibility for the attack in a statement on Wednesday.

The group has carried out similar bombings in the region since 2009.
"""


def test_an_incident_told_over_paragraphs_is_one_record_with_its_claimant() -> None:
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        result = summarizer.summarize(Article(id="ng", text=LOCAL_REPORT))
    assert len(result.events) == 1
    bombing = result.events[0]
    assert bombing.sub_event_type.value == "Remote explosive/landmine/IED"
    assert (bombing.actor1, bombing.admin1, bombing.fatalities) == ("Boko Haram", "Borno", 3)
    assert bombing.country == "Nigeria"


PROTEST_REPORT = """Students march on ministry over fees

City Courier
Published 3 May 2025

Several thousand students marched through central Nairobi on Friday to demand lower fees.
Police fired tear gas to scatter them near the ministry, witnesses said.
In Kisumu, about 300 traders held a peaceful sit-in outside the county offices.
"""


def test_tear_gas_on_a_march_is_one_event_and_another_town_another() -> None:
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        result = summarizer.summarize(Article(id="ke", text=PROTEST_REPORT))
    kinds = [(e.sub_event_type.value, e.admin1) for e in result.events]
    assert kinds == [("Protest with intervention", "Nairobi"), ("Peaceful protest", "Kisumu")]


RAID_REPORT = """Two fighters killed in West Bank raid

Field Monitor
Published 27 October 2024

On 25 October, Israeli forces carried out a raid into Tammun that lasted several hours.
Fighters of a local armed group exchanged fire with the troops in the centre of the town.
Two Palestinian fighters were killed.
"""


def test_a_raid_and_the_fight_in_it_are_one_battle_between_the_raiders_and_the_fighters() -> None:
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        result = summarizer.summarize(Article(id="ps", text=RAID_REPORT))
    assert len(result.events) == 1
    battle = result.events[0]
    assert battle.actor1 == "Military Forces of Israel"
    assert battle.fatalities == 2


RALLY_REPORT = """Rally in the capital turns violent

Evening Post
Published 5 October 2025

Several thousand people marched to parliament in Tbilisi on Saturday to demand new elections.
After dark, a group of young men threw stones at the riot police guarding the gates.
Several officers were hurt, the police said.
"""


def test_a_rally_that_turns_violent_is_one_riot_by_rioters() -> None:
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        result = summarizer.summarize(Article(id="ge", text=RALLY_REPORT))
    assert len(result.events) == 1
    riot = result.events[0]
    assert riot.event_type.value == "Riots"
    assert riot.actor1 == "Rioters (Georgia)"


def _events(text: str) -> list:  # type: ignore[type-arg]
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        return list(summarizer.summarize(Article(id="t", text=text)).events)


LEAD_THEN_SIDES = """Night of fighting in Benghazi

Coast Wire
Published 9 June 2025

Heavy fighting between rival armed factions killed five people in Benghazi overnight, medics said.
The clashes broke out near the port between the Tariq Ben Zeyad Brigade and the Libyan National Army, residents said.
"""


def test_a_lead_that_names_no_side_takes_the_sides_the_next_sentence_names() -> None:
    events = _events(LEAD_THEN_SIDES)
    assert len(events) == 1
    assert events[0].actor1 is not None
    assert events[0].actor2 is not None


BLAMED_DRONE = """Drone hits market in central Mali

Sahel Monitor
Published 12 May 2025

A drone struck a livestock market in Diafarabe on Sunday, killing seven people, residents said.
Villagers blamed the Malian army, which says it targets only armed groups.
"""


def test_residents_blaming_the_army_make_the_army_the_perpetrator() -> None:
    events = _events(BLAMED_DRONE)
    assert [e.actor1 for e in events] == ["Military Forces of Mali"]


RECAP_UNDATED = """Gunmen kill four in northern Burkina Faso

Gunmen killed four traders near Djibo on Tuesday, a local official said.
In June 2022, militants killed more than 80 people in nearby Seytenga.
"""


def test_a_month_and_year_recap_in_an_undated_report_is_no_event() -> None:
    events = _events(RECAP_UNDATED)
    assert len(events) == 1
    assert events[0].fatalities == 4


SOLDIERS_IN_THE_WEST_BANK = """Teenager shot near Jenin

Field Report
Published 3 April 2025

Soldiers shot dead a 17-year-old near Jenin in the West Bank on Wednesday, witnesses said.
"""


def test_bare_soldiers_in_the_west_bank_are_israeli_forces() -> None:
    events = _events(SOLDIERS_IN_THE_WEST_BANK)
    assert events and events[0].actor1 == "Military Forces of Israel"
