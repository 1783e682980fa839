"""Treaties paired by their names (order-insensitive), parties breaking ties."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from extractor.evaluation.match_assignment import TypeMatch, assign
from extractor.evaluation.match_names import is_acronym_of
from extractor.evaluation.match_refs import ActorRefs, jaccard
from extractor.schema import Treaty
from extractor.text import normalise_name

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
