"""One self-contained HTML page to read a run's results (``summarizer view``).

Per article: the text with each event's evidence highlighted (a colour per event type) and
the event records beside it; filters by event type and country run in the page. The output
JSONL does not carry the article text, so the texts are read again from the run's inputs
(:func:`summarizer.io.iter_inputs`, matched on ``article_id``); an article whose text is
not found is shown with its records and quotes, without highlights.

Everything from the results and the articles is HTML-escaped and rendered on the server
side; the page embeds no data for its script, loads nothing from outside, and its
Content-Security-Policy lets only its own script (by hash) run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from pydantic import ValidationError

from summarizer.errors import InputError, OutputError
from summarizer.io import iter_inputs
from summarizer.outputs import default_errors_path
from summarizer.schemas import (
    Article,
    ArticleFailure,
    ArticleSummary,
    Event,
    EventType,
    Evidence,
)

__all__ = [
    "Span",
    "locate",
    "read_failures",
    "read_summaries",
    "read_texts",
    "render_html",
    "segments",
    "write_view",
]

SLUGS: dict[EventType, str] = {
    EventType.BATTLES: "battles",
    EventType.EXPLOSIONS: "explosions",
    EventType.VIOLENCE_AGAINST_CIVILIANS: "vac",
    EventType.PROTESTS: "protests",
    EventType.RIOTS: "riots",
    EventType.STRATEGIC_DEVELOPMENTS: "strategic",
}
"""CSS class suffix of each event type (``t-<slug>``): its colour in the page."""

_PRECISION = {1: "day", 2: "week", 3: "month"}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Span:
    """One evidence quote located in the text: ``text[start:end]`` for event ``event``."""

    start: int
    end: int
    event: int
    evidence: int


def locate(text: str, evidence: Evidence) -> tuple[int, int] | None:
    """Where a quote is in the text: its own offsets, else its first occurrence, else None."""
    if text[evidence.start : evidence.end] == evidence.quote:
        return evidence.start, evidence.end
    found = text.find(evidence.quote)
    return (found, found + len(evidence.quote)) if found >= 0 else None


def segments(length: int, spans: Iterable[Span]) -> list[tuple[int, int, tuple[Span, ...]]]:
    """Cut ``[0, length)`` into non-overlapping pieces, each with the spans that cover it.

    Overlapping and nested spans split the text at every start and end; a piece's spans are
    ordered innermost (shortest) first, so its colour is that of the most specific quote.
    """
    spans = [s for s in spans if 0 <= s.start < s.end <= length]
    cuts = sorted({0, length, *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[tuple[int, int, tuple[Span, ...]]] = []
    for begin, finish in itertools.pairwise(cuts):
        cover = [s for s in spans if s.start <= begin and finish <= s.end]
        cover.sort(key=lambda s: (s.end - s.start, s.event, s.evidence))
        pieces.append((begin, finish, tuple(cover)))
    return pieces


def _highlighted(text: str, spans: list[Span], events: Sequence[Event]) -> str:
    out: list[str] = []
    for begin, finish, cover in segments(len(text), spans):
        piece = _e(text[begin:finish])
        if not cover:
            out.append(piece)
            continue
        ids = list(dict.fromkeys(s.event for s in cover))
        slugs = [SLUGS[events[i].event_type] for i in ids]
        keys = " ".join(f"{s.event}.{s.evidence}" for s in cover)
        tip = ", ".join(f"#{i + 1} {events[i].sub_event_type.value}" for i in ids)
        css = f"t-{slugs[0]}" + (" multi" if len(ids) > 1 else "")
        out.append(
            f'<mark class="{css}" data-event="{" ".join(map(str, ids))}" '
            f'data-slugs="{" ".join(slugs)}" data-ev="{keys}" title="{_e(tip)}">{piece}</mark>'
        )
    return "".join(out)


def _count(value: int | None, qualifier: str | None) -> str | None:
    if value is None:
        return None
    if qualifier in (None, "exact"):
        return str(value)
    if qualifier in ("dozens", "tens", "hundreds"):
        return f"{qualifier} (~{value})"
    return f"{qualifier} {value}"


def _actors(main: str | None, assoc: list[str]) -> str:
    names = _e(main or "unnamed")
    return names + (f" <small>with {_e(', '.join(assoc))}</small>" if assoc else "")


def _event_card(index: int, event: Event, located: list[bool]) -> str:
    rows: list[tuple[str, str]] = []
    if event.actor1 or event.actor2 or event.assoc_actor_1 or event.assoc_actor_2:
        actors = _actors(event.actor1, event.assoc_actor_1)
        if event.actor2 or event.assoc_actor_2:
            actors += " &rarr; " + _actors(event.actor2, event.assoc_actor_2)
        rows.append(("Actors", actors))
    place = [p for p in (event.location, event.admin1, event.country) if p]
    if place:
        rows.append(("Place", _e(", ".join(dict.fromkeys(place)))))
    when = []
    if event.event_date is not None:
        precision = _PRECISION.get(event.time_precision or 1, "")
        when.append(f"{_e(event.event_date.isoformat())} <small>({_e(precision)})</small>")
    if event.date_text:
        when.append(f"<q>{_e(event.date_text)}</q>")
    if when:
        rows.append(("Date", " ".join(when)))
    for label, value in (
        ("Fatalities", _count(event.fatalities, event.fatalities_qualifier)),
        ("Strikes", _count(event.strike_count, event.strike_count_qualifier)),
    ):
        if value is not None:
            rows.append((label, _e(value)))
    claim = f'<span class="claim {_e(event.claim_status.value)}">{_e(event.claim_status.value)}'
    claim += "</span>"
    if event.attributed_to:
        claim += f" by {_e(event.attributed_to)}"
    rows.append(("Claim", claim))
    for number, (evidence, found) in enumerate(zip(event.evidence, located, strict=True)):
        note = "" if evidence.match == "exact" else f" <small>({_e(evidence.match)} match)</small>"
        if not found:
            note += ' <small class="warn">(not found in the text)</small>'
        label = "Evidence" if number == 0 else ""
        rows.append((label, f"<q>{_e(evidence.quote)}</q>{note}"))
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    slug = SLUGS[event.event_type]
    return (
        f'<li class="event t-{slug}" data-event="{index}" data-type="{_e(event.event_type.value)}"'
        f' data-country="{_e(event.country or "")}"><div class="head"><span class="num">'
        f"#{index + 1}</span>{_e(event.event_type.value)} &rsaquo; "
        f"{_e(event.sub_event_type.value)}</div><dl>{body}</dl></li>"
    )


def _article(number: int, summary: ArticleSummary, text: str | None) -> str:
    spans: list[Span] = []
    located: list[list[bool]] = []
    for i, event in enumerate(summary.events):
        found: list[bool] = []
        for k, evidence in enumerate(event.evidence):
            where = locate(text, evidence) if text is not None else None
            found.append(where is not None or text is None)
            if where is not None:
                spans.append(Span(where[0], where[1], i, k))
        located.append(found)
    heading = _e(summary.title or summary.article_id)
    byline = [f"<code>{_e(summary.article_id)}</code>"]
    byline += [_e(v) for v in (summary.outlet, summary.published) if v]
    byline.append(_e(f"{summary.meta.strategy} · {summary.meta.model}"))
    points = "".join(f"<li>{_e(p)}</li>" for p in summary.key_points)
    warnings = "".join(f"<li>{_e(w)}</li>" for w in summary.meta.warnings)
    details = f"<details><summary>Summary</summary><p>{_e(summary.summary)}</p>"
    details += f"<ul>{points}</ul></details>" if points else "</details>"
    if warnings:
        details += f"<details><summary>Pipeline notes</summary><ul>{warnings}</ul></details>"
    if text is None:
        shown = '<div class="text missing">The article text was not found in the inputs: '
        shown += "the records are shown without highlights.</div>"
    else:
        shown = f'<div class="text">{_highlighted(text, spans, summary.events)}</div>'
    cards = "".join(_event_card(i, e, located[i]) for i, e in enumerate(summary.events))
    events = f'<ol class="events">{cards}</ol>' if cards else '<div class="none">No events.</div>'
    return (
        f'<article class="article" id="a{number}"><header><h2>{heading}</h2>'
        f'<div class="aid">{" · ".join(byline)}</div>{details}</header>'
        f'<div class="cols">{shown}{events}</div></article>'
    )


def _checkboxes(name: str, counts: Counter[str], swatch: Mapping[str, str]) -> str:
    boxes = []
    for value, count in sorted(counts.items(), key=lambda kv: (kv[0] == "", kv[0])):
        colour = f'<span class="sw t-{swatch[value]}"></span>' if value in swatch else ""
        boxes.append(
            f'<label><input type="checkbox" name="{name}" value="{_e(value)}" checked>'
            f'{colour}{_e(value or "unknown")} <span class="n">{count}</span></label>'
        )
    toggles = "".join(
        f'<button type="button" data-set="{name}" data-value="{v}">{v}</button>'
        for v in ("all", "none")
    )
    return "".join(boxes) + toggles


def render_html(
    summaries: Sequence[ArticleSummary],
    texts: Mapping[str, str],
    *,
    title: str = "Conflict event summaries",
    source: str | None = None,
    notes: Sequence[str] = (),
    failures: Sequence[ArticleFailure] = (),
) -> str:
    """The page: one ``<article>`` per summary, highlights where ``texts`` has its text.

    Args:
        summaries: The records to show, in order.
        texts: Article text by ``article_id`` (those missing are shown without highlights).
        title: The page's heading.
        source: The results file's name, shown under the heading.
        notes: Lines shown under the heading (unreadable result lines, missing texts).
        failures: Articles the run could not summarize, listed at the end.

    """
    events = [e for s in summaries for e in s.events]
    types = Counter(e.event_type.value for e in events)
    countries = Counter(e.country or "" for e in events)
    swatch = {t.value: slug for t, slug in SLUGS.items()}
    stats = f"{len(summaries)} articles · {len(events)} events"
    stats += f" · {len(failures)} failed" if failures else ""
    stats += f" · from <code>{_e(source)}</code>" if source else ""
    note_list = "".join(f"<li>{_e(n)}</li>" for n in notes)
    header = f'<header class="page"><h1>{_e(title)}</h1><div class="stats">{stats}</div>'
    header += f'<ul class="notes">{note_list}</ul></header>' if notes else "</header>"
    no_events = sum(1 for s in summaries if not s.events)
    filters = (
        f'<nav id="filters"><fieldset><legend>Event type</legend>'
        f"{_checkboxes('type', types, swatch)}</fieldset><fieldset><legend>Country</legend>"
        f"{_checkboxes('country', countries, {})}</fieldset>"
        f'<fieldset><label><input type="checkbox" id="f-empty" checked>articles without '
        f'events <span class="n">{no_events}</span></label></fieldset>'
        f'<span class="shown" id="shown"></span></nav>'
    )
    articles = "".join(_article(n, s, texts.get(s.article_id)) for n, s in enumerate(summaries))
    if failures:
        items = "".join(
            f"<li><code>{_e(f.article_id)}</code> {_e(f.error)}: {_e(f.message)}</li>"
            for f in failures
        )
        articles += f'<details class="failures"><summary>Failed articles</summary><ul>{items}'
        articles += "</ul></details>"
    templates = files("summarizer") / "templates"
    script = (templates / "view.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    page = Template((templates / "view.html").read_text(encoding="utf-8"))
    return page.substitute(
        title=_e(title),
        script_hash=f"sha256-{digest}",
        script=script,
        body=f"{header}{filters}<main>{articles}</main>",
    )


def _jsonl(path: Path) -> Iterable[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            yield from ((n, line) for n, line in enumerate(handle, start=1) if line.strip())
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_summaries(path: str | Path) -> tuple[list[ArticleSummary], list[str]]:
    """The summaries in a results JSONL, and a note per line that is not one (skipped)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such results file: {path}")
    summaries: list[ArticleSummary] = []
    problems: list[str] = []
    for number, line in _jsonl(path):
        try:
            summaries.append(ArticleSummary.model_validate_json(line))
        except ValidationError as exc:
            problems.append(f"{path.name}:{number} is not a summary ({exc.errors()[0]['msg']})")
    return summaries, problems


def read_failures(path: str | Path) -> list[ArticleFailure]:
    """The failure records of an errors JSONL (none when it does not exist)."""
    path = Path(path)
    if not path.is_file():
        return []
    failures: list[ArticleFailure] = []
    for _, line in _jsonl(path):
        try:
            failures.append(ArticleFailure.model_validate_json(line))
        except ValidationError:
            continue
    return failures


def read_texts(
    sources: Sequence[str], ids: Iterable[str], exclude: Iterable[Path] = ()
) -> dict[str, str]:
    """Article text by id for the ``ids`` found in the inputs (read as ``summarizer run``)."""
    wanted = set(ids)
    texts: dict[str, str] = {}
    if not sources:
        return texts
    for item in iter_inputs(sources, exclude=exclude):
        if isinstance(item, Article) and item.id in wanted:
            texts[item.id] = item.text
    return texts


def write_view(
    results_path: str | Path,
    input_paths: Sequence[str] = (),
    out_path: str | Path = "report.html",
    *,
    title: str = "Conflict event summaries",
) -> int:
    """Render a results JSONL (with its inputs' texts) to one HTML file; the article count.

    Args:
        results_path: The output of ``summarizer run``; its errors file beside it
            (``out.errors.jsonl``), when there is one, lists the failed articles.
        input_paths: The inputs the run read (files, folders, JSONL); empty for no texts.
        out_path: The HTML file to write; ``-`` writes to stdout.
        title: The page's heading.

    Raises:
        InputError: The results file or an input path cannot be read.
        OutputError: The page cannot be written.

    """
    results = Path(results_path)
    summaries, notes = read_summaries(results)
    errors = default_errors_path(str(results))
    texts = read_texts(input_paths, (s.article_id for s in summaries), [results, errors])
    if input_paths:
        missing = [s.article_id for s in summaries if s.article_id not in texts]
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            notes.append(f"{len(missing)} article texts not found in the inputs: {shown}")
    failures = read_failures(errors)
    page = render_html(
        summaries, texts, title=title, source=results.name, notes=notes, failures=failures
    )
    if str(out_path) == "-":
        sys.stdout.write(page)
        return len(summaries)
    try:
        Path(out_path).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {out_path}: {exc.strerror or exc}") from exc
    return len(summaries)
