"""Regular expressions built from word lists (the lists live in :mod:`summarizer.data`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["alternation", "cue_pattern", "word_pattern"]


def alternation(phrases: Iterable[str]) -> str:
    """A non-capturing alternation of literal phrases, longest first.

    Spaces inside a phrase match any run of whitespace; nothing else is special.
    """
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in unique) + ")"


def word_pattern(phrases: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A compiled pattern matching any of the phrases as whole words."""
    return re.compile(r"\b" + alternation(phrases) + r"\b", flags)


def _cue(cue: str) -> str:
    prefix = cue.endswith("*")
    words = []
    for word in cue.rstrip("*").split():
        if word == "_":
            words.append(r"\S+")
        else:
            words.append(re.escape(word).replace("\\#", "#").replace("#", r"\d"))
    return r"\s+".join(words) + (r"\w*" if prefix else r"\b")


def cue_pattern(cues: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A compiled pattern for cues written in the lexicon's syntax (``data/lexicon.toml``).

    A cue matches from the start of a word and must end at a word's end unless it ends in
    ``*``; a space matches any whitespace, ``_`` any one word, ``#`` one digit.
    """
    unique = sorted(set(cues), key=lambda c: (-len(c), c))
    return re.compile(r"\b(?:" + "|".join(_cue(c) for c in unique) + ")", flags)
