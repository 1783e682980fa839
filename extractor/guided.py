"""Candidate-guided extraction: the candidate stage's actors steer and complete the model's.

A prompt version opts in by using the ``candidates`` variable: the pipeline then runs the
candidate stage (registry + NER, extractor.candidates) and renders the numbered list into the
prompt. After the model answers, `combine` does what a small model cannot be trusted to do:

- link: a model actor whose name or alias is a mention of a candidate takes the candidate's
  canonical name (so the same actor has the same name across articles), and every party and
  participant that named it is renamed with it;
- type: a candidate the registry knows keeps the registry's kind and country;
- merge: the candidate's surface forms join the aliases;
- keep: candidates the model left out are kept (as the NER stage alone would), because
  leaving them out costs recall that a small model's omissions do not buy back in precision.
"""

from __future__ import annotations

from typing import Any

from extractor.candidates import ner_extraction, squash
from extractor.schema import Actor, ExtractionItems, fold


def wants_candidates(variables: set[str]) -> bool:
    return "candidates" in variables


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


def prepare(text: str) -> tuple[list[dict[str, Any]], ExtractionItems]:
    """Template variable `candidates`, and the candidate actors to combine with the answer.

    The candidates are those the NER stage keeps (towns, one-word names and outlets are
    already filtered out), so the prompt does not invite the model to pick them."""
    candidates = ner_extraction(text)
    return template_candidates(candidates.actors), candidates


def _keys(actor: Actor) -> set[str]:
    return {squash(n) for n in actor.all_names()} - {""}


def _union(*lists: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for values in lists:
        for value in values:
            seen.setdefault(fold(value), value)
    return list(seen.values())


def combine(answer: ExtractionItems, candidates: ExtractionItems) -> ExtractionItems:
    """The model's answer, linked to, typed by and completed with the candidate actors."""
    actors: list[Actor] = [a.model_copy() for a in candidates.actors]
    renamed: dict[str, str] = {}
    for actor in answer.actors:
        match = next((i for i, c in enumerate(actors) if _keys(c) & _keys(actor)), None)
        if match is None:
            actors.append(actor)
            continue
        known = actors[match]
        for name in actor.all_names():
            renamed[fold(name)] = known.name
        actors[match] = known.model_copy(
            update={
                "aliases": [
                    a
                    for a in _union(known.aliases, actor.all_names())
                    if fold(a) != fold(known.name)
                ],
                "role": known.role or actor.role,
                "evidence": _union(known.evidence, actor.evidence),
            }
        )

    def rename(names: list[str]) -> list[str]:
        return _union([renamed.get(fold(n), n) for n in names])

    treaties = [t.model_copy(update={"parties": rename(t.parties)}) for t in answer.treaties]
    events = [e.model_copy(update={"participants": rename(e.participants)}) for e in answer.events]
    return ExtractionItems.model_validate(
        {
            "actors": [a.model_dump() for a in actors],
            "treaties": [t.model_dump() for t in treaties],
            "events": [e.model_dump() for e in events],
        }
    )
