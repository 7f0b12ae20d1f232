"""Score the tuned reader on the held-out sentences, inside llama.cpp as the package runs it.

Usage: ``python training/evaluate.py --adapter training/out/reader-lora.gguf``; without
``--adapter`` it scores the base model with the same prompt, for comparison (under the
JSON-schema grammar, since the base model does not write the answer's JSON on its own).
Prints the accuracy of each decision and writes them to ``--metrics`` (JSON).

Decisions scored per sentence: ``kind`` (6 classes), ``incident`` (event or continuation vs
the rest: the decision the strategy uses) and ``sub_event_type`` on the gold incidents.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from summarizer.llm.backends.embedded import EmbeddedBackend
from summarizer.llm.tuned_reader import SentenceLabel, TunedReader
from training.examples import Example, split


def score(reader: TunedReader, examples: list[Example]) -> dict[str, object]:
    """Per-decision accuracy of ``reader`` on ``examples``."""
    kind = incident = typed = typed_right = invalid = 0
    confusion: Counter[str] = Counter()
    started = time.perf_counter()
    for example in examples:
        prompt = example.prompt.split("\n")
        title, before, sentence = (line.split(": ", 1)[1] for line in prompt[1:4])
        try:
            answer, _ = reader.label(title, None if before == "-" else before, sentence)
        except Exception:  # an answer that stayed invalid counts as wrong everywhere
            invalid += 1
            answer = SentenceLabel(kind="none")
        gold = example.label
        kind += answer.kind == gold.kind
        incident += answer.tells_incident == gold.tells_incident
        confusion[f"{gold.kind}->{answer.kind}"] += 1
        if gold.tells_incident:
            typed += 1
            typed_right += answer.sub_event_type == gold.sub_event_type
    total = len(examples)
    return {
        "sentences": total,
        "kind_accuracy": round(kind / total, 4),
        "incident_accuracy": round(incident / total, 4),
        "sub_event_type_accuracy": round(typed_right / typed, 4) if typed else None,
        "invalid_answers": invalid,
        "seconds_per_sentence": round((time.perf_counter() - started) / total, 3),
        "confusion": dict(confusion.most_common()),
    }


def main() -> None:
    """Parse the arguments, score, print and write the metrics."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--adapter", type=Path, help="the LoRA adapter (GGUF)")
    parser.add_argument("--holdout", type=float, default=0.1)
    parser.add_argument("--limit", type=int, default=0, help="score the first N sentences")
    parser.add_argument("--metrics", type=Path, help="write the metrics here (JSON)")
    parser.add_argument("--training", type=Path, help="training.json to copy into the metrics")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    _, held = split(args.holdout)
    if args.limit:
        held = held[: args.limit]
    backend = EmbeddedBackend(
        n_ctx=1024,
        n_threads=args.threads,
        lora_path=args.adapter,
        constrained=args.adapter is None,  # the tuned model writes the JSON unaided
    )
    metrics = {"adapter": str(args.adapter) if args.adapter else None, **score(
        TunedReader(backend), held
    )}  # fmt: skip
    if args.training and args.training.is_file():
        metrics["training"] = json.loads(args.training.read_text())
    print(json.dumps(metrics, indent=2))
    if args.metrics:
        args.metrics.write_text(json.dumps(metrics, indent=2) + "\n")


if __name__ == "__main__":
    main()
