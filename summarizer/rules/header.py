"""The article's shape: the header lines (title, outlet, date) and the body's sentences."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from summarizer.pipeline.prepare import is_boilerplate
from summarizer.text.dates import parse_date
from summarizer.text.sentences import sentences

__all__ = ["Header", "Sentence", "body_sentences", "dateline_end", "read_header"]


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


_MONTH_DAY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_DASH = r"(?:--|[-\u2013\u2014])"
_PLACE = r"[A-Z][\w'.-]+(?:\s[A-Z][\w'.-]+){0,2}(?:,\s*[A-Z][\w'.]+(?:\s[A-Z][\w'.]+)?)?"
_DATELINE = re.compile(
    rf"^(?:[A-Z][A-Z'.]+(?:[ /-][A-Z][A-Z'.]+)*(?:,\s*[A-Z][\w'.]+(?:\s[A-Z][\w'.]+)?)?"
    rf"(?:,\s*{_MONTH_DAY})?\s*(?:\([\w .]+\))?\s*(?:{_DASH}|:)"
    rf"|{_PLACE},\s*{_MONTH_DAY}\s*(?:\([\w .]+\))?\s*{_DASH}"
    rf"|{_PLACE}\s*\([A-Z][\w .]+\)\s*{_DASH})\s+"
)
"""A dateline opening a paragraph: "KHARKIV, May 16 (Reuters) -", "MOGADISHU:",
"Goma, Oct 3 (AFP) --". The place in it is where the report was filed, not an actor."""


def dateline_end(sentence: str) -> int:
    """Where the text after a leading dateline begins (0 when there is none)."""
    match = _DATELINE.match(sentence)
    return match.end() if match else 0


def body_sentences(text: str, header: Header) -> list[Sentence]:
    """Sentences outside the header and the page boilerplate, with paragraph numbers."""
    out: list[Sentence] = []
    paragraph_starts = [m.start() for m in re.finditer(r"(?m)^\s*\S", text)]
    for start, end in sentences(text):
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
        short_title = len(line.split()) < 6 and not line.endswith((".", "!", "?", '"', "\u201d"))
        if line in header.lines or is_boilerplate(line) or short_title:
            continue  # a short unpunctuated line is a title or a teaser, not a sentence
        paragraph = bisect.bisect_right(paragraph_starts, start)  # paragraphs begun so far
        opens_line = not text[line_start:start].strip()
        skip = dateline_end(text[start:end]) if opens_line else 0
        out.append(Sentence(text[start + skip : end].strip(), start + skip, paragraph))
    return out
