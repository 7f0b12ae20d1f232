"""``summarizer eval``: registered on the summarizer CLI through an entry point.

The package never imports ``summarizer_evals``; ``pyproject.toml`` declares this command
under the ``summarizer.commands`` entry-point group, which the CLI loads when it lists its
commands. So that ``summarizer --help`` stays fast, the eval machinery is imported only
when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from summarizer.cli import backend_options, settings_from_options
from summarizer.errors import SummarizerError
from summarizer_evals.paths import BASELINE_PATH, GOLD_DIR


@click.command(name="eval")
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=GOLD_DIR,
    show_default=True,
    help="Gold labels directory.",
)
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Articles directory (default: seeds/ beside evals/).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("out/eval.json"),
    show_default=True,
    help="JSON report path.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a self-contained HTML report.",
)
@click.option(
    "--check-baseline",
    is_flag=True,
    help="Exit 1 when a headline metric is below evals/baseline.json beyond tolerance.",
)
@click.option(
    "--update-baseline",
    is_flag=True,
    help="Deliberately replace evals/baseline.json with this run's headline metrics.",
)
@backend_options
def eval_command(
    gold_dir: Path,
    seeds_dir: Path | None,
    json_path: Path,
    html_path: Path | None,
    check_baseline: bool,
    update_baseline: bool,
    **options: Any,
) -> None:
    """Run the pipeline over the gold articles and score it against the labels."""
    from summarizer.api import Summarizer
    from summarizer_evals import baseline
    from summarizer_evals.report import render_html, render_table, write_json
    from summarizer_evals.runner import run_eval

    try:
        with Summarizer(settings_from_options(options)) as summarizer:
            report, golds = run_eval(summarizer, gold_dir, seeds_dir)
    except SummarizerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(render_table(report))
    write_json(report, json_path)
    click.echo(f"JSON report: {json_path}")
    if html_path:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(render_html(report, golds), encoding="utf-8")
        click.echo(f"HTML report: {html_path}")
    if update_baseline:
        baseline.save_baseline(report)
        click.echo(f"baseline updated: {BASELINE_PATH}")
    if check_baseline:
        problems = baseline.compare(report, baseline.load_baseline())
        for problem in problems:
            click.echo(f"REGRESSION {problem}", err=True)
        if problems:
            sys.exit(1)
        click.echo("baseline check passed")
