"""Actor mentions from spaCy's NER: PERSON, ORG and GPE spans, trimmed of determiners, titles
and possessives, and completed across Tuareg, Moorish and Arab name particles.

NORP spans ("Malian", "Tuareg") are not taken: they are demonyms and ethnic groups, which the
annotation guide does not label; demonym phrases that do name an actor ("Malian army") are
registry aliases.
"""

from __future__ import annotations

import re
from typing import Any

from extractor.registry import Mention
from extractor.text import fold

NER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
# The French model's labels, read as the English ones (its LOC covers countries and towns).
_FRENCH_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
_PERSON_TITLES = re.compile(
    r"^(?:(?:Colonel|Col\.?|Lieutenant-Colonel|Lt\.?-Col\.?|General|Gen\.?|Général|Major|"
    r"Captain|Capt\.?|Capitaine|Lieutenant|Lt\.?|Commander|Commandant|Sergeant|Brigadier|"
    r"Marshal|Sheikh|Cheikh|Imam|Emir|President|Président|Prime Minister|Minister|Ministre|"
    r"Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Mme\.?)\s+)+"
)
_LEADING_DETERMINER = re.compile(r"^(?:(?:the|The|THE|le|la|les|Le|La|Les)\s+|[lL]['’]\s*)")
_TRAILING_JUNK = re.compile(r"(?:['’]s|['’]|[\s.,;:!?\"“”«»()\[\]-])+$")
# Words no person's name holds: a NER "PERSON" with one of them is an organisation.
_ORG_HEADS = re.compile(
    r"\b(alliance|front|movement|mouvement|council|conseil|group|groupe|army|armee|brigade|"
    r"battalion|forces|union|coalition|committee|comite|party|ministry|agency|mission|"
    r"organi[sz]ation|katiba|militia|corps|guard|police)\b"
)
# Tuareg, Moorish and Arab names ("Iyad Ag Ghaly", "Ould Ghazouani"): the small NER model
# often stops at the particle or calls the name an ORG.
_PARTICLES = frozenset({"ag", "ould", "ben", "ibn", "abu", "abou"})
_PARTICLE_NAME = re.compile(r"\b[A-Z][\w'’-]*\s+(?:Ag|ag|Ould|ould|Ben|Ibn|Abu|Abou)\s+[A-Z]")
_NEXT_NAME = re.compile(r"[ \t]+(?:(?:Ag|ag|Ould|ould)[ \t]+)?[A-ZÀ-Þ][\w'’-]+")


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Offsets of a NER span without a leading determiner or title and a trailing "'s"."""
    span = text[start:end]
    lead = _LEADING_DETERMINER.match(span)
    cut = lead.end() if lead else 0
    if label == "PERSON" and (title := _PERSON_TITLES.match(span[cut:])):
        cut += title.end()
    tail = _TRAILING_JUNK.search(span)
    stop = tail.start() if tail else len(span)
    return (start + cut, start + stop) if cut < stop else (start, start)


def _complete_name(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """Extend a span cut at a name particle ("Moussa Ag") or just before one ("Iyad" + " Ag
    Ghaly") and call a particle name a PERSON."""
    words = text[start:end].split()
    follow = _NEXT_NAME.match(text, end)
    if follow and (fold(words[-1]) in _PARTICLES or fold(follow.group().split()[0]) in _PARTICLES):
        end = follow.end()
    if _PARTICLE_NAME.search(text[start:end]):
        label = "PERSON"
    return start, end, label


def ner_mentions(doc: Any) -> list[Mention]:
    """PERSON, ORG and GPE spans of a spaCy Doc, trimmed, as mentions."""
    mentions = []
    text = doc.text  # Doc.text joins every token on each access: read it once
    for ent in doc.ents:
        label = _FRENCH_LABELS.get(ent.label_, ent.label_) if doc.lang_ == "fr" else ent.label_
        if label not in NER_LABELS:
            continue
        start, end = _trim(text, ent.start_char, ent.end_char, label)
        surface = text[start:end]
        # At least two characters and a capital: drops NER noise like "’s" or "al".
        if len(surface) < 2 or not any(c.isupper() for c in surface):
            continue
        start, end, label = _complete_name(text, start, end, label)
        surface = text[start:end]
        if label == "PERSON" and _ORG_HEADS.search(fold(surface)):
            label = "ORG"
        mentions.append(Mention(surface, start, end, label))
    return mentions
