"""Sentence spans, for every strategy: the rules read sentences, the pipeline grounds counts."""

from __future__ import annotations

import re

__all__ = ["sentences"]

_ABBREVIATION = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Maj|Capt|Sgt|Brig|Gov|Sen|Rep|approx|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z]|\b[A-Z]\.[A-Z])\.$"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``.

    Splits at line breaks and at ``. ! ?`` followed by a space, except after abbreviations
    and initials ("No. 10", "U.S. forces").
    """
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        begin = line.start()
        for end_mark in re.finditer(r"[.!?]+[\"'\u201d\u2019)]*(?=\s|$)", line.group(0)):
            end = line.start() + end_mark.end()
            if _ABBREVIATION.search(text[max(begin, end - 8) : end]):
                continue
            spans.append((begin, end))
            begin = end
        spans.append((begin, line.end()))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start > 2:
            out.append((start, end))
    return out
