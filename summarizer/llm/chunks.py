"""Long articles in pieces: split on paragraph boundaries into chunks that fit the context.

A chunk is a span of the text the model sees, with its start offset, so that anything found
in it still points into the whole text. Paragraphs are never cut unless one alone is longer
than a chunk; then it is cut at sentence ends, and a sentence longer than a chunk at spaces.
Consecutive chunks share nothing: an event told across a boundary is drafted from both
sides and merged afterwards (:mod:`summarizer.pipeline.consolidate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CHARS_PER_TOKEN", "PROSE_CHARS_PER_TOKEN", "Chunk", "chunk_budget", "split_into_chunks"]

CHARS_PER_TOKEN = 3.0
"""A cautious characters-per-token ratio: English news runs near 4 in common tokenizers;
names, numbers, JSON and non-English text run lower, so 3 leaves room."""

PROSE_CHARS_PER_TOKEN = 4.0
"""The ratio for the package's own English instructions."""

_PARAGRAPH_END = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile("(?<=[.!?\u2026])[\"'\u201d\u2019)]*\\s+")


@dataclass(frozen=True)
class Chunk:
    """A piece of the text: its characters and where they start in the whole."""

    text: str
    start: int

    @property
    def end(self) -> int:
        """Offset just past the chunk's last character."""
        return self.start + len(self.text)


def chunk_budget(context_tokens: int, prompt_tokens: int, answer_tokens: int) -> int:
    """Characters of article text that fit beside the instructions and the answer.

    Raises:
        ValueError: The instructions and the answer alone fill the context.

    """
    room = context_tokens - prompt_tokens - answer_tokens
    if room < 64:
        raise ValueError(
            f"a context of {context_tokens} tokens leaves no room for the article "
            f"(instructions ~{prompt_tokens}, answer up to {answer_tokens})"
        )
    return int(room * CHARS_PER_TOKEN)


def _pieces(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` between separator matches (each span keeps its trailing separator)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in separator.finditer(text):
        if match.end() > start:
            spans.append((start, match.end()))
            start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _units(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Paragraphs, with any paragraph longer than ``max_chars`` cut into smaller units."""
    units: list[tuple[int, int]] = []
    for start, end in _pieces(text, _PARAGRAPH_END):
        if end - start <= max_chars:
            units.append((start, end))
            continue
        for s_start, s_end in _pieces(text[start:end], _SENTENCE_END):
            s_start, s_end = s_start + start, s_end + start
            while s_end - s_start > max_chars:  # one sentence longer than a chunk
                cut = text.rfind(" ", s_start + 1, s_start + max_chars) + 1 or s_start + max_chars
                units.append((s_start, cut))
                s_start = cut
            units.append((s_start, s_end))
    return units


def split_into_chunks(text: str, max_chars: int) -> list[Chunk]:
    """Consecutive chunks of at most ``max_chars`` characters covering ``text`` exactly.

    Whitespace at a chunk's edges is trimmed from the chunk (its start moves with it), so
    ``text[chunk.start:chunk.end] == chunk.text`` always holds.
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    chunks: list[Chunk] = []
    current: tuple[int, int] | None = None
    for start, end in _units(text, max_chars):
        if current is not None and end - current[0] <= max_chars:
            current = (current[0], end)
            continue
        if current is not None:
            chunks.append(_trimmed(text, *current))
        current = (start, end)
    if current is not None:
        chunks.append(_trimmed(text, *current))
    return [chunk for chunk in chunks if chunk.text]


def _trimmed(text: str, start: int, end: int) -> Chunk:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return Chunk(text=piece.strip(), start=start + lead)
