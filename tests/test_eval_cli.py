import json
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli import main


def test_eval_runs_scores_and_writes_reports(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    page = tmp_path / "eval.html"
    result = CliRunner().invoke(
        main, ["eval", "--backend", "fake", "--json", str(out), "--html", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert "event F1" in result.output and "key-fact recall" in result.output
    assert "== seeds (5 articles)" in result.output and "== dev (" in result.output
    sets = json.loads(out.read_text())["sets"]
    assert set(sets) == {"seeds", "dev"}
    report = sets["seeds"]
    assert report["backend"] == "fake"
    assert len(report["articles"]) == 5
    assert len(sets["dev"]["articles"]) >= 40
    assert report["headline"]["event_recall"] == 0.0
    assert (tmp_path / "eval.dev.html").is_file()
    html = (tmp_path / "eval.seeds.html").read_text()
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert "predicted" in html and "gold" in html


def test_baseline_gate_fails_on_regression(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"tolerance": 0.05, "sets": {"seeds": {"event_f1": 0.9}}}))
    monkeypatch.setattr(
        "summarizer_evals.baseline.load_baseline", lambda: json.loads(baseline.read_text())
    )
    result = CliRunner().invoke(
        main,
        ["eval", "--backend", "fake", "--set", "seeds", "--json", str(tmp_path / "e.json"),
         "--check-baseline"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "REGRESSION seeds event_f1" in result.output
