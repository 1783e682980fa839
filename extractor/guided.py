"""Candidate-guided extraction: the candidate stage's actors steer and complete the model's.

A prompt version opts in by declaring candidate stages in its spec (``stages:`` in
prompts/name.version.yaml, read by extractor.prompts): the pipeline then runs them (actors:
registry + NER, extractor.ner_baseline; treaties and events: extractor.event_candidates) and
renders the numbered lists into the prompt. After the model answers, `combine` does what a
small model cannot be trusted to do:

- link: a model actor whose name or alias is a mention of a candidate takes the candidate's
  canonical name (so the same actor has the same name across articles), and every party and
  participant that named it is renamed with it;
- type: a candidate the registry knows keeps the registry's kind and country;
- merge: the candidate's surface forms join the aliases;
- keep: candidates the model left out are kept (as the NER stage alone would; with the
  treaty and event stages declared, the rule-based treaties and events too), because
  leaving them out costs recall that a small model's omissions do not buy back in precision;
- check: what the model adds must be backed by the article (see `combine`).
"""

from __future__ import annotations

import re
from typing import Any

from extractor.grounding import ArticleIndex
from extractor.ner_baseline import ner_extraction
from extractor.prompts import STAGE_VARIABLES
from extractor.schema import Actor, Event, ExtractionItems, Treaty, union_folded
from extractor.text import fold, squash

ALL_STAGES = frozenset(STAGE_VARIABLES)


def template_candidates(actors: list[Actor]) -> list[dict[str, Any]]:
    """What the prompt sees: number, canonical name, kind, country, surface forms."""
    return [
        {
            "n": number,
            "name": actor.name,
            "kind": actor.kind,
            "country": actor.country or "",
            "mentions": actor.all_names(),
        }
        for number, actor in enumerate(actors, start=1)
    ]


def template_events(items: ExtractionItems) -> list[dict[str, Any]]:
    return [
        {
            "n": number,
            "kind": event.kind,
            "date": event.date or "",
            "location": event.location or "",
            "participants": event.participants,
            "evidence": event.evidence[0] if event.evidence else "",
        }
        for number, event in enumerate(items.events, start=1)
    ]


def template_treaties(items: ExtractionItems) -> list[dict[str, Any]]:
    return [
        {
            "n": number,
            "name": treaty.name,
            "kind": treaty.kind,
            "status": treaty.status,
            "parties": treaty.parties,
        }
        for number, treaty in enumerate(items.treaties, start=1)
    ]


def stage_items(
    text: str,
    published: str | None,
    stages: frozenset[str],
    language: str | None = None,
) -> ExtractionItems:
    """What the declared candidate stages find, no model: actors (registry + NER), and with
    the treaty or event stage the rule-based treaties or events (one parse serves both)."""
    candidates = ner_extraction(text, language)
    if not stages & {"treaties", "events"}:
        return candidates
    from extractor.event_candidates import find_event_candidates

    found = find_event_candidates(text, published, candidates.actors, language)
    return ExtractionItems(
        actors=candidates.actors,  # extended by the event stage
        treaties=found.treaties if "treaties" in stages else [],
        events=found.events if "events" in stages else [],
    )


def prepare(
    text: str,
    published: str | None = None,
    stages: frozenset[str] = ALL_STAGES,
    language: str | None = None,
) -> tuple[dict[str, Any], ExtractionItems]:
    """Template variables (`candidates`, and per stage `treaty_candidates` and
    `event_candidates`) and the candidate items to combine with the answer.

    The actor candidates are those the NER stage keeps (towns, one-word names and outlets
    are already filtered out), so the prompt does not invite the model to pick them."""
    candidates = stage_items(text, published, stages, language)
    variables: dict[str, Any] = {"candidates": template_candidates(candidates.actors)}
    if "events" in stages:
        variables["event_candidates"] = template_events(candidates)
    if "treaties" in stages:
        variables["treaty_candidates"] = template_treaties(candidates)
    return variables, candidates


def _keys(actor: Actor) -> set[str]:
    return {squash(n) for n in actor.all_names()} - {""}


# A treaty name a model made up from a place or a group ("Mali", "Minusma forces") is not
# the name of an agreement; a real one says what it is.
_AGREEMENT_WORD = re.compile(
    r"\b(pact|charter|agreement|accord|alliance|treaty|truce|ceasefire|convention|deal)\b", re.I
)


def _sentence_with(text: str, name: str) -> str | None:
    """The line-bounded sentence of the article where `name` first occurs, verbatim."""
    start = text.lower().find(name.lower()) if name.strip() else -1
    if start < 0:
        return None
    full_stop, newline = text.rfind(". ", 0, start), text.rfind("\n", 0, start)
    left = max(full_stop + 2 if full_stop >= 0 else 0, newline + 1)
    stops = [p for p in (text.find(". ", start), text.find("\n", start)) if p >= 0]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def _same_treaty(a: Treaty, b: Treaty) -> bool:
    names_a, names_b = {squash(n) for n in a.all_names()}, {squash(n) for n in b.all_names()}
    return bool(names_a & names_b) or (a.kind == b.kind and a.kind != "other")


def _same_event(a: Event, b: Event) -> bool:
    if a.kind != b.kind:
        return False
    if not a.date or not b.date:
        return True
    shorter = min(len(a.date), len(b.date))
    return a.date[:shorter] == b.date[:shorter]


def combine(
    answer: ExtractionItems, candidates: ExtractionItems, text: str
) -> tuple[ExtractionItems, list[str]]:
    """The model's answer, linked to, typed by and completed with the candidate actors.

    A small model's additions are checked against the article (``text``): an actor it adds
    is kept only when its name occurs in the article and one of its quotes is found; names
    and quotes it attaches to a candidate are kept only when found; a treaty with no quote
    found gets the sentence naming it when its name is an agreement's name found in the
    article, else it is left out; an
    event with no quote found is left out. Every omission is returned as a note.
    """
    index = ArticleIndex(text)
    notes: list[str] = []

    def found(quotes: list[str]) -> list[str]:
        return [q for q in quotes if index.locate(q).found]

    def in_text(names: list[str]) -> list[str]:
        return [n for n in names if n.strip() and index.locate(n).status in ("exact", "normalized")]

    actors: list[Actor] = [a.model_copy() for a in candidates.actors]
    renamed: dict[str, str] = {}
    for number, actor in enumerate(answer.actors):
        match = next((i for i, c in enumerate(actors) if _keys(c) & _keys(actor)), None)
        if match is None:
            if in_text([actor.name]) and found(actor.evidence):
                actors.append(actor)
            else:
                notes.append(f"actors[{number}] {actor.name!r} left out: not backed by the article")
            continue
        known = actors[match]
        for name in actor.all_names():
            renamed[fold(name)] = known.name
        aliases = union_folded(known.aliases, in_text(actor.all_names()))
        actors[match] = known.model_copy(
            update={
                "aliases": [a for a in aliases if fold(a) != fold(known.name)],
                "role": known.role or actor.role,
                "evidence": union_folded(known.evidence, found(actor.evidence)),
            }
        )
    known_names = {fold(n) for a in actors for n in a.all_names()}

    def rename(names: list[str]) -> list[str]:
        linked = union_folded([renamed.get(fold(n), n) for n in names])
        return [n for n in linked if fold(n) in known_names]

    treaties = [t.model_copy() for t in candidates.treaties]
    for number, treaty in enumerate(answer.treaties):
        if any(_same_treaty(treaty, known) for known in candidates.treaties):
            continue  # the candidate stage has it already, with its quote
        evidence = found(treaty.evidence)
        if not evidence:
            sentence = _sentence_with(text, treaty.name)
            if sentence is None or not _AGREEMENT_WORD.search(treaty.name):
                notes.append(
                    f"treaties[{number}] {treaty.name!r} left out: no quote found, and the "
                    "article names no agreement so"
                )
                continue
            notes.append(f"treaties[{number}] evidence replaced by the sentence naming it")
            evidence = [sentence]
        treaties.append(
            treaty.model_copy(update={"parties": rename(treaty.parties), "evidence": evidence})
        )
    events = [e.model_copy() for e in candidates.events]
    for number, event in enumerate(answer.events):
        if any(_same_event(event, known) for known in candidates.events):
            continue
        if not found(event.evidence):
            notes.append(f"events[{number}] left out: no quote found in the article")
            continue
        events.append(event.model_copy(update={"participants": rename(event.participants)}))
    combined = ExtractionItems.model_validate(
        {
            "actors": [a.model_dump() for a in actors],
            "treaties": [t.model_dump() for t in treaties],
            "events": [e.model_dump() for e in events],
        }
    )
    return combined, notes
