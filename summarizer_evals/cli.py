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

from summarizer.cli_options import backend_options, settings_from_options
from summarizer.errors import SummarizerError
from summarizer_evals.paths import BASELINE_PATH, EVAL_SETS, EvalSet


@click.command(name="eval")
@click.option(
    "--set",
    "set_names",
    type=click.Choice(list(EVAL_SETS)),
    multiple=True,
    help="Labeled set to score (repeatable; default: every set, seeds and dev).",
)
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Score another gold directory instead (with its aliases.json); needs --articles.",
)
@click.option(
    "--articles",
    "--seeds",
    "articles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The articles of --gold.",
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
    set_names: tuple[str, ...],
    gold_dir: Path | None,
    articles_dir: Path | None,
    json_path: Path,
    html_path: Path | None,
    check_baseline: bool,
    update_baseline: bool,
    **options: Any,
) -> None:
    """Run the pipeline over labeled articles and score it, set by set.

    The JSON report holds one report per set under ``sets``; with ``--html``, one page per
    set (``<name>.<set>.html``).
    """
    from summarizer.api import Summarizer
    from summarizer_evals import baseline
    from summarizer_evals.report import render_html, render_table, write_json
    from summarizer_evals.runner import run_eval

    if gold_dir is not None:
        chosen = [EvalSet(gold_dir.name, gold_dir, articles_dir or gold_dir.parent / "articles")]
    else:
        chosen = [EVAL_SETS[name] for name in set_names or EVAL_SETS]
    reports, golds = {}, {}
    try:
        with Summarizer(settings_from_options(options)) as summarizer:
            for eval_set in chosen:
                reports[eval_set.name], golds[eval_set.name] = run_eval(
                    summarizer, eval_set.gold_dir, eval_set.articles_dir
                )
    except SummarizerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    for name, report in reports.items():
        click.echo(f"== {name} ({len(report.articles)} articles)")
        click.echo(render_table(report))
    write_json(reports, json_path)
    click.echo(f"JSON report: {json_path}")
    if html_path:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        for name, report in reports.items():
            page = html_path.with_suffix(f".{name}{html_path.suffix}")
            page.write_text(render_html(report, golds[name]), encoding="utf-8")
            click.echo(f"HTML report: {page}")
    if update_baseline:
        baseline.save_baseline(reports)
        click.echo(f"baseline updated: {BASELINE_PATH}")
    if check_baseline:
        problems = baseline.compare(reports, baseline.load_baseline())
        for problem in problems:
            click.echo(f"REGRESSION {problem}", err=True)
        if problems:
            sys.exit(1)
        click.echo("baseline check passed")
