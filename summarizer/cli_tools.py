"""The commands around a run: export, view, serve, schema and cache.

Each is a thin layer over a library function (:mod:`summarizer.export`,
:mod:`summarizer.view`, :mod:`summarizer.service`, :mod:`summarizer.schemas`,
:class:`~summarizer.cache.ResultCache`); :mod:`summarizer.cli` registers them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from summarizer.cli_options import backend_options, log_options, settings_from_options
from summarizer.errors import SummarizerError

__all__ = ["cache", "export", "schema", "serve", "view"]


def _fail(exc: SummarizerError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.command()
@click.argument("results")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
    help="csv, or parquet (pip install 'summarizer[parquet]').",
)
@click.option(
    "--output", "-o", default="-", show_default=True, help="Where to write; - for stdout (csv)."
)
def export(results: str, fmt: str, output: str) -> None:
    r"""Write RESULTS (a run's JSONL, or - for stdin) as ACLED-style rows, one per event.

    \b
    Examples:
      summarizer export out.jsonl -o events.csv
      summarizer export out.jsonl --format parquet -o events.parquet
    """
    from summarizer.export import read_summaries, write_csv, write_parquet

    try:
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("--format parquet needs a file: -o events.parquet")
            rows = write_parquet(read_summaries(results), output)
        else:
            rows = write_csv(read_summaries(results), sys.stdout if output == "-" else output)
    except SummarizerError as exc:
        _fail(exc)
    click.echo(f"{rows} events written to {'stdout' if output == '-' else output}", err=True)


@click.command()
@click.argument("results")
@click.option(
    "--inputs",
    "-i",
    "inputs",
    multiple=True,
    help="The articles the results came from (files, folders, JSONL), to highlight the "
    "evidence in their text. Repeatable.",
)
@click.option("--output", "-o", default="report.html", show_default=True, help="The HTML page.")
@click.option("--title", default="Conflict event summaries", show_default=True)
def view(results: str, inputs: tuple[str, ...], output: str, title: str) -> None:
    r"""Write one self-contained HTML page to read RESULTS.

    Each article's text with every event's evidence highlighted and the record beside it;
    filters by event type and country. Article text is escaped: no script in it runs.

    \b
    Example:
      summarizer view out.jsonl --inputs seeds/ -o report.html
    """
    from summarizer.view import write_view

    try:
        count = write_view(results, list(inputs), output, title=title)
    except SummarizerError as exc:
        _fail(exc)
    click.echo(f"{count} articles in {output}", err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to bind.")
@click.option(
    "--token",
    default=None,
    help="Require 'Authorization: Bearer TOKEN' on every endpoint but /healthz. "
    "[env: SUMMARIZER_SERVICE_TOKEN]",
)
@click.option(
    "--max-queue",
    type=int,
    default=None,
    help="Articles held at once before 429 (default 1000). [env: SUMMARIZER_SERVICE_MAX_QUEUE]",
)
@click.option(
    "--max-body",
    type=int,
    default=None,
    help="Largest request body in bytes (default 10 MiB). [env: SUMMARIZER_SERVICE_MAX_BODY]",
)
@log_options
@backend_options
def serve(
    host: str,
    port: int,
    token: str | None,
    max_queue: int | None,
    max_body: int | None,
    verbose: int,
    log_format: str,
    **options: Any,
) -> None:
    r"""Serve the summarizer over HTTP (pip install 'summarizer[service]').

    POST /v1/summaries (one article), POST /v1/batches and GET /v1/batches/{id}[/results]
    (many, results as JSONL), GET /healthz; OpenAPI docs at /docs. Same settings and cache
    as `summarizer run`.

    \b
    Example:
      summarizer serve --port 8000
      curl -s localhost:8000/v1/summaries -H 'content-type: application/json' \
           -d '{"id": "a1", "text": "..."}'
    """
    from summarizer.logs import configure_logging

    configure_logging(verbose, "json" if log_format == "json" else "text")
    try:
        from summarizer.service import serve as run_service

        run_service(
            settings_from_options(options),
            host=host,
            port=port,
            token=token,
            max_queue=max_queue,
            max_body_bytes=max_body,
        )
    except SummarizerError as exc:
        _fail(exc)


@click.command()
@click.option(
    "--of",
    "which",
    type=click.Choice(["summary", "article", "failure"]),
    default="summary",
    show_default=True,
    help="summary: one line of the output; article: one input; failure: one errors line.",
)
def schema(which: str) -> None:
    """Print the JSON Schema of the output contract (or of an input article)."""
    from pydantic import BaseModel

    from summarizer.schemas import Article, ArticleFailure, ArticleSummary

    models: dict[str, type[BaseModel]] = {
        "summary": ArticleSummary,
        "article": Article,
        "failure": ArticleFailure,
    }
    model = models[which]
    click.echo(json.dumps(model.model_json_schema(), indent=2))


@click.group()
def cache() -> None:
    """Look at or empty the result cache (SUMMARIZER_CACHE_DIR)."""


@cache.command("info")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None)
def cache_info(cache_dir: Path | None) -> None:
    """Where the cache is, how many summaries it holds, its size on disk."""
    from summarizer.cache import ResultCache
    from summarizer.config import Settings

    try:
        directory = Settings.from_env(cache_dir=cache_dir).cache_dir
        store = ResultCache(directory)
        try:
            entries, size = len(store), store.size_bytes()
        finally:
            store.close()
    except SummarizerError as exc:
        _fail(exc)
    click.echo(f"directory: {directory}\nentries:   {entries}\nsize:      {size / 1e6:.1f} MB")


@cache.command("clear")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None)
@click.option("--yes", "-y", is_flag=True, help="Do not ask.")
def cache_clear(cache_dir: Path | None, yes: bool) -> None:
    """Remove every cached summary."""
    from summarizer.cache import ResultCache
    from summarizer.config import Settings

    try:
        directory = Settings.from_env(cache_dir=cache_dir).cache_dir
        if not yes:
            click.confirm(f"remove every summary cached in {directory}?", abort=True)
        store = ResultCache(directory)
        try:
            removed = store.clear()
        finally:
            store.close()
    except SummarizerError as exc:
        _fail(exc)
    click.echo(f"removed {removed} cached summaries from {directory}", err=True)
