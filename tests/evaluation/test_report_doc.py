"""docs/report-format.md is generated from the report models and must be kept up to date."""

from __future__ import annotations

from extractor.evaluation import report_doc
from extractor.evaluation.models import Report


def test_the_committed_doc_is_generated_from_the_models() -> None:
    committed = report_doc.DOC.read_text(encoding="utf-8")
    assert committed == report_doc.render(), (
        "docs/report-format.md is out of date: run `.venv/bin/python benchmarks/report_doc.py`"
    )


def test_every_report_key_is_documented() -> None:
    text = report_doc.render()
    for name in Report.model_fields:
        assert f"| `{name}` |" in text
    for key in ("articles[].items[].gold_quotes", "metrics.micro.<type>.f1", "config.articles"):
        assert f"| `{key}` |" in text
