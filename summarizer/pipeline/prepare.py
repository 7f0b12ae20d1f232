"""Prepare an article for extraction: drop page boilerplate, keep the original for offsets.

The model sees ``body`` (the article with boilerplate lines removed); evidence is always
aligned against ``text`` (the article as given), so offsets point into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.data import toml_table
from summarizer.schemas import Article

__all__ = ["PreparedArticle", "is_boilerplate", "prepare"]

_BOILERPLATE = re.compile(
    "^(?:" + "|".join(f"(?:{line})" for line in toml_table("boilerplate")["lines"]) + ")$",
    re.IGNORECASE,
)
"""Generic web-page furniture (``data/boilerplate.toml``): share widgets, comment forms."""


def is_boilerplate(line: str) -> bool:
    """Whether a line is page furniture rather than reporting."""
    return bool(_BOILERPLATE.match(line.strip()))


@dataclass(frozen=True)
class PreparedArticle:
    """An article ready for extraction.

    Attributes:
        article: The input, unchanged.
        body: The text shown to the model: the article without boilerplate lines.
        dropped: The boilerplate lines that were removed.

    """

    article: Article
    body: str
    dropped: tuple[str, ...]

    @property
    def text(self) -> str:
        """The original text, the one evidence offsets point into."""
        return self.article.text


def prepare(article: Article) -> PreparedArticle:
    """Remove boilerplate lines and collapse runs of blank lines."""
    kept: list[str] = []
    dropped: list[str] = []
    for line in article.text.splitlines():
        if line.strip() and is_boilerplate(line):
            dropped.append(line.strip())
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line.rstrip())
    return PreparedArticle(article=article, body="\n".join(kept).strip(), dropped=tuple(dropped))
