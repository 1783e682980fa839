"""The places the tool knows by name, and the country a place or a text is in.

The gazetteer ``extractor/data/places.yaml`` lists regions, cercles / provinces / departments
and the towns and villages conflict reporting names in Mali, Burkina Faso and Niger, each with
its country (see the file for why it is our own); the registry adds its places and the states.
`country_of` gives a place's country, `countries_named` the states a text names ("in Mali",
"au Burkina Faso"), `demonym_countries` those its demonyms point to ("Nigerien"), and
`main_country` the Sahel country an article is about.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from extractor.registry import load_registry
from extractor.text import fold_chars, squash

GAZETTEER_PATH = Path(__file__).parent / "data" / "places.yaml"

# Specificity ranks: higher is more specific.
TOWN, DISTRICT, REGION, AREA, COUNTRY = 3, 2, 1, 0, -1

# Regions too broad to locate an event, and admin-1 names that are also common words.
BROAD = frozenset(
    squash(p)
    for p in (
        "Sahel",
        "Sahara",
        "Sahara Desert",
        "West Africa",
        "Afrique de l'Ouest",
        "Maghreb",
        "Centre",
        "Est",
        "Nord",
        "Liptako-Gourma",
        "Liptako",
        "Gourma",
        "Azawad",
        "Tri-border area",
        "Three Borders",
        "trois frontières",
    )
)


# Burkina Faso's 45 provinces name no town of their own (mostly): a province is a district.
_BF_PROVINCES = [
    "Balé",
    "Bam",
    "Banwa",
    "Bazèga",
    "Bougouriba",
    "Boulgou",
    "Boulkiemdé",
    "Comoé",
    "Ganzourgou",
    "Gnagna",
    "Gourma",
    "Houet",
    "Ioba",
    "Kadiogo",
    "Kénédougou",
    "Komondjari",
    "Kompienga",
    "Kossi",
    "Koulpélogo",
    "Kouritenga",
    "Kourwéogo",
    "Léraba",
    "Loroum",
    "Mouhoun",
    "Nahouri",
    "Namentenga",
    "Nayala",
    "Noumbiel",
    "Oubritenga",
    "Oudalan",
    "Passoré",
    "Poni",
    "Sanguié",
    "Sanmatenga",
    "Séno",
    "Seno",
    "Sissili",
    "Soum",
    "Sourou",
    "Tapoa",
    "Tuy",
    "Yagha",
    "Yatenga",
    "Ziro",
    "Zondoma",
    "Zoundwéogo",
]


@functools.cache
def gazetteer() -> dict[str, tuple[str, int]]:
    """squash(name) -> (country, rank) for every gazetteer name (regions are REGION, the rest
    TOWN: a cercle's name is nearly always its chief town's)."""
    raw = yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8"))
    index: dict[str, tuple[str, int]] = {}
    for country, regions in raw.items():
        for region, names in regions.items():
            index.setdefault(squash(region), (country, REGION))
            for name in names:
                index.setdefault(squash(name), (country, TOWN))
    for name in _BF_PROVINCES:
        index[squash(name)] = ("BF", DISTRICT)
    return index


@functools.cache
def gazetteer_regex() -> re.Pattern[str]:
    raw = yaml.safe_load(GAZETTEER_PATH.read_text(encoding="utf-8"))
    names = {r for regions in raw.values() for r in regions}
    names |= {n for regions in raw.values() for ns in regions.values() for n in ns}
    names |= set(load_registry().places)
    names = {n for n in names if squash(n) not in BROAD}
    parts = []
    for name in sorted(names, key=len, reverse=True):
        words = re.split(r"[\s'’-]+", fold_chars(name).strip())
        parts.append(r"[\s'’-]+".join(re.escape(w) for w in words))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@functools.cache
def state_names() -> dict[str, str]:
    """squash(state name or alias) -> ISO code, from the registry's states."""
    names = {
        squash(n): e.country
        for e in load_registry().entries
        if e.kind == "state" and e.country
        for n in e.names()
    }
    return names


def country_of(name: str) -> str | None:
    """The country of a gazetteer or registry place, or of a state's own name."""
    key = squash(name)
    if key in gazetteer():
        return gazetteer()[key][0]
    return state_names().get(key)


_DEMONYMS = {
    "malian": "ML",
    "malien": "ML",
    "malienne": "ML",
    "maliens": "ML",
    "burkinabe": "BF",
    "burkinabè": "BF",
    "nigerien": "NE",
    "nigerienne": "NE",
    "nigeriens": "NE",
}
_COUNTRY_WORDS = re.compile(
    r"\b(?:Mali|Burkina\s+Faso|Burkina|Niger|Tchad|Chad|Mauritania|Mauritanie|Algeria|Algérie|"
    r"Nigeria|Nigéria|Benin|Bénin|Togo|Ghana|Côte\s+d['’]Ivoire|Ivory\s+Coast|Guinea|Guinée|"
    r"Senegal|Sénégal|Libya|Libye)\b(?!\s+(?:[Rr]iver|[Dd]elta|[Bb]asin))"
)


def countries_named(text: str) -> list[str]:
    """ISO codes of the states a text names, in order of first mention."""
    found = [country_of(m.group()) for m in _COUNTRY_WORDS.finditer(text)]
    return list(dict.fromkeys(c for c in found if c))


def demonym_countries(text: str) -> list[str]:
    words = re.findall(r"[A-Za-zÀ-ÿ]+", text)
    return list(dict.fromkeys(_DEMONYMS[w.lower()] for w in words if w.lower() in _DEMONYMS))


def main_country(text: str, margin: float = 1.0) -> str | None:
    """The Sahel country (ML, BF, NE) an article is about: the one its country names,
    demonyms and gazetteer places point to most (places count double), by at least
    ``margin`` times the votes of the next one."""
    votes: dict[str, int] = {}
    for code in countries_named(text) + demonym_countries(text):
        votes[code] = votes.get(code, 0) + 1
    for match in gazetteer_regex().finditer(fold_chars(text)):
        place_country = country_of(match.group()) if text[match.start()].isupper() else None
        if place_country:
            votes[place_country] = votes.get(place_country, 0) + 2
    sahel = {c: v for c, v in votes.items() if c in {"ML", "BF", "NE"}}
    ranked = sorted(sahel.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] < margin * ranked[1]):
        return None
    return max(sahel, key=lambda c: sahel[c])
