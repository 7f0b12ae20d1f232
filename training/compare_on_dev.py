"""Per-decision accuracy of the tuned reader vs the rules on the dev set's candidate sentences.

The decision is the one the ``tuned`` strategy hands to the model: a sentence the rules read
as an event (a candidate) either tells an incident or not. Gold: a candidate tells an incident
when it contains one of the evidence quotes of a labeled event of its article (required or
optional); its gold sub-event type is that event's. The rules keep every candidate with the
type their lexicon gives; the reader keeps what it calls an event or a continuation.

Usage: ``python training/compare_on_dev.py [--adapter PATH] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from summarizer.data import adapter_path
from summarizer.llm.backends.embedded import EmbeddedBackend
from summarizer.llm.tuned_reader import TunedReader
from summarizer.pipeline.prepare import prepare
from summarizer.rules.header import body_sentences, read_header
from summarizer.rules.reading import article_context, read_sentence
from summarizer.schemas import Article
from summarizer.strategies import READER_ADAPTER

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "evals" / "dev"


def gold_type(sentence: str, events: list[dict[str, object]]) -> str | None:
    """The sub-event type of the labeled event one of whose quotes is in the sentence."""
    for event in events:
        for quote in event.get("evidence", []) or []:  # type: ignore[union-attr]
            if quote and (quote in sentence or sentence in quote):
                return str(event["sub_event_type"])
    return None


def main() -> None:
    """Score both deciders on every candidate sentence of the dev set."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--adapter", type=Path, default=adapter_path(READER_ADAPTER))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    reader = TunedReader(EmbeddedBackend(n_ctx=1024, lora_path=args.adapter, constrained=False))
    rows = []
    started = time.perf_counter()
    for path in sorted((DEV / "articles").glob("*.txt")):
        gold = json.loads((DEV / "gold" / f"{path.stem}.json").read_text())
        text = prepare(Article(id=path.stem, text=path.read_text(encoding="utf-8"))).text
        header = read_header(text)
        body = body_sentences(text, header)
        context = article_context(text)
        for index, sentence in enumerate(body):
            reading = read_sentence(sentence.text, context)
            if reading is None:
                continue
            previous = body[index - 1].text if index else None
            label, _ = reader.label(header.title or "", previous, sentence.text)
            rows.append(
                {
                    "article": path.stem,
                    "sentence": sentence.text,
                    "gold": gold_type(sentence.text, gold["events"]),
                    "rules_type": str(reading.sub_event_type),
                    "reader_kind": label.kind,
                    "reader_type": str(label.sub_event_type) if label.sub_event_type else None,
                }
            )
    total = len(rows)
    positives = [r for r in rows if r["gold"]]
    reader_right = sum(
        (r["reader_kind"] in ("event", "continuation")) == bool(r["gold"]) for r in rows
    )
    summary = {
        "candidates": total,
        "gold_incidents": len(positives),
        "keep_accuracy_rules": round(len(positives) / total, 4),
        "keep_accuracy_reader": round(reader_right / total, 4),
        "type_accuracy_rules": round(
            sum(r["rules_type"] == r["gold"] for r in positives) / len(positives), 4
        ),
        "type_accuracy_reader": round(
            sum(r["reader_type"] == r["gold"] for r in positives) / len(positives), 4
        ),
        "seconds_per_sentence": round((time.perf_counter() - started) / max(1, total), 3),
    }
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
