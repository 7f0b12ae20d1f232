"""Check the training passages in ``training/data/*.jsonl`` against the label definitions.

Usage: ``python training/check_data.py [files...]`` (default: every batch). Prints one line per
problem and the counts per label; exits 1 if any problem was found. Needs only the standard
library, so writers can run it anywhere.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

KINDS = ("event", "continuation", "plan", "background", "tally", "none")
SUB_EVENT_TYPES = (
    "Armed clash",
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Peaceful protest",
    "Protest with intervention",
    "Excessive force against protesters",
    "Violent demonstration",
    "Mob violence",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
)
PASSAGE_KEYS = {"id", "country", "style", "title", "published", "sentences"}
SENTENCE_KEYS = {"p", "text", "kind", "sub_event_type", "actor1", "actor2", "place", "killed"}
SPANS = ("actor1", "actor2", "place")
DATA = Path(__file__).parent / "data"


def problems_of(passage: dict[str, object], where: str) -> list[str]:
    """Everything wrong with one passage, as readable lines."""
    found: list[str] = []
    if set(passage) != PASSAGE_KEYS:
        found.append(f"{where}: keys {sorted(passage)} != {sorted(PASSAGE_KEYS)}")
        return found
    sentences = passage["sentences"]
    if not isinstance(sentences, list) or len(sentences) < 3:
        return [*found, f"{where}: needs a list of at least 3 sentences"]
    last_paragraph = 0
    for index, sentence in enumerate(sentences):
        at = f"{where} sentence {index}"
        if not isinstance(sentence, dict) or set(sentence) != SENTENCE_KEYS:
            found.append(f"{at}: keys must be {sorted(SENTENCE_KEYS)}")
            continue
        text, kind = sentence["text"], sentence["kind"]
        paragraph = sentence["p"]
        if not isinstance(paragraph, int) or not last_paragraph <= paragraph <= last_paragraph + 1:
            found.append(f"{at}: p must be the paragraph number, 0 first, never skipping")
        else:
            last_paragraph = paragraph
        if not isinstance(text, str) or not text.strip() or text != text.strip():
            found.append(f"{at}: text must be a non-empty sentence without outer spaces")
            continue
        if kind not in KINDS:
            found.append(f"{at}: kind {kind!r} not in {KINDS}")
            continue
        fields = ("sub_event_type", *SPANS, "killed")
        if kind in ("event", "continuation"):
            if sentence["sub_event_type"] not in SUB_EVENT_TYPES:
                found.append(f"{at}: sub_event_type {sentence['sub_event_type']!r} is not ACLED's")
        elif any(sentence[name] is not None for name in fields):
            found.append(f"{at}: a {kind} sentence has every other field null")
        for name in SPANS:
            span = sentence[name]
            if span is not None and (not isinstance(span, str) or span not in text):
                found.append(f"{at}: {name} {span!r} is not copied exactly from the sentence")
        killed = sentence["killed"]
        if killed is not None and (not isinstance(killed, int) or isinstance(killed, bool)):
            found.append(f"{at}: killed must be an integer or null")
        elif isinstance(killed, int) and killed < 0:
            found.append(f"{at}: killed must not be negative")
    return found


def main(paths: list[Path]) -> int:
    """Check every passage in ``paths``; print problems and counts; 1 if anything is wrong."""
    problems: list[str] = []
    kinds: Counter[str] = Counter()
    types: Counter[str] = Counter()
    ids: set[str] = set()
    passages = 0
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                passage = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: not JSON ({exc})")
                continue
            passages += 1
            if passage.get("id") in ids:
                problems.append(f"{where}: duplicate id {passage.get('id')!r}")
            ids.add(str(passage.get("id")))
            problems.extend(problems_of(passage, where))
            for sentence in passage.get("sentences", []):
                if isinstance(sentence, dict):
                    kinds[str(sentence.get("kind"))] += 1
                    if sentence.get("sub_event_type"):
                        types[str(sentence["sub_event_type"])] += 1
    for problem in problems:
        print(problem)
    print(f"{passages} passages, {sum(kinds.values())} sentences")
    print("kinds:", dict(kinds.most_common()))
    print("sub-event types:", dict(types.most_common()))
    return 1 if problems else 0


if __name__ == "__main__":
    given = [Path(a) for a in sys.argv[1:]] or sorted(DATA.glob("*.jsonl"))
    sys.exit(main(given))
