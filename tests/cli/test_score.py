"""`extractor score` and `extractor compare` through typer's test runner, on the fixtures.

The commands are registered on a fresh typer app, as extractor/cli/app.py does with the real one.
Bad input must end with one line naming the file and the problem, exit status 1, and no
traceback.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import extractor.cli.score
from extractor.cli.score import register

FIXTURES = Path(__file__).parent.parent / "fixtures" / "harness"
GOLD, SEEDS, RUN = FIXTURES / "gold", FIXTURES / "seeds", FIXTURES / "run.jsonl"


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def invoke(app: typer.Typer, *args: object):  # noqa: ANN201
    return CliRunner().invoke(app, [str(a) for a in args])


def score_args(predictions: Path, gold: Path = GOLD) -> list[object]:
    return ["score", predictions, "--gold", gold, "--seeds", SEEDS]


def assert_one_line_error(result, *fragments: str, code: int = 1) -> None:  # noqa: ANN001
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_score_writes_json_and_markdown(app: typer.Typer, tmp_path: Path) -> None:
    out_json, out_md = tmp_path / "r" / "report.json", tmp_path / "report.md"
    result = invoke(app, *score_args(RUN), "--json", out_json, "--markdown", out_md)
    assert result.exit_code == 0, result.output
    assert "actors" in result.stdout and "0.833" in result.stdout  # the terminal table
    report = json.loads(out_json.read_text())
    # the documented shape (docs/report-format.md)
    assert report["schema_version"] == 1
    assert set(report) >= {"schema_version", "config", "metrics", "articles"}
    assert set(report["config"]) >= {
        "predictions",
        "gold_dir",
        "model",
        "endpoint_kind",
        "prompt",
        "git_commit",
        "created",
        "thresholds",
    }
    assert set(report["metrics"]) >= {"micro", "macro", "attributes", "grounding", "run"}
    item = report["articles"][0]["items"][0]
    assert set(item) >= {
        "type",
        "outcome",
        "gold_index",
        "pred_index",
        "similarity",
        "reason",
        "gold",
        "predicted",
        "attributes",
    }
    assert report["metrics"]["micro"]["actors"]["tp"] == 5
    markdown = out_md.read_text()
    assert "## Items" in markdown and "| actors | 5 | 1 | 12 |" in markdown
    assert "Barka Taher Hamit" in markdown  # listed among the missed items
    assert not list(tmp_path.glob("**/*.tmp"))  # atomic writes leave no temporary files


def test_score_yaml_directory_is_annotator_agreement(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "agreement.json"
    result = invoke(app, *score_args(GOLD), "--json", out, "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    report = json.loads(out.read_text())
    assert report["config"]["endpoint_kind"] == "annotator"
    assert report["metrics"]["micro"]["events"]["f1"] == 1.0


def test_only_predicted(app: typer.Typer, tmp_path: Path) -> None:
    annotator = tmp_path / "annotator"
    annotator.mkdir()
    shutil.copy(GOLD / "h01_tinzaouatene.yaml", annotator)
    out = tmp_path / "r.json"
    assert invoke(app, *score_args(annotator), "--json", out, "-q").exit_code == 0
    assert [a["status"] for a in json.loads(out.read_text())["articles"]] == ["ok", "missing"]
    result = invoke(app, *score_args(annotator), "--json", out, "-q", "--only-predicted")
    assert result.exit_code == 0
    assert [a["article"] for a in json.loads(out.read_text())["articles"]] == ["h01_tinzaouatene"]


def test_html_uses_the_renderer_when_present(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = {}

    def fake_render(report: dict, texts: dict[str, str]) -> str:
        seen["texts"] = texts
        return "<html>ok</html>"

    monkeypatch.setattr(extractor.cli.score, "_html_renderer", lambda: fake_render)
    out = tmp_path / "report.html"
    result = invoke(app, *score_args(RUN), "--html", out, "-q")
    assert result.exit_code == 0, result.output
    assert out.read_text() == "<html>ok</html>"
    assert set(seen["texts"]) == {"h01_tinzaouatene", "h02_aes_charter"}


def test_html_without_renderer_is_a_clear_error(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extractor.cli.score, "_html_renderer", lambda: None)
    out_json = tmp_path / "report.json"
    result = invoke(app, *score_args(RUN), "--html", tmp_path / "r.html", "--json", out_json, "-q")
    assert_one_line_error(result, "r.html", "HTML renderer is not installed")
    assert out_json.exists()  # the other outputs were still written


def test_missing_predictions_file(app: typer.Typer, tmp_path: Path) -> None:
    result = invoke(app, *score_args(tmp_path / "run.jsonl"))
    assert_one_line_error(result, "run.jsonl", "not found", code=2)  # nothing could be done


def test_malformed_jsonl_line(app: typer.Typer, tmp_path: Path) -> None:
    lines = RUN.read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(lines[0] + "\n" + lines[1][:-10] + "\n")
    result = invoke(app, *score_args(bad))
    assert_one_line_error(result, "bad.jsonl:2", "not valid JSON")


def test_jsonl_line_that_is_not_a_record(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article": "h01_tinzaouatene", "status": "maybe"}\n')
    result = invoke(app, *score_args(bad))
    assert_one_line_error(result, "bad.jsonl:1", "not a valid run record", "status")


def test_gold_yaml_that_fails_validation(app: typer.Typer, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    path = gold / "h02_aes_charter.yaml"
    path.write_text(path.read_text().replace("kind: state", "kind: nation", 1))
    result = invoke(app, *score_args(RUN, gold))
    assert_one_line_error(result, "h02_aes_charter.yaml", "does not validate", "actors.0.kind")


def test_gold_yaml_that_does_not_parse(app: typer.Typer, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    shutil.copytree(GOLD, gold)
    (gold / "h01_tinzaouatene.yaml").write_text("article: [unclosed\n")
    result = invoke(app, *score_args(RUN, gold))
    assert_one_line_error(result, "h01_tinzaouatene.yaml", "YAML syntax error")


def test_article_with_no_gold_file(app: typer.Typer, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(GOLD / "h01_tinzaouatene.yaml", gold)
    result = invoke(app, *score_args(RUN, gold))
    assert_one_line_error(result, "h02_aes_charter", "has no gold file")


def test_missing_gold_directory(app: typer.Typer, tmp_path: Path) -> None:
    result = invoke(app, *score_args(RUN, tmp_path / "nogold"))
    assert_one_line_error(result, "nogold", "gold directory not found")


def test_annotator_file_named_after_another_article(app: typer.Typer, tmp_path: Path) -> None:
    annotator = tmp_path / "annotator"
    annotator.mkdir()
    shutil.copy(GOLD / "h01_tinzaouatene.yaml", annotator / "h02_aes_charter.yaml")
    result = invoke(app, *score_args(annotator))
    assert_one_line_error(result, "h02_aes_charter.yaml", "article is 'h01_tinzaouatene'")


def test_compare_command(app: typer.Typer, tmp_path: Path) -> None:
    a, b, out = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "cmp.json"
    assert invoke(app, *score_args(RUN), "--json", a, "-q").exit_code == 0
    assert invoke(app, *score_args(GOLD), "--json", b, "-q").exit_code == 0
    result = invoke(app, "compare", a, b, "--json", out, "--resamples", 200)
    assert result.exit_code == 0, result.output
    assert "Gained (B matches, A missed): 15" in result.stdout
    cmp = json.loads(out.read_text())
    assert cmp["types"]["actors"]["f1_bootstrap"]["resamples"] == 200
    assert cmp["lost"] == []


def test_compare_missing_report(app: typer.Typer, tmp_path: Path) -> None:
    result = invoke(app, "compare", tmp_path / "a.json", tmp_path / "b.json")
    assert_one_line_error(result, "a.json", "report file not found")
