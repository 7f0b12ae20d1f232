"""Read articles from files, directories, JSONL and stdin.

* a text file is one article; its id is the file's stem;
* a directory contributes its ``*.txt``, ``*.md`` and ``*.jsonl`` files, sorted by name;
* a ``.jsonl`` / ``.ndjson`` file holds one article per line:
  ``{"id": "...", "text": "...", "published": "YYYY-MM-DD"?}`` (``article_id`` is accepted
  for ``id``);
* ``-`` reads stdin: JSONL when its first character is ``{``, otherwise one article ``stdin``.

A bad JSONL line or a repeated id becomes a failure record, not an abort; a path that does
not exist raises :class:`~summarizer.errors.InputError`. Text that is not UTF-8 is decoded
with the encoding ``charset-normalizer`` detects, and the article says so in
``meta.warnings``; binary data and whitespace-only text are rejected as input errors; a
UTF-8 byte-order mark is dropped; JSONL keys beside ``id``, ``text`` and ``published`` are
kept as string metadata; an id must be a string or an integer (not ``true``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.schemas import Article, ArticleFailure

__all__ = ["InputSet", "Item", "decode", "iter_inputs", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".md", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


Item = Article | ArticleFailure


@dataclass
class InputSet:
    """Articles read from the inputs, and the inputs that could not become articles."""

    articles: list[Article] = field(default_factory=list)
    failures: list[ArticleFailure] = field(default_factory=list)


def _failure(article_id: str, message: str) -> ArticleFailure:
    return ArticleFailure(article_id=article_id, error="InputError", message=message)


def _read_jsonl(lines: Iterable[str], source: str) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        line = line.lstrip("\ufeff") if number == 1 else line  # a byte-order mark
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must be a JSON object")
            if "id" not in record and "article_id" in record:
                record["id"] = record.pop("article_id")
            if isinstance(record.get("id"), bool):
                raise ValueError("the id must be a string or a number, not true/false")
            if isinstance(record.get("id"), int):
                record["id"] = str(record["id"])  # numeric ids are common in exports
            if isinstance(record.get("text"), str) and not record["text"].strip():
                raise ValueError("the text is empty")
            known = {"id", "text", "published", "metadata", "warnings"}
            extra = {k: record.pop(k) for k in list(record) if k not in known}
            record.setdefault("metadata", {}).update({k: str(v) for k, v in extra.items()})
            yield Article.model_validate(record)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()
            )
            yield _failure(where, f"bad JSONL line: {problems}"[:300])
        except ValueError as exc:
            yield _failure(where, f"bad JSONL line: {exc}"[:300])


def _read_text(path: Path) -> Item:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failure(path.stem, f"cannot read {path}: {exc}")
    decoded = decode(data)
    if decoded is None:
        return _failure(path.stem, f"{path} is binary data, not text")
    text, encoding = decoded
    if not text.strip():
        return _failure(path.stem, f"{path} is empty")
    note = [f"input decoded as {encoding}, not UTF-8"] if encoding != "utf-8" else []
    return Article(id=path.stem, text=text, warnings=note)


def decode(data: bytes) -> tuple[str, str] | None:
    """Text and its encoding, or ``None`` for binary data.

    UTF-8 first (a byte-order mark dropped), else what ``charset-normalizer`` finds.
    """
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.3:
        return None
    return str(best), best.encoding


def _read_path(path: Path, skip: frozenset[Path]) -> Iterator[Item]:
    if path.is_dir():
        for child in sorted(path.iterdir()):
            readable = child.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES
            if child.is_file() and readable and child.resolve() not in skip:
                yield from _read_path(child, skip)
    elif path.suffix.lower() in JSONL_SUFFIXES:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            yield from _read_jsonl(handle, str(path))
    else:
        yield _read_text(path)


def _read_stdin(stdin: TextIO) -> Iterator[Item]:
    first = stdin.read(1)
    while first.isspace():
        first = stdin.read(1)
    if first == "{":
        yield from _read_jsonl(itertools.chain([first + stdin.readline()], stdin), "stdin")
        return
    data = first + stdin.read()
    if data.strip():
        yield Article(id="stdin", text=data)
    else:
        yield _failure("stdin", "stdin is empty")


def iter_inputs(
    sources: Iterable[str],
    stdin: TextIO | None = None,
    exclude: Iterable[Path] = (),
) -> Iterator[Item]:
    """Articles and unreadable inputs, one at a time, in input order (a stream).

    Only the ids seen so far are remembered (to turn a repeated id into a failure), so a
    JSONL file of any length is read in bounded memory. Arguments as :func:`read_inputs`.

    Raises:
        InputError: A path does not exist (checked for every source before anything is read).

    """
    sources = list(sources)
    for source in sources:
        if source != "-" and not Path(source).exists():
            raise InputError(f"no such file or directory: {source}")
    return _stream(sources, stdin, frozenset(p.resolve() for p in exclude))


def _stream(sources: list[str], stdin: TextIO | None, skip: frozenset[Path]) -> Iterator[Item]:
    seen: set[str] = set()
    for source in sources:
        if source == "-":
            if stdin is None:
                import sys

                stdin = sys.stdin
            items = _read_stdin(stdin)
        else:
            items = _read_path(Path(source), skip)
        for item in items:
            if isinstance(item, Article):
                if item.id in seen:
                    item = _failure(
                        item.id, f"duplicate article id {item.id!r}; the first one is kept"
                    )
                else:
                    seen.add(item.id)
            yield item


def read_inputs(
    sources: Iterable[str],
    stdin: TextIO | None = None,
    exclude: Iterable[Path] = (),
) -> InputSet:
    """Read every source into articles (all in memory; :func:`iter_inputs` streams).

    Args:
        sources: Paths, or ``-`` for stdin.
        stdin: The stream ``-`` reads (the process's stdin when omitted).
        exclude: Files never read as input (the run's own output and errors files, when
            they lie inside an input directory).

    Raises:
        InputError: A path does not exist.

    """
    result = InputSet()
    for item in iter_inputs(sources, stdin, exclude):
        if isinstance(item, Article):
            result.articles.append(item)
        else:
            result.failures.append(item)
    return result
