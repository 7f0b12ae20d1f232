"""Tables load once per process, however many threads ask for them at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from summarizer.data import load_once


def test_threads_that_ask_together_build_the_table_once() -> None:
    built: list[str] = []
    gate = threading.Barrier(16)

    @load_once
    def table(name: str) -> dict[str, int]:
        built.append(name)
        time.sleep(0.05)  # long enough for every other thread to arrive meanwhile
        return {name: len(built)}

    def ask(_: int) -> dict[str, int]:
        gate.wait()
        return table("towns")

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(ask, range(16)))
    assert built == ["towns"]
    assert all(answer is answers[0] for answer in answers)
    assert table("admin1") == {"admin1": 2} and built == ["towns", "admin1"]
