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
from typing import Any

from extractor.evaluation.matching import ActorRefs, TypeMatch, date_correct, same_place, set_f1
from extractor.records import RunRecord
from extractor.schema import ITEM_TYPES, Actor, Event, Treaty

TYPES = ITEM_TYPES  # one home: extractor.schema

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


def prf(c: Counts) -> dict[str, float | int]:
    """{"tp", "fp", "fn", "precision", "recall", "f1"} for one set of counts."""
    p, r = precision(c.tp, c.fp, c.fn), recall(c.tp, c.fp, c.fn)
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": p, "recall": r, "f1": f1(p, r)}


def micro(per_article: Iterable[Mapping[str, Counts]]) -> dict[str, dict[str, float | int]]:
    totals = {t: Counts() for t in TYPES}
    for counts in per_article:
        for t in TYPES:
            totals[t] = totals[t] + counts[t]
    return {t: prf(totals[t]) for t in TYPES}


def macro(per_article: Sequence[Mapping[str, Counts]]) -> dict[str, dict[str, float | int | None]]:
    out: dict[str, dict[str, float | int | None]] = {}
    for t in TYPES:
        rows = [prf(c[t]) for c in per_article if not c[t].empty]
        out[t] = {
            key: (sum(float(r[key]) for r in rows) / len(rows) if rows else None)
            for key in ("precision", "recall", "f1")
        }
        out[t]["articles"] = len(rows)
    return out


# --- attributes of matched pairs ----------------------------------------------------------


def fatalities_correct(gold: Event, pred: Event) -> bool:
    """The same reported counts, as a multiset (victims and sources are free text, not scored)."""
    return sorted(c.count for c in gold.fatalities) == sorted(c.count for c in pred.fatalities)


def actor_attributes(gold: Actor, pred: Actor) -> dict[str, bool | float]:
    return {"kind": gold.kind == pred.kind}


def treaty_attributes(gold: Treaty, pred: Treaty, refs: ActorRefs) -> dict[str, bool | float]:
    return {
        "kind": gold.kind == pred.kind,
        "status": gold.status == pred.status,
        "date": date_correct(gold.date, pred.date),
        "parties_f1": set_f1(refs.gold_ids(gold.parties), refs.pred_ids(pred.parties)),
    }


def event_attributes(gold: Event, pred: Event, refs: ActorRefs) -> dict[str, bool | float]:
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
) -> dict[str, bool | float]:
    """The attributes scored on one matched pair of the given type (see ATTRIBUTES)."""
    if item_type == "actors":
        return actor_attributes(gold, pred)
    if item_type == "treaties":
        return treaty_attributes(gold, pred, refs)
    return event_attributes(gold, pred, refs)


def aggregate_attributes(
    pairs: Iterable[tuple[str, Mapping[str, bool | float]]],
) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Pool the attributes of matched pairs, given as (item type, attributes) tuples."""
    sums: dict[str, dict[str, list[float]]] = {
        t: {a: [0.0, 0] for a in names} for t, names in ATTRIBUTES.items()
    }
    for item_type, attributes in pairs:
        for name, value in attributes.items():
            cell = sums[item_type][name]
            cell[0] += float(value)
            cell[1] += 1
    out: dict[str, dict[str, dict[str, float | int | None]]] = {}
    for t, names in ATTRIBUTES.items():
        out[t] = {}
        for name in names:
            total_value, n = sums[t][name]
            n = int(n)
            if name.endswith("_f1"):
                out[t][name] = {"mean": total_value / n if n else None, "total": n}
            else:
                out[t][name] = {
                    "correct": int(total_value),
                    "total": n,
                    "accuracy": total_value / n if n else None,
                }
    return out


# --- grounding ----------------------------------------------------------------------------

STATUSES = ("exact", "normalized", "fuzzy", "not_found")


def item_key(path: str) -> tuple[str, int]:
    """("actors", 2) from "actors[2].evidence[0]"."""
    head = path.split(".", 1)[0]
    name, _, index = head.partition("[")
    return name, int(index.rstrip("]"))


def items_without_found_quote(
    item_counts: Mapping[str, int], alignments: Iterable[Mapping[str, Any]]
) -> dict[str, int]:
    """Per type, the predicted items none of whose evidence quotes was found in the article.

    An item with no quote at all counts too: nothing ties it to the text.
    """
    found: set[tuple[str, int]] = set()
    for a in alignments:
        if a["status"] != "not_found":
            found.add(item_key(str(a["path"])))
    return {t: sum(1 for i in range(item_counts.get(t, 0)) if (t, i) not in found) for t in TYPES}


def grounding_summary(
    alignments: Iterable[Mapping[str, Any]], without_found: Mapping[str, int]
) -> dict[str, Any]:
    by_status = dict.fromkeys(STATUSES, 0)
    for a in alignments:
        by_status[str(a["status"])] += 1
    quotes = sum(by_status.values())
    found = quotes - by_status["not_found"]
    return {
        "quotes": quotes,
        "found": found,
        "found_share": found / quotes if quotes else None,
        "by_status": by_status,
        "items_without_found_quote": sum(without_found.values()),
        "items_without_found_quote_by_type": {t: without_found.get(t, 0) for t in TYPES},
    }


def run_totals(records: Iterable[RunRecord]) -> dict[str, float | int]:
    """Articles, errors, token usage, retries and latency summed over run records."""
    totals: dict[str, float | int] = {
        "articles": 0,
        "errors": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "total_tokens": 0,
        "retries": 0,
        "latency_s": 0.0,
    }
    for r in records:
        usage = r.usage
        totals["articles"] += 1
        totals["errors"] += r.status == "error"
        totals["prompt_tokens"] += usage.prompt_tokens
        totals["completion_tokens"] += usage.completion_tokens
        totals["total_tokens"] += usage.total_tokens
        totals["retries"] += r.retries
        totals["latency_s"] += r.latency_s
    totals["latency_s"] = round(float(totals["latency_s"]), 3)
    return totals
