"""Places of a sentence and the country they are in, for the event stage.

Sources, most trusted first:

- the gazetteer ``extractor/data/places.yaml`` (regions, cercles / provinces / departments and
  the towns and villages conflict reporting names in Mali, Burkina Faso and Niger, each with
  its country; see the file for why it is our own), plus the registry's places;
- locative phrases, which name places no list holds: "in the village of X", "near X", "X, in
  the Y region", "à X", "dans la localité de X", "près de X", and the conflict-monitor shape
  "X (Y, Z)" where the parenthesis gives the district and region;
- spaCy's place entities (GPE, LOC, FAC; the French model's LOC) after a locative preposition.

`event_place` picks the event's `location`: the most specific place (a town or village before
a district, a district before a region, a region before "northern Mali"), preferring the one
closest after the trigger. What the gazetteer knows, and countries: extractor.gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extractor.gazetteer import (
    AREA,
    BROAD,
    COUNTRY,
    DISTRICT,
    REGION,
    TOWN,
    countries_named,
    country_of,
    demonym_countries,
    gazetteer,
    gazetteer_regex,
    main_country,
    state_names,
)
from extractor.text import fold_chars, squash

# Callers read these through the places module too.
__all__ = [
    "AREA", "COUNTRY", "DISTRICT", "REGION", "TOWN", "Place", "countries_named", "country_of",
    "demonym_countries", "event_place", "find_places", "gazetteer", "main_country",
]  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    start: int  # offsets in the sentence
    end: int
    rank: int  # TOWN, DISTRICT, REGION or AREA
    dateline: bool = False  # the place a report was filed from, at the head of its text


# A name right after one of these words is an administrative unit, not the event's town.
_UNIT_BEFORE = re.compile(
    r"(?:\b(?:province|cercle|circle|department|d[ée]partement|district|region|r[ée]gion|"
    r"commune|prefecture|pr[ée]fecture)\s+(?:of\s+|de\s+|du\s+|d['’]\s*)?(?:la\s+|the\s+)?)$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- phrases

_CAP_NAME = r"([A-ZÀ-Þ][\w'’-]*(?:[ -](?:[A-ZÀ-Þ][\w'’-]*|N['’][A-Z]\w*|de|du|el|[Dd]a|Da)){0,3})"
_UNIT_EN = (
    r"(?:the\s+)?(?:(?:town|city|village|villages|locality|commune|rural\s+commune|hamlet|"
    r"area|district|department|province|circle|cercle|municipality|settlement|market|camp|"
    r"gold\s+mine|mine|site)\s+of\s+)"
)
_UNIT_FR = (
    r"(?:(?:la|le|les)\s+(?:ville|village|villages|localite|localité|commune|hameau|zone|"
    r"secteur|departement|département|province|cercle|marche|marché|site|camp|region|région|"
    r"axe)\s+(?:de\s+|d['’]))"
)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|outside|around|close\s+to|from|towards|toward|between|on\s+the\s+outskirts\s+of|"
    r"on\s+the\s+road\s+(?:to|between)|along\s+the\s+road\s+to|en\s+route\s+to|"
    r"in\s+the\s+vicinity\s+of|a\s+few\s+kilometres\s+from|"
    r"on\s+the\s+(?:[\w-]+\s+)?(?:edge|outskirts|fringes?)\s+of|"
    r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of|"
    r"au\s+(?:nord|sud|est|ouest|nord-est|nord-ouest|sud-est|sud-ouest)\s+(?:de|d['’]))\s+"
    rf"{_UNIT_EN}?|(?<![\w'])(?:à|près\s+de|pres\s+de|dans|vers|non\s+loin\s+de|aux\s+environs\s+de|"
    rf"aux\s+abords\s+de|sur\s+l['’]axe|entre|de|du|au|en)\s+{_UNIT_FR}?|\b{_UNIT_EN}|\b{_UNIT_FR})"
    + _CAP_NAME
)
# "X (Y, Z)" and "X (Y)": a conflict-monitor note's place and its districts.
# "on the Djibo-Ouagadougou road", "l'axe Fada-Pama": a road is named after the towns it joins;
# its first town places an event only when the sentence names no other place.
_ROAD = re.compile(
    r"([A-ZÀ-Þ][\w'’]*(?:\s?-\s?[A-ZÀ-Þ][\w'’]*)+)\s+(?:road|highway|axis|route)\b|"
    r"\b(?:l['’]axe|la\s+route|the\s+road)\s+([A-ZÀ-Þ][\w'’]*(?:\s?-\s?[A-ZÀ-Þ][\w'’]*)+)"
)
# "militants raided Gogone", "ont attaqué Tessit": a name an attack falls on is a place, unless
# a noun follows ("attacked Fulani herders").
_ATTACKED = re.compile(
    r"\b(?:raided|attacked|stormed|overran|besieged|shelled|bombed|looted|torched|occupied|"
    r"seized|captured|retook|recaptured|attaqu[ée]|pris\s+d['’]assaut|investi)\s+" + _CAP_NAME
)
_AFTER_ATTACKED = re.compile(
    r"\s*(?:[,.;:()]|$)|\s+(?:and|et|near|in|at|on|overnight|early|late|before|after|while|"
    r"killing|tuant|with|from|around|during|pres|dans|à|en|au|aux|or|ou|where|which|but|"
    r"leaving|setting|burning|looting|then|again|last|this|ce|cette)\b"
)
_NOTE_PLACE = re.compile(
    _CAP_NAME + r"\s*\(((?:[A-ZÀ-Þ][\w'’ -]*)(?:\s*[,/-]\s*[A-ZÀ-Þ][\w'’ -]*){0,3})\)"
)
# "the Tambao manganese mine (Markoye, Oudalan)": a site named after its place.
_FACILITY_NOTE = re.compile(
    r"\bthe\s+" + _CAP_NAME + r"\s+(?:[a-z]+\s+){0,2}?(?:mine|site|camp|base|dam|market|school|"
    r"post|checkpoint|garrison)\s*\(((?:[A-ZÀ-Þ][\w'’ -]*)(?:\s*[,/-]\s*[A-ZÀ-Þ][\w'’ .-]*){0,3})\)"
)
_UNIT_WORD = re.compile(
    r"\s+(?:cercle|circle|province|region|r[ée]gion|dept\.?|department|d[ée]partement|commune)\s*$",
    re.IGNORECASE,
)
# "X, in the Y region", "X, dans la région de Y"
_IN_REGION = re.compile(
    _CAP_NAME + r",\s+(?:in|dans)\s+(?:the\s+|la\s+)?(?:[\w-]+\s+)?(?:region|région|province|"
    r"cercle|circle|department|département)\b"
)
_NOT_PLACES = frozenset(
    squash(w)
    for w in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "The",
        "A",
        "An",
        "Le",
        "La",
        "Les",
        "Un",
        "Une",
        "Des",
        "In",
        "On",
        "At",
        "Its",
        "Their",
        "His",
        "Her",
        "This",
        "That",
        "These",
        "Those",
        "According",
        "Selon",
        "Both",
        "Several",
        "Two",
        "Three",
        "Four",
        "Five",
        "Also",
        "Ils",
        "Elles",
        "Il",
        "Elle",
        "Nous",
        "On",
        "North",
        "South",
        "East",
        "West",
        "Centre",
        "Center",
        "Nord",
        "Sud",
        "Est",
        "Ouest",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
    ]
)
_DIRECTION = re.compile(
    r"\b(?:(northern|southern|eastern|western|central|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern)\s+"
    r"(Mali|Burkina\s+Faso|Burkina|Niger)|"
    r"(?:le\s+|dans\s+le\s+|au\s+)?(centre|nord|sud|est|ouest|nord-est|nord-ouest|sud-est|"
    r"sud-ouest)\s+(?:du|de\s+la)\s+(Mali|Burkina\s+Faso|Burkina|Niger))\b",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    # "Bamako's Hippodrome district": the place is the owner.
    name = re.split(r"['’]s\b", name.strip(" ,.;:"), maxsplit=1)[0]
    # "Boni Sunday", "Djibo Province": trailing words that are no part of the name.
    words = name.split()
    while len(words) > 1 and (
        squash(words[-1]) in _NOT_PLACES
        or words[-1].lower() in {"region", "province", "district", "village", "town", "area"}
    ):
        words.pop()
    return " ".join(words)


# Places that are not where the event happened: a treaty's name ("l'accord d'Alger", "the
# Algiers Agreement"), a destination ("bound for Djibo", "évacué vers Sévaré").
_NOT_HERE_BEFORE = re.compile(
    r"(?:\b(?:accords?|agreements?|charte|charter|process|processus|pact|pacte)\s+"
    r"(?:de\s+paix\s+|of\s+peace\s+|for\s+peace\s+)?(?:d['’]|de\s+|of\s+)?|"
    r"\b(?:bound\s+for|headed\s+(?:to|for)|en\s+route\s+(?:to|for)|towards?|vers|"
    r"evacuated\s+to|[ée]vacu[ée]s?\s+(?:vers|à)|fled\s+(?:to|towards?)|ont\s+fui\s+(?:vers|à))"
    r"\s+(?:the\s+|la\s+|le\s+)?(?:[\w-]+\s+){0,2}?(?:(?:town|city|ville|localit[ée])\s+"
    r"(?:of\s+|de\s+|d['’]))?)$",
    re.IGNORECASE,
)
_NOT_HERE_AFTER = re.compile(
    r"^\s*(?:Agreement|Accords?|Charter|Process|Declaration)\b|^\s+process\)", re.IGNORECASE
)
# "BAMAKO, March 3 (Reuters) -", "NIAMEY, 12 mai 2021 (AFP) -", "Ouagadougou, 2 January 2019 -"
_DATELINE_AFTER = re.compile(
    r"\s*,\s*(?:\w+\.?\s+\d{1,2}|\d{1,2}\s+\w+\.?)(?:\s*,?\s*\d{4})?\s*(?:\([^)]{1,30}\))?\s*[-–—:]"
)
_PLACED_BEFORE = re.compile(r"\b(?:in|at|near|from|à|a|de|dans|pres\s+de)\s+$", re.IGNORECASE)
# "Burkina Faso > Sahel region > Soum province > Gaskinde, 26 September 2022."
_PATH_PLACE = re.compile(r"(?:[^\n>]{2,40}>\s*){1,4}" + r"([A-ZÀ-Þ][\w'’ -]{1,40}?)\s*,")


def _blocked(start: int, end: int, blocked: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in blocked)


# A title or a given name right before a name makes it a surname ("President Keita",
# "Ibrahim Maiga"); a capitalised preposition opening the sentence does not ("In Toumour").
_TITLE_BEFORE = re.compile(
    r"\b(?:president|minister|general|gen|colonel|col|captain|capt|lieutenant|lt|mr|mrs|ms|dr|"
    r"sheikh|imam|chief|leader|commander|premier|ambassador|mayor|mme)\.?\s+$",
    re.IGNORECASE,
)
_GIVEN_BEFORE = re.compile(
    r"\b(?!(?:In|At|Near|From|To|On|Around|Outside|Inside|A|Au|En|Dans)\b)[A-Z][\w'’-]+\s+$"
)
_SPEECH_AFTER = re.compile(
    r"\s+(?:said|says|told|added|explained|announced|declared|stated|warned|insisted|promised|"
    r"urged|called|who|whose|a\s+dit|a\s+d[ée]clar[ée]|a\s+annonc[ée])\b"
)


def _lone_name(sentence: str, start: int, end: int, persons: Sequence[tuple[int, int]]) -> bool:
    """A person span that is the gazetteer name alone, after no title or given name and before
    no speech verb: the small English model tags many Sahel towns as persons ("attacked
    Toumour", "out of Gao")."""
    before = sentence[max(0, start - 25) : start]
    return (
        (start, end) in persons
        and not _TITLE_BEFORE.search(before)
        and not _GIVEN_BEFORE.search(before)
        and not _SPEECH_AFTER.match(sentence, end)
    )


def find_places(
    sentence: str,
    entities: Iterable[tuple[int, int]] = (),
    blocked: Sequence[tuple[int, int]] = (),
    persons: Sequence[tuple[int, int]] = (),
    facilities: Sequence[tuple[int, int]] = (),
) -> list[Place]:
    """Every place of a sentence (offsets into it), deduplicated by span. ``entities`` are
    spaCy place spans, ``blocked`` actor-name spans (an actor is not a place) and ``persons``
    spaCy person spans: a gazetteer name inside one is a surname ("President Keita"), not the
    Nigerien department, unless a preposition places it; so is one inside a facility's name
    after its first word (the "Soundiata Keita" camp; "Gao airport" keeps Gao)."""
    found: dict[tuple[int, int], Place] = {}
    known = gazetteer()

    def add(start: int, end: int, rank: int, country: str | None = None, cap: int = TOWN) -> None:
        name = _clean(sentence[start:end])
        if not name or squash(name) in _NOT_PLACES or squash(name) in BROAD:
            return
        end = start + len(name) if sentence[start:].startswith(name) else end
        if _blocked(start, end, blocked) or any(
            s <= start and end <= e for s, e in found if (s, e) != (start, end)
        ):
            return
        if _NOT_HERE_BEFORE.search(sentence[max(0, start - 60) : start]) or _NOT_HERE_AFTER.match(
            sentence[end:]
        ):
            return
        entry = known.get(squash(name))
        rank = max(rank, entry[1]) if entry and entry[1] == TOWN else rank
        if entry and entry[1] == DISTRICT and rank == TOWN:
            rank = DISTRICT
        if _UNIT_BEFORE.search(sentence[max(0, start - 30) : start]) or re.match(
            r"\s+(?:province|region|r[ée]gion|cercle|department|district)\b", sentence[end:], re.I
        ):
            rank = min(rank, DISTRICT)
        if entry is None and squash(name) in state_names():
            rank = COUNTRY
        if re.match(r"\s+(?:river|fleuve)\b", sentence[end:], re.IGNORECASE) or re.search(
            r"\b(?:river|fleuve)$", name, re.IGNORECASE
        ):
            rank = AREA  # "on the Niger river between X and Y": the towns say where
        country = country or (entry[0] if entry else None) or country_of(name)
        earlier = found.get((start, end))
        if earlier is not None and earlier.country:
            # The first source of a span is the most explicit: "Sangha (Bandiagara, Mopti)"
            # says Mali even if the gazetteer also knows a Sangha elsewhere.
            country = earlier.country
        dateline = start == 0 and bool(_DATELINE_AFTER.match(sentence, end))
        found[(start, end)] = Place(name, country, start, end, min(rank, cap), dateline)

    folded = fold_chars(sentence)
    for m in _PATH_PLACE.finditer(sentence):
        parts = re.split(r"\s*>\s*", m.group())
        country = next((c for c in map(country_of, parts) if c), None)
        add(m.start(1), m.end(1), TOWN, country)
    for m in [*_NOTE_PLACE.finditer(sentence), *_FACILITY_NOTE.finditer(sentence)]:
        # "(Djenne cercle)", "(Koro dept.)": the unit word is no part of the district's name
        parts = [_UNIT_WORD.sub("", p).strip() for p in re.split(r"[,/]", m[2]) if p.strip()]
        country = next((c for c in map(country_of, parts) if c), None)
        if country or any(squash(p) in known for p in parts):
            add(m.start(1), m.end(1), TOWN, country)
    for m in _IN_REGION.finditer(sentence):
        add(m.start(1), m.end(1), TOWN)
    for m in gazetteer_regex().finditer(folded):
        in_person = any(s <= m.start() and m.end() <= e for s, e in persons) or any(
            s < m.start() and m.end() <= e for s, e in facilities
        )
        if (
            in_person
            and not _PLACED_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()])
            and not _lone_name(sentence, m.start(), m.end(), persons)
        ):
            continue
        if sentence[m.start()].isupper():
            entry = known.get(squash(m.group()))
            # "Djibo's mayor": the town describes a person, the event may be elsewhere
            owner = bool(re.match(r"['’]s\b", sentence[m.end() :]))
            add(m.start(), m.end(), entry[1] if entry else TOWN, cap=DISTRICT if owner else TOWN)
    for m in _ROAD.finditer(sentence):
        start = m.start(1) if m[1] else m.start(2)
        parts = re.split(r"\s?-\s?", m[1] or m[2])
        for size in range(len(parts), 0, -1):  # "Gorom-Gorom-Markoye": the longest known head
            head = "-".join(parts[:size])
            if squash(head) in known:
                add(start, start + len(head), TOWN, cap=DISTRICT)
                break
    for m in _ATTACKED.finditer(sentence):
        start, end = m.span(1)
        if _AFTER_ATTACKED.match(sentence, end) and not sentence[start:end].isupper():
            add(start, end, TOWN)
    spans = list(entities)
    for m in _LOCATIVE.finditer(sentence):
        start, end = m.span(1)
        entity = any(s <= start < e for s, e in spans)
        unit = bool(re.search(r"\b(?:of|de|d['’])\s*$", sentence[m.start() : start]))
        # "at Intangom", "near Tin-Akoff": a name only "at" or "near" can introduce is a place
        near = bool(re.search(r"\b(?:at|near|pr[eè]s\s+de)\s+$", sentence[m.start() : start]))
        if entity or unit or near or squash(sentence[start:end]) in known:
            add(start, end, TOWN if unit or entity or near else DISTRICT)
    for m in _DIRECTION.finditer(sentence):
        if not any(p.start <= m.start() < p.end for p in found.values()):
            country = country_of(m[2] or m[4])
            add(m.start(), m.end(), AREA, country)
    return sorted(found.values(), key=lambda p: p.start)


def event_place(places: Sequence[Place], trigger_start: int | None = None) -> Place | None:
    """The most specific place; among equals, the first after the trigger, else the first.
    A dateline's place ("BAMAKO, March 3 (Reuters) -") is where the
    report was filed: it places the event only when the sentence names no other place."""
    filed = [p for p in places if p.dateline]
    places = [p for p in places if not p.dateline] or filed
    if not places:
        return None
    best = max(p.rank for p in places)
    top = [p for p in places if p.rank == best]
    if trigger_start is not None:
        after = [p for p in top if p.start >= trigger_start]
        if after:
            return after[0]
    return top[0]
