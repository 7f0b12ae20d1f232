"""Reliability under faults: every input id ends exactly once in the output or the errors.

The server is :mod:`tests.fault_server` on loopback; retries do not sleep (tenacity's wait is
patched to 0), so each test runs in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from tests.fault_server import FaultPlan, fault_server
from tests.helpers import write_articles


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_wait(attempt: int) -> float:
        return 0.0

    monkeypatch.setattr("summarizer.llm.backends.retries.backoff_seconds", no_wait)


def _ids(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["article_id"] for line in path.read_text().splitlines() if line]


def _run(base_url: str, inputs: Path, out: Path) -> object:
    return CliRunner().invoke(
        main,
        [
            "run",
            str(inputs),
            "-o",
            str(out),
            "--base-url",
            base_url,
            "--api-key",
            "k",
            "--model",
            "stub",
            "--no-progress",
            "--no-cache",
            "--strategy",
            "one-call",
        ],
        env={"SUMMARIZER_TIMEOUT": "5"},
    )


def test_a_network_blip_loses_no_article_and_does_not_stop_the_batch(tmp_path: Path) -> None:
    """Connection resets on the first 5 requests, then a healthy server (issue 9, item 1)."""
    inputs, out = write_articles(tmp_path, 20), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(resets=5)) as url:
        result = _run(url, inputs, out)
    done, failed = _ids(out), _ids(tmp_path / "out.errors.jsonl")
    assert sorted(done + failed) == sorted(f"a{i}" for i in range(20)), result.output  # type: ignore[attr-defined]
    assert len(done) >= 19  # at most the first article spent its budget on the blip
    assert result.exit_code in (0, 1)  # type: ignore[attr-defined]


def test_a_dead_server_stops_the_batch_and_records_every_article(tmp_path: Path) -> None:
    """Resets on every request: the batch stops, and no article is missing from both files."""
    inputs, out = write_articles(tmp_path, 12), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(resets=10_000)) as url:
        result = _run(url, inputs, out)
    failed = _ids(tmp_path / "out.errors.jsonl")
    assert result.exit_code == 3, result.output  # type: ignore[attr-defined]
    assert sorted(failed) == sorted(f"a{i}" for i in range(12))
    errors = [
        json.loads(x)["error"] for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()
    ]
    assert errors.count("NotAttempted") >= 9  # three tried in a row, the rest not attempted


def _fake_run(args: list[str]) -> object:
    return CliRunner().invoke(main, ["run", *args, "--backend", "fake", "--no-progress"])


def test_errors_equal_to_output_is_refused(tmp_path: Path) -> None:
    """Item 4: --errors equal to -o would destroy the results."""
    inputs, out = write_articles(tmp_path, 2), tmp_path / "out.jsonl"
    assert _fake_run([str(inputs), "-o", str(out)]).exit_code == 0  # type: ignore[attr-defined]
    before = out.read_text()
    result = _fake_run([str(inputs), "-o", str(out), "--errors", str(out)])
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "same file" in result.output  # type: ignore[attr-defined]
    assert out.read_text() == before


def test_a_resumed_run_keeps_the_failures_it_does_not_retry(tmp_path: Path) -> None:
    """Item 4: the errors file is never truncated, and no id is in both files."""
    inputs, out = write_articles(tmp_path, 2), tmp_path / "out.jsonl"
    errors = tmp_path / "out.errors.jsonl"
    errors.write_text('{"article_id": "old", "error": "X", "message": "kept"}\n')
    assert _fake_run([str(inputs), "-o", str(out)]).exit_code == 0  # type: ignore[attr-defined]
    assert _ids(errors) == ["old"]
    errors.write_text(errors.read_text() + '{"article_id": "a0", "error": "X", "message": "x"}\n')
    assert _fake_run([str(inputs), "-o", str(out)]).exit_code == 0  # type: ignore[attr-defined]
    assert _ids(errors) == ["old"]  # a0 is done: its stale failure is gone


def test_a_torn_last_line_is_cut_before_resuming(tmp_path: Path) -> None:
    """Item 5: a torn line is cut, said, and the article it held is done again."""
    inputs, out = write_articles(tmp_path, 3), tmp_path / "out.jsonl"
    assert _fake_run([str(inputs), "-o", str(out)]).exit_code == 0  # type: ignore[attr-defined]
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:2]) + "\n" + lines[2][:40])  # the third line torn
    result = _fake_run([str(inputs), "-o", str(out)])
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "torn last line" in result.output  # type: ignore[attr-defined]
    assert sorted(_ids(out)) == ["a0", "a1", "a2"]
    assert all(json.loads(line) for line in out.read_text().splitlines())


def test_a_second_process_on_the_same_output_stops_at_once(tmp_path: Path) -> None:
    """Item 3: the output is locked for the run."""
    import fcntl

    inputs, out = write_articles(tmp_path, 2), tmp_path / "out.jsonl"
    with out.open("a") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # another run holds it
        result = _fake_run([str(inputs), "-o", str(out)])
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "another summarizer run is writing to" in result.output  # type: ignore[attr-defined]
    assert out.read_text() == ""


def test_stdout_and_devices_are_written_never_read(tmp_path: Path) -> None:
    """Item 7: -o - streams to stdout; /dev/null is not read back nor given an errors file."""
    inputs = write_articles(tmp_path, 2)
    result = _fake_run([str(inputs), "-o", "-", "--errors", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 0  # type: ignore[attr-defined]
    streamed = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]  # type: ignore[attr-defined]
    assert sorted(s["article_id"] for s in streamed) == ["a0", "a1"]
    result = _fake_run([str(inputs), "-o", "/dev/null", "--errors", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert not Path("/dev/null.errors.jsonl").exists()


def test_the_runs_own_files_inside_the_input_directory_are_not_input(tmp_path: Path) -> None:
    """Item 8: output inside the input directory is not read back as input."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Gunmen attacked a village on Monday, killing three people.")
    out = folder / "out.jsonl"
    assert _fake_run([str(folder), "-o", str(out)]).exit_code == 0  # type: ignore[attr-defined]
    result = _fake_run([str(folder), "-o", str(out)])
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert "0 done" in result.output and "1 skipped" in result.output  # type: ignore[attr-defined]
    assert _ids(out) == ["one"]


def test_an_output_inside_a_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Item 6: filesystem errors are one line, exit 2."""
    inputs = write_articles(tmp_path, 1)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _fake_run([str(inputs), "-o", str(blocker / "out.jsonl")])
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "Traceback" not in result.output and "is a file" in result.output  # type: ignore[attr-defined]


def test_a_cache_directory_that_is_a_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Item 6: the cache directory given is a file (or lies under one)."""
    inputs, blocker = write_articles(tmp_path, 1), tmp_path / "cache"
    blocker.write_text("x")
    for cache in (blocker, blocker / "sub"):
        out = tmp_path / f"{cache.name}.jsonl"
        args = ["run", str(inputs), "-o", str(out), "--backend", "fake", "--no-progress"]
        result = CliRunner().invoke(main, [*args, "--cache-dir", str(cache)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "cache" in result.output
        assert result.output.count("\n") == 1  # one line


@pytest.mark.parametrize("answer", ["html", "empty"])
def test_answers_without_choices_are_invalid_output_not_a_crash(
    tmp_path: Path, answer: str
) -> None:
    """Item 11: an HTML page or an empty choice list is InvalidOutputError, per article."""
    inputs, out = write_articles(tmp_path, 2), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(answer=answer)) as url:
        result = _run(url, inputs, out)
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert {e["error"] for e in errors} == {"InvalidOutputError"}
    assert sorted(e["article_id"] for e in errors) == ["a0", "a1"]


def test_a_key_the_server_echoes_is_never_printed(tmp_path: Path) -> None:
    """Item 12: the API key is redacted from every message."""
    inputs, out = write_articles(tmp_path, 1), tmp_path / "out.jsonl"
    secret = "sk-test-very-secret-0123456789"
    with fault_server(FaultPlan(answer="echo-401")) as url:
        result = CliRunner().invoke(
            main,
            ["run", str(inputs), "-o", str(out), "--base-url", url, "--api-key", secret,
             "--model", "stub", "--no-progress", "--no-cache", "--strategy", "one-call"],
        )  # fmt: skip
    assert result.exit_code == 3, result.output  # type: ignore[attr-defined]
    written = result.output + "".join(p.read_text() for p in tmp_path.glob("*.jsonl"))  # type: ignore[attr-defined]
    assert secret not in written
    assert "***" in result.output  # type: ignore[attr-defined]


def test_library_retry_logs_stay_off_stderr(tmp_path: Path) -> None:
    """Item 11: instructor's "Max retries exceeded" lines are not printed without -v."""
    import logging

    inputs, out = write_articles(tmp_path, 2), tmp_path / "out.jsonl"
    with fault_server(FaultPlan(answer="empty")) as url:
        _run(url, inputs, out)
    assert logging.getLogger("instructor").getEffectiveLevel() == logging.CRITICAL
    assert not logging.getLogger("instructor").isEnabledFor(logging.ERROR)


def test_inputs_are_decoded_checked_and_their_metadata_kept(tmp_path: Path) -> None:
    """Item 9: encodings, binary data, BOMs, metadata keys, bad ids, blank text."""
    from summarizer.io import read_inputs

    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Des hommes armés ont attaqué le village de Séguénéga lundi.".encode("latin-1")
    )
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 256)  # 64 KB of every byte value
    lines = tmp_path / "in.jsonl"
    lines.write_bytes(
        "\ufeff".encode()
        + b'{"id": "a", "text": "Gunmen attacked a market.", "url": "http://x", "source": "y"}\n'
        + b'{"id": true, "text": "Some text."}\n'
        + b'{"id": "blank", "text": "   "}\n'
    )
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n")
    found = read_inputs([str(latin), str(noise), str(lines), str(blank)])
    by_id = {a.id: a for a in found.articles}
    assert "armés" in by_id["latin"].text and "not UTF-8" in by_id["latin"].warnings[0]
    assert by_id["a"].metadata == {"url": "http://x", "source": "y"}
    failed = {f.article_id: f.message for f in found.failures}
    assert "binary" in failed["noise"]
    assert "not true/false" in failed[f"{lines}:2"]
    assert "empty" in failed[f"{lines}:3"] and "empty" in failed["blank"]
    assert sorted(by_id) == ["a", "latin"]


def test_an_article_over_the_size_limit_is_a_clear_input_error(tmp_path: Path) -> None:
    """Item 14 (the cap): a configurable limit, one clear error per article."""
    path = tmp_path / "big.txt"
    path.write_text("Gunmen attacked a village. " * 100)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        ["run", str(path), "-o", str(out), "--backend", "fake", "--no-progress"],
        env={"SUMMARIZER_MAX_CHARS": "1000"},
    )
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    error = json.loads((tmp_path / "out.errors.jsonl").read_text().splitlines()[0])
    assert error["error"] == "InputError" and "SUMMARIZER_MAX_CHARS" in error["message"]


def test_timeout_is_a_deadline_for_the_whole_request(tmp_path: Path) -> None:
    """Item 2: a server that drips one byte every 0.5 s cannot hold a request past --timeout."""
    import time

    inputs, out = write_articles(tmp_path, 1), tmp_path / "out.jsonl"
    started = time.monotonic()
    with fault_server(FaultPlan(answer="drip", drip_seconds=0.5)) as url:
        result = CliRunner().invoke(
            main,
            ["run", str(inputs), "-o", str(out), "--base-url", url, "--api-key", "k",
             "--model", "stub", "--no-progress", "--no-cache", "--strategy", "one-call",
             "--timeout", "1"],
        )  # fmt: skip
    elapsed = time.monotonic() - started
    assert elapsed < 12, elapsed  # 4 attempts of 1 s each, no backoff (patched)
    errors = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text().splitlines()]
    assert [e["error"] for e in errors] == ["TransientBackendError"], result.output  # type: ignore[attr-defined]
    assert "within 1 s" in errors[0]["message"]


def test_ctrl_c_stops_promptly_says_what_was_kept_and_exits_130(tmp_path: Path) -> None:
    """Item 2: the first Ctrl-C does not wait for a dripping request."""
    import os
    import signal
    import subprocess
    import sys
    import time

    inputs, out = write_articles(tmp_path, 3), tmp_path / "out.jsonl"
    plan = FaultPlan(answer="drip", drip_seconds=0.5)
    with fault_server(plan) as url:
        process = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "run", str(inputs), "-o", str(out),
             "--base-url", url, "--api-key", "k", "--model", "stub", "--no-progress",
             "--no-cache", "--strategy", "one-call", "--timeout", "60"],
            stderr=subprocess.PIPE, text=True, cwd=tmp_path,
            # as from a terminal: a child inherits an ignored SIGINT, and something earlier
            # in a full pytest run leaves the test process ignoring it
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )  # fmt: skip
        deadline = time.monotonic() + 60  # a cold clone compiles every module first
        while plan.requests < 1 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        time.sleep(0.5)  # the first request dripping
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
        took = time.monotonic() - sent
    assert process.returncode == 130, stderr
    assert took < 5, took
    assert "interrupted" in stderr and "resume" in stderr
