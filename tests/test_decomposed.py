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
