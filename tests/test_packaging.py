"""The wheel: it carries the code, the prompts and the tables, and runs from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("summarizer-*.whl")
    return built


def test_wheel_holds_package_data_and_no_top_level_evals(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "summarizer/py.typed",
        "summarizer/llm/prompts/extract_system.md",
        "summarizer/llm/prompts/extract_user.md",
        "summarizer/llm/prompts/event_check_system.md",
        "summarizer/llm/prompts/event_check_user.md",
        "summarizer/data/lexicon.toml",
        "summarizer/data/actors.toml",
        "summarizer/data/places.toml",
        "summarizer/data/demonyms.csv",
        "summarizer/data/groups.csv",
        "summarizer/data/admin1.csv",
        "summarizer/data/boilerplate.toml",
        "summarizer/data/inter_codes.toml",
        "summarizer/data/acled_events.toml",
        "summarizer/data/acled_countries.toml",
        "summarizer/templates/view.html",
        "summarizer/templates/view.js",
        "summarizer/data/place_countries.csv.gz",
        "summarizer/data/towns/NG.csv.gz",
        "summarizer/data/towns/UA.csv.gz",
        "summarizer/data/adapters/reader-lora.gguf",
        "summarizer_evals/cli.py",
    ):
        assert needed in names, needed
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"summarizer", "summarizer_evals"}, tops
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "summarizer = summarizer.cli:main" in text
    assert "eval = summarizer_evals.cli:eval_command" in text


def test_installed_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    """Installed (not editable) and run away from the repo, prompts and tables still load."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
         str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[-1]
    (elsewhere / "report.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target), "SUMMARIZER_CACHE_DIR": str(tmp_path / "c")}
    probe = "import summarizer, sys; sys.stdout.write(summarizer.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=elsewhere, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(target))
    for strategy in ("decomposed", "one-call"):  # rules tables; the one-call prompt files
        out = elsewhere / f"{strategy}.jsonl"
        backend = ["--backend", "fake"] if strategy == "one-call" else []
        run = subprocess.run(
            [sys.executable, "-m", "summarizer", "run", "report.txt", "-o", out.name,
             "--strategy", strategy, "--no-progress", *backend],
            env=env,
            cwd=elsewhere,
            capture_output=True,
            text=True,
            timeout=300,
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        result = json.loads(out.read_text().splitlines()[0])
        assert result["meta"]["strategy"] == strategy
    rules = json.loads((elsewhere / "decomposed.jsonl").read_text())
    assert rules["events"], "the rules found no event: their tables did not load"
    assert all(e["evidence"] for e in rules["events"])
