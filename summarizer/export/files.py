"""Read the summaries a run wrote; write their ACLED rows as CSV or Parquet."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from summarizer.errors import ConfigurationError, InputError, OutputError
from summarizer.export.rows import COLUMNS, Row, Value, acled_rows
from summarizer.schemas import ArticleSummary

__all__ = ["PARQUET_TYPES", "read_summaries", "write_csv", "write_parquet"]

PARQUET_HINT = "pip install 'summarizer[parquet]'"
PARQUET_BATCH = 10_000
"""Rows per Parquet row group (the export streams: memory stays bounded)."""

PARQUET_TYPES: dict[str, str] = {
    "event_date": "date32",
    "year": "int16",
    "time_precision": "int8",
    "inter1": "int8",
    "inter2": "int8",
    "interaction": "int16",
    "iso": "int16",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "int8",
    "fatalities": "int32",
    "timestamp": "int64",
}
"""The Parquet type of each column that is not a string."""


def read_summaries(source: str | Path | TextIO) -> Iterator[ArticleSummary]:
    """The summaries of a run's output (JSONL, one :class:`ArticleSummary` a line), streamed.

    Args:
        source: The output file, or an open text stream (``sys.stdin`` for ``-``).

    Raises:
        InputError: The file does not exist, or a line is not a summary (with its number).
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if str(source) == "-":
            return _parse(sys.stdin, "stdin")
        if not path.is_file():
            raise InputError(f"no such file: {path}")
        return _read_file(path)
    return _parse(source, getattr(source, "name", "stream"))


def _read_file(path: Path) -> Iterator[ArticleSummary]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            yield from _parse(handle, str(path))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc


def _parse(lines: Iterable[str], where: str) -> Iterator[ArticleSummary]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield ArticleSummary.model_validate_json(line.lstrip("\ufeff"))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()[:3]
            )
            raise InputError(f"{where}:{number}: not a summary line: {problems}"[:400]) from exc


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def write_csv(
    summaries: Iterable[ArticleSummary],
    destination: str | Path | TextIO,
    *,
    timestamp: int | None = None,
) -> int:
    """Write the ACLED rows of the summaries as CSV (a header, then a row per event).

    Args:
        summaries: The summaries, e.g. ``read_summaries("out.jsonl")``.
        destination: A file path (written as UTF-8), or an open text stream.
        timestamp: The ``timestamp`` column (Unix seconds); the time of the export if omitted.

    Returns:
        The number of rows written (events), the header not counted.

    Raises:
        OutputError: The file cannot be written.
    """
    rows = acled_rows(summaries, timestamp)
    if not isinstance(destination, str | Path):
        return _write_rows(rows, destination)
    try:
        with Path(destination).open("w", encoding="utf-8", newline="") as handle:
            return _write_rows(rows, handle)
    except OSError as exc:
        raise OutputError(f"cannot write {destination}: {exc}") from exc


def _write_rows(rows: Iterable[Row], handle: TextIO) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[column]) for column in COLUMNS])
        count += 1
    return count


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow  # type: ignore[import-untyped]
        import pyarrow.parquet  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ConfigurationError(f"writing Parquet needs pyarrow: {PARQUET_HINT}") from exc
    return pyarrow, pyarrow.parquet


def _parquet_value(column: str, value: Value) -> object:
    if column == "event_date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def write_parquet(
    summaries: Iterable[ArticleSummary],
    path: str | Path,
    *,
    timestamp: int | None = None,
) -> int:
    """Write the ACLED rows of the summaries as a Parquet file (needs ``pyarrow``).

    The columns are :data:`~summarizer.export.rows.COLUMNS`: strings, except those of
    :data:`PARQUET_TYPES` (event_date is a date; codes and counts are integers; empty
    cells are nulls).

    Returns:
        The number of rows written.

    Raises:
        ConfigurationError: pyarrow is not installed (``pip install 'summarizer[parquet]'``).
        OutputError: The file cannot be written.
    """
    pa, pq = _pyarrow()
    schema = pa.schema(
        [(column, getattr(pa, PARQUET_TYPES.get(column, "string"))()) for column in COLUMNS]
    )
    count = 0
    try:
        with pq.ParquetWriter(str(path), schema) as writer:
            batch: list[dict[str, object]] = []
            for row in acled_rows(summaries, timestamp):
                batch.append({c: _parquet_value(c, v) for c, v in row.items()})
                if len(batch) == PARQUET_BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count, batch = count + len(batch), []
            if batch or count == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    return count
