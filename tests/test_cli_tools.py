"""The commands around a run (export, view, serve, schema, cache, --published) from the CLI."""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.export import COLUMNS


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seeds_out(runner: CliRunner, tmp_path: Path, seed_paths: list[Path]) -> Path:
    """The seeds run by the default rules strategy (no model call)."""
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        main,
        ["run", str(seed_paths[0].parent), "-o", str(out), "--backend", "fake",
         "--strategy", "decomposed", "--no-progress", "--published", "2023-11-20"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_published_dates_text_inputs(seeds_out: Path) -> None:
    summaries = [json.loads(line) for line in seeds_out.read_text().splitlines()]
    assert all(s["published"] for s in summaries)
    # a seed whose own text carries no date takes the one given on the command line
    assert "2023-11-20" in {s["published"] for s in summaries}


def test_export_csv_has_acled_columns_and_one_row_per_event(
    runner: CliRunner, seeds_out: Path, tmp_path: Path
) -> None:
    target = tmp_path / "events.csv"
    result = runner.invoke(main, ["export", str(seeds_out), "-o", str(target)])
    assert result.exit_code == 0, result.output
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    events = sum(len(json.loads(line)["events"]) for line in seeds_out.read_text().splitlines())
    assert len(rows) == events > 0
    assert f"{events} events written" in result.output
    assert all(row["event_id_cnty"] and row["notes"] for row in rows)


def test_export_parquet_needs_a_file(runner: CliRunner, seeds_out: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(seeds_out), "--format", "parquet"])
    assert result.exit_code == 2 and "needs a file" in result.output
    target = tmp_path / "events.parquet"
    result = runner.invoke(
        main, ["export", str(seeds_out), "--format", "parquet", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(target).column_names == list(COLUMNS)


def test_export_of_a_missing_file_is_an_input_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "error:" in result.output


def test_view_writes_one_page(
    runner: CliRunner, seeds_out: Path, tmp_path: Path, seed_paths: list[Path]
) -> None:
    page = tmp_path / "report.html"
    result = runner.invoke(
        main, ["view", str(seeds_out), "-i", str(seed_paths[0].parent), "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.count("<mark") > 5 and "http://" not in html.split("<body", 1)[0]


def test_schema_prints_the_output_contract(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "ArticleSummary" and "events" in schema["properties"]
    article = json.loads(runner.invoke(main, ["schema", "--of", "article"]).output)
    assert article["required"] == ["id", "text"]


def test_cache_info_and_clear(runner: CliRunner, seeds_out: Path, tmp_path: Path) -> None:
    info = runner.invoke(main, ["cache", "info"])
    assert info.exit_code == 0 and "entries:   5" in info.output
    assert runner.invoke(main, ["cache", "clear"], input="n\n").exit_code == 1  # asked, refused
    cleared = runner.invoke(main, ["cache", "clear", "--yes"])
    assert cleared.exit_code == 0 and "removed 5" in cleared.output
    assert "entries:   0" in runner.invoke(main, ["cache", "info"]).output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_loopback_until_stopped(tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "summarizer", "serve", "--port", str(port), "--backend", "fake",
         "--cache-dir", str(tmp_path / "cache")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        health = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.2)
        assert health is not None and health["status"] == "ok", process.poll()
        body = json.dumps({"id": "a1", "text": "Gunmen attacked a village on Monday."}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/summaries",
            data=body,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.loads(response.read())["article_id"] == "a1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
