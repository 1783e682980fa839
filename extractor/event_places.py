"""Where an event happened, beyond its own sentence's words: the places a sentence names (the
gazetteer, spaCy's entities, no actor's name), "in the same area" as the event before, and the
town the article is about for a violent event whose sentences name none."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extractor import places
from extractor.event_merge import VIOLENT_KINDS, EventDraft
from extractor.participants import mention_positions
from extractor.sentences import Context, Sentence

_SAME_PLACE = re.compile(
    r"\b(?:in|at|near)\s+the\s+same\s+(?:area|place|town|village|locality|zone|spot|region)\b|"
    r"\b(?:dans|a)\s+(?:la|le)\s+m[eê]me\s+(?:zone|localit[eé]|endroit|secteur|village)\b|"
    r"\bau\s+m[eê]me\s+endroit\b",
    re.IGNORECASE,
)


def same_place_as_before(sent: Sentence, found: Sequence[EventDraft], before: EventDraft) -> None:
    """ "in the same area", "dans la même zone": where the event before happened."""
    if not _SAME_PLACE.search(sent.text) or not before.location:
        return
    for draft in found:
        if draft.location is None:
            draft.location, draft.country = before.location, before.country


def sentence_places(sent: Sentence, ctx: Context) -> list[places.Place]:
    blocked = [s for a in ctx.actors if a.kind != "state" for s in mention_positions(sent.text, a)]
    ents = [(s - sent.start, e - sent.start) for s, e in ctx.ents if sent.start <= s < sent.end]
    persons = [
        (s - sent.start, e - sent.start) for s, e in ctx.persons if sent.start <= s < sent.end
    ]
    facilities = [
        (s - sent.start, e - sent.start) for s, e in ctx.facilities if sent.start <= s < sent.end
    ]
    return places.find_places(sent.text, ents, blocked, persons, facilities)


def article_place(sentences: Sequence[Sentence], ctx: Context) -> places.Place | None:
    """The town an article is about: the town it names most (at least twice, and more than
    any other), else the town it was filed from."""
    towns = Counter[str]()
    first: dict[str, places.Place] = {}
    filed = None
    for sent in sentences:
        for place in sentence_places(sent, ctx):
            if place.rank < places.TOWN:
                continue
            if place.dateline:
                filed = filed or place
                continue
            towns[place.name] += 1
            first.setdefault(place.name, place)
    ranked = towns.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return first[ranked[0][0]]
    return filed


def place_the_unplaced(events: Sequence[EventDraft], place: places.Place | None) -> None:
    """A violent event whose sentences name no place happened where the article is about
    ("an attack on the town's gendarmerie post")."""
    if place is None:
        return
    for event in events:
        if (
            event.location is None
            and event.kind in VIOLENT_KINDS
            and not event.echo
            and event.country in (None, place.country)
        ):
            event.location, event.country = place.name, event.country or place.country
