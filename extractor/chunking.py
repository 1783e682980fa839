"""Articles longer than the model's context: overlapping chunks in, one merged result out.

Chunks end on paragraph or sentence boundaries and overlap by a couple of sentences, so
a fact cut at a boundary is seen whole in one of them. Results are merged: actors that
share a name or alias (case- and accent-insensitive) become one; treaties likewise;
events that agree on kind, date and location become one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from rapidfuzz import fuzz

from extractor.grounding import ArticleIndex
from extractor.schema import Actor, Event, ExtractionItems, Treaty, union_folded
from extractor.text import fold

CHARS_PER_TOKEN = 3.0  # conservative for English and French with llama-family tokenizers
OVERLAP_SENTENCES = 2
_SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+|\n+")


def estimate_tokens(text: str) -> int:
    return int(len(text) / CHARS_PER_TOKEN) + 1


def _sentences(text: str) -> list[str]:
    """Split keeping every character, so chunks are verbatim slices of the article."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def chunk_text(text: str, max_tokens: int) -> list[str]:
    """The text itself when it fits, else overlapping chunks of whole sentences."""
    if max_tokens <= 0:
        raise ValueError("the prompt leaves no room for the article in the model's context")
    if estimate_tokens(text) <= max_tokens:
        return [text]
    sentences = _sentences(text)
    chunks: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        if estimate_tokens(sentence) > max_tokens:
            raise ValueError(
                f"one sentence of {estimate_tokens(sentence)} tokens exceeds the "
                f"{max_tokens}-token room left for the article in the model's context"
            )
        if current and estimate_tokens("".join(current) + sentence) > max_tokens:
            chunks.append("".join(current))
            current = current[-OVERLAP_SENTENCES:]
            while current and estimate_tokens("".join(current) + sentence) > max_tokens:
                current.pop(0)
        current.append(sentence)
    if current:
        chunks.append("".join(current))
    return chunks


def _merge_actor(kept: Actor, other: Actor) -> Actor:
    names = union_folded([kept.name], kept.aliases, [other.name], other.aliases)
    name = max([kept.name, other.name], key=len)
    return kept.model_copy(
        update={
            "name": name,
            "aliases": [n for n in names if fold(n) != fold(name)],
            "member_of": union_folded(kept.member_of, other.member_of),
            "evidence": union_folded(kept.evidence, other.evidence),
            "country": kept.country or other.country,
            "role": kept.role or other.role,
            "affiliation": kept.affiliation or other.affiliation,
        }
    )


def _merge_treaty(kept: Treaty, other: Treaty) -> Treaty:
    names = union_folded([kept.name], kept.aliases, [other.name], other.aliases)
    return kept.model_copy(
        update={
            "aliases": [n for n in names if fold(n) != fold(kept.name)],
            "parties": union_folded(kept.parties, other.parties),
            "evidence": union_folded(kept.evidence, other.evidence),
        }
    )


def _merge_event(kept: Event, other: Event) -> Event:
    claims = {(c.count, c.victims, c.claimed_by): c for c in [*kept.fatalities, *other.fatalities]}
    # What one chunk left empty another may know: the more precise date, a place, a country.
    dated = other if len(other.date or "") > len(kept.date or "") else kept
    return kept.model_copy(
        update={
            "date": dated.date,
            "date_precision": dated.date_precision,
            "date_end": kept.date_end or other.date_end,
            "location": kept.location or other.location,
            "country": kept.country or other.country,
            "summary": kept.summary or other.summary,
            "participants": union_folded(kept.participants, other.participants),
            "fatalities": list(claims.values()),
            "evidence": union_folded(kept.evidence, other.evidence),
        }
    )


def same_treaty(a: Treaty, b: Treaty) -> bool:
    """A shared name or alias, or names that are the same words in another order or form
    ("Liptako-Gourma Charter" / "Charter of Liptako-Gourma")."""
    names_a, names_b = {fold(n) for n in a.all_names()}, {fold(n) for n in b.all_names()}
    if names_a & names_b:
        return True
    return any(fuzz.token_set_ratio(x, y) >= 85 for x in names_a for y in names_b)


def same_event(a: Event, b: Event) -> bool:
    """Same kind, dates that agree at the coarser precision (or one missing), and the same
    quote or a place that does not contradict: the same happening seen by two chunks."""
    if a.kind != b.kind:
        return False
    if a.date and b.date:
        shorter = min(len(a.date), len(b.date))
        if a.date[:shorter] != b.date[:shorter]:
            return False
    if {fold(q) for q in a.evidence} & {fold(q) for q in b.evidence}:
        return True
    place_a, place_b = fold(a.location or ""), fold(b.location or "")
    return not place_a or not place_b or place_a == place_b


Item = TypeVar("Item", Actor, Treaty, Event)


def _merge_same(
    items: Iterable[Item], same: Callable[[Item, Item], bool], merge: Callable[[Item, Item], Item]
) -> list[Item]:
    kept: list[Item] = []
    for item in items:
        match = next((i for i, k in enumerate(kept) if same(k, item)), None)
        if match is None:
            kept.append(item)
        else:
            kept[match] = merge(kept[match], item)
    return kept


def _same_actor(a: Actor, b: Actor) -> bool:
    return bool({fold(n) for n in a.all_names()} & {fold(n) for n in b.all_names()})


def merge_items(
    parts: list[ExtractionItems], index: ArticleIndex | None = None
) -> tuple[ExtractionItems, list[str]]:
    """One item per happening across the chunks' answers, and notes on what was left out.

    With the article's index, an item none of whose quotes is found in the article is left
    out (a chunk's model can invent an actor from its instructions), and references to a
    left-out actor go with it."""
    actors = _merge_same((a for p in parts for a in p.actors), _same_actor, _merge_actor)
    treaties = _merge_same((t for p in parts for t in p.treaties), same_treaty, _merge_treaty)
    events = _merge_same((e for p in parts for e in p.events), same_event, _merge_event)
    notes: list[str] = []
    if index is not None:

        def grounded(kind: str, items: list[Item]) -> list[Item]:
            assert index is not None  # narrowed above; mypy cannot see into the closure
            kept = []
            for number, item in enumerate(items):
                if any(index.locate(q).found for q in item.evidence):
                    kept.append(item)
                else:
                    notes.append(f"{kind}[{number}] left out after merging chunks: no quote found")
            return kept

        actors, treaties, events = (
            grounded("actors", actors),
            grounded("treaties", treaties),
            grounded("events", events),
        )
        known = {fold(n) for a in actors for n in a.all_names()}
        treaties = [
            t.model_copy(update={"parties": [p for p in t.parties if fold(p) in known]})
            for t in treaties
        ]
        events = [
            e.model_copy(update={"participants": [p for p in e.participants if fold(p) in known]})
            for e in events
        ]
    merged = ExtractionItems(actors=actors, treaties=treaties, events=events)
    return merged, notes
