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

from extractor.schema import Actor, Event, ExtractionItems, Treaty, fold, union_folded

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
    return kept.model_copy(
        update={
            "participants": union_folded(kept.participants, other.participants),
            "fatalities": list(claims.values()),
            "evidence": union_folded(kept.evidence, other.evidence),
        }
    )


def _event_key(event: Event) -> tuple[str, str, str]:
    return event.kind, event.date or "", fold(event.location or "")


Named = TypeVar("Named", Actor, Treaty)


def _merge_named(items: Iterable[Named], merge: Callable[[Named, Named], Named]) -> list[Named]:
    """One item per set of items sharing a name or alias (case- and accent-insensitive)."""
    kept: list[Named] = []
    for item in items:
        keys = {fold(n) for n in item.all_names()}
        match = next(
            (i for i, k in enumerate(kept) if keys & {fold(n) for n in k.all_names()}), None
        )
        if match is None:
            kept.append(item)
        else:
            kept[match] = merge(kept[match], item)
    return kept


def merge_items(parts: list[ExtractionItems]) -> ExtractionItems:
    actors = _merge_named((a for part in parts for a in part.actors), _merge_actor)
    treaties = _merge_named((t for part in parts for t in part.treaties), _merge_treaty)
    events: dict[tuple[str, str, str], Event] = {}
    for event in (e for part in parts for e in part.events):
        key = _event_key(event)
        events[key] = _merge_event(events[key], event) if key in events else event
    return ExtractionItems(actors=actors, treaties=treaties, events=list(events.values()))
