"""Partial gold (`complete: false`): recall only, unlisted predictions not counted."""

from __future__ import annotations

import io

from rich.console import Console

from extractor.evaluation.harness import Prediction, Source, score_dataset
from extractor.evaluation.html import render_html
from extractor.evaluation.models import Report
from extractor.evaluation.report import render_markdown, terminal_report
from extractor.schema import (
    Actor,
    Event,
    Extraction,
    ExtractionItems,
    FatalityClaim,
    ReferenceCoding,
    Treaty,
)

ARMY = Actor(name="Malian Armed Forces", aliases=["FAMa"], kind="armed_forces", country="ML")
JNIM = Actor(name="Group for Support of Islam and Muslims", aliases=["JNIM"], kind="armed_group")


def _partial_gold() -> Extraction:
    return Extraction(
        article="p1",
        complete=False,
        reference=ReferenceCoding(
            dataset="acled",
            event_id="X1",
            admin=["Ansongo", "Gao"],
            fatalities_low=11,
            fatalities_high=19,
        ),
        actors=[ARMY, JNIM],
        events=[
            Event(
                kind="battle",
                date="2031-02-14",
                location="Tessit",
                country="ML",
                participants=[ARMY.name, JNIM.name],
                fatalities=[FatalityClaim(count=15)],
            )
        ],
    )


def _prediction(**event: object) -> Prediction:
    fields = {
        "kind": "battle",
        "date": "2031-02-14",
        "location": "Ansongo",
        "participants": ["FAMa"],
        "fatalities": [FatalityClaim(count=12)],
        **event,
    }
    items = ExtractionItems(
        actors=[Actor(name="FAMa", kind="armed_forces"), Actor(name="Wagner", kind="armed_group")],
        treaties=[Treaty(name="Some pact", kind="other", status="proposed")],
        events=[Event(**fields), Event(kind="meeting", date="2031-01")],  # type: ignore[arg-type]
    )
    return Prediction(article="p1", source="test", items=items, grounding=[])


def _scored(gold: dict, predictions: list[Prediction]) -> Report:
    return score_dataset(
        gold, predictions, {}, source=Source.annotator(), config={"git_commit": None}
    )


def _report(*predictions: Prediction, gold: dict | None = None) -> dict:
    """The report as its JSON: the tests check the written shape (keys present or not)."""
    return _scored(gold or {"p1": _partial_gold()}, list(predictions)).model_dump(mode="json")


def test_unlisted_predictions_are_not_false_positives() -> None:
    report = _report(_prediction())
    [entry] = report["articles"]
    assert entry["complete"] is False
    events = entry["metrics"]["events"]
    assert (events["tp"], events["fp"], events["fn"], events["unlisted"]) == (1, 0, 0, 1)
    assert events["precision"] is None and events["f1"] is None and events["recall"] == 1.0
    outcomes = sorted(item["outcome"] for item in entry["items"])
    assert outcomes == ["matched", "matched", "missed", "unlisted", "unlisted", "unlisted"]
    part = report["metrics"]["partial"]
    assert part["events"] == {"gold": 1, "found": 1, "recall": 1.0}
    assert part["actors"] == {"gold": 2, "found": 1, "recall": 0.5}
    assert part["unlisted"] == {"actors": 1, "treaties": 1, "events": 1}
    # nothing was pooled from complete gold: no misleading 1.0
    assert report["metrics"]["micro"]["events"]["f1"] is None


def test_attributes_at_the_coded_precision_admin_level_and_band() -> None:
    attrs = _report(_prediction())["metrics"]["partial"]["attributes"]
    assert attrs["kind"]["accuracy"] == 1.0
    assert attrs["date"]["accuracy"] == 1.0
    assert attrs["location"]["accuracy"] == 1.0  # Ansongo is the admin2 of Tessit
    assert attrs["fatalities_exact"]["accuracy"] == 0.0  # 12, coded 15
    assert attrs["fatalities_band"]["accuracy"] == 1.0  # 12 within 11..19
    assert attrs["participants_recall"]["mean"] == 0.5
    attrs = _report(_prediction(date="2031-02", location="Kidal"))["metrics"]["partial"][
        "attributes"
    ]
    assert attrs["date"]["accuracy"] == 0.0  # a month is coarser than the coded day
    assert attrs["location"]["accuracy"] == 0.0


def test_complete_gold_pooled_apart_and_reports_say_partial() -> None:
    complete = Extraction(article="c1", actors=[ARMY], events=[])
    army = Prediction(article="c1", source="t", items=ExtractionItems(actors=[ARMY]), grounding=[])
    mixed = _scored({"p1": _partial_gold(), "c1": complete}, [_prediction(), army])
    alone = _scored({"c1": complete}, [army])
    assert mixed.metrics.micro == alone.metrics.micro
    assert mixed.metrics.attributes == alone.metrics.attributes
    written = alone.model_dump(mode="json")
    assert "partial" not in written["metrics"]
    assert all("complete" not in a for a in written["articles"])  # complete reports unchanged
    console = Console(file=io.StringIO(), width=120)
    for shown in terminal_report(mixed):
        console.print(shown)
    assert "1 of 2 articles have partial gold" in console.file.getvalue()
    assert "Partial gold (recall only)" in render_markdown(mixed)
    assert "Partial gold." in render_html(mixed, {})
    assert "Partial gold" not in render_html(alone, {})


def test_a_missing_prediction_on_partial_gold_misses_everything() -> None:
    report = _report()
    [entry] = report["articles"]
    assert entry["status"] == "missing" and entry["complete"] is False
    assert report["metrics"]["partial"]["events"] == {"gold": 1, "found": 0, "recall": 0.0}


def test_compare_shows_partial_recall_deltas() -> None:
    from extractor.evaluation.compare import compare_reports

    gold = {"p1": _partial_gold()}
    before = _scored(
        gold, [Prediction(article="p1", source="t", items=ExtractionItems(), grounding=[])]
    )
    after = _scored(gold, [_prediction()])
    cmp = compare_reports(before, after, resamples=10)
    assert cmp.partial is not None
    assert cmp.partial["events_recall"].model_dump() == {"a": 0.0, "b": 1.0, "delta": 1.0}


def test_complete_extractions_serialise_as_before_partial_gold() -> None:
    # run records and dumps of complete extractions keep their old shape (older readers
    # forbid unknown keys); partial gold keeps its flag and coding
    assert set(Extraction(article="a").model_dump()) == {
        "actors", "treaties", "events", "article", "published", "language", "notes"
    }  # fmt: skip
    partial = _partial_gold()
    assert Extraction.model_validate(partial.model_dump(mode="json")) == partial


def test_the_toll_is_the_exported_figure_each_side_added_up() -> None:
    def exact(*claims: FatalityClaim) -> float:
        attrs = _report(_prediction(fatalities=list(claims)))["metrics"]["partial"]["attributes"]
        return attrs["fatalities_exact"]["accuracy"]

    soldiers = FatalityClaim(count=9, victims="soldiers")
    assert exact(soldiers, FatalityClaim(count=6, victims="militants")) == 1.0  # 9 + 6 = 15
    assert exact(soldiers) == 0.0
    # two sources on the same side: the lower figure counts
    assert (
        exact(
            FatalityClaim(count=15, victims="soldiers", claimed_by="the army"),
            FatalityClaim(count=40, victims="soldiers", claimed_by="locals"),
        )
        == 1.0
    )
