"""Actors paired by their names: exact, alias, designator, acronym and fuzzy evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from extractor.evaluation.match_assignment import TypeMatch, assign
from extractor.evaluation.match_names import (
    ACRONYM_ANY_ORDER_MIN,
    ACTOR_FUZZY_PREFILTER,
    ACTOR_KIND_TIEBREAK,
    ACTOR_MIN_SIMILARITY,
    ACTOR_SIM_ACRONYM,
    ACTOR_SIM_ALIAS,
    ACTOR_SIM_DESIGNATOR,
    ACTOR_SIM_FUZZY_SCALE,
    ACTOR_SIM_NAME,
    _core,
    initials,
    words_close,
)
from extractor.schema import Actor
from extractor.text import normalise_name


@dataclass(frozen=True)
class _ActorNames:
    """An actor's normalised names and the keys the name rules look them up by."""

    names: list[str]  # normalised, primary name first
    cores: dict[str, str]  # name without designator words -> the name
    singles: list[str]  # one-word names: could be someone's acronym
    initials: dict[str, str]  # acronym of a multi-word name -> that name
    bags: dict[str, str]  # its letters sorted (3+ letters) -> that name

    @classmethod
    def of(cls, actor: Actor) -> _ActorNames:
        # cached by the raw names: a prediction often repeats the gold's names verbatim
        return _actor_names(tuple(actor.all_names()))

    @classmethod
    def from_raw(cls, raw_names: tuple[str, ...]) -> _ActorNames:
        names: list[str] = []
        cores: dict[str, str] = {}
        initials_: dict[str, str] = {}
        bags: dict[str, str] = {}
        for raw in raw_names:
            n, core, acronyms = _name_keys(raw)
            if not n or n in names:
                continue
            names.append(n)
            cores.setdefault(core, n)
            for acronym, bag in acronyms:
                initials_.setdefault(acronym, n)
                if bag:
                    bags.setdefault(bag, n)
        singles = [n for n in names if " " not in n and len(n) >= 2]
        return cls(names, cores, singles, initials_, bags)


@lru_cache(maxsize=65536)
def _actor_names(raw_names: tuple[str, ...]) -> _ActorNames:
    return _ActorNames.from_raw(raw_names)


@lru_cache(maxsize=65536)
def _name_keys(raw: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """A raw name's normalised form, core, and (acronym, sorted letters or "") pairs."""
    n = normalise_name(raw)
    acronyms = tuple(
        (a, "".join(sorted(a)) if len(a) >= ACRONYM_ANY_ORDER_MIN else "") for a in initials(n)
    )
    return n, _core(n), acronyms


class _Evidence:
    """Best name evidence per (gold, predicted) actor pair: a similarity and its reason."""

    def __init__(self, n_gold: int, n_pred: int) -> None:
        self.sim = np.zeros((n_gold, n_pred))
        self.why: dict[tuple[int, int], str] = {}

    def offer(self, i: int, j: int, score: float, reason: str) -> None:
        if score > self.sim[i, j]:
            self.sim[i, j] = score
            self.why[i, j] = reason


def _lookups(actors: list[_ActorNames]) -> dict[str, dict[str, list[tuple[int, str]]]]:
    """Lookup tables by rule: key -> [(actor index, the name the key came from)]."""
    tables: dict[str, dict[str, list[tuple[int, str]]]] = {
        "names": {}, "cores": {}, "singles": {}, "initials": {}, "bags": {}
    }  # fmt: skip
    for i, a in enumerate(actors):
        for n in a.names:
            tables["names"].setdefault(n, []).append((i, n))
        for n in a.singles:
            tables["singles"].setdefault(n, []).append((i, n))
        for key in ("cores", "initials", "bags"):
            table = tables[key]
            for value, n in getattr(a, key).items():
                table.setdefault(value, []).append((i, n))
    return tables


def _exact_evidence(g_names: list[_ActorNames], p_names: list[_ActorNames], ev: _Evidence) -> None:
    """Shared names, shared names but for designator words, and acronyms, through lookups."""
    tables = _lookups(g_names)
    by_name, by_core, by_bag = tables["names"], tables["cores"], tables["bags"]
    by_single, by_initials = tables["singles"], tables["initials"]
    for j, p in enumerate(p_names):
        for n in p.names:
            for i, _ in by_name.get(n, ()):
                g = g_names[i]
                if n == g.names[0] and n == p.names[0]:
                    ev.offer(i, j, ACTOR_SIM_NAME, f"name {n!r} = name {n!r}")
                else:
                    g_role = "name" if n == g.names[0] else "alias"
                    p_role = "name" if n == p.names[0] else "alias"
                    ev.offer(
                        i, j, ACTOR_SIM_ALIAS, f"gold {g_role} {n!r} = predicted {p_role} {n!r}"
                    )
        for core, n in p.cores.items():
            for i, g_name in by_core.get(core, ()):
                ev.offer(
                    i,
                    j,
                    ACTOR_SIM_DESIGNATOR,
                    f"gold {g_name!r} = predicted {n!r} apart from designator words",
                )
        for short in p.singles:  # predicted acronym of a gold name
            hits = by_initials.get(short, [])
            if len(short) >= ACRONYM_ANY_ORDER_MIN:
                hits = hits + by_bag.get("".join(sorted(short)), [])
            for i, g_name in hits:
                ev.offer(i, j, ACTOR_SIM_ACRONYM, f"{short!r} is an acronym of gold {g_name!r}")
        for acronym, n in p.initials.items():  # gold acronym of a predicted name
            for i, short in by_single.get(acronym, ()):
                ev.offer(i, j, ACTOR_SIM_ACRONYM, f"{short!r} is an acronym of predicted {n!r}")
    _any_order_gold_acronyms(g_names, p_names, ev)


def _any_order_gold_acronyms(
    g_names: list[_ActorNames], p_names: list[_ActorNames], ev: _Evidence
) -> None:
    """A gold one-word name whose letters, in any order, are a predicted name's initials."""
    by_sorted: dict[str, list[tuple[int, str]]] = {}
    for i, g in enumerate(g_names):
        for short in g.singles:
            if len(short) >= ACRONYM_ANY_ORDER_MIN:
                by_sorted.setdefault("".join(sorted(short)), []).append((i, short))
    if not by_sorted:
        return
    for j, p in enumerate(p_names):
        for bag, n in p.bags.items():
            for i, short in by_sorted.get(bag, ()):
                ev.offer(i, j, ACTOR_SIM_ACRONYM, f"{short!r} is an acronym of predicted {n!r}")


def _fuzzy_evidence(g_names: list[_ActorNames], p_names: list[_ActorNames], ev: _Evidence) -> None:
    """Near spellings (see ACTOR_FUZZY_WORD), where nothing stronger was found.

    rapidfuzz's cdist computes all whole-name ratios in C; only pairs over the pre-filter get
    the word-by-word check.
    """
    flat_g = [(i, n) for i, a in enumerate(g_names) for n in a.names]
    flat_p = [(j, n) for j, a in enumerate(p_names) for n in a.names]
    if not flat_g or not flat_p:
        return
    ratios = process.cdist(
        [n for _, n in flat_g],
        [n for _, n in flat_p],
        scorer=fuzz.ratio,
        score_cutoff=ACTOR_FUZZY_PREFILTER,
        dtype=np.float32,
    )
    for gi, pj in zip(*np.nonzero(ratios), strict=True):
        (i, a), (j, b) = flat_g[gi], flat_p[pj]
        if ev.sim[i, j] >= ACTOR_SIM_ACRONYM or a == b or not words_close(a, b):
            continue
        ratio = float(fuzz.ratio(a, b))
        ev.offer(
            i,
            j,
            ratio * ACTOR_SIM_FUZZY_SCALE / 100,
            f"gold {a!r} ~ predicted {b!r} (fuzzy {ratio:.0f})",
        )


def _actor_evidence(gold: Sequence[Actor], pred: Sequence[Actor]) -> _Evidence:
    g_names = [_ActorNames.of(a) for a in gold]
    p_names = [_ActorNames.of(a) for a in pred]
    ev = _Evidence(len(gold), len(pred))
    _exact_evidence(g_names, p_names, ev)
    _fuzzy_evidence(g_names, p_names, ev)
    return ev


def actor_similarity(gold: Actor, pred: Actor) -> tuple[float, str]:
    """Similarity (0..1) of two actors by their names, and the reason; 0 means no evidence."""
    ev = _actor_evidence([gold], [pred])
    return float(ev.sim[0, 0]), ev.why.get((0, 0), "")


def match_actors(gold: Sequence[Actor], pred: Sequence[Actor]) -> TypeMatch:
    ev = _actor_evidence(gold, pred)
    g_kinds = np.array([a.kind for a in gold], dtype=object)
    p_kinds = np.array([a.kind for a in pred], dtype=object)
    bonus = ACTOR_KIND_TIEBREAK * (g_kinds[:, None] == p_kinds[None, :]).astype(float)

    def label(side: str, i: int) -> str:
        return repr((gold if side == "gold" else pred)[i].name)

    return assign(ev.sim, lambda i, j: ev.why[i, j], ACTOR_MIN_SIMILARITY, label, bonus)
