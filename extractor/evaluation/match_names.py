"""Actor names normalised and compared: the forms, acronyms and near spellings the matcher uses."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

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
