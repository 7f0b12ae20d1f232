"""Experiment: veto only when the tuned reader is confident (the incident probability).

The reader's answer starts ``{"kind":"``; the next token's probabilities over the six kinds'
first tokens give P(incident) = P(event) + P(continuation), renormalized over the six. This
script reads that probability inside llama.cpp (one forward pass, no generation) and

* ``held``: prints, on the held-out sentences the rules read as events, how a veto at each
  threshold would decide (the threshold is chosen here, never on dev);
* ``eval --threshold T --set dev``: runs ``summarizer eval --strategy tuned`` with the reader
  answering ``event`` when P(incident) >= T and ``none`` otherwise.

Usage: ``python training/veto_threshold.py held`` /
``python training/veto_threshold.py eval --threshold 0.4 --set dev``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from summarizer.data import adapter_path
from summarizer.llm import tuned_reader
from summarizer.llm.backends.embedded import _load, bundled_model_path
from summarizer.rules.reading import article_context, read_sentence
from summarizer.schemas import Usage
from summarizer.strategies import READER_ADAPTER
from training.examples import _undated, held_out, passages

TURN_OPEN = "<start_of_turn>user\n"  # as in training/train.py
TURN_MODEL = "<end_of_turn>\n<start_of_turn>model\n"
KINDS = ("event", "continuation", "plan", "background", "tally", "none")


class IncidentProbability:
    """P(incident) of one reader prompt, from the logits after ``{"kind":"``."""

    def __init__(self) -> None:
        self.llama: Any = _load(bundled_model_path(), 1024, 2, adapter_path(READER_ADAPTER))
        self.first = [self.llama.tokenize(k.encode(), add_bos=False)[0] for k in KINDS]

    def __call__(self, prompt: str) -> float:
        """P(event) + P(continuation) for ``prompt``, over the six kinds."""
        text = TURN_OPEN + prompt + TURN_MODEL + '{"kind":"'
        self.llama.reset()
        self.llama.eval(self.llama.tokenize(text.encode(), add_bos=True, special=True))
        logits = np.ctypeslib.as_array(self.llama._ctx.get_logits(), shape=(self.llama.n_vocab(),))
        chosen = np.exp(logits[self.first].astype("float64") - logits.max())
        return float(chosen[:2].sum() / chosen.sum())


def held(probability: IncidentProbability) -> None:
    """The veto's decisions on held-out candidates, threshold by threshold."""
    rows: list[tuple[bool, float]] = []
    for passage in passages():
        if not held_out(str(passage["id"]), 0.1):
            continue
        sentences = passage["sentences"]
        assert isinstance(sentences, list)
        texts = [_undated(str(s["text"])) for s in sentences]
        context = article_context(" ".join(texts))
        for i, sentence in enumerate(sentences):
            if read_sentence(texts[i], context) is None:
                continue  # the strategy asks only about the rules' candidates
            prompt = tuned_reader.reader_prompt(
                str(passage["title"]), texts[i - 1] if i else None, texts[i]
            )
            rows.append((sentence["kind"] in ("event", "continuation"), probability(prompt)))
    incidents = sum(gold for gold, _ in rows)
    print(f"{len(rows)} held-out candidates, {incidents} tell an incident")
    print("threshold  vetoed  incidents vetoed  accuracy")
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        vetoed = [gold for gold, p in rows if p < threshold]
        right = sum(gold for gold, p in rows if p >= threshold) + vetoed.count(False)
        print(f"{threshold:9}  {len(vetoed):6}  {sum(vetoed):16}  {right / len(rows):.3f}")


def run_eval(probability: IncidentProbability, threshold: float, sets: list[str]) -> None:
    """``summarizer eval --strategy tuned`` with the thresholded reader."""

    def label(
        self: tuned_reader.TunedReader, title: str, previous: str | None, sentence: str
    ) -> tuple[tuned_reader.SentenceLabel, Usage]:
        p = probability(tuned_reader.reader_prompt(title, previous, sentence))
        return tuned_reader.SentenceLabel(kind="event" if p >= threshold else "none"), Usage()

    tuned_reader.TunedReader.label = label  # type: ignore[method-assign]
    from summarizer.cli import main

    sys.argv = ["summarizer", "eval", "--no-cache", "--strategy", "tuned"]
    sys.argv += [arg for name in sets for arg in ("--set", name)]
    main()


def main() -> None:
    """Parse the arguments and run the chosen part."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("part", choices=["held", "eval"])
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--set", action="append", default=[], dest="sets")
    args = parser.parse_args()
    probability = IncidentProbability()
    if args.part == "held":
        held(probability)
    else:
        run_eval(probability, args.threshold, args.sets or ["dev"])


if __name__ == "__main__":
    main()
