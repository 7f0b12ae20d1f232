"""How the rules read reporting they were not tuned on: the 500 training passages.

The passages in ``training/data/`` were written and labeled sentence by sentence for the tuned
reader (``training/README.md``); they are not the seeds or the dev set the rules are measured
on. This script runs the ``decomposed`` strategy (rules only, no model) on each passage and
compares, sentence by sentence:

* the report's country (the context every actor and place is read in) with the passage's;
* which labeled ``event`` sentences open a record (recall of incidents);
* what kind of sentence each record opens on (an event; a continuation = a duplicate; a plan,
  background, tally or none = a false record);
* on the records opened on an event sentence: the sub-event type, the toll where the sentence
  gives one, and actor1 against the labeled actor1 span named with :func:`canonical_actor` (a
  lower bound: the labels give spans such as "thousands of workers", which no canonical name
  equals).

Usage: ``python tools/rules_on_passages.py [--show KIND ...]``, KIND one of ``actor`` (actor1
disagreements), ``missed`` (event sentences that open no record), ``false`` (records opened on
a plan, background, tally or none), ``dup`` (records opened on a continuation) or ``type``
(sub-event type disagreements).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Article, FakeBackend, Settings, Summarizer  # noqa: E402
from summarizer.rules.reading import article_context  # noqa: E402
from summarizer.text.actor_names import canonical_actor  # noqa: E402
from summarizer.text.places import country_code  # noqa: E402
from training.examples import passages  # noqa: E402

NOT_INCIDENTS = ("plan", "background", "tally", "none")
WRITERS_NAMES = {
    "DR Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "Palestinian Territories": "PS",
}
"""The passages' country fields that are not ISO short names (a fixed yardstick)."""


def article_text(passage: dict) -> str:  # type: ignore[type-arg]
    """The passage as a report: title, publication date, paragraphs."""
    paragraphs: dict[int, list[str]] = collections.defaultdict(list)
    for sentence in passage["sentences"]:
        paragraphs[sentence["p"]].append(sentence["text"])
    body = "\n\n".join(" ".join(texts) for _, texts in sorted(paragraphs.items()))
    return f"{passage['title']}\n\nPublished {passage['published']}\n\n{body}\n"


def main() -> None:
    """Run the rules over every passage and print the agreement figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--show", action="append", default=[], choices=("actor", "missed", "false", "dup", "type")
    )
    args = parser.parse_args()
    show = set(args.show)
    counts: collections.Counter[str] = collections.Counter()
    opened_on: collections.Counter[str] = collections.Counter()
    settings = Settings.from_env(env={}, use_cache=False, strategy="decomposed")
    with Summarizer(settings, backend=FakeBackend()) as summarizer:
        for passage in passages(ROOT / "training" / "data"):
            text, sentences = article_text(passage), passage["sentences"]
            home = article_context(text).home_country
            counts["passages"] += 1
            wanted = WRITERS_NAMES.get(passage["country"]) or country_code(passage["country"])
            counts["home right"] += wanted is not None and country_code(home or "") == wanted
            result = summarizer.summarize(Article(id=passage["id"], text=text))
            first: dict[int, object] = {}
            for event in result.events:
                quote = event.evidence[0].quote
                index = next((i for i, s in enumerate(sentences) if quote[:50] in s["text"]), None)
                kind = sentences[index]["kind"] if index is not None else "?"
                opened_on[kind] += 1
                if index is not None:
                    first.setdefault(index, event)
                if ("false" in show and kind in NOT_INCIDENTS) or (
                    "dup" in show and kind == "continuation"
                ):
                    print(f"{passage['id']} {kind} {event.sub_event_type.value}: {quote[:160]!r}")
            for index, sentence in enumerate(sentences):
                if sentence["kind"] != "event":
                    continue
                counts["event sentences"] += 1
                event = first.get(index)
                if event is None:
                    if "missed" in show:
                        print(f"{passage['id']} missed: {sentence['text'][:200]!r}")
                    continue
                counts["opened"] += 1
                counts["type right"] += event.sub_event_type.value == sentence["sub_event_type"]
                if "type" in show and event.sub_event_type.value != sentence["sub_event_type"]:
                    print(
                        f"{passage['id']} type {sentence['sub_event_type']!r} != "
                        f"{event.sub_event_type.value!r}: {sentence['text'][:140]!r}"
                    )
                if sentence["killed"] is not None:
                    counts["with toll"] += 1
                    counts["toll right"] += event.fatalities == sentence["killed"]
                if sentence["actor1"]:
                    want = canonical_actor(sentence["actor1"], passage["country"])
                    counts["with actor1"] += 1
                    counts["actor1 right"] += event.actor1 == want
                    if "actor" in show and event.actor1 != want:
                        print(f"{passage['id']}: {want!r} != {event.actor1!r}")
    records = sum(opened_on.values())
    false = sum(opened_on[k] for k in NOT_INCIDENTS)
    print(f"passages                       {counts['passages']}")
    print(f"report country right           {counts['home right'] / counts['passages']:.3f}")
    print(f"event sentences opening a record {counts['opened'] / counts['event sentences']:.3f}")
    print(f"records                        {records}")
    print(f"  opened on an event sentence  {opened_on['event'] / records:.3f}")
    print(f"  on a continuation (duplicate) {opened_on['continuation'] / records:.3f}")
    print(f"  on plan/background/tally/none {false / records:.3f}")
    print(f"sub-event type (opened)        {counts['type right'] / counts['opened']:.3f}")
    print(f"actor1 (opened, lower bound)   {counts['actor1 right'] / counts['with actor1']:.3f}")
    print(f"killed (opened, labeled toll)  {counts['toll right'] / counts['with toll']:.3f}")


if __name__ == "__main__":
    main()
