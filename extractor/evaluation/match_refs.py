"""Party and participant names resolved to gold actor identities through the actor pairing."""

from __future__ import annotations

from collections.abc import Sequence

from extractor.evaluation.match_assignment import TypeMatch
from extractor.schema import Actor, ExtractionItems
from extractor.text import normalise_name


class ActorRefs:
    """Resolves party/participant names to gold actor identities through the actor pairing.

    A gold name resolves to its gold actor's index; a predicted name resolves to the index of
    the gold actor its predicted actor was paired with, or to a token no gold name can equal.
    """

    def __init__(self, gold: ExtractionItems, pred: ExtractionItems, actors: TypeMatch) -> None:
        self._gold = _name_index(gold.actors)
        self._pred = _name_index(pred.actors)
        self._pred_to_gold = {p.pred: p.gold for p in actors.pairs}

    def gold_ids(self, names: Sequence[str]) -> frozenset[object]:
        ids: set[object] = set()
        for n in names:
            key = normalise_name(n)
            ids.add(self._gold.get(key, ("gold-name", key)))
        return frozenset(ids)

    def pred_ids(self, names: Sequence[str]) -> frozenset[object]:
        ids: set[object] = set()
        for n in names:
            key = normalise_name(n)
            j = self._pred.get(key)
            if j is None:
                ids.add(("pred-name", key))
            else:
                ids.add(self._pred_to_gold.get(j, ("pred-actor", j)))
        return frozenset(ids)


def _name_index(actors: Sequence[Actor]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, actor in enumerate(actors):
        for n in actor.all_names():
            index.setdefault(normalise_name(n), i)
    return index


def jaccard(a: frozenset[object], b: frozenset[object]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def set_f1(gold: frozenset[object], pred: frozenset[object]) -> float:
    """F1 of a predicted set against a gold set; 1.0 when both are empty."""
    if not gold and not pred:
        return 1.0
    return 2 * len(gold & pred) / (len(gold) + len(pred))
