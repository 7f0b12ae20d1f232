"""The ``summarizer`` command: a thin layer over :class:`~summarizer.api.Summarizer`.

Exit codes: 0 all articles done; 1 some articles failed (see the errors file);
2 bad usage or input; 3 no model reachable or credentials rejected.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from summarizer import cli_tools
from summarizer.cli_options import backend_options, log_options, settings_from_options
from summarizer.errors import OutputError, SummarizerError

if TYPE_CHECKING:
    from summarizer.batch import BatchReport, Outcome

__all__ = ["main"]

EXIT_FAILURES = 1


def done_ids(output: Path) -> set[str]:
    """Ids already written to an output file (unreadable lines are ignored)."""
    if not output.exists():
        return set()
    ids: set[str] = set()
    for line in output.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            ids.add(str(json.loads(line)["article_id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return ids


def _open_for_append(path: Path) -> TextIO:
    """Open for appending, first finishing a last line cut off by an interrupted run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size and not path.read_bytes().endswith(b"\n"):
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n")
    return path.open("a", encoding="utf-8")


def _interrupted(finished: int, skipped: int) -> None:
    """Ctrl-C: say what was kept, then leave at once (requests in flight are abandoned)."""
    import os

    click.echo(
        f"interrupted: {finished} finished ({skipped} skipped) are in the output and errors "
        "files; run again with the same -o to resume",
        err=True,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)


def closing_line(report: BatchReport, skipped: int, input_failures: int) -> str:
    """The one-line account printed at the end of a run."""
    failed = len(report.failures) + input_failures
    usage = report.usage
    return (
        f"{report.succeeded} done ({report.cache_hits} from cache), {failed} failed, "
        f"{skipped} skipped (already in output) | tokens: {usage.total_tokens:,} "
        f"(prompt {usage.prompt_tokens:,}, completion {usage.completion_tokens:,}) | "
        f"wall time: {report.seconds:.1f} s"
    )


class PluginGroup(click.Group):
    """A group that also offers the commands registered under ``summarizer.commands``.

    Plugins (such as the eval suite's ``eval``) are loaded only when listed or invoked, so
    the package never imports them by name.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Built-in and plugin command names."""
        plugins = [e.name for e in entry_points(group="summarizer.commands")]
        return sorted({*super().list_commands(ctx), *plugins})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """A built-in command, else the plugin registered under that name."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        for entry in entry_points(group="summarizer.commands", name=cmd_name):
            loaded = entry.load()
            return loaded if isinstance(loaded, click.Command) else None
        return None


@click.group(cls=PluginGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarizer")
def main() -> None:
    """Summarize news about armed conflict into ACLED-style event records.

    Each article becomes one JSON line: title, outlet, date, a summary, key points and
    typed events (who did what to whom, where, when, how many killed, according to whom),
    each event backed by quotes aligned to character offsets in the article.

    Without OPENAI_API_KEY or OPENAI_BASE_URL, the embedded Gemma 3 270M model runs
    in-process; with them, any OpenAI-compatible server is used.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    required=True,
    help="Output JSONL, one summary per line, or - for stdout. An existing regular file is "
    "resumed: ids already in it are skipped. It is locked for the run.",
)
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Errors JSONL (default: OUTPUT with .errors.jsonl; errors.jsonl for stdout). Never "
    "truncated: a resumed run keeps the failures it does not retry.",
)
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD) for inputs that carry none, such as text files: "
    "relative dates ('on Tuesday') resolve against it.",
)
@log_options
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process (and -j workers); ray: a Ray Data pipeline over JSONL/Parquet "
    "inputs (pip install 'summarizer[cluster]').",
)
@click.option(
    "--ray-address",
    default=None,
    envvar="RAY_ADDRESS",
    help="The Ray cluster for --engine ray (e.g. ray://head:10001 or auto; default: start a "
    "local one). [env: RAY_ADDRESS]",
)
@click.option(
    "--ray-workers", type=int, default=2, show_default=True, help="Summarizer actors on Ray."
)
@backend_options
def run(
    inputs: tuple[str, ...],
    output: str,
    errors_path: Path | None,
    no_progress: bool,
    published: Any,
    verbose: int,
    log_format: str,
    engine: str,
    ray_address: str | None,
    ray_workers: int,
    **options: Any,
) -> None:
    r"""Summarize INPUTS (files, directories, JSONL files, or - for stdin) into OUTPUT.

    \b
    Examples:
      summarizer run seeds/ -o out.jsonl
      OPENAI_BASE_URL=http://localhost:11434/v1 summarizer run a.jsonl -o out.jsonl -m qwen2.5
      cat article.txt | summarizer run - -o out.jsonl
    """
    # Imported here, not at the top, so that --help never pays for pydantic or the models.
    from tqdm import tqdm

    from summarizer.api import Summarizer
    from summarizer.io import iter_inputs
    from summarizer.logs import configure_logging
    from summarizer.outputs import STDOUT, ResultFiles, default_errors_path
    from summarizer.schemas import Article, ArticleFailure, ArticleSummary

    configure_logging(verbose, "json" if log_format == "json" else "text")
    errors_path = errors_path or default_errors_path(output)
    if engine == "ray":
        _run_on_ray(inputs, output, errors_path, ray_address, ray_workers, options)
        return
    files = ResultFiles(output, errors_path)
    unwritten: list[str] = []  # ids whose outcome could not be written (a full disk mid-run)
    input_failures = skipped = 0
    try:
        settings = settings_from_options(options)
        own = {Path(output), errors_path} if output != STDOUT else {errors_path}
        if "-" in inputs:  # stdin is read once: hold it
            held = list(iter_inputs(inputs, exclude=own))
            ids = {
                item.article_id if isinstance(item, ArticleFailure) else item.id for item in held
            }
        else:  # files are read twice, ids first: the articles themselves stream
            ids = {
                item.article_id if isinstance(item, ArticleFailure) else item.id
                for item in iter_inputs(inputs, exclude=own)
            }
        with files.open(retry_ids=ids) as results:
            for note in results.notes:
                click.echo(f"note: {note}", err=True)
            total = len(ids - results.done)
            del ids
            bar = tqdm(total=total, unit="article", disable=no_progress, file=sys.stderr)

            def todo() -> Iterator[Article]:
                nonlocal input_failures, skipped
                items = held if "-" in inputs else iter_inputs(inputs, exclude=own)
                for item in items:
                    if isinstance(item, ArticleFailure):
                        input_failures += 1
                        results.write_error(item.model_dump_json())
                        bar.update(1)
                    elif item.id in results.done:
                        skipped += 1
                    elif published is not None and item.published is None:
                        yield item.model_copy(update={"published": published.date()})
                    else:
                        yield item

            def record(outcome: Outcome) -> None:
                if unwritten:  # the files failed (a full disk): nothing more can be written
                    unwritten.append(outcome.article_id)
                    return
                line = outcome.model_dump_json()
                try:
                    if isinstance(outcome, ArticleSummary):
                        results.write_summary(line)
                    else:
                        results.write_error(line)
                except OutputError:
                    unwritten.append(outcome.article_id)
                    raise  # stops the batch; the articles not finished are listed too
                bar.update(1)

            try:
                with Summarizer(settings) as summarizer:
                    report = summarizer.summarize_many(todo(), on_outcome=record, keep=False)
            except KeyboardInterrupt:
                bar.close()
                _interrupted(int(bar.n), skipped)
            bar.close()
    except SummarizerError as exc:
        click.echo(f"error: {exc}", err=True)
        if unwritten:  # the run had started: say which articles have no result anywhere
            click.echo(
                f"{len(unwritten)} articles have no result written (a rerun resumes them): "
                + ", ".join(unwritten),
                err=True,
            )
            sys.exit(EXIT_FAILURES)
        sys.exit(exc.exit_code)
    click.echo(closing_line(report, skipped, input_failures), err=True)
    failed = len(report.failures) + input_failures
    unreachable = [f for f in report.failures if f.error == "ServerUnreachableError"]
    if unreachable and not report.succeeded and len(unreachable) == len(report.failures):
        click.echo(f"error: {unreachable[0].message}", err=True)  # nothing got through
        click.echo(f"{failed} failed; reasons in {errors_path}", err=True)
        sys.exit(3)
    if failed:
        click.echo(f"{failed} failed; reasons in {errors_path}", err=True)
        sys.exit(EXIT_FAILURES)


def _run_on_ray(
    inputs: tuple[str, ...],
    output: str,
    errors_path: Path,
    address: str | None,
    workers: int,
    options: dict[str, Any],
) -> None:
    """``run --engine ray``: the same outputs, written by :func:`summarizer.cluster.run_on_ray`."""
    from summarizer.cluster import run_on_ray

    try:
        report = run_on_ray(
            inputs,
            output,
            errors_path,
            settings_from_options(options),
            address=address or None,
            workers=workers,
        )
    except SummarizerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(
        f"{report.succeeded} done ({report.cache_hits} from cache), {report.failed} failed, "
        f"{report.skipped} skipped (already in output) | engine: ray, {workers} workers | "
        f"wall time: {report.seconds:.1f} s",
        err=True,
    )
    if report.failed:
        click.echo(f"{report.failed} failed; reasons in {errors_path}", err=True)
        sys.exit(EXIT_FAILURES)


main.add_command(cli_tools.export)
main.add_command(cli_tools.view)
main.add_command(cli_tools.serve)
main.add_command(cli_tools.schema)
main.add_command(cli_tools.cache)

if __name__ == "__main__":  # pragma: no cover
    main()
