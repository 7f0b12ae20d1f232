"""Chaos: under every fault kind, kill -9 at random points and racing processes, each input id
ends exactly once in the output or the errors file, and no line is torn (issue 9).

The server is :mod:`tests.fault_server` on loopback (bounded, stopped by the test). Runs that
are killed are real subprocesses (``python -m summarizer run``); kill times come from seeded
random generators, so a failing seed can be replayed. Each test prints what it injected
(``pytest -s`` shows it); the README's reliability counts come from those lines.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from tests.fault_server import CHAOS_KINDS, FaultPlan, fault_server
from tests.helpers import write_articles

ARTICLES = 24


def _inputs(tmp_path: Path, count: int = ARTICLES) -> Path:
    return write_articles(tmp_path, count)


def _lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_exactly_once(out: Path, count: int = ARTICLES) -> None:
    """Every id once in output or errors, never both, never twice; every line whole JSON."""
    done = [str(r["article_id"]) for r in _lines(out)]  # json.loads fails on a torn line
    failed = [str(r["article_id"]) for r in _lines(out.with_name("out.errors.jsonl"))]
    assert len(done) == len(set(done)), "an id twice in the output"
    assert len(failed) == len(set(failed)), "an id twice in the errors file"
    assert not set(done) & set(failed), "an id in both files"
    assert sorted(done + failed) == sorted(f"a{i}" for i in range(count)), "an id lost"


def _args(url: str, inputs: Path, out: Path) -> list[str]:
    return [
        "run", str(inputs), "-o", str(out), "--base-url", url, "--api-key", "k",
        "--model", "stub", "--no-progress", "--no-cache", "--strategy", "one-call",
    ]  # fmt: skip


def _spawn(url: str, inputs: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SUMMARIZER_TIMEOUT": "5", "HOME": str(out.parent)}
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer", *_args(url, inputs, out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err.decode()


def _written(out: Path) -> int:
    errors = out.with_name("out.errors.jsonl")
    return sum(len(p.read_bytes().splitlines()) for p in (out, errors) if p.exists())


def _wait_for_progress(process: subprocess.Popen[bytes], out: Path, lines: int) -> None:
    """Until the two files hold ``lines`` lines in all, or the run ends (at most 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and _written(out) < lines:
        time.sleep(0.01)


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_wait(attempt: int) -> float:
        return 0.0

    monkeypatch.setattr("summarizer.llm.backends.retries.backoff_seconds", no_wait)


@pytest.mark.usefixtures("no_backoff")
@pytest.mark.parametrize("kind", CHAOS_KINDS)
def test_each_fault_kind_loses_and_duplicates_nothing(tmp_path: Path, kind: str) -> None:
    inputs, out = _inputs(tmp_path), tmp_path / "out.jsonl"
    plan = FaultPlan(chaos=(kind,), chaos_rate=0.4, seed=len(kind))
    with fault_server(plan) as url:
        first = CliRunner().invoke(main, _args(url, inputs, out), env={"SUMMARIZER_TIMEOUT": "5"})
        assert first.exit_code in (0, 1), first.output
        assert_exactly_once(out)
        resumed = CliRunner().invoke(main, _args(url, inputs, out))  # retries the failures
        assert resumed.exit_code in (0, 1), resumed.output
        assert_exactly_once(out)
    assert plan.injected.get(kind, 0) >= 3
    print(f"chaos kind={kind} injected={plan.injected[kind]} inputs={ARTICLES} lost=0")


@pytest.mark.parametrize("seed", [11, 12, 13, 14, 15])
def test_kill_9_at_random_points_then_resume(tmp_path: Path, seed: int) -> None:
    """A few SIGKILLs at random moments, a mix of faults, then a run to the end."""
    rng = random.Random(seed)
    inputs, out = _inputs(tmp_path), tmp_path / "out.jsonl"
    plan = FaultPlan(
        chaos=("500", "429", "truncated", "html"), chaos_rate=0.2, seed=seed, delay_seconds=0.04
    )
    kills, torn, done_at_kill = rng.randint(2, 3), 0, []
    with fault_server(plan) as url:
        for _ in range(kills):
            process = _spawn(url, inputs, out)
            _wait_for_progress(process, out, rng.randint(0, ARTICLES - 1))
            time.sleep(rng.uniform(0.0, 0.05))  # and land anywhere within the next article
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            done_at_kill.append(_written(out))
        code, err = _finish(_spawn(url, inputs, out))
        torn += err.count("cut a torn last line")
    assert code in (0, 1), err
    assert_exactly_once(out)
    print(
        f"chaos seed={seed} kill-9={kills} done-at-each-kill={done_at_kill} "
        f"faults={sum(plan.injected.values())} "
        f"torn-lines-cut={torn} inputs={ARTICLES} lost=0"
    )


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_two_processes_racing_on_one_output(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    inputs, out = _inputs(tmp_path), tmp_path / "out.jsonl"
    plan = FaultPlan(chaos=("500", "truncated"), chaos_rate=0.2, seed=seed, delay_seconds=0.03)
    with fault_server(plan) as url:
        first = _spawn(url, inputs, out)
        time.sleep(rng.uniform(0.0, 1.5))
        second = _spawn(url, inputs, out)
        codes = [_finish(first), _finish(second)]
        final, err = _finish(_spawn(url, inputs, out))
    losers = [e for c, e in codes if c == 2]
    assert all("another summarizer run" in e for e in losers)
    assert all(c in (0, 1, 2) for c, _ in codes)
    assert final in (0, 1), err
    assert_exactly_once(out)
    print(f"race seed={seed} refused={len(losers)} inputs={ARTICLES} lost=0")


def test_a_full_disk_mid_run_lists_the_articles_without_a_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 6: no traceback; exit 1 with the ids that have no result; a rerun completes."""
    from summarizer.outputs import ResultFiles

    inputs, out = _inputs(tmp_path, 8), tmp_path / "out.jsonl"
    real_write = ResultFiles._write
    written = {"lines": 0}

    class FullDisk:
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            return None

    def fills_up(self: ResultFiles, handle: object, line: str) -> None:
        if written["lines"] >= 3:
            handle = FullDisk()  # the fourth line finds the disk full
        written["lines"] += 1
        real_write(self, handle, line)  # type: ignore[arg-type]

    monkeypatch.setattr(ResultFiles, "_write", fills_up)
    args = ["run", str(inputs), "-o", str(out), "--backend", "fake", "--no-progress"]
    result = CliRunner().invoke(main, [*args, "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "No space left on device" in result.output
    assert "Traceback" not in result.output
    listed = result.output.split("a rerun resumes them): ", 1)[1].strip().split(", ")
    assert sorted(listed) == sorted(f"a{i}" for i in range(3, 8))
    monkeypatch.setattr(ResultFiles, "_write", real_write)
    assert CliRunner().invoke(main, [*args, "--no-cache"]).exit_code == 0
    assert_exactly_once(out, 8)


def test_a_file_size_limit_mid_run_is_reported_like_a_full_disk(tmp_path: Path) -> None:
    """The same, for real: the kernel refuses writes past RLIMIT_FSIZE (EFBIG)."""
    import resource

    inputs, out = _inputs(tmp_path, 8), tmp_path / "out.jsonl"
    args = ["run", str(inputs), "-o", str(out), "--backend", "fake", "--no-progress", "--no-cache"]

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing us
        resource.setrlimit(resource.RLIMIT_FSIZE, (1500, 1500))

    limited = subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        preexec_fn=limit_file_size,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    err = limited.stderr.decode()
    assert limited.returncode == 1, err
    assert "Traceback" not in err and "a rerun resumes them" in err
    rerun = subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, timeout=120
    )
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert_exactly_once(out, 8)


def test_a_torn_last_line_in_the_errors_file_is_cut_and_the_rest_kept(tmp_path: Path) -> None:
    inputs, out = _inputs(tmp_path, 3), tmp_path / "out.jsonl"
    errors = tmp_path / "out.errors.jsonl"
    errors.write_text(
        '{"article_id": "other", "error": "X", "message": "kept"}\n{"article_id": "a1", "er'
    )
    args = ["run", str(inputs), "-o", str(out), "--backend", "fake", "--no-progress"]
    result = CliRunner().invoke(main, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "cut a torn last line" in result.output
    assert [r["article_id"] for r in _lines(errors)] == ["other"]  # every line parses
    assert sorted(str(r["article_id"]) for r in _lines(out)) == ["a0", "a1", "a2"]
    assert not list(tmp_path.glob(".*.tmp"))
