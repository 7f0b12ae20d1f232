"""Request bodies to articles, read as ``summarizer run`` reads a JSONL input.

An article is a JSON object as on a line of the CLI's JSONL input: ``id`` (``article_id``
is accepted; a number becomes a string), ``text``, ``published`` (``YYYY-MM-DD``) and
``metadata`` optional; other keys are kept as string metadata. A batch body is a JSON
array of such objects, or JSON Lines (``Content-Type: application/x-ndjson``). A body with
any bad article, or a repeated id, is refused whole with the reasons
(:class:`~summarizer.errors.InputError`, HTTP 422).
"""

from __future__ import annotations

import io
import json
from typing import Any

from summarizer.errors import InputError
from summarizer.io import iter_inputs
from summarizer.schemas import Article, ArticleFailure

__all__ = ["NDJSON_TYPES", "parse_article", "parse_articles"]

NDJSON_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
SHOWN_PROBLEMS = 5


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the body is not UTF-8: {exc}") from exc


def _json(body: bytes) -> Any:
    try:
        return json.loads(_text(body))
    except json.JSONDecodeError as exc:
        raise InputError(f"the body is not JSON: {exc}") from exc


def _read(lines: str, where: str) -> list[Article]:
    """Articles from JSONL text through the CLI's reader; every problem refuses the body."""
    articles: list[Article] = []
    problems: list[str] = []
    for item in iter_inputs(["-"], stdin=io.StringIO(lines)):
        if isinstance(item, ArticleFailure):
            place = item.article_id.replace("stdin:", f"{where} ", 1)
            message = item.message.removeprefix("bad JSONL line: ")
            if message.startswith("duplicate article id"):
                place, message = "ids", message.split(";")[0]
            problems.append(f"{where if where == 'article' else place}: {message}")
        else:
            articles.append(item)
    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        more = len(problems) - SHOWN_PROBLEMS
        raise InputError(shown + (f"; and {more} more" if more > 0 else ""))
    return articles


def parse_article(body: bytes) -> Article:
    """One article from a JSON object body.

    Raises:
        InputError: The body is not one valid article.

    """
    record = _json(body)
    if not isinstance(record, dict):
        raise InputError("the body must be a JSON object (one article)")
    return _read(json.dumps(record), "article")[0]


def parse_articles(body: bytes, content_type: str | None) -> list[Article]:
    """Articles from a JSON array body, or a JSON Lines body (by its content type).

    Raises:
        InputError: The body is empty, not an array or JSONL, or holds a bad article or a
            repeated id.

    """
    kind = (content_type or "application/json").split(";")[0].strip().lower()
    if kind in NDJSON_TYPES:
        text = _text(body)
        if not text.strip():
            raise InputError("the body holds no articles")
        if not text.lstrip().startswith("{"):
            raise InputError("a JSON Lines body holds one JSON object per line")
        return _read(text, "line")
    records = _json(body)
    if not isinstance(records, list):
        raise InputError(
            "the body must be a JSON array of articles (or JSON Lines, with "
            "Content-Type: application/x-ndjson)"
        )
    if not records:
        raise InputError("the body holds no articles")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise InputError(f"item {number}: an article must be a JSON object")
    return _read("\n".join(json.dumps(r) for r in records), "item")
