"""The ACLED export: every column of known records, as CSV and as Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import ConfigurationError, InputError
from summarizer.export import (
    COLUMNS,
    acled_rows,
    read_summaries,
    write_csv,
    write_parquet,
)
from summarizer.schemas import (
    ArticleSummary,
    ClaimStatus,
    Event,
    EventType,
    Evidence,
    RunMeta,
    SubEventType,
)

STAMP = 1_700_000_000
ET, ST = EventType, SubEventType


def event(event_type: EventType, sub_event_type: SubEventType, **fields: Any) -> Event:
    evidence = [Evidence(quote="x", start=0, end=1)]
    return Event(event_type=event_type, sub_event_type=sub_event_type, evidence=evidence, **fields)


def summary(article_id: str, events: list[Event], outlet: str | None = None) -> ArticleSummary:
    meta = RunMeta(
        package_version="0",
        backend="fake",
        model="m",
        strategy="decomposed",
        prompt_hash="p",
        schema_hash="s",
        code_hash="c",
        seconds=0.0,
    )
    return ArticleSummary(
        article_id=article_id, summary="A summary.", events=events, outlet=outlet, meta=meta
    )


CLASH = event(
    ET.BATTLES,
    ST.ARMED_CLASH,
    actor1="Military Forces of Nigeria",
    assoc_actor_1=["Civilian Joint Task Force"],
    actor2="Boko Haram",
    country="Nigeria",
    admin1="Borno",
    location="Gwoza",
    event_date=dt.date(2024, 3, 2),
    time_precision=1,
    fatalities=5,
    fatalities_qualifier="exact",
)
UNDATED = event(
    ET.VIOLENCE_AGAINST_CIVILIANS,
    ST.ATTACK,
    actor1="Unidentified Armed Group (Nigeria)",
    actor2="Civilians (Nigeria)",
    country="Nigeria",
    claim_status=ClaimStatus.ALLEGED,
)
PROTEST = event(
    ET.PROTESTS,
    ST.PEACEFUL_PROTEST,
    actor1="Protesters (Kenya)",
    country="Kenya",
    admin1="Nairobi",
    location="Nairobi",
    event_date=dt.date(2024, 6, 25),
    time_precision=1,
)
CRACKDOWN = event(
    ET.PROTESTS,
    ST.EXCESSIVE_FORCE,
    actor1="Protesters (Kenya)",
    actor2="Police Forces of Kenya",
    country="Kenya",
    admin1="Nairobi",
    event_date=dt.date(2024, 6, 1),
    time_precision=3,
    fatalities=2,
    fatalities_qualifier="exact",
)
AIR_STRIKE = event(
    ET.EXPLOSIONS,
    ST.AIR_DRONE_STRIKE,
    actor1="Military Forces of Russia",
    actor2="Civilians (Ukraine)",
    country="Ukraine",
    admin1="Kharkiv",
    location="Kharkiv",
    event_date=dt.date(2024, 5, 15),
    time_precision=2,
    fatalities=3,
    fatalities_qualifier="at least",
)
NOWHERE = event(ET.STRATEGIC_DEVELOPMENTS, ST.AGREEMENT, actor1="Houthis")

SUMMARIES = [
    summary("ng", [CLASH, UNDATED], outlet="Premium Times"),
    summary("ke", [PROTEST, CRACKDOWN]),
    summary("ua", [AIR_STRIKE, NOWHERE], outlet="Kyiv Independent"),
    summary("empty", []),
]

BLANK = dict.fromkeys(COLUMNS, "")
EXPECTED: list[dict[str, str]] = [
    {
        **BLANK,
        "event_id_cnty": "NGA1",
        "event_date": "2024-03-02",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Nigeria",
        "assoc_actor_1": "Civilian Joint Task Force",
        "inter1": "1",
        "actor2": "Boko Haram",
        "inter2": "2",
        "interaction": "12",
        "iso": "566",
        "region": "Western Africa",
        "country": "Nigeria",
        "admin1": "Borno",
        "location": "Gwoza",
        "latitude": "11.0831",
        "longitude": "13.6959",
        "geo_precision": "1",
        "source": "Premium Times",
        "notes": "On 2 March 2024, Military Forces of Nigeria clashed with Boko Haram in Gwoza "
        "(Borno). 5 fatalities.",
        "fatalities": "5",
        "timestamp": str(STAMP),
    },
    {
        **BLANK,
        "event_id_cnty": "NGA2",
        "disorder_type": "Political violence",
        "event_type": "Violence against civilians",
        "sub_event_type": "Attack",
        "actor1": "Unidentified Armed Group (Nigeria)",
        "inter1": "3",
        "actor2": "Civilians (Nigeria)",
        "inter2": "7",
        "interaction": "37",
        "civilian_targeting": "Civilian targeting",
        "iso": "566",
        "region": "Western Africa",
        "country": "Nigeria",
        "source": "Premium Times",
        "notes": "Unidentified Armed Group (Nigeria) attacked Civilians (Nigeria) in Nigeria.",
        "fatalities": "0",
        "tags": "claim status=alleged",
        "timestamp": str(STAMP),
    },
    {
        **BLANK,
        "event_id_cnty": "KEN1",
        "event_date": "2024-06-25",
        "year": "2024",
        "time_precision": "1",
        "disorder_type": "Demonstrations",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
        "actor1": "Protesters (Kenya)",
        "inter1": "6",
        "inter2": "0",
        "interaction": "60",
        "iso": "404",
        "region": "Eastern Africa",
        "country": "Kenya",
        "admin1": "Nairobi",
        "location": "Nairobi",
        "latitude": "-1.2833",
        "longitude": "36.8167",
        "geo_precision": "1",
        "notes": "On 25 June 2024, Protesters (Kenya) demonstrated in Nairobi (Nairobi).",
        "fatalities": "0",
        "timestamp": str(STAMP),
    },
    {
        **BLANK,
        "event_id_cnty": "KEN2",
        "event_date": "2024-06-01",
        "year": "2024",
        "time_precision": "3",
        "disorder_type": "Political violence; Demonstrations",
        "event_type": "Protests",
        "sub_event_type": "Excessive force against protesters",
        "actor1": "Protesters (Kenya)",
        "inter1": "6",
        "actor2": "Police Forces of Kenya",
        "inter2": "1",
        "interaction": "16",
        "iso": "404",
        "region": "Eastern Africa",
        "country": "Kenya",
        "admin1": "Nairobi",
        "latitude": "-1.2833",
        "longitude": "36.8167",
        "geo_precision": "3",
        "notes": "In June 2024, Police Forces of Kenya used excessive force against Protesters "
        "(Kenya) in Nairobi. 2 fatalities.",
        "fatalities": "2",
        "timestamp": str(STAMP),
    },
    {
        **BLANK,
        "event_id_cnty": "UKR1",
        "event_date": "2024-05-15",
        "year": "2024",
        "time_precision": "2",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of Russia",
        "inter1": "8",
        "actor2": "Civilians (Ukraine)",
        "inter2": "7",
        "interaction": "78",
        "civilian_targeting": "Civilian targeting",
        "iso": "804",
        "region": "Europe",
        "country": "Ukraine",
        "admin1": "Kharkiv",
        "location": "Kharkiv",
        "latitude": "49.9818",
        "longitude": "36.2548",
        "geo_precision": "1",
        "source": "Kyiv Independent",
        "notes": "Around 15 May 2024, Military Forces of Russia carried out an air/drone strike "
        "on Civilians (Ukraine) in Kharkiv (Kharkiv). At least 3 fatalities.",
        "fatalities": "3",
        "tags": "fatalities qualifier=at least",
        "timestamp": str(STAMP),
    },
    {
        **BLANK,
        "event_id_cnty": "XXX1",
        "disorder_type": "Strategic developments",
        "event_type": "Strategic developments",
        "sub_event_type": "Agreement",
        "actor1": "Houthis",
        "inter1": "2",
        "inter2": "0",
        "interaction": "20",
        "source": "Kyiv Independent",
        "notes": "Houthis reached an agreement.",
        "fatalities": "0",
        "timestamp": str(STAMP),
    },
]


def test_csv_has_every_column_of_the_known_records(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert write_csv(SUMMARIES, path, timestamp=STAMP) == len(EXPECTED)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert len(rows) == len(EXPECTED)
    for row, expected in zip(rows, EXPECTED, strict=True):
        for column in COLUMNS:
            assert row[column] == expected[column], (expected["event_id_cnty"], column)


def test_csv_to_a_stream_and_ids_are_stable() -> None:
    first, second = io.StringIO(), io.StringIO()
    write_csv(SUMMARIES, first, timestamp=STAMP)
    write_csv(SUMMARIES, second, timestamp=STAMP)
    assert first.getvalue() == second.getvalue()
    assert first.getvalue().splitlines()[0] == ",".join(COLUMNS)


def test_timestamp_defaults_to_one_value_for_the_export() -> None:
    rows = list(acled_rows(SUMMARIES))
    assert len({row["timestamp"] for row in rows}) == 1
    assert isinstance(rows[0]["timestamp"], int) and rows[0]["timestamp"] > STAMP


def test_parquet_round_trip(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    assert write_parquet(SUMMARIES, path, timestamp=STAMP) == len(EXPECTED)
    table = pq.read_table(path)
    assert tuple(table.column_names) == COLUMNS
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert str(table.schema.field("latitude").type) == "double"
    rows = table.to_pylist()
    assert rows[0]["event_date"] == dt.date(2024, 3, 2)
    assert rows[0]["inter1"] == 1 and rows[0]["interaction"] == 12
    assert rows[1]["event_date"] is None and rows[1]["latitude"] is None
    for row, expected in zip(rows, EXPECTED, strict=True):
        cells = {c: "" if v is None else str(v) for c, v in row.items()}
        assert cells == expected


def test_parquet_without_pyarrow_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ConfigurationError, match=r"pip install 'summarizer\[parquet\]'"):
        write_parquet(SUMMARIES, tmp_path / "x.parquet")


def test_parquet_of_no_events_has_the_columns(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    assert write_parquet([summary("empty", [])], path) == 0
    assert tuple(pq.read_table(path).column_names) == COLUMNS


def test_read_summaries_round_trips_a_run_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    lines = [s.model_dump_json() for s in SUMMARIES]
    path.write_text("\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:]) + "\n")
    assert list(read_summaries(path)) == SUMMARIES
    assert list(read_summaries(io.StringIO(lines[0]))) == SUMMARIES[:1]


def test_read_summaries_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(SUMMARIES[0].model_dump_json() + "\n" + '{"article_id": "x"}\n')
    with pytest.raises(InputError, match=r"out\.jsonl:2: not a summary line"):
        list(read_summaries(path))
    with pytest.raises(InputError, match="no such file"):
        read_summaries(tmp_path / "missing.jsonl")


def test_notes_of_a_reported_zero_and_of_a_division() -> None:
    calm = event(
        ET.PROTESTS,
        ST.PEACEFUL_PROTEST,
        actor1="Protesters (Cameroon)",
        country="Cameroon",
        admin1="Far North",
        location="Far North",
        fatalities=0,
        fatalities_qualifier="exact",
    )
    (row,) = acled_rows([summary("cm", [calm])], timestamp=STAMP)
    assert row["notes"] == "Protesters (Cameroon) demonstrated in Far North. No fatalities."
    assert (row["geo_precision"], row["fatalities"], row["tags"]) == (3, 0, None)
