"""`summarizer view`: the HTML page, checked as text and in a real headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.schemas import ArticleSummary, Event, Evidence, RunMeta
from summarizer.view import Span, locate, read_summaries, render_html, segments, write_view

EVIL = (
    "Gunmen attacked the village of Kafr Nabl on Monday, killing 12 civilians.\n"
    "A post said <script>window.__pwned=1</script> and showed "
    '<img src=x onerror="window.__pwned2=1"> before it was deleted.\n'
    "Army shelling of Kafr Nabl later killed 3 people, residents said.\n"
)
PROTEST = "Thousands marched in Lagos on Friday against fuel prices; police watched.\n"
MISSING = "This text is not given to the page."


def _quote(text: str, quote: str) -> Evidence:
    start = text.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def _meta() -> RunMeta:
    return RunMeta(
        package_version="0",
        backend="fake",
        model="m",
        strategy="rules",
        prompt_hash="p",
        schema_hash="s",
        code_hash="c",
        seconds=0.1,
    )


def _event(kind: str, sub: str, country: str | None, *evidence: Evidence, **kw: Any) -> Event:
    return Event.model_validate(
        {
            "event_type": kind,
            "sub_event_type": sub,
            "country": country,
            "evidence": [e.model_dump() for e in evidence],
            **kw,
        }
    )


def _summaries() -> list[ArticleSummary]:
    outer = "Gunmen attacked the village of Kafr Nabl on Monday, killing 12 civilians."
    evil = ArticleSummary(
        article_id="evil",
        title='</script><script>window.__pwned3=1</script> "Title"',
        summary="<b>bold</b> summary",
        meta=_meta(),
        events=[
            _event(
                "Violence against civilians",
                "Attack",
                "Syria",
                _quote(EVIL, outer),
                actor1="<img src=y onerror=window.__pwned4=1>",
                fatalities=12,
                fatalities_qualifier="exact",
            ),  # nested inside #0 and overlapping it: #1 and #2
            _event("Battles", "Armed clash", "Syria", _quote(EVIL, "the village of Kafr Nabl")),
            _event(
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                'Syria "A"',
                _quote(EVIL, "killing 12 civilians.\nA post said <script>window.__pwned=1"),
                _quote(EVIL, "Army shelling of Kafr Nabl"),
            ),
        ],
    )
    protest = ArticleSummary(
        article_id="protest",
        summary="A march.",
        meta=_meta(),
        events=[_event("Protests", "Peaceful protest", "Nigeria", _quote(PROTEST, "marched"))],
    )
    missing = ArticleSummary(
        article_id="missing",
        summary="No text.",
        meta=_meta(),
        events=[_event("Battles", "Armed clash", "Syria", _quote(MISSING, "not given"))],
    )
    return [evil, protest, missing]


TEXTS = {"evil": EVIL, "protest": PROTEST}


# --- without a browser --------------------------------------------------------------------


def test_segments_split_overlapping_and_nested_spans() -> None:
    spans = [Span(0, 10, 0, 0), Span(2, 5, 1, 0), Span(4, 12, 2, 0)]
    pieces = segments(15, spans)
    assert [(a, b) for a, b, _ in pieces] == [(0, 2), (2, 4), (4, 5), (5, 10), (10, 12), (12, 15)]
    cover = {(a, b): [s.event for s in c] for a, b, c in pieces}
    assert cover[(4, 5)] == [1, 2, 0]  # innermost first
    assert cover[(12, 15)] == []


def test_locate_falls_back_to_the_quote_when_offsets_are_off() -> None:
    assert locate("xx abc", Evidence(quote="abc", start=0, end=3)) == (3, 6)
    assert locate("xx abd", Evidence(quote="abc", start=0, end=3)) is None


def test_page_escapes_everything_and_loads_nothing() -> None:
    page = render_html(_summaries(), TEXTS)
    for raw in ("<script>window.__pwned", "<img src=x", "<img src=y", "<b>bold", "__pwned3=1</"):
        assert raw not in page
    assert "&lt;img src=x onerror=&quot;window.__pwned2=1&quot;&gt;" in page
    assert page.count("<script") == 1  # the page's own
    assert "http://" not in page and "https://" not in page
    assert "default-src 'none'" in page


def test_write_view_reads_texts_from_the_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "evil.txt").write_text(EVIL, encoding="utf-8")
    lines = json.dumps({"id": "protest", "text": PROTEST})
    (inputs / "more.jsonl").write_text(lines + "\n", encoding="utf-8")
    results = inputs / "out.jsonl"  # inside the input folder: never read as an input
    body = "".join(s.model_dump_json() + "\n" for s in _summaries())
    results.write_text(body + '{"torn\n', encoding="utf-8")
    summaries, notes = read_summaries(results)
    assert len(summaries) == 3 and len(notes) == 1
    out = tmp_path / "report.html"
    assert write_view(results, [str(inputs)], out) == 3
    page = out.read_text(encoding="utf-8")
    assert page.count('<div class="text">') == 2
    assert "1 article texts not found in the inputs: missing" in page
    assert "out.jsonl:4 is not a summary" in page


# --- in headless Chromium -----------------------------------------------------------------


def _binary(name: str) -> str | None:
    found = shutil.which(name) or f"/usr/bin/{name}"
    return found if os.access(found, os.X_OK) else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver_path = _binary("chromium"), _binary("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        chromium = None
    if chromium is None or driver_path is None:
        if os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium, chromedriver and selenium are required")
        pytest.skip("chromium, chromedriver or selenium is not installed")
    profile = tempfile.mkdtemp(prefix="view-chromium-")
    options = webdriver.ChromeOptions()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.binary_location = chromium
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(15)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Any:
    path = tmp_path / "view.html"
    path.write_text(render_html(_summaries(), TEXTS), encoding="utf-8")
    browser.get(path.as_uri())
    return browser


MARKS_OF = """
const [article, key] = arguments;
return Array.from(document.querySelectorAll(`#${article} mark`))
  .filter((m) => m.dataset.ev.split(" ").includes(key))
  .map((m) => m.textContent).join("");
"""


def test_marks_spell_the_evidence_quotes(page: Any) -> None:
    for number, summary in enumerate(_summaries()[:2]):
        for i, event in enumerate(summary.events):
            for k, evidence in enumerate(event.evidence):
                marked = page.execute_script(MARKS_OF, f"a{number}", f"{i}.{k}")
                assert marked == evidence.quote
    assert page.execute_script("return document.querySelectorAll('mark mark').length") == 0
    multi = page.execute_script("return document.querySelectorAll('#a0 mark.multi').length")
    assert multi >= 2  # the nested and the overlapping quote
    missing = page.find_element("css selector", "#a2 .text.missing")
    assert "not found" in missing.text
    assert page.find_element("css selector", "#a2 li.event").is_displayed()


def test_malicious_text_is_shown_not_run(page: Any) -> None:
    for name in ("__pwned", "__pwned2", "__pwned3", "__pwned4"):
        assert page.execute_script(f"return typeof window.{name}") == "undefined"
    text = page.find_element("css selector", "#a0 .text").text
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned2=1">' in text
    assert (
        page.execute_script("return document.querySelectorAll('main img, main script').length") == 0
    )
    assert (
        '</script><script>window.__pwned3=1</script> "Title"'
        in page.find_element("css selector", "#a0 h2").text
    )
    assert "onerror=window.__pwned4=1" in page.find_element("css selector", "#a0 li.event").text


def _shown(page: Any, selector: str) -> list[bool]:
    return [e.is_displayed() for e in page.find_elements("css selector", selector)]


def test_filters_hide_and_show(page: Any) -> None:
    assert _shown(page, "article.article") == [True, True, True]
    assert "3 articles, 5 events" in page.find_element("id", "shown").text
    protests = page.find_element("css selector", "input[name='type'][value='Protests']")
    protests.click()
    assert _shown(page, "article.article") == [True, False, True]
    assert "2 articles, 4 events" in page.find_element("id", "shown").text
    protests.click()
    assert _shown(page, "article.article") == [True, True, True]

    battles = page.find_element("css selector", "input[name='type'][value='Battles']")
    battles.click()  # event #1 of the first article: card hidden, its own mark unhighlighted
    assert _shown(page, "#a0 li.event") == [True, False, True]
    assert _shown(page, "article.article") == [True, True, False]
    classes = page.execute_script(
        "return Array.from(document.querySelectorAll('#a0 mark')).map((m) => m.className)"
    )
    assert "t-battles" not in " ".join(classes)
    battles.click()

    country = page.find_element("css selector", "input[name='country'][value='Syria \"A\"']")
    country.click()
    assert _shown(page, "#a0 li.event") == [True, True, False]
    page.find_element("css selector", "button[data-set='country'][data-value='none']").click()
    assert _shown(page, "article.article") == [False, False, False]
    page.find_element("css selector", "button[data-set='country'][data-value='all']").click()
    assert _shown(page, "article.article") == [True, True, True]
    assert _shown(page, "#a0 li.event") == [True, True, True]


def test_hovering_a_highlight_focuses_its_events(page: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    mark = page.find_element("css selector", "#a0 mark[data-event='1 0']")
    ActionChains(page).move_to_element(mark).perform()
    focused = page.find_elements("css selector", "#a0 li.event.focus")
    assert sorted(e.get_attribute("data-event") for e in focused) == ["0", "1"]
