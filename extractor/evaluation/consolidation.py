"""Score `extractor consolidate` against hand-labelled happenings (evals/seed_happenings.yaml).

Each predicted event is paired with a gold event of its article by the harness's matcher
(evaluation/matching.py); its true happening is then the gold event's (the listed group, or the
gold event alone). Over the predicted events that were paired, every two from different
articles form a pair; a pair is "merged" when consolidation put both in one happening and
"same" when their gold events are one happening. Pair precision = merged and same / merged,
recall = merged and same / same. Unpaired predicted events (extraction errors) are counted
but left out: they say nothing about the merge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from extractor.consolidate import SourcedEvent
from extractor.evaluation.harness import HarnessError
from extractor.evaluation.matching import match_article
from extractor.schema import Extraction

DEFAULT_HAPPENINGS = Path(__file__).resolve().parents[2] / "evals" / "seed_happenings.yaml"


def load_happenings(path: Path) -> dict[str, str]:
    """gold event key ("article#index") -> happening name, for the listed groups."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise HarnessError(f"{path}: cannot read happenings: {exc}") from None
    out: dict[str, str] = {}
    for group in data.get("happenings") or []:
        for key in group.get("events") or []:
            if key in out:
                raise HarnessError(f"{path}: {key} is in two happenings")
            out[key] = str(group.get("name") or key)
    return out


def gold_labels(
    events: Sequence[SourcedEvent], gold: Mapping[str, Extraction], happenings: Mapping[str, str]
) -> dict[int, str]:
    """index in ``events`` -> the happening of the gold event it was paired with."""
    labels: dict[int, str] = {}
    by_source: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(events):
        by_source.setdefault(e.key, []).append(i)
    for (_, article), indices in by_source.items():
        if article not in gold:
            continue
        record = events[indices[0]].record
        assert record.extraction is not None
        match, _ = match_article(gold[article], record.extraction)
        pred_to_gold = {p.pred: p.gold for p in match.events.pairs}
        for i in indices:
            g = pred_to_gold.get(events[i].index)
            if g is not None:
                key = f"{article}#{g}"
                labels[i] = happenings.get(key, key)
    return labels


def pair_scores(
    events: Sequence[SourcedEvent], groups: Sequence[Sequence[int]], labels: Mapping[int, str]
) -> dict[str, Any]:
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    merged = same = both = 0
    false_merges, missed = [], []
    for i, j in combinations(sorted(labels), 2):
        if events[i].key[1] == events[j].key[1]:
            continue  # one article's events are distinct by definition
        m, s = group_of[i] == group_of[j], labels[i] == labels[j]
        merged, same, both = merged + m, same + s, both + (m and s)
        pair = f"{_name(events[i])} + {_name(events[j])}"
        if m and not s:
            false_merges.append(pair)
        elif s and not m:
            missed.append(pair)
    p = both / merged if merged else 1.0
    r = both / same if same else 1.0
    return {
        "events": len(events),
        "paired_with_gold": len(labels),
        "happenings": len(groups),
        "pairs": {
            "merged": merged,
            "same": same,
            "correct": both,
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
        },  # fmt: skip
        "false_merges": false_merges,
        "missed_merges": missed,
    }


def _name(e: SourcedEvent) -> str:
    return f"{e.record.article}#{e.index} {e.event.kind}@{e.event.date or '?'}"


def score_consolidation(
    events: Sequence[SourcedEvent],
    groups: Sequence[Sequence[int]],
    gold: Mapping[str, Extraction],
    happenings: Mapping[str, str],
) -> dict[str, Any]:
    return pair_scores(events, groups, gold_labels(events, gold, happenings))
