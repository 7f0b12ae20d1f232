"""Bounded self-checks of a model's draft, before anything in it is dropped.

:func:`draft_problems` names, per event, what the pipeline would otherwise drop or doubt: a
quote that is not in the article, and a death toll that no quote of the event reports. The
one-call strategy sends the list back to the model once (:func:`recheck_messages`), with the
model's own answer, and keeps the second answer; what is still wrong then is dropped by the
pipeline and listed in ``meta.warnings``. An event type that contradicts its sub-event type
cannot occur: the draft asks for the sub-event type only and derives the type.
"""

from __future__ import annotations

from summarizer.backend import Message
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.ground import align
from summarizer.text.numbers import fatality_counts

__all__ = ["draft_problems", "recheck_messages"]


def draft_problems(draft: Draft, text: str) -> list[str]:
    """The specific errors of each drafted event, as sentences the model can act on."""
    problems: list[str] = []
    for index, event in enumerate(draft.events, start=1):
        aligned = []
        for quote in event.evidence:
            evidence = align(quote, text) if quote.strip() else None
            if evidence is None:
                problems.append(
                    f"event {index}: the quote {quote[:120]!r} is not in the article; "
                    "copy the words exactly as they are written there"
                )
            else:
                aligned.append(evidence.quote)
        if event.fatalities is not None and aligned:
            reported = {count.value for quote in aligned for count in fatality_counts(quote)}
            if event.fatalities not in reported:
                problems.append(
                    f"event {index}: fatalities is {event.fatalities} but none of its quotes "
                    "reports that many people killed; quote the sentence that gives the toll, "
                    "or use null"
                )
    return problems


def recheck_messages(messages: list[Message], draft: Draft, problems: list[str]) -> list[Message]:
    """The conversation that sends the problems back once, with the model's own answer."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    return [
        *messages,
        {"role": "assistant", "content": draft.model_dump_json()},
        {
            "role": "user",
            "content": "Check your answer against the article. These parts are wrong:\n"
            f"{listed}\nAnswer again with the whole corrected JSON only.",
        },
    ]
