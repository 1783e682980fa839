"""Who takes part in an event: named actors of the sentence, and descriptions mapped to actors.

Named actors come from the actor stage (registry + NER): `actors_in` finds their names in a
sentence, drops a country that only locates ("in northern Mali": a place, after ACE 2005), and
lets a person stand for the body the registry ties them to (guide: the group acts).

Descriptions name no actor by themselves; `described_actors` maps the ones the annotation
guide resolves (rule 14, generic nouns) to the registry entry they can only mean in context:

- state forces: "soldiers", "the army", "troops", "security forces", "les militaires",
  "l'armée", "FDS" -> the armed forces of the event's country (Mali, Burkina Faso, Niger);
  "gendarmes" -> its gendarmerie and "police" -> its police (monitors code them apart);
  "customs officers", "douaniers" -> its customs and "national guards" -> its national
  guard besides the army; "<demonym> soldiers / air strike / peacekeepers" -> that army;
- at a protest or riot, "security forces", "tear gas", arrests -> the police (the side facing
  the crowd), unless the sentence names police or gendarmes;
- in a coup: the soldiers and the government they depose (extractor.coup_parties);
- jihadists: "jihadists", "militants", "terrorists", "les terroristes", "GAT" -> the one
  jihadist group the article names, if it names exactly one;
- "unidentified gunmen", "hommes armés non identifiés", "bandits" name nobody: no actor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from extractor.coup_parties import coup_parties
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
    r"security\s+forces|(?:the\s+)?national\s+army|armee\s+nationale|presidential\s+guard|garde\s+presidentielle|air\s+force|"
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
_CUSTOMS = {"ML": "Malian Customs", "BF": "Burkinabe Customs", "NE": "Nigerien Customs"}
_NATIONAL_GUARDS = {"ML": "Malian National Guard", "NE": "Nigerien National Guard"}
_GENDARMES = re.compile(r"\b(?:gendarmes?|gendarmerie)\b")
_POLICE_FORCES = re.compile(r"\b(?:police(?:men)?|policiers|la\s+police)\b")
_CUSTOMS_OFFICERS = re.compile(r"\b(?:customs|douanes?|douaniers?)\b")
_NATIONAL_GUARD_WORDS = re.compile(
    r"\b(?:national\s+guard(?:s|smen|sman)?|garde\s+nationale|gardes\s+nationaux)\b"
)
# Who faces a crowd when the note does not say: "security forces used tear gas", "hundreds
# were arrested" (monitors code the police).
_CROWD_CONTROL = re.compile(
    r"\b(?:security\s+forces|forces\s+de\s+l'ordre|forces\s+de\s+securite|riot\s+police|"
    r"anti-riot|tear\s*gas|gaz\s+lacrymogenes?|arrest(?:ed|s)|interpell\w*|dispersed)\b"
)
# Bodies beside the army: naming one of them leaves "soldiers" to the army itself.
_AUXILIARIES = frozenset(
    {
        *_POLICE.values(),
        *_GENDARMERIES.values(),
        *_CUSTOMS.values(),
        *_NATIONAL_GUARDS.values(),
        "Volunteers for the Defence of the Homeland",
    }
)
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
    "senegalese": "Senegalese Armed Forces",
    "togolese": "Togolese Armed Forces",
    "beninese": "Beninese Armed Forces",
    "guinean": "Guinean Armed Forces",
    "mauritanian": "Mauritanian Armed Forces",
    "ivorian": "Ivorian Armed Forces",
}
_DEMONYM = "|".join(_DEMONYM_ARMIES)
# "French and Malian troops", "a Burkinabe soldier", "Senegalese peacekeepers", "a French
# Barkhane air strike": the army of each demonym (one word may stand between).
_DEMONYM_FORCES = re.compile(
    rf"\b({_DEMONYM})(?:\s+(?:and|et)\s+({_DEMONYM}))?\s+(?:[\w-]+\s+)?(?:troops?|soldiers?|"
    r"forces|armies|army|units?|patrols?|military|peacekeepers?|air\s+(?:strikes?|support|raids?)|"
    r"airstrikes?|jets|aircraft|drones?|helicopters?|convoys?)\b"
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


def _registry_actor(name: str, surfaces: Sequence[str], evidence: str) -> Actor | None:
    entry = load_registry().entry(name)
    if entry is None:
        return None
    aliases = list(dict.fromkeys(s for s in surfaces if fold(s) != fold(entry.name)))
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
    coup: bool = False,
    arrest: bool = False,
    taking_part: Sequence[str] = (),
) -> list[Actor]:
    """Actors a sentence refers to by description only (see the module doc); each is a new
    Actor (registry name, the description as alias) unless ``actors`` already has it. State
    forces are looked for in violent events only (``violent``): elsewhere "soldiers" is more
    often background than a party; police and gendarmes also face a crowd (``crowd``) and make
    arrests (``arrest``); a coup (``coup``) has its own parties. ``taking_part``: actors the
    event already has (a sentence that goes on about it), which count as named."""
    folded = fold_chars(sentence).lower()
    present = {a.name for a in actors}
    named = set(actors_in(sentence, actors)) | set(taking_part)
    kinds = {a.kind for a in actors if a.name in named}
    found: list[Actor] = []

    def add(name: str, *surfaces: str) -> None:
        """The actor ``name`` stands for: the caller's own if it has it, else the registry's."""
        if name in named or any(a.name == name for a in found):
            return
        if name in present:
            found.append(next(a for a in actors if a.name == name))
        elif actor := _registry_actor(name, surfaces, evidence):
            found.append(actor)

    def span(match: re.Match[str]) -> str:
        return sentence[match.start() : match.end()]

    army = _ARMIES.get(country or "") if violent else None
    state_forces = [span(m) for m in _STATE_FORCES.finditer(folded)]
    if army and state_forces and not _army_named(actors, named):
        own = _army_by_description(actors, country)
        if own is not None and own.name not in named:
            found.append(own)
        elif own is None:
            add(army, *state_forces)  # every form: "a military camp ... the national army"
    # At a protest or riot, police and gendarmes are the side facing the crowd.
    bodies = (
        (_GENDARMERIES, _GENDARMES),
        (_POLICE, _POLICE_FORCES),
        (_CUSTOMS, _CUSTOMS_OFFICERS),
        (_NATIONAL_GUARDS, _NATIONAL_GUARD_WORDS),
    )
    for forces, words in bodies:
        body = forces.get(country or "") if violent or crowd or arrest else None
        if body and (mention := words.search(folded)):
            add(body, span(mention))
    police = _POLICE.get(country or "")
    control = _CROWD_CONTROL.search(folded) if crowd else None
    if police and control and not (_GENDARMES.search(folded) or _POLICE_FORCES.search(folded)):
        add(police, span(control))
    for match in _DEMONYM_FORCES.finditer(folded) if violent else ():
        for demonym in (match[1], match[2]):
            if demonym and (demonym != "us" or match[2]):  # "us" alone is mostly the pronoun
                add(_DEMONYM_ARMIES[demonym], span(match))
    army_named = _army_named(actors, named, by_description=False)  # a guard unit may revolt
    for name, (start, end) in coup_parties(folded, country, army_named) if coup else ():
        add(name, sentence[start:end])
    jihadists = _JIHADISTS.search(folded)
    groups = [a for a in actors if a.name in _JIHADIST_GROUPS]
    if jihadists and len(groups) == 1 and "armed_group" not in kinds:
        add(groups[0].name, span(jihadists))
    return found


def _army_named(actors: Sequence[Actor], named: set[str], by_description: bool = True) -> bool:
    """Does the sentence name an army (not only police, gendarmes or auxiliaries)? Then
    "soldiers" are that army. With ``by_description``, a name that is a description of state
    forces counts too ("the Defence and Security Forces"), whatever kind NER gave it."""
    return any(
        a.name in named
        and a.name not in _AUXILIARIES
        and (a.kind == "armed_forces" or (by_description and _describes_forces(a.name)))
        for a in actors
    )


# Units and corps beside the army proper: a "National Guard" or "Presidential Guard" named
# in the article is not the army that "soldiers" stand for.
_UNITS = re.compile(r"\b(?:guards?|garde|gendarm\w*|police|customs|douanes?)\b")


def _describes_forces(name: str) -> bool:
    """Is an actor's name a description of the army ("Forces armées nationales")?"""
    folded = fold_chars(name).lower()
    return bool(_STATE_FORCES.search(folded)) and not _UNITS.search(folded)


def _army_by_description(actors: Sequence[Actor], country: str | None) -> Actor | None:
    """The article's own actor for the army when it names it by a description the registry
    does not list ("Forces armées nationales", "the Defence and Security Forces"): "soldiers"
    elsewhere in the article are that actor, not a second army."""
    return next(
        (
            a
            for a in actors
            if a.kind == "armed_forces"
            and a.country in (None, country)
            and load_registry().entry(a.name) is None
            and _describes_forces(a.name)
        ),
        None,
    )
