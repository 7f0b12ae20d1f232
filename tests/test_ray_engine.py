"""``summarizer run --engine ray`` on a local Ray instance started by the tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from tests.fault_server import FaultPlan, fault_server
from tests.helpers import write_articles

ray = pytest.importorskip("ray")  # the dev extra installs it; CI runs these

SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def seeds_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "seeds.jsonl"
    lines = [json.dumps({"id": p.stem, "text": p.read_text()}) for p in sorted(SEEDS.glob("*.txt"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def records(path: Path) -> dict[str, dict[str, object]]:
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    return {row["article_id"]: {k: v for k, v in row.items() if k != "meta"} for row in rows}


def test_ray_writes_what_the_local_cli_writes_and_resumes(tmp_path: Path) -> None:
    source = seeds_jsonl(tmp_path)
    common = ["--backend", "fake", "--strategy", "decomposed", "--no-cache", "--no-progress"]
    local = CliRunner().invoke(main, ["run", str(source), "-o", str(tmp_path / "a.jsonl"), *common])
    assert local.exit_code == 0, local.output
    on_ray = [
        "run", str(source), "-o", str(tmp_path / "b.jsonl"), *common, "--engine", "ray",
    ]  # fmt: skip
    first = CliRunner().invoke(main, on_ray)
    assert first.exit_code == 0, first.output
    assert "5 done" in first.output and "engine: ray" in first.output
    assert records(tmp_path / "b.jsonl") == records(tmp_path / "a.jsonl")
    again = CliRunner().invoke(main, on_ray)
    assert again.exit_code == 0, again.output
    assert "0 done" in again.output and "5 skipped" in again.output
    assert len((tmp_path / "b.jsonl").read_text().splitlines()) == 5


def test_rate_limits_hold_across_ray_workers(tmp_path: Path) -> None:
    source = write_articles(tmp_path, 8)
    plan = FaultPlan()
    with fault_server(plan) as url:
        result = CliRunner().invoke(
            main,
            ["run", str(source), "-o", str(tmp_path / "o.jsonl"), "--base-url", url,
             "--api-key", "k", "-m", "stub", "--strategy", "one-call", "--no-cache",
             "--no-progress", "--engine", "ray", "--ray-workers", "2", "--rpm", "240"],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert plan.requests == 8
    # 240 a minute for the cluster, not for each worker: 8 starts span at least 7 x 0.25 s
    # (slots are booked centrally; a request may leave its worker a little after its slot).
    # Each worker pacing alone would have spanned about 3 x 0.25 s.
    assert plan.arrivals[-1] - plan.arrivals[0] >= 7 * 0.25 - 0.3


def test_ray_reads_parquet_too(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", "p2"], "text": ["Jets struck Idlib on Monday.", "Calm day."]})
    pq.write_table(table, tmp_path / "in.parquet")
    result = CliRunner().invoke(
        main,
        ["run", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "o.jsonl"), "--backend",
         "fake", "--strategy", "decomposed", "--no-cache", "--no-progress", "--engine", "ray"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert set(records(tmp_path / "o.jsonl")) == {"p1", "p2"}
