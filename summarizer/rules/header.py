"""The article's shape: the header lines (title, outlet, date) and the body's sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.pipeline.prepare import is_boilerplate
from summarizer.text.dates import parse_date
from summarizer.text.sentences import sentences

__all__ = ["Header", "Sentence", "body_sentences", "read_header"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article body with its offsets and paragraph number."""

    text: str
    start: int
    paragraph: int


@dataclass(frozen=True)
class Header:
    """What the lines above the body say."""

    title: str | None
    outlet: str | None
    published: str | None
    lines: frozenset[str]


def read_header(text: str) -> Header:
    """Title, outlet and date from the short lines before the first paragraph."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not is_boilerplate(ln)]
    header: list[str] = []
    for line in lines:
        if len(line.split()) >= 25:
            break
        header.append(line)
    title = next(
        (ln for ln in header if len(ln.split()) >= 7 and not ln.endswith(".")),
        header[0] if header else None,
    )
    published = next((ln for ln in header if parse_date(ln)), None)
    outlet = next(
        (
            ln
            for ln in header
            if ln not in (title, published)
            and 1 <= len(ln.split()) <= 6
            and all(w[0].isupper() for w in ln.split() if len(w) > 3)
        ),
        None,
    )
    return Header(
        title, outlet, published, frozenset(ln for ln in (title, outlet, published) if ln)
    )


def body_sentences(text: str, header: Header) -> list[Sentence]:
    """Sentences outside the header and the page boilerplate, with paragraph numbers."""
    out: list[Sentence] = []
    paragraph_starts = [m.start() for m in re.finditer(r"(?m)^\s*\S", text)]
    for start, end in sentences(text):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        if line in header.lines or is_boilerplate(line) or len(line.split()) < 6:
            continue
        paragraph = sum(1 for p in paragraph_starts if p <= start)
        out.append(Sentence(text[start:end].strip(), start, paragraph))
    return out
