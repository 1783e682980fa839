"""Metrics on counts worked out by hand, the fixture run scored end to end, and a cross-check of
precision/recall/F1 against scikit-learn on the same pairs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from sklearn.metrics import precision_recall_fscore_support

from extractor.evaluation.harness import load_gold, load_records, score_path, score_records
from extractor.evaluation.metrics import (
    Counts,
    aggregate_attributes,
    grounding_summary,
    items_without_found_quote,
    macro,
    micro,
    prf,
)
from extractor.evaluation.models import Alignment
from extractor.schema import Extraction

FIXTURES = Path(__file__).parent.parent / "fixtures" / "harness"
GOLD, SEEDS, RUN = FIXTURES / "gold", FIXTURES / "seeds", FIXTURES / "run.jsonl"


def test_prf_by_hand() -> None:
    assert prf(Counts(tp=3, fp=1, fn=2)).model_dump(exclude_none=True) == pytest.approx(
        {"tp": 3, "fp": 1, "fn": 2, "precision": 0.75, "recall": 0.6, "f1": 2 / 3}
    )


@pytest.mark.parametrize(
    ("counts", "p", "r", "f"),
    [
        (Counts(0, 0, 0), 1.0, 1.0, 1.0),  # nothing to find, nothing found
        (Counts(0, 0, 4), 0.0, 0.0, 0.0),  # nothing predicted
        (Counts(0, 2, 0), 0.0, 0.0, 0.0),  # only spurious items
        (Counts(2, 0, 0), 1.0, 1.0, 1.0),
    ],
)
def test_prf_edge_conventions(counts: Counts, p: float, r: float, f: float) -> None:
    out = prf(counts)
    assert (out.precision, out.recall, out.f1) == (p, r, f)


def _three(actors: Counts) -> dict[str, Counts]:
    return {"actors": actors, "treaties": Counts(), "events": Counts()}


def test_micro_pools_and_macro_averages_by_hand() -> None:
    per_article = [_three(Counts(2, 1, 1)), _three(Counts(0, 0, 3)), _three(Counts(0, 0, 0))]
    mi = micro(per_article).actors
    assert (mi.tp, mi.fp, mi.fn) == (2, 1, 4)
    assert mi.precision == pytest.approx(2 / 3)
    assert mi.recall == pytest.approx(2 / 6)
    ma = macro(per_article).actors
    # article 1: P 2/3, R 2/3, F1 2/3; article 2: 0, 0, 0; article 3 has nothing: left out
    assert ma.articles == 2
    assert ma.precision == pytest.approx(1 / 3)
    assert ma.recall == pytest.approx(1 / 3)
    assert ma.f1 == pytest.approx(1 / 3)
    # no article has a treaty: the macro mean is undefined, not 1.0 or 0.0
    assert macro(per_article).treaties.model_dump() == {
        "precision": None,
        "recall": None,
        "f1": None,
        "articles": 0,
    }


def test_attributes_by_hand() -> None:
    out = aggregate_attributes(
        [
            ("actors", {"kind": True}),
            ("actors", {"kind": False}),
            ("actors", {"kind": True}),
            ("treaties", {"kind": True, "status": False, "date": True, "parties_f1": 0.5}),
            ("treaties", {"kind": True, "status": True, "date": False, "parties_f1": 1.0}),
        ]
    ).model_dump()
    assert out["actors"]["kind"] == {"correct": 2, "total": 3, "accuracy": pytest.approx(2 / 3)}
    assert out["treaties"]["status"] == {"correct": 1, "total": 2, "accuracy": 0.5}
    assert out["treaties"]["parties_f1"] == {"mean": 0.75, "total": 2}
    assert out["events"]["kind"] == {"correct": 0, "total": 0, "accuracy": None}


def test_grounding_by_hand() -> None:
    alignments = [
        Alignment(path="actors[0].evidence[0]", quote="", status="exact"),
        Alignment(path="actors[0].evidence[1]", quote="", status="not_found"),
        Alignment(path="actors[1].evidence[0]", quote="", status="not_found"),
        Alignment(path="events[0].evidence[0]", quote="", status="fuzzy"),
    ]
    # actors[1]: its only quote not found; actors[2]: no quote at all; treaties[0]: no quote
    without = items_without_found_quote({"actors": 3, "treaties": 1, "events": 1}, alignments)
    assert without == {"actors": 2, "treaties": 1, "events": 0}
    summary = grounding_summary(alignments, without)
    assert summary.quotes == 4
    assert summary.found == 2
    assert summary.found_share == 0.5
    assert summary.by_status == {"exact": 1, "normalized": 0, "fuzzy": 1, "not_found": 2}
    assert summary.items_without_found_quote == 3


def test_fixture_run_scored_by_hand() -> None:
    """tests/fixtures/harness/run.jsonl against the fixture gold, counted by hand.

    h01 (ok): actors FPL (gold alias), CSP (gold name = predicted alias), Alghabass Ag
    Intallah (fuzzy), Malian Army (kind wrong: state), Wagner Group (designator) match; Niger
    is invented; Barka Taher Hamit and AES are missed -> tp 5, fp 1, fn 2. The treaty matches
    with status and date wrong. Events: meeting (month for a day: date wrong), drone strike
    (one fatality claim of two: wrong), battle labelled violence_against_civilians (kind
    wrong) match; a coup in Niamey is invented -> tp 3, fp 1, fn 0.
    h02 (error): all 10 actors, 1 treaty, 2 events missed.
    """
    report = score_path(RUN, GOLD, SEEDS).model_dump(mode="json")
    m = report["metrics"]
    assert {t: (v["tp"], v["fp"], v["fn"]) for t, v in m["micro"].items()} == {
        "actors": (5, 1, 12),
        "treaties": (1, 0, 1),
        "events": (3, 1, 2),
    }
    assert m["micro"]["actors"]["precision"] == pytest.approx(5 / 6)
    assert m["micro"]["actors"]["recall"] == pytest.approx(5 / 17)
    # macro actors: h01 P 5/6, R 5/7; h02 P 0, R 0
    assert m["macro"]["actors"]["precision"] == pytest.approx(5 / 12)
    assert m["macro"]["actors"]["recall"] == pytest.approx(5 / 14)
    assert m["macro"]["actors"]["f1"] == pytest.approx(
        (2 * (5 / 6) * (5 / 7) / (5 / 6 + 5 / 7)) / 2
    )

    a = m["attributes"]
    assert (a["actors"]["kind"]["correct"], a["actors"]["kind"]["total"]) == (4, 5)
    assert {k: a["treaties"][k]["correct"] for k in ("kind", "status", "date")} == {
        "kind": 1,
        "status": 0,
        "date": 0,
    }
    assert a["treaties"]["parties_f1"] == {"mean": 1.0, "total": 1}
    assert {k: a["events"][k]["correct"] for k in ("kind", "date", "location", "fatalities")} == {
        "kind": 2,
        "date": 2,
        "location": 3,
        "fatalities": 2,
    }
    assert a["events"]["participants_f1"] == {"mean": 1.0, "total": 3}

    g = m["grounding"]
    assert (g["quotes"], g["found"]) == (10, 9)
    assert g["by_status"] == {"exact": 8, "normalized": 1, "fuzzy": 0, "not_found": 1}
    assert g["items_without_found_quote"] == 2  # Niger (quote not found), the coup (no quote)

    assert m["run"] == {
        "articles": 2,
        "errors": 1,
        "prompt_tokens": 1800,
        "completion_tokens": 500,
        "total_tokens": 2300,
        "retries": 3,
        "latency_s": 42.5,
    }
    assert [(x["article"], x["status"]) for x in report["articles"]] == [
        ("h01_tinzaouatene", "ok"),
        ("h02_aes_charter", "error"),
    ]
    c = report["config"]
    assert (c["model"], c["endpoint_kind"], c["prompt"]["id"]) == (
        "fixture-model",
        "replay",
        "extract@v1",
    )


def test_score_records_restricted_to_some_articles() -> None:
    records = load_records(RUN)
    report = score_records(records[:1], GOLD, SEEDS, articles=["h01_tinzaouatene"])
    assert report.article_ids() == ["h01_tinzaouatene"]
    assert report.config.articles == ["h01_tinzaouatene"]
    assert report.metrics.micro.actors.fn == 2


def test_article_without_prediction_is_missing() -> None:
    records = load_records(RUN)
    report = score_records(records[:1], GOLD, SEEDS, {"predictions": "one.jsonl"})
    missing = report.articles[1]
    assert missing.status == "missing"
    assert {i.outcome for i in missing.items} == {"missed"}
    assert report.config.predictions == "one.jsonl"
    # the gold quotes are located even for an article nothing was predicted for
    assert all(i.gold_quotes is not None for i in missing.items)


def _pairs_to_labels(report: dict, item_type: str) -> tuple[list[int], list[int]]:
    """Each item as a (gold, predicted) binary pair: matched (1, 1), missed (1, 0), spurious
    (0, 1): the same pairs the scorer counted, for an independent implementation to score."""
    y_true, y_pred = [], []
    for article in report["articles"]:
        for item in article["items"]:
            if item["type"] != item_type:
                continue
            y_true.append(int(item["outcome"] != "spurious"))
            y_pred.append(int(item["outcome"] != "missed"))
    return y_true, y_pred


def _perturbed(gold: Extraction, rng: random.Random) -> dict:
    data = gold.model_dump(mode="json")
    keep = {a["name"] for a in data["actors"] if rng.random() > 0.3}
    data["actors"] = [a for a in data["actors"] if a["name"] in keep]
    for t in data["treaties"]:
        t["parties"] = [p for p in t["parties"] if p in keep]
    for e in data["events"]:
        e["participants"] = [p for p in e["participants"] if p in keep]
    data["events"] = [e for e in data["events"] if rng.random() > 0.3]
    for k in range(rng.randint(0, 3)):
        data["actors"].append({"name": f"Invented Actor {k}", "kind": "armed_group"})
    return data


@pytest.mark.parametrize("seed", range(8))
def test_prf_agrees_with_sklearn(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    annotator = tmp_path / "annotator"
    annotator.mkdir()
    for article, gold in load_gold(GOLD).items():
        (annotator / f"{article}.yaml").write_text(yaml.safe_dump(_perturbed(gold, rng)))
    report = score_path(annotator, GOLD, SEEDS).model_dump(mode="json")
    for item_type in ("actors", "treaties", "events"):
        y_true, y_pred = _pairs_to_labels(report, item_type)
        ours = report["metrics"]["micro"][item_type]
        if not any(y_pred) or not any(y_true):
            continue  # sklearn's zero_division convention differs from ours there
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, average="binary", zero_division=0
        )
        assert (ours["precision"], ours["recall"], ours["f1"]) == pytest.approx((p, r, f))
