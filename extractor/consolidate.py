"""One event per happening across articles: merge the events of several run records.

Two events may describe the same happening when they come from different articles and have
the same kind, dates that overlap at the coarser precision, the same country and place when
both give one, and at least one participant in common when both list some. Participants are
compared as the registry's canonical actors, so "Malian army" and "FAMa" agree, and a state,
its government and its army count as one side. Events are grouped by complete linkage: a
group grows only if every pair in it is compatible and it holds at most one event per
article, so a chain A~B~C cannot join A and C that disagree.

Nothing is chosen away: a happening keeps every source's summary, evidence and date, and
every fatality claim with the article and the party that made it. docs/formats.md has the
output format.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from extractor.records import RunRecord
from extractor.registry import Registry, load_registry
from extractor.schema import Event, Extraction
from extractor.text import normalise_name

# Place names this close (rapidfuzz ratio, 0-100) are spelling variants: "Tin Zaouatene" /
# "Tinzaouatene" is 96, "Bourem" / "Bamako" 33.
PLACE_RATIO = 90.0


@dataclass(frozen=True)
class SourcedEvent:
    """An event with where it came from and its participants as canonical actors."""

    run: str
    record: RunRecord
    index: int
    event: Event
    actors: frozenset[str]  # canonical names
    links: frozenset[str] = frozenset()  # what participant overlap is tested on (see _links)

    @property
    def key(self) -> tuple[str, str]:
        return self.run, self.record.article


@dataclass
class Happening:
    members: list[SourcedEvent] = field(default_factory=list)


def _fold(text: str) -> str:
    # The scorer's name key: case, accents, punctuation and a leading "the" ignored.
    return normalise_name(text)


# A state, its government and its armed forces stand for one side: one article says "Mali",
# another "the Malian army", ACLED "Military Forces of Mali".
STATE_SIDE = frozenset({"state", "government", "armed_forces"})


def canonical_actor(name: str, extraction: Extraction, registry: Registry) -> tuple[str, str]:
    """(canonical name, overlap key) of a participant: the registry's name through any of its
    aliases in the article (else its folded primary name); the key is "state:ML" for a state,
    government or army of Mali, else the name."""
    actor = extraction.actor_named(name)
    names = actor.all_names() if actor else [name]
    for candidate in names:
        entry = registry.entry(candidate)
        if entry is not None:
            side = entry.kind in STATE_SIDE and entry.country
            return entry.name, f"state:{entry.country}" if side else entry.name
    if actor and actor.kind in STATE_SIDE and actor.country:
        return _fold(names[0]), f"state:{actor.country}"
    return _fold(names[0]), _fold(names[0])


def _day_range(date: str, end: str | None) -> tuple[int, int]:
    def bounds(value: str) -> tuple[int, int]:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            day = dt.date(*parts).toordinal()
            return day, day
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0], 12, 31).toordinal()

    lo, hi = bounds(date)
    return lo, bounds(end)[1] if end else hi


def same_place(a: str, b: str) -> bool:
    """Do two place names agree? Compared whole and by comma-separated parts ("Tinzaouatene,
    Kidal region"): equal once folded or without spaces ("Tin Zaouatene"), one's words within
    the other's ("Bourem" / "Bourem town"), or a spelling variant (see PLACE_RATIO)."""
    return any(_same_part(x, y) for x in _parts(a) for y in _parts(b))


def _parts(place: str) -> list[str]:
    folded = _fold(place)
    parts = [_fold(p) for p in place.split(",")] if "," in place else []
    return [folded, *(p for p in parts if p)]


def _same_part(fa: str, fb: str) -> bool:
    wa, wb = set(fa.split()), set(fb.split())
    if (
        fa == fb
        or fa.replace(" ", "") == fb.replace(" ", "")
        or (wa and wb and (wa <= wb or wb <= wa))
    ):
        return True
    return fuzz.ratio(fa, fb) >= PLACE_RATIO


def compatible(a: SourcedEvent, b: SourcedEvent) -> bool:
    """Could these two events be the same happening? (see the module docstring)"""
    x, y = a.event, b.event
    if a.key == b.key or x.kind != y.kind or not x.date or not y.date:
        return False
    (a0, a1), (b0, b1) = _day_range(x.date, x.date_end), _day_range(y.date, y.date_end)
    if not (a0 <= b1 and b0 <= a1):
        return False
    if x.country and y.country and x.country != y.country:
        return False
    if x.location and y.location and not same_place(x.location, y.location):
        return False
    return not (a.links and b.links and not a.links & b.links)


def _affinity(a: SourcedEvent, b: SourcedEvent) -> float:
    """How strongly two compatible events agree: the order in which groups are merged."""
    union = a.links | b.links
    score = len(a.links & b.links) / len(union) if union else 0.0
    if a.event.location and b.event.location:
        score += 1.0
    return score + (a.event.date_precision == b.event.date_precision == "day")


def sourced_events(
    runs: Sequence[tuple[str, Sequence[RunRecord]]], registry: Registry | None = None
) -> list[SourcedEvent]:
    registry = registry or load_registry()
    out = []
    for run, records in runs:
        for record in records:
            extraction = record.extraction
            if record.status != "ok" or extraction is None:
                continue
            for i, event in enumerate(extraction.events):
                pairs = [canonical_actor(p, extraction, registry) for p in event.participants]
                actors = frozenset(name for name, _ in pairs)
                links = frozenset(key for _, key in pairs)
                out.append(SourcedEvent(run, record, i, event, actors, links))
    return out


def candidate_pairs(events: Sequence[SourcedEvent]) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) of dated events of one kind whose date ranges overlap: the only ones that
    can be compatible. A sweep over the events sorted by start date, so that thousands of
    articles do not cost a comparison of every pair."""
    by_kind: dict[str, list[tuple[int, int, int]]] = {}
    for i, e in enumerate(events):
        if e.event.date:
            lo, hi = _day_range(e.event.date, e.event.date_end)
            by_kind.setdefault(e.event.kind, []).append((lo, hi, i))
    for spans in by_kind.values():
        spans.sort()
        active: list[tuple[int, int]] = []  # (end, index) of events still open
        for lo, hi, i in spans:
            active = [(end, j) for end, j in active if end >= lo]
            for _, j in active:
                yield min(i, j), max(i, j)
            active.append((hi, i))


def cluster(events: Sequence[SourcedEvent]) -> list[list[int]]:
    """Groups of event indices, each one happening (complete linkage, see module docstring)."""
    ok = {
        (i, j): _affinity(events[i], events[j])
        for i, j in candidate_pairs(events)
        if compatible(events[i], events[j])
    }
    group_of = {i: i for i in range(len(events))}
    groups: dict[int, list[int]] = {i: [i] for i in range(len(events))}
    for (i, j), _ in sorted(ok.items(), key=lambda kv: (-kv[1], kv[0])):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if all((min(p, q), max(p, q)) in ok for p in groups[gi] for q in groups[gj]):
            for member in groups[gj]:
                group_of[member] = gi
            groups[gi].extend(groups.pop(gj))
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _most_precise(members: Sequence[SourcedEvent]) -> Event:
    """The member whose date covers the fewest days (ties: the first)."""
    dated = [m.event for m in members if m.event.date]
    if not dated:
        return members[0].event
    return min(dated, key=lambda e: _day_range(e.date or "", e.date_end)[1]
               - _day_range(e.date or "", e.date_end)[0])  # fmt: skip


def happening_record(number: int, members: Sequence[SourcedEvent]) -> dict[str, Any]:
    """A happening as a JSON-ready dict: shared attributes, every source, every toll claim."""
    first = _most_precise(members)
    places = Counter(m.event.location for m in members if m.event.location)
    actors: dict[str, None] = {}
    for m in members:
        actors.update(dict.fromkeys(sorted(m.actors)))
    sources, claims = [], []
    for m in members:
        e, r = m.event, m.record
        sources.append({
            "run": m.run, "article": r.article, "source": r.source, "event_index": m.index,
            "summary": e.summary, "date": e.date, "date_end": e.date_end,
            "location": e.location, "participants": e.participants, "evidence": e.evidence,
            "prompt": r.prompt.id if r.prompt else None, "model": r.model,
        })  # fmt: skip
        for c in e.fatalities:
            claims.append({**c.model_dump(mode="json"), "article": r.article, "run": m.run})
    return {
        "id": f"H{number:04d}",
        "kind": first.kind,
        "date": first.date,
        "date_precision": first.date_precision,
        "date_end": first.date_end,
        "location": places.most_common(1)[0][0] if places else None,
        "country": next((m.event.country for m in members if m.event.country), None),
        "participants": list(actors),
        "articles": len({m.key for m in members}),
        "fatality_claims": claims,
        "sources": sources,
    }


def consolidate(
    runs: Sequence[tuple[str, Sequence[RunRecord]]], registry: Registry | None = None
) -> tuple[list[dict[str, Any]], list[SourcedEvent], list[list[int]]]:
    """(happenings, the events, their groups) for run records given as (name, records)."""
    events = sourced_events(runs, registry)
    groups = cluster(events)
    happenings = [happening_record(n, [events[i] for i in g]) for n, g in enumerate(groups, 1)]
    return happenings, events, groups
