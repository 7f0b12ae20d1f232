"""Eval reports: a text table, JSON, and a self-contained HTML page."""

from __future__ import annotations

import html
from pathlib import Path

from summarizer.schemas import ArticleSummary
from summarizer_evals.gold import GoldArticle
from summarizer_evals.runner import EvalReport
from summarizer_evals.scorer import Score

__all__ = ["render_html", "render_table", "write_json"]

ROWS = [
    ("event_f1", "event F1"),
    ("event_precision", "event precision"),
    ("event_recall", "event recall"),
    ("false_event_rate", "false-event rate"),
    ("sub_event_type_accuracy", "sub-event type acc."),
    ("actor1_accuracy", "actor1 acc."),
    ("actor2_accuracy", "actor2 acc."),
    ("admin1_accuracy", "admin1 acc."),
    ("fatalities_exact", "fatalities exact"),
    ("fatalities_abs_error", "fatalities abs. error"),
    ("date_accuracy", "date acc."),
    ("claim_status_accuracy", "claim status acc."),
    ("grounding", "grounding"),
    ("key_fact_recall", "key-fact recall"),
    ("rouge_l", "ROUGE-L F"),
    ("unsupported_numbers", "unsupported numbers"),
    ("tokens", "tokens / article"),
    ("seconds", "seconds / article"),
    ("cache_hits", "cache hits / article"),
]


MAX_COLUMNS = 8


def _cell(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}" if abs(value) < 100 else f"{value:,.0f}"


def render_table(report: EvalReport) -> str:
    """A plain-text table: one column for all articles, one per article when few.

    Sets of more than ``MAX_COLUMNS`` articles show the overall column and then the
    articles with the lowest event F1, by name.
    """
    columns: list[tuple[str, Score]] = [("all", report.overall)]
    if len(report.articles) <= MAX_COLUMNS:
        columns += [(a.article_id[:3], a.score) for a in report.articles]
    values = [score.values() for _, score in columns]
    width = max(len(label) for _, label in ROWS)
    lines = [
        f"eval {report.date} | backend {report.backend} | model {report.model} | "
        f"strategy {report.strategy} | {report.seconds:.1f} s",
        " " * width + "".join(f"{name:>8}" for name, _ in columns),
    ]
    for key, label in ROWS:
        lines.append(f"{label:<{width}}" + "".join(f"{_cell(v[key]):>8}" for v in values))
    if len(report.articles) > MAX_COLUMNS:
        scored = [(a.score.values()["event_f1"], a.article_id) for a in report.articles]
        worst = sorted((f1 if f1 is not None else 1.0, name) for f1, name in scored)[:8]
        lines.append("lowest event F1: " + ", ".join(f"{n} {f:.2f}" for f, n in worst))
    if report.failures:
        lines.append(f"failed articles: {', '.join(f.article_id for f in report.failures)}")
    return "\n".join(lines)


def write_json(reports: dict[str, EvalReport], path: Path) -> None:
    """Write ``{"sets": {name: report}}``, each with metric values next to their counts."""
    import json

    sets = {}
    for name, report in reports.items():
        payload = report.model_dump(mode="json")
        payload["headline"] = report.headline()
        for article, raw in zip(report.articles, payload["articles"], strict=True):
            raw["values"] = article.score.values()
        sets[name] = payload
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"sets": sets}, indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def _highlight(text: str, summary: ArticleSummary | None) -> str:
    spans = sorted(
        {(e.start, e.end) for event in (summary.events if summary else []) for e in event.evidence}
    )
    out, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _event_rows(items: list[dict[str, object]]) -> str:
    keys = [
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "admin1",
        "date",
        "fatalities",
        "claim_status",
    ]
    head = "".join(f"<th>{k}</th>" for k in keys)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(item.get(k, '')))}</td>" for k in keys) + "</tr>"
        for item in items
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(report: EvalReport, golds: list[GoldArticle]) -> str:
    """A self-contained HTML page (no scripts, no external resources).

    Per article: the text with evidence spans highlighted, and gold and predicted events
    side by side.
    """
    predictions = {p.article_id: p for p in report.predictions}
    sections = []
    for gold, scored in zip(golds, report.articles, strict=True):
        pred = predictions.get(gold.article_id)
        gold_items = [
            {
                **e.model_dump(mode="json"),
                "admin1": ", ".join(e.admin1),
                "actor1": e.actor1 if e.required else f"{e.actor1} (optional)",
            }
            for e in gold.events
        ]
        pred_items = [
            {**e.model_dump(mode="json"), "date": e.event_date}
            for e in (pred.events if pred else [])
        ]
        values = scored.score.values()
        sections.append(
            f"<section><h2>{html.escape(gold.article_id)}</h2>"
            f"<p>event F1 {_cell(values['event_f1'])} · grounding {_cell(values['grounding'])}"
            f" · key facts {_cell(values['key_fact_recall'])} · pairs {scored.pairs}</p>"
            f"<div class='cols'><div><h3>gold</h3>{_event_rows(gold_items)}</div>"
            f"<div><h3>predicted</h3>{_event_rows(pred_items)}</div></div>"
            f"<h3>summary</h3><p>{html.escape(pred.summary if pred else '(failed)')}</p>"
            f"<h3>article</h3><pre>{_highlight(gold.text, pred)}</pre></section>"
        )
    style = (
        "body{font-family:sans-serif;margin:2em}pre{white-space:pre-wrap;background:#f7f7f7;"
        "padding:1em}mark{background:#ffe066}table{border-collapse:collapse;font-size:12px}"
        "td,th{border:1px solid #ccc;padding:2px 4px}.cols{display:flex;gap:2em}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>summarizer eval</title>"
        f"<style>{style}</style></head><body><h1>summarizer eval</h1>"
        f"<pre>{html.escape(render_table(report))}</pre>{''.join(sections)}</body></html>"
    )
