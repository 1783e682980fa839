"""Counts -> precision/recall/F1, attribute accuracy on matched pairs, grounding and run totals.

Conventions (also in docs/report-format.md):

- precision = tp / (tp + fp), recall = tp / (tp + fn), F1 their harmonic mean. With nothing
  predicted, precision is 1.0 if there was also nothing to find, else 0.0; with nothing to
  find, recall is 1.0 if nothing was predicted, else 0.0. So an article with no gold and no
  predicted item of a type scores 1.0, and one with only spurious items 0.0.
- micro: the counts pooled over articles, then P/R/F1 of the pooled counts.
- macro: the mean over articles of each article's P/R/F1, leaving out the articles with no
  gold and no predicted item of that type (they say nothing about the extractor); null when
  no article is left.
- attributes are measured on matched pairs only: booleans become {correct, total, accuracy}
  (accuracy null when total is 0), set F1s become {mean, total} (mean null when total is 0).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from extractor.evaluation.matching import ActorRefs, TypeMatch, date_correct, same_place, set_f1
from extractor.evaluation.models import (
    Accuracy,
    Alignment,
    AttributeScore,
    GroundingSummary,
    MacroScores,
    MeanScore,
    PerType,
    RunTotals,
    TypeScores,
)
from extractor.records import RunRecord
from extractor.schema import ITEM_TYPES, Actor, Event, Treaty

TYPES = ITEM_TYPES  # one home: extractor.schema
T = TypeVar("T")

# Which attributes are scored on matched pairs of each type; "_f1" ones are set F1s.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "actors": ("kind",),
    "treaties": ("kind", "status", "date", "parties_f1"),
    "events": ("kind", "date", "location", "fatalities", "participants_f1"),
}


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        """No gold and no predicted item: excluded from macro means."""
        return self.tp == self.fp == self.fn == 0

    @classmethod
    def of(cls, match: TypeMatch) -> Counts:
        return cls(len(match.pairs), len(match.spurious), len(match.missed))


def precision(tp: int, fp: int, fn: int) -> float:
    if tp + fp == 0:
        return 1.0 if fn == 0 else 0.0
    return tp / (tp + fp)


def recall(tp: int, fp: int, fn: int) -> float:
    if tp + fn == 0:
        return 1.0 if fp == 0 else 0.0
    return tp / (tp + fn)


def f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def prf(c: Counts) -> TypeScores:
    """Counts with their precision, recall and F1."""
    p, r = precision(c.tp, c.fp, c.fn), recall(c.tp, c.fp, c.fn)
    return TypeScores(tp=c.tp, fp=c.fp, fn=c.fn, precision=p, recall=r, f1=f1(p, r))


def per_type(values: Mapping[str, T]) -> PerType[T]:
    return PerType(actors=values["actors"], treaties=values["treaties"], events=values["events"])


def micro(per_article: Iterable[Mapping[str, Counts]]) -> PerType[TypeScores]:
    totals = {t: Counts() for t in TYPES}
    for counts in per_article:
        for t in TYPES:
            totals[t] = totals[t] + counts[t]
    return per_type({t: prf(totals[t]) for t in TYPES})


def _mean(values: Sequence[float | None]) -> float | None:
    return sum(float(v or 0.0) for v in values) / len(values) if values else None


def macro(per_article: Sequence[Mapping[str, Counts]]) -> PerType[MacroScores]:
    out: dict[str, MacroScores] = {}
    for t in TYPES:
        rows = [prf(c[t]) for c in per_article if not c[t].empty]
        out[t] = MacroScores(
            precision=_mean([r.precision for r in rows]),
            recall=_mean([r.recall for r in rows]),
            f1=_mean([r.f1 for r in rows]),
            articles=len(rows),
        )
    return per_type(out)


# --- attributes of matched pairs ----------------------------------------------------------


def fatalities_correct(gold: Event, pred: Event) -> bool:
    """The same reported counts, as a multiset (victims and sources are free text, not scored)."""
    return sorted(c.count for c in gold.fatalities) == sorted(c.count for c in pred.fatalities)


def actor_attributes(gold: Actor, pred: Actor) -> dict[str, bool | float | None]:
    return {"kind": gold.kind == pred.kind}


def treaty_attributes(
    gold: Treaty, pred: Treaty, refs: ActorRefs
) -> dict[str, bool | float | None]:
    return {
        "kind": gold.kind == pred.kind,
        "status": gold.status == pred.status,
        "date": date_correct(gold.date, pred.date),
        "parties_f1": set_f1(refs.gold_ids(gold.parties), refs.pred_ids(pred.parties)),
    }


def event_attributes(gold: Event, pred: Event, refs: ActorRefs) -> dict[str, bool | float | None]:
    return {
        "kind": gold.kind == pred.kind,
        "date": date_correct(gold.date, pred.date),
        "location": same_place(gold.location, pred.location),
        "fatalities": fatalities_correct(gold, pred),
        "participants_f1": set_f1(
            refs.gold_ids(gold.participants), refs.pred_ids(pred.participants)
        ),
    }


def pair_attributes(
    item_type: str, gold: Any, pred: Any, refs: ActorRefs
) -> dict[str, bool | float | None]:
    """The attributes scored on one matched pair of the given type (see ATTRIBUTES)."""
    if item_type == "actors":
        return actor_attributes(gold, pred)
    if item_type == "treaties":
        return treaty_attributes(gold, pred, refs)
    return event_attributes(gold, pred, refs)


def aggregate_attributes(
    pairs: Iterable[tuple[str, Mapping[str, bool | float | None]]],
) -> PerType[dict[str, AttributeScore]]:
    """Pool the attributes of matched pairs, given as (item type, attributes) tuples."""
    sums: dict[str, dict[str, list[float]]] = {
        t: {a: [0.0, 0] for a in names} for t, names in ATTRIBUTES.items()
    }
    for item_type, attributes in pairs:
        for name, value in attributes.items():
            cell = sums[item_type][name]
            cell[0] += float(value or 0.0)
            cell[1] += 1
    out: dict[str, dict[str, AttributeScore]] = {}
    for t, names in ATTRIBUTES.items():
        out[t] = {}
        for name in names:
            total_value, n = sums[t][name]
            out[t][name] = score_cell(name.endswith("_f1"), total_value, int(n))
    return per_type(out)


def score_cell(is_mean: bool, total_value: float, n: int) -> AttributeScore:
    """{mean, total} for a 0..1 score, {correct, total, accuracy} for a yes/no attribute."""
    if is_mean:
        return MeanScore(mean=total_value / n if n else None, total=n)
    return Accuracy(correct=int(total_value), total=n, accuracy=total_value / n if n else None)


# --- grounding ----------------------------------------------------------------------------

STATUSES = ("exact", "normalized", "fuzzy", "not_found")


def item_key(path: str) -> tuple[str, int]:
    """("actors", 2) from "actors[2].evidence[0]"."""
    head = path.split(".", 1)[0]
    name, _, index = head.partition("[")
    return name, int(index.rstrip("]"))


def items_without_found_quote(
    item_counts: Mapping[str, int], alignments: Iterable[Alignment]
) -> dict[str, int]:
    """Per type, the predicted items none of whose evidence quotes was found in the article.

    An item with no quote at all counts too: nothing ties it to the text.
    """
    found: set[tuple[str, int]] = set()
    for a in alignments:
        if a.status != "not_found":
            found.add(item_key(a.path))
    return {t: sum(1 for i in range(item_counts.get(t, 0)) if (t, i) not in found) for t in TYPES}


def grounding_summary(
    alignments: Iterable[Alignment], without_found: Mapping[str, int]
) -> GroundingSummary:
    by_status = dict.fromkeys(STATUSES, 0)
    for a in alignments:
        by_status[a.status] += 1
    quotes = sum(by_status.values())
    found = quotes - by_status["not_found"]
    return GroundingSummary(
        quotes=quotes,
        found=found,
        found_share=found / quotes if quotes else None,
        by_status=by_status,
        items_without_found_quote=sum(without_found.values()),
        items_without_found_quote_by_type={t: without_found.get(t, 0) for t in TYPES},
    )


def run_totals(records: Iterable[RunRecord]) -> RunTotals:
    """Articles, errors, token usage, retries and latency summed over run records."""
    totals = RunTotals(articles=0, errors=0, prompt_tokens=0, completion_tokens=0,
                       total_tokens=0, retries=0, latency_s=0.0)  # fmt: skip
    latency = 0.0
    for r in records:
        usage = r.usage
        totals.articles += 1
        totals.errors += r.status == "error"
        totals.prompt_tokens += usage.prompt_tokens
        totals.completion_tokens += usage.completion_tokens
        totals.total_tokens += usage.total_tokens
        totals.retries += r.retries
        latency += r.latency_s
    totals.latency_s = round(float(latency), 3)
    return totals
