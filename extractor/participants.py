"""Who takes part in an event: named actors of the sentence, and descriptions mapped to actors.

Named actors come from the actor stage (registry + NER): `actors_in` finds their names in a
sentence, drops a country that only locates ("in northern Mali": a place, after ACE 2005), and
lets a person stand for the body the registry ties them to (guide: the group acts).

Descriptions name no actor by themselves; `described_actors` maps the ones the annotation
guide resolves (rule 14, generic nouns) to the registry entry they can only mean in context:

- state forces: "soldiers", "the army", "troops", "security forces", "les militaires",
  "l'armée", "FDS" -> the armed forces of the event's country (Mali, Burkina Faso, Niger);
  "gendarmes" -> its gendarmerie and "police" -> its police (monitors code them apart);
- jihadists: "jihadists", "militants", "terrorists", "les terroristes", "GAT" -> the one
  jihadist group the article names, if it names exactly one;
- "unidentified gunmen", "hommes armés non identifiés", "bandits" name nobody: no actor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from extractor.registry import load_registry
from extractor.schema import Actor
from extractor.text import fold, fold_chars

_ARMIES = {
    "ML": "Malian Armed Forces",
    "BF": "Burkinabe Armed Forces",
    "NE": "Nigerien Armed Forces",
}
_STATE_FORCES = re.compile(
    r"\b(?:soldiers|troops|the\s+army|army\s+(?:units?|patrol|post|camp|base|convoy|"
    r"detachment|column|vehicle|position)s?|"
    r"security\s+forces|presidential\s+guard|garde\s+presidentielle|air\s+force|"
    r"armee\s+de\s+l'air|the\s+military|"
    r"defen[cs]e\s+and\s+security\s+forces|government\s+forces|"
    r"national\s+guard|military\s+(?:post|camp|base|patrol|convoy|"
    r"detachment|unit)|soldats|militaires|l'armee|forces\s+de\s+defense\s+et\s+de\s+securite|"
    r"garde\s+nationale|detachement\s+militaire|poste\s+militaire|camp\s+militaire|"
    r"forces\s+armees\s+nationales|(?<![a-z])fds(?![a-z]))\b"
)
_POLICE = {"ML": "Malian Police", "BF": "Burkinabe Police", "NE": "Nigerien Police"}
_GENDARMERIES = {
    "ML": "Malian Gendarmerie",
    "BF": "Burkinabe Gendarmerie",
    "NE": "Nigerien Gendarmerie",
}
_GENDARMES = re.compile(r"\b(?:gendarmes?|gendarmerie)\b")
_POLICE_FORCES = re.compile(r"\b(?:police(?:men)?|policiers|la\s+police)\b")
_DEMONYM_ARMIES = {
    "french": "French Armed Forces",
    "malian": "Malian Armed Forces",
    "burkinabe": "Burkinabe Armed Forces",
    "nigerien": "Nigerien Armed Forces",
    "chadian": "Chadian Armed Forces",
    "nigerian": "Nigerian Armed Forces",
    "american": "United States Armed Forces",
    "us": "United States Armed Forces",
    "russian": "Russian Armed Forces",
}
_DEMONYM = "|".join(_DEMONYM_ARMIES)
_JOINT_ARMIES = re.compile(
    rf"\b({_DEMONYM})\s+(?:and|et)\s+({_DEMONYM})\s+(?:[\w-]+\s+)?(?:troops|soldiers|forces|"
    r"armies|units|patrol|military)\b"
)
_JIHADISTS = re.compile(
    r"\b(?:jihadists?|djihadistes?|jihadistes?|islamists?|islamistes?|militants|terrorists|"
    r"terroristes|insurgents|gat|groupes?\s+armes?\s+terroristes?|hani|extremists|"
    r"extremistes)\b"
)
_JIHADIST_GROUPS = frozenset(
    {
        "Group for Support of Islam and Muslims",
        "Islamic State Sahel Province",
        "Ansarul Islam",
        "Katiba Macina",
        "Al-Qaeda in the Islamic Maghreb",
        "Islamic State West Africa Province",
        "Ansar Dine",
        "Movement for Oneness and Jihad in West Africa",
        "al-Mourabitoun",
        "Boko Haram",
    }
)


@functools.lru_cache(maxsize=4096)
def _name_regex(name: str) -> re.Pattern[str]:
    """An actor's name, word-bounded, spaces and hyphens interchangeable; case-insensitive
    except for two-letter acronyms (UN, US, AU, EU), which would fire on "un", "us", "au"."""
    parts = re.split(r"[\s-]+", fold_chars(name).strip())
    pattern = r"(?<!\w)" + r"[\s-]+".join(re.escape(p) for p in parts) + r"(?!\w)"
    short = sum(c.isalpha() for c in name) <= 2
    return re.compile(pattern, 0 if short else re.IGNORECASE)


def mention_positions(sentence: str, actor: Actor) -> list[tuple[int, int]]:
    """Spans of an actor's names in a sentence."""
    folded = fold_chars(sentence)
    spans: list[tuple[int, int]] = []
    for name in actor.all_names():
        spans += [m.span() for m in _name_regex(name).finditer(folded)]
    return sorted(spans)


# A country that only locates ("in northern Mali", "au Mali") is a place, not an actor.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|across|throughout|au|en|dans|du|of)\s+(?:(?:the\s+)?(?:north|south|east|west|"
    r"centre|center|nord|sud|est|ouest)\s+(?:of|du|de)\s+)?(?:le\s+)?|"
    r"\b(?:northern|southern|eastern|western|central)\s+|"
    r"\b(?:capital|north|south|east|west|centre|center|region|regions|parts?|border|"
    r"borders|frontiere|frontieres)\s+(?:of|du|de|with|avec)\s+)$",
    re.IGNORECASE,
)


def actors_in(
    sentence: str, actors: Sequence[Actor], kinds: Iterable[str] | None = None
) -> list[str]:
    """Canonical names of the actors named in a sentence, in order of first mention. A person
    whose affiliation is among the actors stands for that body (guide: the group acts)."""
    allowed = set(kinds) if kinds is not None else None
    names = {a.name for a in actors}
    found: list[tuple[int, str]] = []
    for actor in actors:
        spans = mention_positions(sentence, actor)
        if actor.kind == "state":
            spans = [s for s in spans if not _LOCATIVE.search(fold_chars(sentence[: s[0]]))]
        if not spans:
            continue
        name = actor.name
        if actor.kind == "person" and actor.affiliation in names:
            name = actor.affiliation
            actor = next(a for a in actors if a.name == name)
        if allowed is None or actor.kind in allowed:
            found.append((spans[0][0], name))
    return list(dict.fromkeys(name for _, name in sorted(found)))


def _registry_actor(name: str, surface: str, evidence: str) -> Actor | None:
    entry = load_registry().entry(name)
    if entry is None:
        return None
    aliases = [surface] if fold(surface) != fold(entry.name) else []
    return Actor(
        name=entry.name,
        aliases=aliases,
        kind=entry.kind,
        country=entry.country,
        evidence=[evidence],
    )


def described_actors(
    sentence: str,
    country: str | None,
    actors: Sequence[Actor],
    evidence: str,
    violent: bool = True,
    crowd: bool = False,
) -> list[Actor]:
    """Actors a sentence refers to by description only (see the module doc); each is a new
    Actor (registry name, the description as alias) unless ``actors`` already has it. State
    forces are looked for in violent events only (``violent``): elsewhere "soldiers" is more
    often background than a party."""
    folded = fold_chars(sentence).lower()
    present = {a.name for a in actors}
    named = set(actors_in(sentence, actors))
    kinds = {a.kind for a in actors if a.name in named}
    found: list[Actor] = []

    def add(name: str, surface: str) -> None:
        """The actor ``name`` stands for: the caller's own if it has it, else the registry's."""
        if name in present:
            found.append(next(a for a in actors if a.name == name))
        elif actor := _registry_actor(name, surface, evidence):
            found.append(actor)

    army = _ARMIES.get(country or "") if violent else None
    state_forces = _STATE_FORCES.search(folded)
    if army and state_forces and "armed_forces" not in kinds:
        add(army, sentence[state_forces.start() : state_forces.end()])
    # At a protest or riot, police and gendarmes are the side facing the crowd.
    for forces, words in ((_GENDARMERIES, _GENDARMES), (_POLICE, _POLICE_FORCES)):
        body = forces.get(country or "") if violent or crowd else None
        mention = words.search(folded)
        if body and mention and body not in named:
            add(body, sentence[mention.start() : mention.end()])
    # "French and Malian troops", "Nigerien and Chadian soldiers": one army per demonym.
    for match in _JOINT_ARMIES.finditer(folded) if violent else ():
        for demonym in (match[1], match[2]):
            name = _DEMONYM_ARMIES[demonym]
            if name not in named and all(a.name != name for a in found):
                add(name, sentence[match.start() : match.end()])
    jihadists = _JIHADISTS.search(folded)
    groups = [a for a in actors if a.name in _JIHADIST_GROUPS]
    if jihadists and len(groups) == 1 and "armed_group" not in kinds:
        found.append(groups[0])
    return found
