"""Pair predicted items with gold items, one-to-one, and say why each pair was made.

Every type is matched the same way: a similarity matrix (gold x predicted, values in 0..1,
0 meaning "may not pair") is handed to scipy's ``linear_sum_assignment``, which maximises the
summed similarity; pairs below the type's minimum similarity are dropped. Actors are paired
first, because treaties' parties and events' participants are compared through that pairing
(a predicted participant counts when it names the predicted actor that was paired with the
gold participant, whatever alias either side used).

Thresholds are module constants; each says why it has the value it has. `THRESHOLDS` gathers
them for the report's ``config.thresholds``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from extractor.schema import Actor, Event, ExtractionItems, Treaty

# --- actor names --------------------------------------------------------------------------
# Similarity given to each kind of name evidence. They only rank candidates against each other
# (the solver prefers a shared primary name over a shared alias over an acronym over a near
# spelling); any of them is enough to pair.
ACTOR_SIM_NAME = 1.0  # primary name = primary name
ACTOR_SIM_ALIAS = 0.95  # some name or alias of one = some name or alias of the other
ACTOR_SIM_DESIGNATOR = 0.92  # equal once designator words are dropped: Wagner = Wagner Group
ACTOR_SIM_ACRONYM = 0.9  # a one-word name is the initials of a multi-word name of the other
ACTOR_SIM_FUZZY_SCALE = 0.85  # fuzzy pairs score 0.85 x (whole-name ratio / 100)

# Fuzzy names: both names have the same number of words, and word by word they are equal or
# (both at least ACTOR_FUZZY_MIN_WORD characters long and) rapidfuzz ratio >= ACTOR_FUZZY_WORD.
# Word-wise rather than whole-string because a whole-string ratio is dominated by the long
# shared part: "niger armed forces" vs "nigeria armed forces" scores 94.7. At word level
# "niger"/"nigeria" is 83.3 and "nigerien"/"nigerian" 87.5 (different countries) while the
# spelling variants seen in the seeds pass: "intalla"/"intallah" 93.3, "mohamed"/"mohammed"
# 93.3, "abdourahamane"/"abdourahmane" 96. Words under 5 characters must be equal: one letter
# is too much of "mali" or "tiani".
ACTOR_FUZZY_WORD = 90.0
ACTOR_FUZZY_MIN_WORD = 5
# A whole-name ratio of 90 is implied by the word rule (Indel distance is sub-additive), so it
# is used as a cheap vectorised pre-filter (rapidfuzz cdist) before the word-by-word check.
ACTOR_FUZZY_PREFILTER = 90.0
# Kind agreement breaks ties between otherwise equal candidates ("Mali" the state vs "Mali"
# the government); too small to outweigh any difference in name evidence.
ACTOR_KIND_TIEBREAK = 0.01
ACTOR_MIN_SIMILARITY = 0.5  # any name evidence above clears it; no evidence is 0

# Words that label a kind of organisation without naming it; names equal once they are dropped
# name the same actor ("Wagner Group" / "Wagner"). Deliberately short: dropping "army" or
# "government" would make a state and its army or government ("Niger army" / "Niger") one actor.
ACTOR_DESIGNATORS = frozenset({"group", "movement"})

# Acronyms: initials ignore these function words ("Support Group for Islam and Muslims" ->
# SGIM), and are also tried with them. For acronyms of 3+ letters the initials may come in any
# order, because Sahel outlets translate French names but keep French acronyms: FPL is the
# "Front Patriotique de Libération", rendered "Patriotic Liberation Front" (PLF).
_FUNCTION_WORDS = "of the for and in on to de du des la le les l d et pour en au aux"
ACRONYM_STOPWORDS = frozenset(_FUNCTION_WORDS.split())
ACRONYM_ANY_ORDER_MIN = 3

# --- treaties -----------------------------------------------------------------------------
# Treaty names are descriptive and word order varies ("Charter of Liptako-Gourma" /
# "Liptako-Gourma Charter"; "Algiers Agreement" / "Algiers peace agreement"), so names are
# compared with rapidfuzz token_set_ratio, which ignores order and tolerates extra words.
# 80 keeps apart names that share only a generic word: "mutual assistance pact" vs "mutual
# defence pact" is 73, "defence pact" vs "non-aggression pact" 50.
TREATY_NAME_THRESHOLD = 80.0
# Similarity = name score x 0.85 + parties overlap (Jaccard via the actor pairing) x 0.15: the
# name decides, the parties break ties between similarly named agreements.
TREATY_NAME_WEIGHT = 0.85
TREATY_PARTIES_WEIGHT = 0.15
TREATY_MIN_SIMILARITY = TREATY_NAME_WEIGHT * TREATY_NAME_THRESHOLD / 100

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

THRESHOLDS: dict[str, object] = {
    "actor_similarity": {
        "name": ACTOR_SIM_NAME,
        "alias": ACTOR_SIM_ALIAS,
        "designator": ACTOR_SIM_DESIGNATOR,
        "acronym": ACTOR_SIM_ACRONYM,
        "fuzzy_scale": ACTOR_SIM_FUZZY_SCALE,
    },
    "actor_designator_words": sorted(ACTOR_DESIGNATORS),
    "actor_fuzzy_word_ratio": ACTOR_FUZZY_WORD,
    "actor_fuzzy_min_word_length": ACTOR_FUZZY_MIN_WORD,
    "actor_kind_tiebreak": ACTOR_KIND_TIEBREAK,
    "actor_min_similarity": ACTOR_MIN_SIMILARITY,
    "acronym_any_order_min_length": ACRONYM_ANY_ORDER_MIN,
    "treaty_name_token_set_ratio": TREATY_NAME_THRESHOLD,
    "treaty_weights": {"name": TREATY_NAME_WEIGHT, "parties": TREATY_PARTIES_WEIGHT},
    "treaty_min_similarity": TREATY_MIN_SIMILARITY,
    "event_weights": EVENT_WEIGHTS,
    "event_min_similarity": EVENT_MIN_SIMILARITY,
    "place_ratio": PLACE_FUZZY,
}

_DROP = re.compile(r"[.'\u2019\u02bc`]")  # U.N. -> un, d'Ivoire -> divoire
_PUNCT = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, without a leading "the".

    "The Goïta-led junta" -> "goita led junta"; "U.N." -> "un".
    """
    bare = text.casefold()
    if not bare.isascii():  # the fast path skips decomposition for plain ASCII names
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join([c for c in decomposed if not unicodedata.combining(c)])
    words = _PUNCT.sub(" ", _DROP.sub("", bare)).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def initials(name: str) -> frozenset[str]:
    """Acronyms a normalised multi-word name could have (with and without function words)."""
    words = name.split()
    if len(words) < 2:
        return frozenset()
    content = [w for w in words if w not in ACRONYM_STOPWORDS]
    return frozenset("".join([w[0] for w in ws]) for ws in (words, content) if len(ws) >= 2)


@lru_cache(maxsize=65536)
def _core(name: str) -> str:
    """A normalised name without designator words (the name itself if nothing is left)."""
    return " ".join([w for w in name.split() if w not in ACTOR_DESIGNATORS]) or name


def is_acronym_of(short: str, long: str) -> bool:
    """Is the normalised one-word ``short`` an acronym of the normalised multi-word ``long``?"""
    if " " in short or len(short) < 2:
        return False
    candidates = initials(long)
    if short in candidates:
        return True
    return len(short) >= ACRONYM_ANY_ORDER_MIN and sorted(short) in (sorted(c) for c in candidates)


def words_close(a: str, b: str) -> bool:
    """The word-by-word fuzzy rule for two normalised names (see ACTOR_FUZZY_WORD)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or a == b:
        return a == b
    for x, y in zip(wa, wb, strict=True):
        if x == y:
            continue
        if min(len(x), len(y)) < ACTOR_FUZZY_MIN_WORD or fuzz.ratio(x, y) < ACTOR_FUZZY_WORD:
            return False
    return True


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


# --- assignment ---------------------------------------------------------------------------


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


# --- actors -------------------------------------------------------------------------------


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


# --- references through the actor pairing ------------------------------------------------


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


# --- treaties -----------------------------------------------------------------------------


def treaty_name_score(gold: Treaty, pred: Treaty) -> tuple[float, str]:
    """Best name/alias agreement of two treaties (0..1) and the names that gave it."""
    best, reason = 0.0, ""
    for a in sorted({normalise_name(n) for n in gold.all_names()}):
        for b in sorted({normalise_name(n) for n in pred.all_names()}):
            score, why = _treaty_names(a, b)
            if score > best:
                best, reason = score, why
    return best, reason


def _treaty_names(a: str, b: str) -> tuple[float, str]:
    if a == b:
        return 1.0, f"name {a!r} = {b!r}"
    score = fuzz.token_set_ratio(a, b) / 100
    if score < 0.95 and (is_acronym_of(a, b) or is_acronym_of(b, a)):
        return 0.95, f"{a!r} / {b!r} acronym"
    return score, f"gold {a!r} ~ predicted {b!r} (token set {score * 100:.0f})"


def _treaty_name_matrix(gold: Sequence[Treaty], pred: Sequence[Treaty]) -> np.ndarray:
    """treaty_name_score for every pair at once: rapidfuzz's cdist does the token-set ratios."""
    flat_g = [
        (i, n) for i, t in enumerate(gold) for n in {normalise_name(x) for x in t.all_names()}
    ]
    flat_p = [
        (j, n) for j, t in enumerate(pred) for n in {normalise_name(x) for x in t.all_names()}
    ]
    scores = process.cdist([n for _, n in flat_g], [n for _, n in flat_p],
                           scorer=fuzz.token_set_ratio) / 100  # fmt: skip
    for gi, (_, a) in enumerate(flat_g):  # acronyms: only a one-word name can be one
        for pj, (_, b) in enumerate(flat_p):
            one_word = " " not in a or " " not in b
            if one_word and scores[gi, pj] < 0.95 and (is_acronym_of(a, b) or is_acronym_of(b, a)):
                scores[gi, pj] = 0.95
    out = np.zeros((len(gold), len(pred)))
    rows = np.array([i for i, _ in flat_g], dtype=int)
    cols = np.array([j for j, _ in flat_p], dtype=int)
    np.maximum.at(out, (rows[:, None], cols[None, :]), scores)
    return out


def match_treaties(gold: Sequence[Treaty], pred: Sequence[Treaty], refs: ActorRefs) -> TypeMatch:
    g_parties = [refs.gold_ids(t.parties) for t in gold]
    p_parties = [refs.pred_ids(t.parties) for t in pred]
    sim = np.zeros((len(gold), len(pred)))
    if gold and pred:
        names = _treaty_name_matrix(gold, pred)
        sim = TREATY_NAME_WEIGHT * names  # a name under the threshold cannot reach the minimum
        for i, j in zip(*np.nonzero(names * 100 >= TREATY_NAME_THRESHOLD), strict=True):
            sim[i, j] += TREATY_PARTIES_WEIGHT * jaccard(g_parties[i], p_parties[j])

    def reason(i: int, j: int) -> str:
        text = treaty_name_score(gold[i], pred[j])[1]
        if sim[i, j] >= TREATY_MIN_SIMILARITY:
            text += f"; parties overlap {jaccard(g_parties[i], p_parties[j]):.2f}"
        return text

    def label(side: str, i: int) -> str:
        return repr((gold if side == "gold" else pred)[i].name)

    return assign(sim, reason, TREATY_MIN_SIMILARITY, label)


# --- events -------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _bounds(date: str) -> tuple[int, int]:
    """First and last day (ordinals) a date of any precision covers: "2024-08" is Aug 1-31."""
    parts = [int(x) for x in date.split("-")]
    year = parts[0]
    if len(parts) == 3:
        day = dt.date(year, parts[1], parts[2]).toordinal()
        return day, day
    if len(parts) == 2:
        month = parts[1]
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return first.toordinal(), last.toordinal()
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


def date_range(date: str, end: str | None = None) -> tuple[int, int]:
    """The days an event covers: from the first day of its date to the last of its end."""
    lo, hi = _bounds(date)
    return lo, (_bounds(end)[1] if end else hi)


def dates_compatible(a: str | None, a_end: str | None, b: str | None, b_end: str | None) -> bool:
    """Do two dates agree at the coarser of their precisions (ranges: do they overlap)?

    A date stands for every day it covers at its precision, so overlapping covers is the same
    as agreeing at the coarser precision: "2024-08" and "2024-08-25" agree, "2024-08-25" and
    "2024-08-26" do not, "2024" and "2023-12" do not; an event from 2024-08-25 to 2024-08-29
    agrees with 2024-08-27. Two missing dates agree; one missing date does not.
    """
    if a is None or b is None:
        return a is None and b is None
    a0, a1 = date_range(a, a_end)
    b0, b1 = date_range(b, b_end)
    return a0 <= b1 and b0 <= a1


def date_correct(gold_date: str | None, pred_date: str | None) -> bool:
    """Is a predicted date right within the gold precision?

    Both empty is right; one empty is wrong. Otherwise the prediction must be at least as
    precise as the gold date and agree with it at the gold precision ("2024-08-25" is right
    for gold "2024-08"; "2024" is not, and "2024-09" is not).
    """
    if gold_date is None or pred_date is None:
        return gold_date is None and pred_date is None
    # (a coarser prediction is shorter than the gold date, so it cannot equal it)
    return pred_date[: len(gold_date)] == gold_date


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


# --- one article --------------------------------------------------------------------------


def match_article(gold: ExtractionItems, pred: ExtractionItems) -> tuple[ArticleMatch, ActorRefs]:
    """Match all three types; actors first, since the others compare actors through them."""
    actors = match_actors(gold.actors, pred.actors)
    refs = ActorRefs(gold, pred, actors)
    return (
        ArticleMatch(
            actors=actors,
            treaties=match_treaties(gold.treaties, pred.treaties, refs),
            events=match_events(gold.events, pred.events, refs),
        ),
        refs,
    )
