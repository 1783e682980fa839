"""ACLED export -> evaluation set -> model-free run -> partial-gold report, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.articles import read_article
from extractor.cli import app
from extractor.model_free import extract_model_free

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "acled_sample.csv"
runner = CliRunner()


def test_an_acled_export_is_scored_as_partial_gold(tmp_path: Path) -> None:
    made = tmp_path / "set"
    result = runner.invoke(app, ["dataset", "from-acled", str(SAMPLE), "--out", str(made)])
    assert result.exit_code == 0, result.output
    articles = [read_article(p, cache={}) for p in sorted((made / "articles").glob("*.txt"))]
    assert all(a.published for a in articles)  # type: ignore[union-attr]
    run = tmp_path / "run.jsonl"
    records = [extract_model_free(a) for a in articles]  # type: ignore[arg-type]
    run.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    report_path, html = tmp_path / "report.json", tmp_path / "report.html"
    result = runner.invoke(app, ["score", str(run), "--gold", str(made / "gold"), "--seeds",
                                 str(made / "articles"), "--json", str(report_path),
                                 "--html", str(html)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "All articles have partial gold" in " ".join(result.output.split())
    report = json.loads(report_path.read_text(encoding="utf-8"))
    partial = report["metrics"]["partial"]
    assert partial["articles"] == 5 and partial["events"]["gold"] == 5
    assert all(a["complete"] is False for a in report["articles"])
    assert all(a["metrics"]["events"]["fp"] == 0 for a in report["articles"])
    assert "Partial gold." in html.read_text(encoding="utf-8")
    events_csv = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", str(run), "--out", str(events_csv)])
    assert result.exit_code == 0, result.output
