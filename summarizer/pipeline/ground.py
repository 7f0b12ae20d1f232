"""Evidence alignment: find each quote in the article and pin it to character offsets.

Three passes, strictest first:

1. ``exact``: the quote occurs verbatim.
2. ``normalized``: equal after folding case, whitespace, curly quotes and dashes.
3. ``fuzzy``: the best partial match (rapidfuzz) scoring at least ``FUZZY_THRESHOLD``.

Whatever the pass, the evidence stored is the article's own text at the found span, so
``text[start:end] == quote`` always holds.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from summarizer.schemas import Evidence

__all__ = ["FUZZY_THRESHOLD", "align", "ground_quotes"]

FUZZY_THRESHOLD = 90.0
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Fold text for comparison; ``positions[i]`` is the original index of folded char ``i``."""
    out: list[str] = []
    positions: list[int] = []
    previous_space = True
    for index, char in enumerate(text.translate(_FOLD)):
        if char.isspace():
            if previous_space:
                continue
            out.append(" ")
            previous_space = True
        else:
            out.append(char.lower())
            previous_space = False
        positions.append(index)
    if out and out[-1] == " ":
        out.pop()
        positions.pop()
    return "".join(out), positions


def _clean_quote(quote: str) -> str:
    return quote.strip().strip("\"'\u201c\u201d\u2018\u2019").strip()


def align(quote: str, text: str) -> Evidence | None:
    """Align one quote to the article text, or return ``None`` when it is not there."""
    quote = _clean_quote(quote)
    if len(quote) < 3:
        return None
    start = text.find(quote)
    if start >= 0:
        return Evidence(quote=quote, start=start, end=start + len(quote), match="exact")
    folded_text, positions = _normalize_with_map(text)
    folded_quote, _ = _normalize_with_map(quote)
    at = folded_text.find(folded_quote)
    if at >= 0 and folded_quote:
        begin, finish = positions[at], positions[at + len(folded_quote) - 1] + 1
        return Evidence(quote=text[begin:finish], start=begin, end=finish, match="normalized")
    if len(folded_quote) < 12:
        return None
    found = fuzz.partial_ratio_alignment(folded_quote, folded_text)
    if found is None or found.score < FUZZY_THRESHOLD:
        return None
    begin = positions[found.dest_start]
    finish = positions[max(found.dest_end - 1, found.dest_start)] + 1
    begin, finish = _snap_to_words(text, begin, finish)
    if finish - begin < 3:
        return None
    return Evidence(quote=text[begin:finish], start=begin, end=finish, match="fuzzy")


def _snap_to_words(text: str, begin: int, finish: int) -> tuple[int, int]:
    """Widen a fuzzy span to whole words and trim surrounding spaces."""
    while begin > 0 and re.match(r"\w", text[begin - 1]) and re.match(r"\w", text[begin]):
        begin -= 1
    while (
        finish < len(text) and re.match(r"\w", text[finish - 1]) and re.match(r"\w", text[finish])
    ):
        finish += 1
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def ground_quotes(quotes: list[str], text: str) -> tuple[list[Evidence], list[str]]:
    """Align quotes to the text; return the aligned evidence and the quotes that failed."""
    aligned: list[Evidence] = []
    failed: list[str] = []
    for quote in quotes:
        found = align(quote, text)
        if found is None:
            failed.append(quote)
        elif all((found.start, found.end) != (e.start, e.end) for e in aligned):
            aligned.append(found)
    return aligned, failed
