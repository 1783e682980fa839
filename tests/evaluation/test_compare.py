"""Comparing two reports: deltas, gained and lost items, the paired bootstrap."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extractor.evaluation.compare import (
    compare_reports,
    f1_from_counts,
    load_report,
    paired_bootstrap,
)
from extractor.evaluation.harness import HarnessError, score_path
from extractor.evaluation.metrics import Counts, prf
from extractor.evaluation.models import Report
from extractor.evaluation.report import to_json

FIXTURES = Path(__file__).parent.parent / "fixtures" / "harness"
GOLD, SEEDS, RUN = FIXTURES / "gold", FIXTURES / "seeds", FIXTURES / "run.jsonl"


@pytest.fixture(scope="module")
def run_report() -> Report:
    return score_path(RUN, GOLD, SEEDS)


@pytest.fixture(scope="module")
def gold_report() -> Report:
    return score_path(GOLD, GOLD, SEEDS)


def test_report_against_itself_has_no_change(run_report: Report) -> None:
    cmp = compare_reports(run_report, run_report, resamples=500).model_dump(mode="json")
    for t in ("actors", "treaties", "events"):
        assert all(d["delta"] == 0 for d in cmp["types"][t]["micro"].values())
        boot = cmp["types"][t]["f1_bootstrap"]
        assert (boot["low"], boot["high"], boot["delta"]) == (0.0, 0.0, 0.0)
    assert cmp["gained"] == cmp["lost"] == []
    assert cmp["spurious_added"] == cmp["spurious_removed"] == []


def test_gained_lost_and_deltas(run_report: Report, gold_report: Report) -> None:
    cmp = compare_reports(run_report, gold_report, resamples=2000).model_dump(mode="json")
    # A (the fixture run) missed 12 actors, 1 treaty and 2 events that B (gold) matches
    gained = [(g["article"], g["type"]) for g in cmp["gained"]]
    assert gained.count(("h01_tinzaouatene", "actors")) == 2
    assert gained.count(("h02_aes_charter", "actors")) == 10
    assert len(cmp["gained"]) == 12 + 1 + 2
    assert cmp["lost"] == []
    names = {g["name"] for g in cmp["gained"] if g["article"] == "h01_tinzaouatene"}
    assert names == {"Barka Taher Hamit", "AES"}
    # A's two invented items are gone in B
    assert sorted(s["name"] for s in cmp["spurious_removed"]) == ["Niger", "coup@2023 Niamey"]
    actors = cmp["types"]["actors"]["micro"]
    assert actors["fn"]["delta"] == -12
    assert actors["f1"]["delta"] == pytest.approx(1.0 - run_report.metrics.micro.actors.f1)
    per = {r["article"]: r for r in cmp["per_article"]}
    assert per["h02_aes_charter"]["actors"]["delta"] == 1.0
    boot = cmp["types"]["actors"]["f1_bootstrap"]
    assert boot["low"] <= boot["delta"] <= boot["high"]
    assert boot["resamples"] == 2000 and boot["seed"] == 0


def test_lost_is_gained_reversed(run_report: Report, gold_report: Report) -> None:
    forward = compare_reports(run_report, gold_report, resamples=10).model_dump(mode="json")
    backward = compare_reports(gold_report, run_report, resamples=10).model_dump(mode="json")
    strip = [{k: v for k, v in g.items() if k != "reason"} for g in forward["gained"]]
    assert strip == [{k: v for k, v in g.items() if k != "reason"} for g in backward["lost"]]


def test_bootstrap_is_seeded_and_paired() -> None:
    rng = np.random.default_rng(1)
    a = rng.integers(0, 10, size=(30, 3))
    b = a.copy()
    b[:, 0] += 2  # B finds two more items per article: every resample improves
    b[:, 2] = np.maximum(b[:, 2] - 2, 0)
    one = paired_bootstrap(a, b, resamples=1000, seed=7)
    two = paired_bootstrap(a, b, resamples=1000, seed=7)
    assert one == two
    assert one.share_positive == 1.0
    assert one.low is not None and one.high is not None
    assert 0 < one.low <= one.delta <= one.high
    # a single article: every resample is that article, the interval is the point
    single = paired_bootstrap(a[:1], b[:1], resamples=100)
    assert single.low == pytest.approx(single.delta) == pytest.approx(single.high)


@pytest.mark.parametrize("counts", [(3, 1, 2), (0, 0, 0), (0, 0, 4), (0, 2, 0), (5, 0, 0)])
def test_vectorised_f1_matches_metrics(counts: tuple[int, int, int]) -> None:
    assert float(f1_from_counts(*counts)) == pytest.approx(prf(Counts(*counts)).f1)


def test_only_shared_articles_are_compared(run_report: Report) -> None:
    partial = run_report.model_copy(update={"articles": run_report.articles[:1]})
    cmp = compare_reports(run_report, partial, resamples=10).model_dump(mode="json")
    assert cmp["articles"]["common"] == 1
    assert cmp["articles"]["only_a"] == ["h02_aes_charter"]
    assert all(d["delta"] == 0 for d in cmp["types"]["actors"]["micro"].values())


def test_load_report_errors(tmp_path: Path) -> None:
    with pytest.raises(HarnessError, match="report file not found"):
        load_report(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(HarnessError, match=r"bad.json: not valid JSON at line 1"):
        load_report(bad)
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(HarnessError, match="not an evaluation report"):
        load_report(other)


def test_a_written_report_loads_back_into_the_same_models(
    run_report: Report, tmp_path: Path
) -> None:
    path = tmp_path / "report.json"
    path.write_text(to_json(run_report))
    assert load_report(path) == run_report


def test_a_report_without_schema_version_is_read_as_version_1(
    run_report: Report, tmp_path: Path
) -> None:
    raw = json.loads(to_json(run_report))
    del raw["schema_version"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(raw))
    assert load_report(path).metrics == run_report.metrics


def test_a_newer_or_malformed_report_is_refused_in_one_line(
    run_report: Report, tmp_path: Path
) -> None:
    raw = json.loads(to_json(run_report))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({**raw, "schema_version": 99}))
    with pytest.raises(HarnessError, match="schema_version 99; this compares version 1"):
        load_report(newer)
    raw["articles"][0]["status"] = "weird"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(raw))
    with pytest.raises(HarnessError, match=r"not a valid report: articles\.0\.status") as caught:
        load_report(broken)
    assert "\n" not in str(caught.value)


def test_the_comparison_names_each_sides_prompt_version(run_report: Report) -> None:
    from extractor.evaluation.compare_view import terminal_comparison
    from extractor.evaluation.models import PromptRef

    a = run_report.model_copy(
        update={"config": run_report.config.model_copy(update={"prompt": PromptRef(id="x@v1")})}
    )
    b = run_report.model_copy(
        update={"config": run_report.config.model_copy(update={"prompt": PromptRef(id="x@v2")})}
    )
    cmp = compare_reports(a, b, resamples=50)
    assert (cmp.a.prompt, cmp.b.prompt) == ("x@v1", "x@v2")
    head = str(terminal_comparison(cmp)[0])
    assert "(x@v1)" in head and "(x@v2)" in head
