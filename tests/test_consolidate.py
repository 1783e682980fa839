"""`extractor consolidate`: one event per happening across articles, every toll kept."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from extractor.consolidate import consolidate
from extractor.evaluation.consolidation import (
    DEFAULT_HAPPENINGS,
    load_happenings,
    score_consolidation,
)
from extractor.evaluation.harness import load_gold
from extractor.records import RunRecord
from extractor.schema import Actor, Event, Extraction, FatalityClaim

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _article(article: str, *events: Event, actors: list[Actor] | None = None) -> RunRecord:
    extraction = Extraction(article=article, actors=actors or [], events=list(events))
    return RunRecord(article=article, status="ok", extraction=extraction)


ARMY = [Actor(name="Malian army", kind="armed_forces"), Actor(name="CSP", kind="armed_group")]
FAMA = [Actor(name="FAMa", kind="armed_forces"), Actor(name="CSP", kind="armed_group")]


def _battle(date: str, location: str | None, count: int, by: str, who: list[str]) -> Event:
    return Event(
        kind="battle",
        date=date,
        location=location,
        participants=who,
        fatalities=[FatalityClaim(count=count, claimed_by=by)],
        evidence=[f"{by} says {count} died"],
    )


def test_three_articles_on_one_battle_give_one_happening_with_every_claim() -> None:
    records = [
        _article(
            "a", _battle("2031-07-27", "Tinzaouatene", 47, "army", ["Malian army"]), actors=ARMY
        ),
        _article("b", _battle("2031-07", "Tin Zaouatene", 80, "CSP", ["FAMa", "CSP"]), actors=FAMA),
        _article(
            "c",
            _battle("2031-07-27", "Tinzaouatene, Kidal region", 20, "locals", []),
            Event(kind="battle", date="2031-07-27", location="Kidal"),
            actors=ARMY,
        ),
    ]
    happenings, events, groups = consolidate([("run", records)])
    merged = [h for h in happenings if h["articles"] > 1]
    assert len(merged) == 1
    [battle] = merged
    assert battle["date"] == "2031-07-27"
    assert sorted(
        (c["count"], c["claimed_by"], c["article"]) for c in battle["fatality_claims"]
    ) == [(20, "locals", "c"), (47, "army", "a"), (80, "CSP", "b")]
    assert "fatalities" not in battle  # no single toll is picked
    assert sorted(s["article"] for s in battle["sources"]) == ["a", "b", "c"]
    assert all(s["evidence"] for s in battle["sources"])
    # article c's second battle (Kidal) is a different happening, and the two events of one
    # article never merge
    assert len(happenings) == 2


def test_complete_linkage_does_not_chain_disagreeing_events() -> None:
    records = [
        _article("a", Event(kind="coup", date="2031")),
        _article("b", Event(kind="coup", date="2031-03", location="Bamako")),
        _article("c", Event(kind="coup", date="2031", location="Niamey")),
    ]
    happenings, _, _ = consolidate([("run", records)])
    # a may join b or c, but b (Bamako) and c (Niamey) never share a happening
    assert sorted(h["articles"] for h in happenings) == [1, 2]


def test_the_seed_gold_merges_as_labelled() -> None:
    gold = load_gold(ROOT / "gold")
    records = [RunRecord(article=a, status="ok", extraction=g) for a, g in gold.items()]
    _, events, groups = consolidate([("gold", records)])
    scores = score_consolidation(events, groups, gold, load_happenings(DEFAULT_HAPPENINGS))
    assert scores["pairs"]["same"] == 9  # 5 happenings reported by 2 or 3 seed articles
    assert scores["pairs"]["precision"] == 1.0 and scores["pairs"]["recall"] == 1.0


def test_cli_writes_happenings_and_scores_against_gold(tmp_path: Path) -> None:
    gold = load_gold(ROOT / "gold")
    run = tmp_path / "run.jsonl"
    run.write_text(
        "".join(
            RunRecord(article=a, status="ok", extraction=g).model_dump_json() + "\n"
            for a, g in gold.items()
        ),
        encoding="utf-8",
    )
    out = tmp_path / "happenings.jsonl"
    result = runner.invoke(
        app,
        [
            "consolidate",
            str(run),
            "--out",
            str(out),
            "--gold",
            str(ROOT / "gold"),
            "--score-json",
            str(tmp_path / "s.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "precision 1.000 (9/9), recall 1.000 (9/9)" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 22 and sum(h["articles"] > 1 for h in lines) == 5


def test_the_date_sweep_finds_every_overlapping_pair() -> None:
    import random

    from extractor.consolidate import _day_range, candidate_pairs, sourced_events

    rng = random.Random(7)
    dates = ["2031", "2031-03", "2031-03-04", "2031-03-09", "2031-04", "2030-12-31", None]
    records = [
        _article(f"a{n}", Event(kind=rng.choice(["battle", "coup"]), date=rng.choice(dates)))
        for n in range(60)
    ]
    events = sourced_events([("run", records)])

    def overlap(i: int, j: int) -> bool:
        x, y = events[i].event, events[j].event
        if x.kind != y.kind or not x.date or not y.date:
            return False
        (a0, a1), (b0, b1) = _day_range(x.date, None), _day_range(y.date, None)
        return a0 <= b1 and b0 <= a1

    brute = {(i, j) for i in range(60) for j in range(i + 1, 60) if overlap(i, j)}
    assert set(candidate_pairs(events)) == brute
