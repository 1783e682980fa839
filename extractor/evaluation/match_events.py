"""Events paired by kind, date, place and participants (a weighted similarity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from extractor.evaluation.match_assignment import TypeMatch, assign
from extractor.evaluation.match_dates import date_range
from extractor.evaluation.match_refs import ActorRefs, jaccard
from extractor.schema import Event
from extractor.text import normalise_name

# --- events -------------------------------------------------------------------------------
# Similarity = weighted sum of four components, each in 0..1:
#   kind: 1 if equal, else 0
#   date: 1 if compatible at the coarser of the two precisions (ranges with date_end overlap),
#         0.5 if exactly one side has no date, 1 if neither has, else 0
#   location: 1 if the same place (see same_place), 0.5 if exactly one side has none,
#         1 if neither has, else 0
#   participants: Jaccard overlap through the actor pairing (1 if both empty)
# The minimum (0.5) lets an event pair when one of kind or date is wrong but the rest agrees
# (so kind and date accuracy can be measured on it), and not when both are wrong, nor on
# participants and place alone (several events in an article share them).
EVENT_WEIGHTS = {"kind": 0.35, "date": 0.25, "location": 0.15, "participants": 0.25}
EVENT_MIN_SIMILARITY = 0.5
# Places: same after normalisation, one's words a subset of the other's ("Tinzaouatene" /
# "Tinzaouatene, northern Mali"), or ratio >= 90 on the whole string ("Tin Zaouatene").
PLACE_FUZZY = 90.0


def same_place(a: str | None, b: str | None) -> bool:
    """Do two place names name the same place? Both empty counts as the same."""
    if not a or not b:
        return not a and not b
    return _same_normalised_place(normalise_name(a), normalise_name(b))


@lru_cache(maxsize=65536)
def _same_normalised_place(na: str, nb: str) -> bool:
    if na == nb:
        return True
    wa, wb = set(na.split()), set(nb.split())
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    return fuzz.ratio(na, nb) >= PLACE_FUZZY


@dataclass(frozen=True)
class _EventKey:
    """What event similarity looks at, computed once per event."""

    kind: str
    date: str | None
    date_end: str | None
    place: str | None  # normalised
    participants: frozenset[object]

    @classmethod
    def of(cls, event: Event, participants: frozenset[object]) -> _EventKey:
        place = normalise_name(event.location) if event.location else None
        return cls(event.kind, event.date, event.date_end, place or None, participants)


def _present_or_half(agree: np.ndarray, g_has: np.ndarray, p_has: np.ndarray) -> np.ndarray:
    """Component matrix: agree where both sides have a value, 0.5 where one has, 1 neither."""
    both, neither = g_has[:, None] & p_has[None, :], ~g_has[:, None] & ~p_has[None, :]
    return np.where(both, agree.astype(float), np.where(neither, 1.0, 0.5))


def _event_components(
    g_keys: Sequence[_EventKey], p_keys: Sequence[_EventKey]
) -> dict[str, np.ndarray]:
    """The four similarity components for every (gold, predicted) pair, as matrices."""
    shape = (len(g_keys), len(p_keys))
    g_kind = np.array([k.kind for k in g_keys], dtype=object)
    p_kind = np.array([k.kind for k in p_keys], dtype=object)

    def ranges(keys: Sequence[_EventKey]) -> tuple[np.ndarray, np.ndarray]:
        rs = [date_range(k.date, k.date_end) if k.date else (0, -1) for k in keys]
        return np.array([r[0] for r in rs]), np.array([r[1] for r in rs])

    (g_lo, g_hi), (p_lo, p_hi) = ranges(g_keys), ranges(p_keys)
    overlap = (g_lo[:, None] <= p_hi[None, :]) & (p_lo[None, :] <= g_hi[:, None])
    place = _place_matrix([k.place for k in g_keys], [k.place for k in p_keys])
    parts = _jaccard_matrix([k.participants for k in g_keys], [k.participants for k in p_keys])

    def has(keys: Sequence[_EventKey], attr: str) -> np.ndarray:
        return np.array([getattr(k, attr) is not None for k in keys], dtype=bool)

    return {
        "kind": (g_kind[:, None] == p_kind[None, :]).astype(float).reshape(shape),
        "date": _present_or_half(overlap, has(g_keys, "date"), has(p_keys, "date")),
        "location": _present_or_half(place, has(g_keys, "place"), has(p_keys, "place")),
        "participants": parts,
    }


def _place_matrix(g_places: list[str | None], p_places: list[str | None]) -> np.ndarray:
    """Same place, for every pair of normalised places; False where either is missing."""
    out = np.zeros((len(g_places), len(p_places)), dtype=bool)
    for i, a in enumerate(g_places):
        if a is not None:
            for j, b in enumerate(p_places):
                if b is not None:
                    out[i, j] = a == b or _same_normalised_place(a, b)
    return out


def _jaccard_matrix(g_sets: list[frozenset[object]], p_sets: list[frozenset[object]]) -> np.ndarray:
    """Jaccard overlap of every pair of sets, as 64-bit masks (1.0 for two empty sets)."""
    ids = {x: bit for bit, x in enumerate({x for s in (*g_sets, *p_sets) for x in s})}
    if len(ids) > 64:  # more identities than bits: pair by pair
        rows = [[jaccard(a, b) for b in p_sets] for a in g_sets]
        return np.array(rows, dtype=float).reshape(len(g_sets), len(p_sets))

    def masks(sets: list[frozenset[object]]) -> np.ndarray:
        return np.array([sum(1 << ids[x] for x in s) for s in sets], dtype=np.uint64)

    g, p = masks(g_sets), masks(p_sets)
    inter = np.bitwise_count(g[:, None] & p[None, :]).astype(float)
    union = np.bitwise_count(g[:, None] | p[None, :]).astype(float)
    return np.divide(inter, union, out=np.ones_like(inter), where=union > 0)


def _event_sim(components: dict[str, np.ndarray]) -> np.ndarray:
    total = np.zeros_like(components["kind"])
    for name, matrix in components.items():
        total += EVENT_WEIGHTS[name] * matrix
    return total


def _event_reason(
    components: dict[str, np.ndarray], g: _EventKey, p: _EventKey, i: int, j: int
) -> str:
    c = {name: float(m[i, j]) for name, m in components.items()}
    score = sum(EVENT_WEIGHTS[name] * v for name, v in c.items())
    return (
        f"kind {'=' if c['kind'] else '≠'} ({g.kind}/{p.kind}), date {c['date']:g}, "
        f"location {c['location']:g}, participants {c['participants']:.2f} -> {score:.2f}"
    )


def event_similarity(
    gold: Event, pred: Event, g_part: frozenset[object], p_part: frozenset[object]
) -> tuple[float, str]:
    """Similarity of two events (see EVENT_WEIGHTS), given their participants' identities."""
    g, p = _EventKey.of(gold, g_part), _EventKey.of(pred, p_part)
    components = _event_components([g], [p])
    return float(_event_sim(components)[0, 0]), _event_reason(components, g, p, 0, 0)


def match_events(gold: Sequence[Event], pred: Sequence[Event], refs: ActorRefs) -> TypeMatch:
    g_keys = [_EventKey.of(e, refs.gold_ids(e.participants)) for e in gold]
    p_keys = [_EventKey.of(e, refs.pred_ids(e.participants)) for e in pred]
    if not g_keys or not p_keys:
        components: dict[str, np.ndarray] = {}
        sim = np.zeros((len(gold), len(pred)))
    else:
        components = _event_components(g_keys, p_keys)
        sim = _event_sim(components)

    def label(side: str, i: int) -> str:
        e = (gold if side == "gold" else pred)[i]
        return f"{e.kind}@{e.date or '?'}"

    def reason(i: int, j: int) -> str:
        return _event_reason(components, g_keys[i], p_keys[j], i, j)

    return assign(sim, reason, EVENT_MIN_SIMILARITY, label)
