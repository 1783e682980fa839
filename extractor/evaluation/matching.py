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

from extractor.evaluation.match_actors import actor_similarity, match_actors
from extractor.evaluation.match_assignment import (
    ArticleMatch,
    Pair,
    TypeMatch,
    Unpaired,
    assign,
)
from extractor.evaluation.match_dates import (
    date_correct,
    date_range,
    dates_compatible,
)
from extractor.evaluation.match_events import (
    EVENT_MIN_SIMILARITY,
    EVENT_WEIGHTS,
    PLACE_FUZZY,
    event_similarity,
    match_events,
    same_place,
)
from extractor.evaluation.match_names import (
    ACRONYM_ANY_ORDER_MIN,
    ACTOR_DESIGNATORS,
    ACTOR_FUZZY_MIN_WORD,
    ACTOR_FUZZY_WORD,
    ACTOR_KIND_TIEBREAK,
    ACTOR_MIN_SIMILARITY,
    ACTOR_SIM_ACRONYM,
    ACTOR_SIM_ALIAS,
    ACTOR_SIM_DESIGNATOR,
    ACTOR_SIM_FUZZY_SCALE,
    ACTOR_SIM_NAME,
    is_acronym_of,
    words_close,
)
from extractor.evaluation.match_refs import ActorRefs, jaccard, set_f1
from extractor.evaluation.match_treaties import (
    TREATY_MIN_SIMILARITY,
    TREATY_NAME_THRESHOLD,
    TREATY_NAME_WEIGHT,
    TREATY_PARTIES_WEIGHT,
    match_treaties,
    treaty_name_score,
)
from extractor.schema import ExtractionItems
from extractor.text import normalise_name

__all__ = [
    "ACTOR_SIM_ACRONYM", "ACTOR_SIM_ALIAS", "ACTOR_SIM_NAME", "EVENT_MIN_SIMILARITY",
    "THRESHOLDS", "ActorRefs", "ArticleMatch", "Pair", "TypeMatch", "Unpaired", "actor_similarity",
    "assign", "date_correct", "date_range", "dates_compatible", "event_similarity",
    "is_acronym_of", "jaccard", "match_actors", "match_article", "match_events",
    "match_treaties", "normalise_name", "same_place", "set_f1", "treaty_name_score",
    "words_close",
]  # fmt: skip

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
