"""Scoring against partial gold (`complete: false`, e.g. made from an ACLED or UCDP row).

Such gold lists some events (usually one) and only their named actors, not everything the
article mentions. So only recall is measured: event recall and named-actor recall, plus the
attributes of each matched event. A prediction the gold does not list is "unlisted", not a
false positive: fp is 0 and precision and F1 are null. Pairing is the harness's matcher.

Attributes of a matched event (all against the gold event; docs/report-format.md):
- kind: equal.
- date: right at the coded precision: the prediction is at least as precise as the gold
  date and falls in the days it covers (for a range, date..date_end).
- location: the same place (evaluation.matching.same_place) as the gold location or as one of
  the admin areas in the gold's ``reference.admin``; null when the gold has no location.
- fatalities_exact: the prediction's one figure equals the coded toll. The figure is the one
  `extractor export --format acled-csv` writes (extractor.toll_total.event_toll): each side's
  deaths added up, the lowest claim per side, 0 without a claim; a coder's toll is such a sum.
- fatalities_band: that figure lies within reference.fatalities_low..high (the coded toll
  alone when there is no band).
- participants_recall: share of the gold participants the prediction names (through the
  actor pairing); 1.0 when the gold lists none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from extractor.evaluation.matching import ActorRefs, TypeMatch, date_range, same_place
from extractor.evaluation.metrics import TYPES, per_type, recall, score_cell
from extractor.evaluation.models import (
    ArticleResult,
    AttributeScore,
    PartialSummary,
    PerType,
    RecallCount,
    TypeScores,
)
from extractor.schema import Event, Extraction, ReferenceCoding
from extractor.toll_total import event_toll

ATTRIBUTES = (
    "kind", "date", "location", "fatalities_exact", "fatalities_band", "participants_recall"
)  # fmt: skip
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def type_metrics(tp: int, fn: int, unlisted: int) -> TypeScores:
    """A type's counts on partial gold: recall only (unlisted predictions are not counted)."""
    return TypeScores(tp=tp, fp=0, fn=fn, precision=None, recall=recall(tp, 0, fn), f1=None,
                      unlisted=unlisted)  # fmt: skip


def article_metrics(by_type: Mapping[str, TypeMatch]) -> PerType[TypeScores]:
    return per_type(
        {t: type_metrics(len(m.pairs), len(m.missed), len(m.spurious)) for t, m in by_type.items()}
    )


def unscored_metrics(gold: Extraction) -> PerType[TypeScores]:
    return per_type({t: type_metrics(0, len(getattr(gold, t)), 0) for t in TYPES})


def date_at_precision(gold: Event, pred: Event) -> bool:
    if gold.date is None:
        return pred.date is None
    if pred.date is None:
        return False
    if (
        _PRECISION_RANK[pred.date_precision or "day"]
        < _PRECISION_RANK[gold.date_precision or "day"]
    ):
        return False
    g0, g1 = date_range(gold.date, gold.date_end)
    p0, p1 = date_range(pred.date, pred.date_end)
    return g0 <= p0 and p1 <= g1 if pred.date_end is None else (p0 <= g1 and g0 <= p1)


def location_right(gold: Event, pred: Event, reference: ReferenceCoding | None) -> bool | None:
    if not gold.location:
        return None
    if not pred.location:
        return False
    places = [gold.location, *(reference.admin if reference else [])]
    return any(same_place(place, pred.location) for place in places)


def _tolls(event: Event) -> list[int]:
    return [c.count for c in event.fatalities]


def fatalities_within(pred: Event, low: int, high: int) -> bool:
    return low <= event_toll(pred.fatalities) <= high


def event_attributes(
    gold: Event, pred: Event, refs: ActorRefs, reference: ReferenceCoding | None
) -> dict[str, bool | float | None]:
    coded = max(_tolls(gold), default=0)
    low = high = coded
    if reference and reference.fatalities_low is not None and reference.fatalities_high is not None:
        low, high = reference.fatalities_low, reference.fatalities_high
    wanted = refs.gold_ids(gold.participants)
    named = refs.pred_ids(pred.participants)
    return {
        "kind": gold.kind == pred.kind,
        "date": date_at_precision(gold, pred),
        "location": location_right(gold, pred, reference),
        "fatalities_exact": fatalities_within(pred, coded, coded),
        "fatalities_band": fatalities_within(pred, low, high),
        "participants_recall": len(wanted & named) / len(wanted) if wanted else 1.0,
    }


def _recall_count(entries: Sequence[ArticleResult], item_type: str) -> RecallCount:
    tp = sum(e.metrics[item_type].tp for e in entries)
    fn = sum(e.metrics[item_type].fn for e in entries)
    return RecallCount(gold=tp + fn, found=tp, recall=tp / (tp + fn) if tp + fn else None)


def summary(entries: Sequence[ArticleResult]) -> PartialSummary:
    """The report's ``metrics.partial``: recall by type, unlisted counts, event attributes."""
    cells: dict[str, list[float]] = {a: [] for a in ATTRIBUTES}
    for e in entries:
        for item in e.items:
            if item.type == "events" and item.outcome == "matched" and item.attributes:
                for name, value in item.attributes.items():
                    if value is not None:
                        cells[name].append(float(value))
    attributes: dict[str, AttributeScore] = {}
    for name, values in cells.items():
        # a yes/no attribute's correct count is the sum of its 0/1 values, as int
        total = sum(values) if name.endswith("_recall") else int(sum(values))
        attributes[name] = score_cell(name.endswith("_recall"), total, len(values))
    return PartialSummary(
        articles=len(entries),
        events=_recall_count(entries, "events"),
        actors=_recall_count(entries, "actors"),
        unlisted={t: sum(e.metrics[t].unlisted or 0 for e in entries) for t in TYPES},
        attributes=attributes,
    )
