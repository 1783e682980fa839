"""One-to-one pairing of gold and predicted items by similarity, with a reason for each outcome."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Pair:
    """One gold item paired with one predicted item."""

    gold: int
    pred: int
    similarity: float
    reason: str


@dataclass
class Unpaired:
    """A gold item nothing was paired with (missed) or a predicted one (spurious), and why."""

    index: int
    reason: str


@dataclass
class TypeMatch:
    """The outcome of matching one type of item in one article."""

    pairs: list[Pair] = field(default_factory=list)
    missed: list[Unpaired] = field(default_factory=list)  # gold indices: false negatives
    spurious: list[Unpaired] = field(default_factory=list)  # predicted indices: false positives


@dataclass
class ArticleMatch:
    """Actors, treaties and events matched for one article."""

    actors: TypeMatch
    treaties: TypeMatch
    events: TypeMatch

    def by_type(self) -> dict[str, TypeMatch]:
        return {"actors": self.actors, "treaties": self.treaties, "events": self.events}


def assign(
    sim: np.ndarray,
    reasons: Callable[[int, int], str],
    minimum: float,
    label: Callable[[str, int], str],
    solver_bonus: np.ndarray | None = None,
) -> TypeMatch:
    """One-to-one pairing maximising summed similarity; pairs under ``minimum`` are dropped.

    ``sim`` is gold x predicted. ``reasons(g, p)`` explains a candidate pair; ``label(side,
    i)`` names an item for the explanations of unpaired ones. ``solver_bonus`` is added to the
    matrix the solver sees (tie-breakers) but not to the reported similarity.
    """
    n_gold, n_pred = sim.shape
    result = TypeMatch()
    paired_gold: set[int] = set()
    paired_pred: dict[int, int] = {}
    if n_gold and n_pred:
        eligible = sim >= minimum
        if eligible.any():
            # scipy.optimize takes ~0.3 s to import: only a run that solves an assignment pays.
            from scipy.optimize import linear_sum_assignment

            score = np.where(eligible, sim if solver_bonus is None else sim + solver_bonus, 0.0)
            rows, cols = linear_sum_assignment(score, maximize=True)
            for g, p in zip(rows.tolist(), cols.tolist(), strict=True):
                if eligible[g, p]:
                    result.pairs.append(Pair(g, p, round(float(sim[g, p]), 4), reasons(g, p)))
                    paired_gold.add(g)
                    paired_pred[p] = g
    paired_by_gold = {g: p for p, g in paired_pred.items()}
    for g in range(n_gold):
        if g not in paired_gold:
            why = _why_unpaired(sim[g, :], minimum, paired_pred, "pred", label)
            result.missed.append(Unpaired(g, why))
    for p in range(n_pred):
        if p not in paired_pred:
            why = _why_unpaired(sim[:, p], minimum, paired_by_gold, "gold", label)
            result.spurious.append(Unpaired(p, why))
    return result


def _why_unpaired(
    row: np.ndarray,
    minimum: float,
    taken: dict[int, int],
    other: str,
    label: Callable[[str, int], str],
) -> str:
    """Why an item stayed unpaired: no candidate, candidates too weak, or the best one taken.

    ``row`` holds its similarity to every item of the other side (``other``: "pred" or
    "gold"); ``taken`` maps each paired item of the other side to its partner on this side.
    """
    other_name = "predicted" if other == "pred" else "gold"
    this_side = "gold" if other == "pred" else "pred"
    if row.size == 0:
        return f"no {other_name} item of this type"
    best = int(np.argmax(row))
    score = float(row[best])
    if score < minimum:
        if score <= 0:
            return f"no {other_name} candidate"
        return (
            f"best {other_name} candidate {label(other, best)} scored {score:.2f} "
            f"< minimum {minimum:.2f}"
        )
    return (
        f"{other_name} candidate {label(other, best)} ({score:.2f}) was paired with "
        f"{label(this_side, taken[best])} instead, for a better overall match"
    )
