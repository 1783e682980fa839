"""The NER baseline backend: actors alone, from the candidate stage, with no model.

A candidate becomes an actor unless a NER-only backend cannot tell it from one: a country named
only as a place ("in Mali"), a town NER called a GPE, a lone unlisted organisation with no
organisation word, a person named by one word. "The junta" stands for the government of the
article's country when the article names none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from extractor.candidates import Candidate, analyse
from extractor.places import gazetteer, main_country
from extractor.registry import REGISTRY_LABEL, Mention, load_registry
from extractor.schema import Actor, ExtractionItems
from extractor.sentences import evidence_for
from extractor.text import fold, fold_chars, squash

# An organisation NER finds and the registry does not know is kept only if its words say it
# is one ("front", "brigade", "ministry") or it is an acronym; a lone capitalised phrase is
# more often a place, a building or an event's name ("Independence Monument", "Karma").
_ACTOR_HEADS = re.compile(
    r"\b(?:alliance|front|movement|mouvement|council|conseil|group|groupe|army|armee|brigade|"
    r"battalion|bataillon|forces?|union|coalition|committee|comite|party|parti|ministry|"
    r"ministere|agency|mission|organi[sz]ation|katiba|militia|milice|corps|guard|garde|police|"
    r"gendarmerie|government|gouvernement|junta|junte|state|etat|republic|republique|"
    r"community|communaute|league|ligue|network|reseau|collective|collectif|association|"
    r"brotherhood|jama\w*|ansar\w*|islamic|islamique|liberation|resistance|defen[cs]e|"
    r"authority|autorite|command|commandement|office|bureau|nations|court|cour|navy|"
    r"air force|intelligence|renseignement|secretariat|presidency|presidence|commission|"
    r"wagner|daesh|isis|qaeda|qaida)\b"
)


def _weak_org(candidate_text: str, mentions: int) -> bool:
    letters = [c for c in candidate_text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    # "FAMa", "GATIA" are acronyms; "Matiacoali-Kantchari" (two towns) is not.
    acronym = " " not in candidate_text and upper >= 2 and 2 * upper >= len(letters)
    return not acronym and mentions < 2 and not _ACTOR_HEADS.search(fold(candidate_text))


# ------------------------------------------------------------------- NER baseline


# A country named only as a place ("in Mali", "au Mali", "northern Mali", "Mali's army", a
# "Mali:" headline tag) is no actor (guide, after ACE 2005); one named otherwise may act.
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|into|inside|across|throughout|from|to|at|near|within|au|aux|en|du|de|des|"
    r"dans|vers|depuis|northern|southern|eastern|western|central|north|south|east|west|centre|"
    r"center|nord|sud|est|ouest|border|borders|frontiere|frontieres|capital|capitale|region|"
    r"regions|parts?|pays|visit|visite|visited|left|quitte|quitter|leave|leaving)\s+"
    r"(?:(?:the|le|la|l')\s*)?|\bl')$",
    re.IGNORECASE,
)
_CONJUNCT_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*(?:,|and|et)\s+)+$")
_PLACE_AFTER = re.compile(r"^(?:['’]s\b|\s*[:–]|\s+-\s)")


_PLACE_BEFORE_RAW = re.compile(
    r"(?:\bborders?\s+(?:with\s+)?(?:both\s+)?|\bbound\s+for\s+|\btowards?\s+|\(\s*|"
    r"([A-Z][\w'’-]+|\))\s*,\s*)$"
)
_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:villages?|towns?|border|borders|region|soil|territory|side|capital|villes?|"
    r"localit[ée]s?)\b"
)


def _acts(text: str, mention: Mention) -> bool:
    raw = text[max(0, mention.start - 80) : mention.start]
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if mention.text.isupper() and len(mention.text) > 4 and line.isupper():
        return False  # a letterhead: "REPUBLIQUE DU MALI", "BURKINA FASO"
    raw_before = _PLACE_BEFORE_RAW.search(raw)
    if raw_before and (
        raw_before[1] is None or raw_before[1] == ")" or squash(raw_before[1]) in _place_keys()
    ):
        return False  # "Ouagadougou, Burkina Faso", "(Mali)", "border with Mali"
    if _PLACE_NOUN_AFTER.match(text[mention.end : mention.end + 20]):
        return False
    before = fold_chars(raw)
    before = _CONJUNCT_BEFORE.sub("", before)
    if _PLACE_BEFORE.search(before) or _PLACE_AFTER.match(text[mention.end : mention.end + 3]):
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    return text[line_start : mention.start].strip() != "" or mention.end < len(text)


@functools.cache
def _place_keys() -> frozenset[str]:
    return frozenset(gazetteer()) | frozenset(squash(p) for p in load_registry().places)


def _keep_in_baseline(candidate: Candidate, text: str = "") -> bool:
    """Drop what a NER-only backend cannot tell from an actor."""
    if candidate.entry is not None:
        if candidate.entry.kind == "state" and text:
            return any(_acts(text, m) for m in candidate.mentions)
        return True
    if candidate.label == "GPE":
        return False  # towns and regions (Kidal, Gao, Azawad) far outnumber unlisted states
    if candidate.label == "ORG" and _weak_org(candidate.name, len(candidate.mentions)):
        return False
    # A person named by one word only is most often a place or a tribe NER took for a name;
    # news introduce people by full name first.
    return not (candidate.label == "PERSON" and all(" " not in f for f in candidate.surface_forms))


def _sentences(doc: Any) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]


def _actor(
    candidate: Candidate, present: set[str], text: str, sentences: Sequence[tuple[int, int]]
) -> Actor:
    entry = candidate.entry
    name = candidate.name
    aliases = [f for f in candidate.surface_forms if fold(f) != fold(name)]
    # Registry links count only when the linked actor is in the same article.
    member_of = [p for p in entry.member_of if p in present] if entry else []
    affiliation = entry.affiliation if entry and entry.affiliation in present else None
    return Actor(
        name=name,
        aliases=aliases,
        kind=candidate.kind,
        country=candidate.country,
        affiliation=affiliation,
        member_of=member_of,
        evidence=[evidence_for(text, sentences, candidate.mentions[0])],
    )


# "FDS" (Forces de défense et de sécurité) names the armed forces of Burkina Faso, Niger and
# Mali alike; the registry gives it to Burkina Faso, so an article about another country
# gets its own army instead.
_SHARED_FORCE_NAMES = frozenset({"fds", "forces de defense et de securite"})
_NATIONAL_FORCES = {"ML": "Malian Armed Forces", "NE": "Nigerien Armed Forces"}


def _national_forces(actor: Actor, text: str) -> Actor:
    if (
        actor.name != "Burkinabe Armed Forces"
        or not {fold(n) for n in actor.all_names() if fold(n) != fold(actor.name)}
        <= _SHARED_FORCE_NAMES
    ):
        return actor
    name = _NATIONAL_FORCES.get(main_country(text, margin=2.0) or "")
    entry = load_registry().entry(name) if name else None
    if entry is None:
        return actor
    return actor.model_copy(update={"name": entry.name, "country": entry.country})


def _merge_same_name(actors: list[Actor]) -> list[Actor]:
    """One actor per name: "FDS" resolved to the army the article also names another way."""
    merged: dict[str, Actor] = {}
    for actor in actors:
        if (first := merged.get(actor.name)) is None:
            merged[actor.name] = actor
            continue
        aliases = list(dict.fromkeys([*first.aliases, *actor.aliases]))
        evidence = list(dict.fromkeys([*first.evidence, *actor.evidence]))
        merged[actor.name] = first.model_copy(update={"aliases": aliases, "evidence": evidence})
    return list(merged.values())


# "the government", "la junte": the government of the country the article is about, when
# the article names no government of that country (guide, rules 11 and 14).
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:(?:the|le|la|les)\s+)?((?:military\s+|transitional\s+)?government|"
    r"(?:military\s+)?junta|transitional\s+authorities|military\s+authorities|"
    r"military\s+rulers|gouvernement(?:\s+de\s+transition)?|junte(?:\s+militaire)?|"
    r"autorit[ée]s\s+de\s+(?:la\s+)?transition|pouvoir\s+militaire)\b",
)
_COUNTRY_GOVERNMENTS = {
    "ML": "Government of Mali",
    "BF": "Government of Burkina Faso",
    "NE": "Government of Niger",
}


def _described_government(
    text: str, actors: list[Actor], sentences: Sequence[tuple[int, int]]
) -> Actor | None:
    country = main_country(text, margin=2.0)  # several countries: "the junta" is whose?
    name = _COUNTRY_GOVERNMENTS.get(country or "")
    if name is None or any(a.kind == "government" and a.country in (None, country) for a in actors):
        return None  # the article names that government itself
    matches = list(_GOVERNMENT_WORDS.finditer(text))
    if not matches:
        return None
    entry = load_registry().entry(name)
    assert entry is not None
    first = matches[0]
    aliases = list(dict.fromkeys(m[1] for m in matches))
    mention = Mention(first[1], first.start(1), first.end(1), REGISTRY_LABEL)
    return Actor(
        name=entry.name,
        aliases=aliases,
        kind=entry.kind,
        country=entry.country,
        evidence=[evidence_for(text, sentences, mention)],
    )


def ner_extraction(text: str, language: str | None = None) -> ExtractionItems:
    """The NER baseline: one Actor per candidate, no treaties or events. ``language`` (ISO
    639-1) picks the spaCy model; unknown, it is detected."""
    candidates, doc = analyse(text, language)
    kept = [c for c in candidates if _keep_in_baseline(c, text)]
    present = {c.name for c in kept}
    sentences = _sentences(doc)
    actors = _merge_same_name(
        [_national_forces(_actor(c, present, text, sentences), text) for c in kept]
    )
    government = _described_government(text, actors, sentences)
    return ExtractionItems(actors=actors + ([government] if government else []))
