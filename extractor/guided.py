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
  leaving them out costs recall that a small model's omissions do not buy back in precision;
- check: what the model adds must be backed by the article (see `combine`).
"""

from __future__ import annotations

import re
from typing import Any

from extractor.candidates import ner_extraction, squash
from extractor.grounding import ArticleIndex
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
        aliases = _union(known.aliases, in_text(actor.all_names()))
        actors[match] = known.model_copy(
            update={
                "aliases": [a for a in aliases if fold(a) != fold(known.name)],
                "role": known.role or actor.role,
                "evidence": _union(known.evidence, found(actor.evidence)),
            }
        )
    known_names = {fold(n) for a in actors for n in a.all_names()}

    def rename(names: list[str]) -> list[str]:
        linked = _union([renamed.get(fold(n), n) for n in names])
        return [n for n in linked if fold(n) in known_names]

    treaties = []
    for number, treaty in enumerate(answer.treaties):
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
    events = []
    for number, event in enumerate(answer.events):
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
