"""The corpus splits: the held-out sets are frozen (their files match the manifest written
when they were labelled), every split's gold passes `gold check`, and `eval --split` knows them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractor.evaluation import splits
from extractor.goldcheck import check_gold

TEST = splits.CORPUS / "test"


@pytest.mark.parametrize("frozen", ["test", "acled-style", "acled-heldout"])
def test_held_out_sets_are_unchanged_since_they_were_frozen(frozen: str) -> None:
    root = splits.CORPUS / frozen
    manifest = (root / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    recorded = {line.split(maxsplit=1)[1].removeprefix("./"): line.split()[0] for line in manifest}
    present = {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and p.name != "MANIFEST.sha256"
    }
    assert present == recorded


@pytest.mark.parametrize("name", ["dev", "test"])
def test_every_split_has_checked_gold_for_every_text(name: str) -> None:
    split = splits.SPLITS[name]
    texts = {p.stem for p in split.articles.glob("*.txt")}
    golds = {p.stem for p in split.gold.glob("*.yaml")}
    assert texts == golds and len(texts) >= (40 if name == "dev" else 12)
    assert check_gold(None, gold_dir=split.gold, seeds_dir=split.articles) == []


def test_the_splits_name_their_role() -> None:
    assert {s.name: s.role for s in splits.SPLITS.values()} == {
        "seeds": "tuned on", "dev": "tuned on", "test": "held out",
    }  # fmt: skip


def test_a_summary_row_shows_f1_and_event_attributes() -> None:
    def counts(f1: float) -> dict:
        return {"f1": f1}

    report = {
        "articles": [{}, {}],
        "metrics": {
            "micro": {"actors": counts(0.9), "treaties": counts(0.5), "events": counts(0.25)},
            "attributes": {"events": {"date": {"accuracy": 0.75}, "location": {"accuracy": None}}},
        },
    }
    assert splits.summary_row("dev", "tuned on", report) == [
        "dev", "tuned on", "2", "0.900", "0.500", "0.250", "0.750", "—", "—",
    ]  # fmt: skip


def test_french_is_a_real_share_of_the_corpus() -> None:
    import yaml

    french = 0
    for name in ("dev", "test"):
        meta = yaml.safe_load((splits.SPLITS[name].articles / "articles.yaml").read_text("utf-8"))
        french += sum(1 for entry in meta.values() if entry.get("language") == "fr")
    assert french >= 15


def test_paths_are_relative_to_the_repository() -> None:
    assert Path(splits.SPLITS["dev"].articles).is_dir()


def test_eval_prints_its_report_and_the_split_summary() -> None:
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["eval", "--backend", "ner"])
    assert result.exit_code == 0, result.output
    assert "Scores" in result.stdout and "Items (micro pools articles" in result.stdout
    summary = CliRunner().invoke(app, ["eval", "--backend", "ner", "--split", "seeds",
                                       "--by-language"])  # fmt: skip
    assert summary.exit_code == 0, summary.output
    assert "tuned on" in summary.stdout
