"""Metamorphic tests: change a prediction in a known way, and the scores must change (or not)
by exactly the amount the change implies. They run on the fixture gold, not on gold/."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from extractor.evaluation.harness import (
    Prediction,
    Source,
    load_gold,
    load_texts,
    score_dataset,
    score_path,
)
from extractor.schema import Extraction

FIXTURES = Path(__file__).parent.parent / "fixtures" / "harness"
GOLD_DIR, SEEDS = FIXTURES / "gold", FIXTURES / "seeds"
GOLD = load_gold(GOLD_DIR)
TEXTS = load_texts(SEEDS, GOLD)
TYPES = ("actors", "treaties", "events")


def score(predicted: dict[str, dict]) -> dict:
    """Score predictions given as gold-format dicts, by article."""
    predictions = [
        Prediction(article=a, source=a, items=Extraction.model_validate(d))
        for a, d in predicted.items()
    ]
    report = score_dataset(
        GOLD, predictions, TEXTS, source=Source.annotator(), config={"git_commit": None}
    )
    return report.model_dump(mode="json")


def gold_copy() -> dict[str, dict]:
    return {a: g.model_dump(mode="json") for a, g in GOLD.items()}


def micro(report: dict, item_type: str) -> dict:
    return report["metrics"]["micro"][item_type]


def attr(report: dict, item_type: str, name: str) -> dict:
    return report["metrics"]["attributes"][item_type][name]


def drop_actors(data: dict, names: set[str]) -> None:
    """Remove actors and every reference to them (so the prediction still validates)."""
    data["actors"] = [a for a in data["actors"] if a["name"] not in names]
    for t in data["treaties"]:
        t["parties"] = [p for p in t["parties"] if p not in names]
    for e in data["events"]:
        e["participants"] = [p for p in e["participants"] if p not in names]


def test_gold_against_itself_is_perfect_everywhere() -> None:
    report = score(gold_copy())
    m = report["metrics"]
    for t in TYPES:
        assert micro(report, t)["fp"] == micro(report, t)["fn"] == 0
        assert (
            micro(report, t)["precision"],
            micro(report, t)["recall"],
            micro(report, t)["f1"],
        ) == (1.0, 1.0, 1.0)
        assert (m["macro"][t]["precision"], m["macro"][t]["recall"], m["macro"][t]["f1"]) == (
            1.0,
            1.0,
            1.0,
        )
        for name, cell in m["attributes"][t].items():
            assert cell.get("accuracy", cell.get("mean")) == 1.0, (t, name)
    assert m["grounding"]["found_share"] == 1.0
    assert m["grounding"]["items_without_found_quote"] == 0
    matched = [i for a in report["articles"] for i in a["items"]]
    assert all(i["outcome"] == "matched" and i["similarity"] == 1.0 for i in matched)


def test_gold_directory_scored_as_annotator_is_perfect() -> None:
    report = score_path(GOLD_DIR, GOLD_DIR, SEEDS).model_dump(mode="json")
    assert report["config"]["endpoint_kind"] == "annotator"
    assert all(micro(report, t)["f1"] == 1.0 for t in TYPES)


@pytest.mark.parametrize("k", [0, 1, 3, 5, 9])
def test_removing_k_of_n_actors(k: int) -> None:
    article = "h02_aes_charter"
    data = gold_copy()
    n = len(data[article]["actors"])
    removed = {a["name"] for a in random.Random(k).sample(data[article]["actors"], k)}
    drop_actors(data[article], removed)
    report = score({article: data[article]})
    h02 = report["articles"][1]["metrics"]["actors"]
    assert h02["recall"] == (n - k) / n
    assert h02["precision"] == 1.0
    assert (h02["tp"], h02["fp"], h02["fn"]) == (n - k, 0, k)


def test_name_replaced_by_alias_keeps_the_match() -> None:
    data = gold_copy()
    swapped = 0
    for d in data.values():
        for a in d["actors"]:
            if a["aliases"]:
                a["name"], a["aliases"] = a["aliases"][0], [a["name"], *a["aliases"][1:]]
                swapped += 1
    assert swapped >= 3
    report = score(data)
    assert micro(report, "actors")["f1"] == 1.0
    assert micro(report, "events")["f1"] == 1.0  # participants still resolve
    assert attr(report, "events", "participants_f1")["mean"] == 1.0


def test_alias_only_prediction_keeps_the_match() -> None:
    """The predicted actor uses only the alias, with no trace of the gold name."""
    data = gold_copy()
    d = data["h01_tinzaouatene"]
    csp = next(a for a in d["actors"] if a["aliases"] == ["CSP"])
    old = csp["name"]
    csp["name"], csp["aliases"] = "CSP", []
    for item in [*d["treaties"], *d["events"]]:
        key = "parties" if "parties" in item else "participants"
        item[key] = ["CSP" if p == old else p for p in item[key]]
    report = score(data)
    assert micro(report, "actors")["f1"] == 1.0
    assert attr(report, "treaties", "parties_f1")["mean"] == 1.0


def test_invented_actor_costs_exactly_one_false_positive() -> None:
    base = score(gold_copy())
    data = gold_copy()
    data["h01_tinzaouatene"]["actors"].append(
        {
            "name": "Azawad Liberation Brigade",
            "kind": "armed_group",
            "evidence": ["The brigade attacked Kidal"],
        }
    )
    report = score(data)
    before, after = micro(base, "actors"), micro(report, "actors")
    assert (after["tp"], after["fp"], after["fn"]) == (before["tp"], before["fp"] + 1, before["fn"])
    assert after["precision"] == before["tp"] / (before["tp"] + 1)
    assert after["recall"] == 1.0
    # its quote is not in the article: one more item without a found quote
    assert report["metrics"]["grounding"]["items_without_found_quote"] == 1


@pytest.mark.parametrize("seed", range(5))
def test_shuffling_items_changes_nothing(seed: int) -> None:
    base = score(gold_copy())
    data = gold_copy()
    rng = random.Random(seed)
    for d in data.values():
        for t in TYPES:
            rng.shuffle(d[t])
            for item in d[t]:
                if item.get("aliases"):
                    rng.shuffle(item["aliases"])
    report = score(data)
    assert report["metrics"] == base["metrics"]
    # the same gold item is paired with the same predicted item, wherever it now sits
    for a, b in zip(base["articles"], report["articles"], strict=True):
        pa = {(i["type"], i["gold_index"]): i["predicted"]["evidence"] for i in a["items"]}
        pb = {(i["type"], i["gold_index"]): i["predicted"]["evidence"] for i in b["items"]}
        assert pa == pb


@pytest.mark.parametrize(
    ("index", "new_date", "correct"),
    [
        (0, "2024-08-24", False),  # meeting, day precision, shifted one day
        (1, "2024-08", False),  # battle, month precision, shifted one month
        (1, "2024-07-20", True),  # inside the gold month, finer: still right
        (2, "2024-09-25", False),  # drone strike, shifted one month
    ],
)
def test_shifting_an_event_date(index: int, new_date: str, correct: bool) -> None:
    data = gold_copy()
    event = data["h01_tinzaouatene"]["events"][index]
    event["date"], event["date_precision"], event["date_end"] = new_date, None, None
    report = score(data)
    item = next(
        i
        for i in report["articles"][0]["items"]
        if i["type"] == "events" and i["gold_index"] == index
    )
    assert item["outcome"] == "matched"  # a wrong date alone does not unpair an event
    assert item["attributes"]["date"] is correct
    total = attr(report, "events", "date")["total"]
    assert attr(report, "events", "date")["correct"] == total - (not correct)


@pytest.mark.parametrize(
    ("article", "index"), [("h01_tinzaouatene", 0), ("h01_tinzaouatene", 2), ("h02_aes_charter", 1)]
)
def test_swapping_an_event_kind_costs_exactly_one(article: str, index: int) -> None:
    base = score(gold_copy())
    data = gold_copy()
    event = data[article]["events"][index]
    event["kind"] = "other" if event["kind"] != "other" else "battle"
    report = score(data)
    before, after = attr(base, "events", "kind"), attr(report, "events", "kind")
    assert after["total"] == before["total"]
    assert after["correct"] == before["correct"] - 1
    assert micro(report, "events") == micro(base, "events")


def test_changing_a_treaty_status_costs_exactly_one() -> None:
    base = score(gold_copy())
    data = gold_copy()
    data["h02_aes_charter"]["treaties"][0]["status"] = "proposed"
    report = score(data)
    assert attr(report, "treaties", "status")["correct"] == (
        attr(base, "treaties", "status")["correct"] - 1
    )


def test_score_is_independent_of_unrelated_articles() -> None:
    """Adding a perfect article never changes another article's entry."""
    data = gold_copy()
    only = score({"h01_tinzaouatene": copy.deepcopy(data["h01_tinzaouatene"])})
    both = score(data)
    assert only["articles"][0]["metrics"] == both["articles"][0]["metrics"]
