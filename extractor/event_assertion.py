"""Whether a trigger reports an event that happened: plans, threats, conditions and negations
are not events (annotation guide), nor, for a coup, a pluperfect mention of one before the story.

The trigger's token in spaCy's dependency parse decides when there is one (negation, a modal,
future or conditional on it or its head, or the object of "threatened"); otherwise the modal
words of the sentence, unless the trigger is a past form out of their reach.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.event_lexicon import Trigger

# Plans, threats, conditions and negations are not events (guide).
_MODAL = re.compile(
    r"\b(?:no\s+question\s+of|pas\s+question\s+de|will|would|shall|must|should|could|might|threaten(?:s|ed|ing)?|plans?\s+to|"
    r"planning\s+to|intends?\s+to|intention\s+to|wants?\s+to|aims?\s+to|if|unless|never|"
    r"menace(?:nt)?\s+de|pourrai(?:t|ent)|devrai(?:t|ent)|veut|veulent|compte(?:nt)?|si|"
    r"risque(?:nt)?\s+de|envisage(?:nt)?\s+de|prevoi(?:t|ent)\s+de)\b|"
    r"\b(?:did|does|do|has|have|had|was|were|is|are)\s+not\b|n['’]t\b|\bn['’]?\s*(?:a|ont|est|"
    r"sont|avait|avaient)\s+pas\b|\bne\s+\w+\s+pas\b",
    re.IGNORECASE,
)
_PAST_FORM = re.compile(r"(?:ed|ew|own|took|shot|met|left|split|broke|e|es|ee|ees|is)\b")
# Pluperfect and "already": events placed before the story without a date are background.
BACKGROUND = re.compile(r"\b(?:had|already|deja|avait|avaient)\s+(?:[\w-]+\s+){0,2}$", re.I)
BACKGROUND_KINDS: frozenset[str] = frozenset({"coup"})
_NOT_ASSERTED_HEADS = frozenset(
    [
        "threaten",
        "threatened",
        "threatens",
        "vow",
        "vowed",
        "vows",
        "plan",
        "plans",
        "planned",
        "promise",
        "promised",
        "warn",
        "warned",
        "menace",
        "menacent",
        "menacé",
        "promet",
        "promis",
        # a demand is not the thing demanded: "demanded the departure of French troops"
        "demand",
        "demanded",
        "demands",
        "demanding",
        "urged",
    ]
)


def token_at(doc: Any, offset: int) -> Any | None:
    if doc is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _parse_negated(token: Any) -> bool:
    """The trigger's own word, or the verb it hangs on, is negated, modal, future or
    conditional, or the object of a threat ("threatened to attack")."""
    for word in (token, token.head):
        children = list(word.children)
        if any(c.dep_ == "neg" or c.lower_ in {"pas", "jamais", "never"} for c in children):
            return True
        if any(
            c.dep_.startswith("aux")
            and c.lower_ in {"will", "would", "could", "might", "should", "must", "shall"}
            for c in children
        ):
            return True
        morph = word.morph
        if "Fut" in morph.get("Tense") or "Cnd" in morph.get("Mood"):
            return True
    return token.head.lower_ in _NOT_ASSERTED_HEADS and token.dep_ in {
        "xcomp",
        "ccomp",
        "obj",
        "dobj",
    }


# A count over a period is a statistic, not an event: "at least 2,400 people have been killed
# since July 2023", "plus de 500 civils ont été tués depuis janvier".
_AGGREGATE = re.compile(
    r"\b(?:have|has)\s+been\s+killed\b[^.;]{0,60}?\b(?:since|over\s+the\s+past|so\s+far\s+this)\b|"
    r"\b(?:since|depuis)\b[^.;]{0,60}?\b(?:have|has)\s+been\s+killed\b|"
    r"\bont\s+(?:été|ete)\s+tu(?:é|e)s\b[^.;]{0,60}?\bdepuis\b|"
    r"\bdepuis\b[^.;]{0,60}?\bont\s+(?:été|ete)\s+tu(?:é|e)s\b"
)


def is_asserted(sentence: str, trigger: Trigger, token: Any | None) -> bool:
    """False for plans, threats, conditions, negations and counts over a period: the parse
    when there is one, then the modal words of the sentence unless the trigger is a past form
    out of their reach."""
    if token is not None and _parse_negated(token):
        return False
    if _AGGREGATE.search(sentence.lower()):
        return False
    if not _MODAL.search(sentence):
        return True
    before = " ".join(sentence[: trigger.start].split()[-4:])
    return bool(_PAST_FORM.search(trigger.text)) and not _MODAL.search(before + " ")
