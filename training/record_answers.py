"""Record the shipped adapter's answers to a few fixed sentences, for the CI test.

CI cannot retrain, but it can check that the adapter shipped in the package loads in llama.cpp
and still answers as it did when it was trained. This script runs the tuned reader on the
sentences below (written by the team for this purpose; none is in the training data) and
writes ``tests/fixtures/tuned_reader_answers.json``; ``tests/test_tuned_reader.py`` replays
them. Re-run it after every training run that replaces the adapter.

Usage: ``python training/record_answers.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from summarizer.strategies import tuned_reader

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "tuned_reader_answers.json"

FIXED: list[tuple[str, str | None, str]] = [
    (
        "Gunmen kill traders on road to market town",
        None,
        "Gunmen on motorcycles shot dead seven traders on the road to Kalpoga on Tuesday, "
        "a local official said.",
    ),
    (
        "Gunmen kill traders on road to market town",
        "Gunmen on motorcycles shot dead seven traders on the road to Kalpoga on Tuesday.",
        "The attackers also set fire to two trucks before fleeing into the bush.",
    ),
    (
        "Governor vows crackdown after raid",
        None,
        "The governor said security forces would begin a new operation in the district next month.",
    ),
    (
        "Violence in the region",
        None,
        "More than 1,400 people have been killed in the province since the start of the year, "
        "according to a monitoring group.",
    ),
    (
        "Teachers march over unpaid salaries",
        None,
        "Hundreds of teachers marched to the education ministry on Monday to demand three "
        "months of unpaid salaries.",
    ),
    (
        "Drone strike hits fuel depot",
        None,
        "The region has been contested by rival armed groups since the collapse of the "
        "peace deal in 2019.",
    ),
]


def main() -> None:
    """Label the fixed sentences with the shipped adapter and write the fixture."""
    reader = tuned_reader()
    records = []
    for title, previous, sentence in FIXED:
        label, _ = reader.label(title, previous, sentence)
        records.append(
            {
                "title": title,
                "previous": previous,
                "sentence": sentence,
                "answer": label.model_dump(mode="json"),
            }
        )
        print(label.kind, label.sub_event_type, "|", sentence[:70], flush=True)
    FIXTURE.write_text(
        json.dumps({"adapter_fingerprint": reader.fingerprint, "answers": records}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {FIXTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
